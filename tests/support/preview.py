"""`kb serve --dev` (the writers' live preview) on a copy of the content, in a child process."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tests.support.files import ROOT
from tests.support.http import http_get
from tests.support.kb import KB
from tests.support.servers import Server, free_port


@dataclass
class Preview:
    """A running preview and the content folder it watches (edit files here)."""

    server: Server
    content: Path

    @property
    def url(self) -> str:
        return self.server.url


@contextlib.contextmanager
def live_preview(root: Path, content: Path = ROOT / "content") -> Iterator[Preview]:
    """A copy of `content` in `root`, previewed by `kb serve --dev` on a free loopback port.

    Site and var live in `root` too; the whole process group is stopped afterwards (werkzeug's
    reloader runs the server as a child of the process started here).
    """
    copy = root / "content"
    shutil.copytree(content, copy)
    port = free_port()
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "KB_CONTENT_DIR": str(copy),
        "KB_SITE_DIR": str(root / "site"),
        "KB_VAR_DIR": str(root / "var"),
        "KB_HOST": "127.0.0.1",
        "KB_PORT": str(port),
    }
    log = Path(tempfile.mkstemp(prefix="kb-preview-", suffix=".log")[1])
    with log.open("w") as output:
        process = subprocess.Popen(
            [*KB, "serve", "--dev"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
    server = Server(f"http://127.0.0.1:{port}", process, log)
    try:
        _wait_until_answering(server)
        yield Preview(server, copy)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        log.unlink(missing_ok=True)


def _wait_until_answering(server: Server, seconds: float = 90) -> None:
    """The preview is built before the server answers, so this waits for the first build."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"kb serve --dev exited early:\n{server.output()}")
        try:
            http_get(f"{server.url}/healthz")
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"kb serve --dev did not answer within {seconds} s:\n{server.output()}")


def replace_heading(guide: Path, old: str, new: str) -> None:
    """Edit a heading on disk, as a writer saving in an editor would."""
    text = guide.read_text(encoding="utf-8")
    assert old in text, f"{guide} has no heading {old!r}"
    guide.write_text(text.replace(old, new, 1), encoding="utf-8")
