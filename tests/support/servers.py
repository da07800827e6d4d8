"""Real servers on free loopback ports: `kb serve` in a child process, and a plain static one."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from tests.support.files import ROOT
from tests.support.http import http_get
from tests.support.kb import KB, SCRATCH_VAR

# Every test request comes from loopback, one address for all: tests that send many answers
# put the limits out of the way with these (the limits themselves are tried in test_counting).
NO_VOTE_LIMITS = {
    "KB_FEEDBACK_PER_MINUTE": "1000000",
    "KB_FEEDBACK_PER_ADDRESS_PER_HOUR": "1000000",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    url: str
    process: subprocess.Popen[str]
    log: Path | None = None
    content: Path | None = None  # with serve_content: the content folder and the SQLite file
    database: Path | None = None

    def output(self) -> str:
        """What the server printed so far (its access log included)."""
        return self.log.read_text(encoding="utf-8", errors="replace") if self.log else ""


def start_server(
    site_dir: Path, extra_env: dict[str, str] | None = None, var_dir: Path | None = None
) -> Server:
    port = free_port()
    env = {
        **os.environ,
        "KB_SITE_DIR": str(site_dir),
        "KB_VAR_DIR": str(var_dir or SCRATCH_VAR),
        "KB_PORT": str(port),
        "KB_HOST": "127.0.0.1",
        **(extra_env or {}),
    }
    # A file, not a pipe: a server's access log would fill a pipe nobody reads and stall it.
    output = tempfile.NamedTemporaryFile(  # noqa: SIM115 - kept open for the server's life
        "w+", prefix="kb-serve-", suffix=".log", delete=False
    )
    process = subprocess.Popen(
        [*KB, "serve"],
        cwd=ROOT,
        env=env,
        stdout=output,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"kb serve exited early:\n{Path(output.name).read_text()}")
        try:
            http_get(f"{url}/healthz")
            return Server(url, process, Path(output.name))
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("kb serve did not answer within 30 seconds")


def serve_content(site_dir: Path, content: Path, database: Path, **env: str) -> Server:
    """`kb serve` for a content folder of its own (KB_CONTENT_DIR) with a SQLite file at
    `database`, its var folder beside that file; both are kept on the server for later reads."""
    server = start_server(
        site_dir,
        {
            "KB_CONTENT_DIR": str(content),
            "KB_DATABASE_URL": f"sqlite:///{database}",
            "KB_SECRET_KEY": "",
            **env,
        },
        var_dir=database.parent / "var",
    )
    server.content, server.database = content, database
    return server


def serve_without_store(site_dir: Path, content: Path, var_dir: Path) -> Server:
    """`kb serve` for a content folder whose database is down (nothing listens on its port)."""
    return start_server(
        site_dir,
        {
            "KB_CONTENT_DIR": str(content),
            "KB_DATABASE_URL": "postgresql://kb:kb@127.0.0.1:9/missing",
        },
        var_dir=var_dir,
    )


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait(timeout=10)
    if server.log:
        server.log.unlink(missing_ok=True)


@contextlib.contextmanager
def serve_static(folder: Path) -> Iterator[str]:
    """`folder` on a plain static server (no portal, no API); yields its base URL."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()


def worker_pids(master: int) -> list[int]:
    """The live children of a gunicorn master, read from /proc."""
    children = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == master and fields[0] != "Z":
            children.append(int(entry.name))
    return sorted(children)


def wait_for(condition: Callable[[], object], seconds: float = 30, what: str = "") -> object:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")
