"""A read-only KB_VAR_DIR stops nothing at start: the store says it cannot keep answers (a plain
StoreUnavailable), the metrics of several workers go to a private temporary folder, and a
metrics folder left by a dead server with our process number is replaced, not tripped over."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from portal.web.serving import _fresh_metrics_dir
from tests.support.files import ROOT
from tests.support.privileges import as_ordinary_user, read_only

CHILD = """
import sys
from pathlib import Path
from portal.store.database import Store, StoreUnavailable
from portal.web.serving import _fresh_metrics_dir
var = Path(sys.argv[1])
store = Store(f"sqlite:///{var / 'plainhelp.sqlite3'}")
try:
    store.ensure_ready()
    print("store: ready")
except StoreUnavailable as error:
    print("store: unavailable:", error)
print("store status:", store.status())
print("metrics:", _fresh_metrics_dir(var))
"""


@pytest.mark.parametrize("leftovers", [False, True], ids=["empty", "with an index"])
def test_a_read_only_var_folder_is_reported_plainly(tmp_path: Path, leftovers: bool) -> None:
    var = tmp_path / "var"
    var.mkdir()
    if leftovers:
        (var / "index-builds").mkdir()
    with read_only(var):
        result = subprocess.run(
            [*as_ordinary_user(), sys.executable, "-c", CHILD, str(var)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 0, result.stderr
    assert "store: unavailable:" in result.stdout and "migration lock" in result.stdout
    assert "store status: (False," in result.stdout
    metrics = result.stdout.split("metrics: ", 1)[1].strip()
    assert not metrics.startswith(str(var)) and Path(metrics).name.isdigit()
    assert "they are kept in" in result.stderr and "Traceback" not in result.stderr


def test_a_metrics_folder_with_our_process_number_is_replaced(tmp_path: Path) -> None:
    """In a container the server often has the same process number at every start."""
    stale = tmp_path / "metrics" / str(os.getpid())
    stale.mkdir(parents=True)
    (stale / "counter_1.db").write_bytes(b"old counts")
    folder = _fresh_metrics_dir(tmp_path)
    assert folder == stale.resolve() and list(folder.iterdir()) == []
