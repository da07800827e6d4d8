"""The operations guide, run for real: a unit systemd accepts, a release swap on a live portal."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.support.files import ROOT
from tests.support.http import http_get
from tests.support.kb import Built, run_kb
from tests.support.servers import start_server, stop_server

GUIDE = ROOT / "docs/operating.md"
UNIT = ROOT / "docs/deploy/plainhelp.service"


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd is not installed")
def test_the_systemd_unit_is_one_systemd_accepts(tmp_path: Path) -> None:
    settings = tmp_path / "plainhelp.env"
    settings.write_text("KB_PORT=8000\n")
    unit = UNIT.read_text(encoding="utf-8")
    for example, real in {
        "/srv/plainhelp/app/.venv/bin/kb": str(Path(sys.executable).parent / "kb"),
        "WorkingDirectory=/srv/plainhelp/app": f"WorkingDirectory={ROOT}",
        "/etc/plainhelp/plainhelp.env": str(settings),
    }.items():
        assert example in unit
        unit = unit.replace(example, real)
    (tmp_path / "plainhelp.service").write_text(unit)
    checked = subprocess.run(
        ["systemd-analyze", "verify", str(tmp_path / "plainhelp.service")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert checked.stdout + checked.stderr == ""
    assert "ExecStart=" in unit and "kb serve --workers" in unit
    assert "Restart=on-failure" in unit and "KillSignal=SIGTERM" in unit


def swap_commands() -> str:
    """The commands the guide runs on each machine to switch to a release, as written."""
    text = GUIDE.read_text(encoding="utf-8")
    found = re.search(r'ssh "\$node" "(.+?)"\n', text, flags=re.DOTALL)
    assert found, "docs/operating.md no longer shows the swap commands"
    return found.group(1)


def test_the_guides_release_swap_switches_a_running_portal(
    built: Built, tmp_path: Path, content_dir: Path
) -> None:
    """Copy a release beside the old one, swap the links: no failed search, no restart."""
    node = tmp_path / "srv"
    (node / "sites").mkdir(parents=True)
    (node / "var" / "index-builds").mkdir(parents=True)

    def copy_release(name: str, site: Path, index: Path) -> None:
        shutil.copytree(site, node / "sites" / name)
        (node / "sites" / name / "release.txt").write_text(name)
        shutil.copytree(index, node / "var" / "index-builds" / name)
        commands = swap_commands().replace("/srv/plainhelp", str(node))
        subprocess.run(["bash", "-c", commands.replace("$release", name)], check=True, timeout=30)

    copy_release("first", built.site, (built.var / "index").resolve())
    other_var = tmp_path / "other-var"
    indexed = run_kb("index", "--content", str(content_dir), env={"KB_VAR_DIR": str(other_var)})
    assert indexed.returncode == 0, indexed.stderr
    portal = start_server(
        node / "site",
        {"KB_DATABASE_URL": f"sqlite:///{tmp_path / 'store.sqlite3'}"},
        var_dir=node / "var",
    )
    statuses: list[int] = []
    stop = threading.Event()

    def search_all_along() -> None:
        while not stop.is_set():
            statuses.append(http_get(f"{portal.url}/api/search?q=printer").status)

    searching = threading.Thread(target=search_all_along, daemon=True)
    try:
        first = http_get(f"{portal.url}/api/search?q=printer+offline")
        assert json.loads(first.body)["results"][0]["path"] == "printing/printer-not-printing"
        searching.start()
        copy_release("second", built.site, (other_var / "index").resolve())
        deadline = time.monotonic() + 15
        found: list[str] = []
        while time.monotonic() < deadline and found != ["printing/clear-paper-jam"]:
            reply = http_get(f"{portal.url}/api/search?q=paper+jam")
            found = [hit["path"] for hit in json.loads(reply.body)["results"]]
            time.sleep(0.05)
        assert found == ["printing/clear-paper-jam"]  # the second release's only guide
        assert http_get(f"{portal.url}/release.txt").text == "second"
    finally:
        stop.set()
        searching.join(timeout=30)
        stop_server(portal)
    assert statuses and set(statuses) == {200}
