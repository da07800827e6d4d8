"""Files that change under a running portal, read again only when they changed.

A base module: it imports nothing else from Plainhelp, so every stage (search/ too) may use it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Generic, TypeVar

S = TypeVar("S")
T = TypeVar("T")


def file_stamp(path: Path) -> tuple[int, int, int] | None:
    """What changes when a file is edited or replaced (inode, size, modification time in ns);
    None when there is no such file. Follows symbolic links, so a swapped link counts."""
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_ino, info.st_size, info.st_mtime_ns


def _new_every_time() -> object:
    return object()  # equal to nothing: the value is made again at every check


class Reloading(Generic[S, T]):
    """A value made from files, made again only when their stamp changes.

    `stamp()` (such as `file_stamp(path)`, or where a symbolic link points) is looked at most
    once every `every` seconds (0: on every call); when it differs from the stamp the value was
    made from, `load(stamp)` makes the value again. Without `stamp`, the value is made again
    every `every` seconds. One thread looks and loads while the others keep the value they have
    (only the very first load is waited for). A `load` that raises changes nothing and is
    tried again at the next check.
    """

    def __init__(
        self,
        load: Callable[[S], T],
        stamp: Callable[[], S] | None = None,
        every: float = 0.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._load = load
        self._stamp: Callable[[], object] = stamp or _new_every_time
        self.every = every
        self._clock = clock
        self._current: tuple[object, T] | None = None  # (stamp, value), replaced in one go
        self._checked = float("-inf")
        self._lock = threading.Lock()

    def get(self) -> T:
        """The value, looked at again when `every` seconds have passed since the last look."""
        current = self._current
        if current is not None and self._clock() - self._checked < self.every:
            return current[1]
        return self._check(wait=current is None)

    def refresh(self) -> T:
        """Look now, whatever the time (waits for another thread that is loading)."""
        return self._check(wait=True)

    @property
    def value(self) -> T | None:
        """The value as last made, without looking (None before the first load)."""
        current = self._current
        return None if current is None else current[1]

    def _check(self, wait: bool) -> T:
        if not self._lock.acquire(blocking=wait):
            assert self._current is not None  # only the first load is waited for
            return self._current[1]  # another thread is looking: keep what we have meanwhile
        try:
            self._checked = self._clock()
            stamp = self._stamp()
            if self._current is None or self._current[0] != stamp:
                self._current = (stamp, self._load(stamp))  # type: ignore[arg-type]
            return self._current[1]
        finally:
            self._lock.release()
