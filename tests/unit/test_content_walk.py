"""The content walk ends on any tree: links back to a parent, outside, dangling or circular,
pipes, unreadable and very deep folders are named and left out; every real file is seen once."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.guides import walk
from portal.guides.articles import load_content
from portal.guides.walk import MAX_DEPTH, walk_content
from portal.writing.lint.engine import WALK_RULE, lint_paths
from portal.writing.site_build import content_view
from tests.support.files import GOOD_GUIDE, write


def _real_files(root: Path) -> list[Path]:
    """Every ordinary file under root reached through real folders only (hidden ones aside)."""
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            path = Path(folder) / name
            if not path.is_symlink() and path.is_file():
                found.append(path)
    return sorted(found)


def _real_folders(root: Path) -> int:
    return sum(1 for _ in os.walk(root))


@contextmanager
def _bounded_scandir(limit: int) -> Iterator[list[Path]]:
    """Fail (rather than hang) when the walk opens more folders than the tree has."""
    opened: list[Path] = []
    real = os.scandir

    def counting(path: Any) -> Any:
        opened.append(Path(path))
        assert len(opened) <= limit, f"the walk opened {len(opened)} folders: {opened[-5:]}"
        return real(path)

    with mock.patch.object(walk.os, "scandir", counting):
        yield opened


def _walk_bounded(path: Path, limit: int) -> list[tuple[str, list[str], list[str]]]:
    """os.walk(followlinks=True), as MkDocs walks docs_dir, stopped with a failure at limit."""
    steps = []
    for step in os.walk(path, followlinks=True):
        steps.append(step)
        assert len(steps) <= limit, f"the walk went on: {step[0]}"
    return steps


@pytest.fixture
def looped(content_dir: Path) -> Path:
    """The tester's tree: `loop -> .` at the top and `up -> ..` in a section."""
    os.symlink(".", content_dir / "loop")
    os.symlink("..", content_dir / "printing" / "up")
    return content_dir


def test_the_reported_loops_end_with_a_warning_naming_each_link(looped: Path) -> None:
    with _bounded_scandir(_real_folders(looped)):
        walked = walk_content(looped)
    assert walked.files == _real_files(looped)
    assert [(s.path, s.severity) for s in walked.skipped] == [
        (looped / "loop", "warning"),
        (looped / "printing" / "up", "warning"),
    ]
    assert all("is a link back to" in s.reason and "skipped" in s.reason for s in walked.skipped)


def test_load_content_names_the_loops_and_loads_every_guide_once(looped: Path) -> None:
    content = load_content(looped)
    assert [a.path for a in content.articles] == ["index", "printing/clear-paper-jam"]
    assert content.errors == []
    assert [str(p) for p in content.warnings] == [
        f"{looped}/loop:1: warning: is a link back to {looped}, a folder it is in; skipped",
        f"{looped}/printing/up:1: warning: is a link back to {looped}, a folder it is in; skipped",
    ]


def test_kb_lint_reports_the_links_on_their_own_paths(looped: Path) -> None:
    result = lint_paths([], looped, rules=[])
    assert result.files == [f"{looped}/index.md", f"{looped}/printing/clear-paper-jam.md"]
    assert [(f.path, f.rule, f.severity) for f in result.findings] == [
        (f"{looped}/loop", WALK_RULE, "warning"),
        (f"{looped}/printing/up", WALK_RULE, "warning"),
    ]


def test_a_link_to_a_guide_inside_the_content_still_loads(content_dir: Path) -> None:
    os.symlink("clear-paper-jam.md", content_dir / "printing" / "paper-stuck.md")
    content = load_content(content_dir)
    assert "printing/paper-stuck" in [a.path for a in content.articles]
    assert not any("paper-stuck" in p.path for p in content.warnings)


