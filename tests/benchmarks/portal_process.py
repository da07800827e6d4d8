"""The real portal (`kb serve`) in a child process, for the HTTP figures of the benchmarks."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from tests.support.servers import free_port

ROOT = Path(__file__).resolve().parents[2]


@contextlib.contextmanager
def serving(var: Path, extra_env: dict[str, str] | None = None) -> Iterator[str]:
    """Serve the index in `var` (the site folder is `var` too: only the API is measured)."""
    port = free_port()
    env = {
        **os.environ,
        "KB_VAR_DIR": str(var),
        "KB_SITE_DIR": str(var),
        "KB_PORT": str(port),
        **(extra_env or {}),
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "portal.cli", "serve"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2).read()
                break
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)
