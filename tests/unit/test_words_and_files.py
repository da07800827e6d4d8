"""The small shared helpers: words people read (portal/words.py), files read again only when
they change (portal/reloading.py), and builds swapped in with one rename (portal/builds.py)."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
import yaml

from portal.builds import current_build, finished_builds, point_link, swap_in
from portal.reloading import Reloading, file_stamp
from portal.words import (
    NBSP,
    multi_line,
    one_line,
    percent,
    plural,
    yaml_problem,
    yaml_sentence,
)

# -- words -----------------------------------------------------------------------------------


def test_counts_say_their_noun_in_the_right_number() -> None:
    assert plural(1, "vote") == "1 vote"
    assert plural(0, "vote") == "0 votes"
    assert plural(1204, "search") == "1,204 searches"
    assert plural(2, "answer") == "2 answers"
    assert plural(3, "box") == "3 boxes"
    assert plural(2, "person", "people") == "2 people"


def test_shares_are_whole_percentages() -> None:
    assert percent(0.0889) == "9 %"
    assert percent(None) == ""
    assert percent(None, missing="–") == "–"
    assert percent(0.49, space=NBSP) == "49\u00a0%"


def test_typed_text_is_cleaned_on_one_line_or_with_its_lines() -> None:
    typed = "  E-mail\tis down\n\nfor  everyone\x00.\x85\x9b\r\n"
    assert one_line(typed) == "E-mail is down for everyone."
    assert multi_line(typed) == "E-mail\tis down\n\nfor  everyone."
    assert multi_line("\x07\x0b\x0cfirst line\x7f\nsecond\x1b line ") == "first line\nsecond line"
    assert one_line("no\u200bchange") == "no\u200bchange"  # only control characters go


def _yaml_error(text: str) -> yaml.YAMLError:
    with pytest.raises(yaml.YAMLError) as caught:
        yaml.safe_load(text)
    return caught.value


def test_broken_yaml_is_one_sentence_with_its_line_and_a_hint() -> None:
    error = _yaml_error("title: ok\ndescription: a: b\n")
    found = yaml_problem(error)
    assert found.line == 2
    assert found.reason == (
        "mapping values are not allowed here (a value with a colon in it needs quotes around it)"
    )
    assert yaml_problem(error, first_line=2).line == 3  # front matter starts on the file's line 2
    assert yaml_sentence("rules/x.yml", error) == (
        "rules/x.yml is not valid YAML on line 2: mapping values are not allowed here "
        "(a value with a colon in it needs quotes around it)."
    )
    odd = _yaml_error("a: \x07\n")  # a character YAML refuses: said, without a line
    assert yaml_problem(odd).reason and "\n" not in yaml_sentence("x.yml", odd)


# -- reading again only when a file changed ----------------------------------------------------


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


# -- builds swapped in with one rename ---------------------------------------------------------


def _page(text: str):
    def write(folder: Path) -> str:
        (folder / "index.html").write_text(text)
        return text

    return write


def test_a_build_is_written_beside_and_linked_in_keeping_the_newest_few(tmp_path: Path) -> None:
    link, builds = tmp_path / "site", tmp_path / "site.builds"
    made = []
    for number in range(5):
        folder, result = swap_in(link, builds, _page(f"build {number}"), keep=3)
        os.utime(folder, (number, number))  # distinct ages, whatever the file system's clock
        made.append(folder)
        assert result == f"build {number}"
        assert (link / "index.html").read_text() == f"build {number}"
    assert link.is_symlink() and not Path(os.readlink(link)).is_absolute()
    assert current_build(link) == made[-1].resolve()
    assert finished_builds(builds) == made[:1:-1]  # the newest three; the older ones deleted
    assert oct(made[-1].stat().st_mode & 0o777) == "0o755"  # a web server's user may read it
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_failed_build_leaves_the_link_and_no_half_build(tmp_path: Path) -> None:
    link, builds = tmp_path / "site", tmp_path / "site.builds"
    swap_in(link, builds, _page("good"))

    def broken(folder: Path) -> None:
        (folder / "index.html").write_text("half")
        raise RuntimeError("the builder stopped")

    with pytest.raises(RuntimeError, match="stopped"):
        swap_in(link, builds, broken)
    assert (link / "index.html").read_text() == "good"
    assert len(list(builds.iterdir())) == 1  # no ".new-" folder left behind


def test_a_real_folder_from_before_is_kept_as_a_build_then_linked(tmp_path: Path) -> None:
    link, builds = tmp_path / "site", tmp_path / "site.builds"
    link.mkdir()
    (link / "index.html").write_text("from before links")
    folder, _ = swap_in(link, builds, _page("new"))
    assert link.is_symlink() and (link / "index.html").read_text() == "new"
    imported = [p for p in finished_builds(builds) if p.name.startswith("imported-")]
    assert [(p / "index.html").read_text() for p in imported] == ["from before links"]
    point_link(link, imported[0], builds)  # going back is one rename too
    assert (link / "index.html").read_text() == "from before links"
    assert folder.is_dir()
