"""Files read again only when they change (portal/reloading.py): a value made again only when its
file's stamp changed and the time has come, one thread loading while the others keep the value
they have, and a failed load that changes nothing."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from portal.reloading import Reloading, file_stamp


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_file_is_read_again_only_when_its_stamp_changes_and_the_time_has_come(
    tmp_path: Path,
) -> None:
    path = tmp_path / "status.txt"
    clock = Clock()
    loads: list[object] = []

    def load(stamp: object) -> str | None:
        loads.append(stamp)
        return path.read_text() if stamp is not None else None

    reloading = Reloading(load, lambda: file_stamp(path), every=2.0, clock=clock)
    assert reloading.get() is None and len(loads) == 1
    path.write_text("one")
    assert reloading.get() is None  # not looked at again for 2 seconds
    clock.now = 2.0
    assert reloading.get() == "one" and len(loads) == 2
    clock.now = 10.0
    assert reloading.get() == "one" and len(loads) == 2  # looked, unchanged: not read again
    path.write_text("two, longer")
    assert reloading.get() == "one"
    assert reloading.refresh() == "two, longer" and len(loads) == 3  # looked now
    replaced = tmp_path / "new.txt"
    replaced.write_text("two, longer")
    os.replace(replaced, path)  # same size and maybe the same time, but another file
    assert reloading.refresh() == "two, longer" and len(loads) == 4


def test_without_a_stamp_the_value_is_made_again_after_the_time() -> None:
    clock = Clock()
    made = iter(range(100))
    reloading: Reloading[object, int] = Reloading(lambda _: next(made), every=60.0, clock=clock)
    assert reloading.get() == 0
    clock.now = 59.0
    assert reloading.get() == 0
    clock.now = 60.0
    assert reloading.get() == 1


def test_one_thread_loads_while_the_others_keep_the_value_they_have() -> None:
    started, release = threading.Event(), threading.Event()
    stamps = iter(["first", "second"])

    def load(stamp: str) -> str:
        if stamp == "second":
            started.set()
            assert release.wait(10)
        return stamp

    reloading = Reloading(load, lambda: next(stamps, "second"))
    assert reloading.get() == "first"
    loader = threading.Thread(target=reloading.get)
    loader.start()
    assert started.wait(10)
    assert reloading.get() == "first"  # answered at once, not after the slow load
    release.set()
    loader.join(10)
    assert reloading.get() == "second"


def test_a_load_that_fails_changes_nothing_and_is_tried_again() -> None:
    outcomes: list[str | Exception] = [ValueError("broken"), "fixed"]

    def load(_: object) -> str:
        outcome = outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    reloading = Reloading(load)
    with pytest.raises(ValueError):
        reloading.get()
    assert reloading.value is None
    assert reloading.get() == "fixed"
