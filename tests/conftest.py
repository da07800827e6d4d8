"""Shared fixtures: real folders, real builds, a real server on a free loopback port."""

from __future__ import annotations

import functools
import http.server
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from werkzeug.datastructures import Headers

ROOT = Path(__file__).resolve().parent.parent
KB = [sys.executable, "-m", "portal.cli"]


def write(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


GOOD_GUIDE = """\
---
title: Fix a paper jam
description: Clear stuck paper from the printer and get printing again.
tags:
  - printing
phrases:
  - paper jam
  - printer jammed
owner: Service Desk
reviewed: 2026-01-15
review_every: 6 months
---

# Fix a paper jam

Paper is stuck inside the printer. You can clear it in a few minutes.

## What to do

1. Open the front door of the printer.
2. Pull the paper out gently.
"""


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    """A small content folder with a home page and one good guide."""
    root = tmp_path / "content"
    write(root, "index.md", "# Help\n\nWelcome to the help center.\n")
    write(root, "printing/clear-paper-jam.md", GOOD_GUIDE)
    return root


_SCRATCH_VAR = Path(tempfile.mkdtemp(prefix="kb-test-var-"))


def run_kb(*args: str, env: dict[str, str] | None = None, cwd: Path = ROOT, timeout: float = 120):
    """Run the real `kb` command in a child process (never touching the repo's own var/)."""
    full_env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "KB_VAR_DIR": str(_SCRATCH_VAR),
        **(env or {}),
    }
    return subprocess.run(
        [*KB, *args], cwd=cwd, env=full_env, capture_output=True, text=True, timeout=timeout
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Reply:
    status: int
    headers: Headers  # case-insensitive, as HTTP header names are
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def http_get(url: str, headers: dict[str, str] | None = None) -> Reply:
    """A real HTTP GET that returns errors as replies instead of raising."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with _opener.open(request, timeout=10) as response:
            return Reply(response.status, Headers(list(response.headers.items())), response.read())
    except urllib.error.HTTPError as error:
        return Reply(error.code, Headers(list(error.headers.items())), error.read())


def http_post(
    url: str,
    body: bytes | str | dict | list | None = None,  # type: ignore[type-arg]
    headers: dict[str, str] | None = None,
) -> Reply:
    """A real HTTP POST; a dict or list body is sent as JSON."""
    headers = dict(headers or {})
    if isinstance(body, dict | list):
        body = json.dumps(body)
        headers.setdefault("Content-Type", "application/json")
    data = body.encode("utf-8") if isinstance(body, str) else body
    request = urllib.request.Request(url, data=data or b"", headers=headers, method="POST")
    try:
        with _opener.open(request, timeout=10) as response:
            return Reply(response.status, Headers(list(response.headers.items())), response.read())
    except urllib.error.HTTPError as error:
        return Reply(error.code, Headers(list(error.headers.items())), error.read())


@dataclass
class Server:
    url: str
    process: subprocess.Popen[str]
    log: Path | None = None

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
        "KB_VAR_DIR": str(var_dir or _SCRATCH_VAR),
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


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait(timeout=10)
    if server.log:
        server.log.unlink(missing_ok=True)


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


@dataclass
class Built:
    site: Path
    var: Path


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The real content/ folder built strictly (site and search index) once for the run."""
    root = tmp_path_factory.mktemp("built")
    result = run_kb("build", "--site", str(root / "site"), env={"KB_VAR_DIR": str(root / "var")})
    assert result.returncode == 0, result.stdout + result.stderr
    return Built(root / "site", root / "var")


@pytest.fixture(scope="session")
def built_site(built: Built) -> Path:
    return built.site


@pytest.fixture(scope="session")
def server(built: Built) -> Iterator[Server]:
    running = start_server(built.site, var_dir=built.var)
    yield running
    stop_server(running)


@pytest.fixture
def writer() -> Callable[[Path, str, str], Path]:
    return write


@pytest.fixture(scope="session")
def postgres_server():  # type: ignore[no-untyped-def]
    """One throwaway PostgreSQL server for the run (skips where PostgreSQL is not installed)."""
    from tests.postgres import postgres_session

    yield from postgres_session()


@pytest.fixture(scope="session")
def redis_server():  # type: ignore[no-untyped-def]
    """One throwaway Redis server for the run (skips where Redis is not installed)."""
    from tests.redis_server import redis_session

    yield from redis_session()


@pytest.fixture
def postgres_url(postgres_server) -> str:  # type: ignore[no-untyped-def]
    """The URL of a fresh, empty PostgreSQL database."""
    return postgres_server.create_database()


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    """One real Chromium for the whole run (one Playwright per process is all it allows)."""
    from tests.browser import launch_browser

    yield from launch_browser()


@pytest.fixture
def static_site(built: Built) -> Iterator[str]:
    """The built site on a plain static server: no portal, no API."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(built.site))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture
def context(browser):  # type: ignore[no-untyped-def]
    """A fresh desktop-sized browser context (its own storage and cookies) per test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context
    context.close()


@pytest.fixture
def page(context):  # type: ignore[no-untyped-def]
    """A page that fails its test if the Content-Security-Policy blocked anything on it."""
    page = context.new_page()
    blocked: list[str] = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield page
    assert not blocked, f"the Content-Security-Policy blocked: {blocked}"


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A real, migrated, empty store: a SQLite file, or a fresh PostgreSQL database."""
    from portal.store.database import Store

    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path}/store.sqlite3"
    else:
        url = request.getfixturevalue("postgres_url")
    opened = Store(url)
    opened.migrate()
    yield opened
    opened.dispose()