@pytest.mark.parametrize(
    ("name", "target", "says"),
    [
        ("printing/gone.md", "nowhere.md", "does not exist"),
        ("printing/gone", "../no-folder", "does not exist"),
        ("printing/self.md", "self.md", "leads back to itself"),
        ("printing/ping.md", "pong.md", "leads back to itself"),  # pong.md -> ping.md below
        ("printing/passwd.md", "/etc/passwd", "outside the content folder"),
        ("etc", "/etc", "outside the content folder"),
        ("printing/parent", "../..", "outside the content folder"),
        ("top", "{root}", "a folder it is in"),
        ("email/printing", "../printing", "which is already included"),
        ("printing/null.md", "/dev/null", "outside the content folder"),
    ],
)
def test_every_kind_of_bad_link_is_skipped_with_a_warning(
    content_dir: Path, name: str, target: str, says: str
) -> None:
    (content_dir / "email").mkdir()
    if name == "printing/ping.md":
        os.symlink("ping.md", content_dir / "printing" / "pong.md")
    os.symlink(target.format(root=content_dir), content_dir / name)
    with _bounded_scandir(_real_folders(content_dir)):
        walked = walk_content(content_dir)
    assert walked.files == _real_files(content_dir)
    skipped = {s.path: s.reason for s in walked.skipped}
    assert says in skipped[content_dir / name]
    assert all(s.severity == "warning" for s in walked.skipped)


def test_a_pipe_named_like_a_guide_is_skipped_not_read(content_dir: Path) -> None:
    os.mkfifo(content_dir / "printing" / "waiting.md")
    content = load_content(content_dir)  # reading a pipe would wait for ever
    assert [str(p) for p in content.warnings] == [
        f"{content_dir}/printing/waiting.md:1: warning: is not an ordinary file "
        "(such as a pipe or a device); skipped"
    ]


def test_an_unreadable_folder_is_an_error_naming_it(content_dir: Path) -> None:
    locked = content_dir / "printing"
    real = os.scandir

    def refuse(path: Any) -> Any:
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    with mock.patch.object(walk.os, "scandir", refuse):
        content = load_content(content_dir)
    assert [str(p) for p in content.errors] == [
        f"{locked}:1: could not be read (Permission denied); nothing in it was used"
    ]
    assert [a.path for a in content.articles] == ["index"]


def test_a_tree_deeper_than_the_limit_is_an_error_and_the_limit_itself_is_fine(
    tmp_path: Path,
) -> None:
    root = tmp_path / "content"
    deepest = root.joinpath(*["d"] * MAX_DEPTH)
    write(deepest, "fine.md", GOOD_GUIDE.replace("Fix a paper jam", "Fine"))
    assert walk_content(root).files == [deepest / "fine.md"]
    write(deepest / "d", "too-deep.md", GOOD_GUIDE)
    walked = walk_content(root)
    assert walked.files == [deepest / "fine.md"]
    assert [(s.path, s.severity) for s in walked.skipped] == [(deepest / "d", "error")]
    assert f"more than {MAX_DEPTH} folders deep" in walked.skipped[0].reason


def test_hidden_folders_are_passed_over_even_with_loops_inside(content_dir: Path) -> None:
    hidden = content_dir / ".git"
    hidden.mkdir()
    os.symlink("..", hidden / "up")
    walked = walk_content(content_dir)
    assert walked.skipped == []
    assert walked.files == _real_files(content_dir)


def test_the_folder_mkdocs_walks_holds_no_link_to_a_folder(looped: Path) -> None:
    os.symlink("clear-paper-jam.md", looped / "printing" / "paper-stuck.md")
    with content_view(looped.resolve()) as (view, walked):
        steps = _walk_bounded(view, _real_folders(looped))
        seen = sorted(
            Path(folder, name).relative_to(view) for folder, _, files in steps for name in files
        )
        assert seen == sorted(p.relative_to(looped.resolve()) for p in walked.files)
        assert (view / "printing" / "paper-stuck.md").read_text() == GOOD_GUIDE


