"""A throwaway PostgreSQL server for the store tests: its own folder, port and socket.

Uses the installed server programs (Debian's `postgresql` package; `.ci/run` installs it) and
skips with a clear message where they are missing.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.servers import free_port


def _bin_dir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


@dataclass
class PostgresServer:
    folder: Path
    port: int
    bin_dir: Path
    as_user: list[str]

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*self.as_user, *args], capture_output=True, text=True, timeout=60, check=True
        )

    def create_database(self) -> str:
        name = f"kb_{uuid.uuid4().hex[:12]}"
        self.run(str(self.bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(self.port),
                 "-U", "kb", name)  # fmt: skip
        return f"postgresql://kb:kb-test-password@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        subprocess.run(
            [*self.as_user, str(self.bin_dir / "pg_ctl"), "-D", str(self.folder / "data"),
             "-m", "immediate", "stop"],
            capture_output=True, timeout=60, check=False,
        )  # fmt: skip

    def ensure_running(self) -> None:
        status = subprocess.run(
            [*self.as_user, str(self.bin_dir / "pg_ctl"), "-D", str(self.folder / "data"),
             "status"],
            capture_output=True, timeout=60, check=False,
        )  # fmt: skip
        if status.returncode != 0:
            self.start()

    def start(self) -> None:
        self.run(
            str(self.bin_dir / "pg_ctl"), "-D", str(self.folder / "data"), "-w", "-t", "60",
            "-l", str(self.folder / "log"),
            "-o", f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off",
            "start",
        )  # fmt: skip


def start_postgres() -> PostgresServer:
    bin_dir = _bin_dir()
    if bin_dir is None:
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql); .ci/run installs it")
    folder = Path(tempfile.mkdtemp(prefix="kb-postgres-"))
    as_user: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        shutil.chown(folder, "postgres", "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    password_file = folder / "password"
    password_file.write_text("kb-test-password\n")
    if as_user:
        shutil.chown(password_file, "postgres", "postgres")
    server = PostgresServer(folder, free_port(), bin_dir, as_user)
    server.run(
        str(bin_dir / "initdb"), "-D", str(folder / "data"), "-U", "kb", "-A", "scram-sha-256",
        "--pwfile", str(password_file), "-E", "UTF8", "--locale", "C.UTF-8",
    )  # fmt: skip
    server.start()
    os.environ.setdefault("PGPASSWORD", "kb-test-password")
    return server


def postgres_session() -> Iterator[PostgresServer]:
    server = start_postgres()
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(server.folder, ignore_errors=True)
