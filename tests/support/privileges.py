"""Running a child process without root's power over file modes, so a read-only folder or an
unreadable file means what it says even when the tests run as root (as CI does)."""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest


def as_ordinary_user() -> list[str]:
    """A command prefix that takes away root's power to ignore file modes (nothing if not root)."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: file modes cannot be made to count")
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner", "--"]


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[Path]:
    """`folder` made read-only for the block, and writable again afterwards."""
    folder.chmod(0o555)
    try:
        yield folder
    finally:
        folder.chmod(0o755)