# The class: random small trees with random links to ancestors, siblings, files, outside,
# nothing, themselves and each other, relative and absolute.
FOLDERS = st.lists(
    st.lists(st.sampled_from(["a", "b", "c", "_data", ".hidden"]), min_size=1, max_size=3),
    max_size=6,
)
FILES = st.lists(
    st.tuples(st.integers(0, 6), st.sampled_from(["x.md", "y.md", "index.md", "img.png"])),
    max_size=8,
)
KINDS = st.sampled_from(
    [
        "ancestor",
        "dir",
        "file",
        "outside-dir",
        "outside-file",
        "outside-up",
        "dangling",
        "self",
        "link",
        "root",
    ]
)
LINKS = st.lists(
    st.tuples(
        st.integers(0, 6),
        st.sampled_from(["l1", "l2.md", "l3", "l4.md"]),
        KINDS,
        st.integers(0, 10),
        st.booleans(),
    ),
    max_size=8,
)


def _plant(base: Path, folders: list[list[str]], files: Any, links: Any) -> Path:
    """Make the tree under base/content, with base/outside beside it; return the content root."""
    root = base / "content"
    root.mkdir()
    write(base, "outside/o.md", GOOD_GUIDE)
    (base / "outside" / "od").mkdir()
    dirs = [root]
    for parts in folders:
        folder = root.joinpath(*parts)
        folder.mkdir(parents=True, exist_ok=True)
        dirs.append(folder)
    for where, name in files:
        path = dirs[where % len(dirs)] / name
        if not os.path.lexists(path):
            path.write_text(GOOD_GUIDE, encoding="utf-8")
    made: list[Path] = []
    for where, name, kind, pick, absolute in links:
        folder = dirs[where % len(dirs)]
        link = folder / name
        if os.path.lexists(link):
            continue
        regular = [p for p in folder.parent.rglob("*") if p.is_file() and not p.is_symlink()]
        targets: dict[str, Path] = {
            "ancestor": folder.parents[pick % (len(folder.relative_to(root).parts) + 1)]
            if folder != root
            else root,
            "dir": dirs[pick % len(dirs)],
            "file": regular[pick % len(regular)] if regular else root / "x.md",
            "outside-dir": base / "outside" / "od",
            "outside-file": base / "outside" / "o.md",
            "outside-up": base,
            "dangling": folder / f"missing-{pick}",
            "self": link,
            "link": made[pick % len(made)] if made else link,
            "root": root,
        }
        target = targets[kind]
        text = str(target) if absolute else os.path.relpath(target, folder)
        os.symlink(text, link)
        made.append(link)
    return root


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(folders=FOLDERS, files=FILES, links=LINKS)
def test_any_tree_of_links_ends_and_every_real_file_is_seen_once(
    folders: list[list[str]], files: Any, links: Any
) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        root = _plant(Path(scratch), folders, files, links)
        real_root = root.resolve()
        with _bounded_scandir(_real_folders(root)):
            walked = walk_content(root)
        # Every ordinary file reached through real folders, once; nothing twice.
        assert len(walked.files) == len(set(walked.files))
        real = _real_files(root)
        assert [p for p in walked.files if not p.is_symlink()] == real
        # Nothing is reached through a link to a folder, nothing leads outside or to a non-file.
        for path in walked.files:
            parents = path.relative_to(root).parents
            assert not any((root / parent).is_symlink() for parent in parents)
            assert path.resolve().is_relative_to(real_root)
            assert path.resolve().is_file()
        # Every link in a real, visible folder is either kept or named as skipped, never both.
        skipped = [s.path for s in walked.skipped]
        assert len(skipped) == len(set(skipped))
        for folder, dirs, names in os.walk(root):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            for name in [*names, *dirs]:
                path = Path(folder) / name
                if path.is_symlink():
                    assert (path in walked.files) != (path in skipped), path
        # The view MkDocs walks (following links) ends and holds the same files.
        with content_view(real_root) as (view, kept):
            steps = _walk_bounded(view, _real_folders(root))
            count = sum(len(names) for _, _, names in steps)
            assert count == len(kept.files)
        # The guides load once each, and every skipped thing is reported.
        content = load_content(root)
        assert content.sources == walked.markdown()
        reported = {p.path for p in content.problems}
        assert {s.as_posix() for s in skipped} <= reported
