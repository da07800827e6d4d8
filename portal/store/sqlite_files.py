"""Watch the SQLite files under a running portal: still the ones at the path, still writable.

Two things SQLite does not guard against, both found by a tester:

- The files are deleted or replaced while connections are open. The connections go on
  writing into the old, deleted file, and every vote they take is lost. Each connection
  notes which file (device and inode) it opened; a transaction on a connection whose file
  is no longer the one at the path is refused, before it starts and after it commits.
- The files can no longer be written (made immutable, a file system remounted read-only).
  SQLite keeps the `-shm` file memory-mapped, and writing into a mapping of a file that
  cannot be written kills the whole process with SIGBUS. Before each transaction the
  kernel is asked (access(2), a microsecond) whether `-shm` can be written, and the
  transaction is refused while it cannot be.
"""

from __future__ import annotations

import os
from pathlib import Path

FileId = tuple[int, int]  # (device, inode)
EFFECTIVE_IDS = os.access in os.supports_effective_ids


class FilesChanged(OSError):
    """The database file at the path is not the one this connection opened."""


class FilesUnwritable(OSError):
    """A database file cannot be written now; touching its memory map could kill the process."""


def file_id(path: Path) -> FileId | None:
    """The device and inode of the file at `path` now (through links), or None if there is none."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino


class SqliteFiles:
    """The database file at one path, its `-wal` and `-shm` beside it."""

    def __init__(self, database: Path) -> None:
        self.database = database
        self._shm = self._shm_path()

    def _shm_path(self) -> str:
        return f"{os.path.realpath(self.database)}-shm"  # SQLite puts it beside the real file

    def opened(self) -> FileId | None:
        """Call when a connection has just opened the database: what to remember it by."""
        self._shm = self._shm_path()  # the path may be a link that now points elsewhere
        return file_id(self.database)

    def check_writable(self) -> None:
        """Raise FilesUnwritable if the `-shm` file is there but cannot be written.

        Only `-shm` is memory-mapped (the database is read with `mmap_size=0`, the `-wal` is
        written with write()): the other files failing to write is an error SQLite reports.
        Asked with access(2), never by opening the file: closing any descriptor of a file drops
        every POSIX lock this process holds on it, SQLite's own locks included.
        """
        shm = self._shm
        if os.access(shm, os.W_OK, effective_ids=EFFECTIVE_IDS) or not os.path.lexists(shm):
            return
        raise FilesUnwritable(
            f"{shm} cannot be written (read-only, immutable, or on a read-only file system)"
        )

    def check_same(self, opened: FileId | None) -> None:
        """Raise FilesChanged if the file at the path is not the one a connection opened."""
        now = file_id(self.database)
        if opened is None or now != opened:
            state = "was deleted" if now is None else "was replaced by another file"
            raise FilesChanged(f"{self.database} {state} while the portal had it open")
