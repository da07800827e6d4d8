"""A damaged index build is refused whole, never half-used: opening it and searching it give
results or IndexUnavailable, and the handle falls back to the last good build.

Every file of a real build (the real content/ indexed once) is damaged in many generated ways:
cut short, bytes flipped, replaced by garbage, by nothing, by a folder, a pipe or a device,
deleted, made unreadable, JSON values of the wrong type; tantivy's own files included.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.guides.articles import load_content
from search.engine import Engine, IndexUnavailable
from search.indexer import BUILDS_DIR, LINK_NAME, build_index
from search.service import IndexHandle
from tests.support.files import ROOT
from tests.support.privileges import as_ordinary_user

QUERIES = ["printer offline", "wifi connected no internet", "outlok", "vpn", "sign in", "pass"]
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=8,
)
SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture(scope="module")
def good_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real guides indexed once: the build every test damages a copy of."""
    var = tmp_path_factory.mktemp("index-var")
    return build_index(load_content(ROOT / "content"), var).path


def build_files(build: Path) -> list[str]:
    """Every file of a build with data in it, the tantivy indexes' files included (empty lock
    files aside), as paths inside the build."""
    return sorted(
        str(p.relative_to(build)) for p in build.rglob("*") if p.is_file() and p.stat().st_size
    )


# Each way to damage one file: (path, hypothesis data) -> None.
def truncate(path: Path, data: st.DataObject) -> None:
    content = path.read_bytes()
    path.write_bytes(content[: data.draw(st.integers(0, max(0, len(content) - 1)))])


def flip_bytes(path: Path, data: st.DataObject) -> None:
    content = bytearray(path.read_bytes())
    for _ in range(data.draw(st.integers(1, 8))):
        position = data.draw(st.integers(0, len(content) - 1))
        content[position] ^= data.draw(st.integers(1, 255))
    path.write_bytes(bytes(content))


def garbage(path: Path, data: st.DataObject) -> None:
    path.write_bytes(data.draw(st.binary(max_size=4000)))


def zip_of_garbage(path: Path, data: st.DataObject) -> None:
    """A real zip archive whose members are not arrays (or a JSON file that is a zip)."""
    import zipfile

    with zipfile.ZipFile(path, "w") as archive:
        for name in data.draw(
            st.lists(st.sampled_from(["meta.json", "x.npy"]), max_size=2, unique=True)
        ):
            archive.writestr(name, data.draw(st.binary(max_size=200)))


def empty(path: Path, data: st.DataObject) -> None:
    path.write_bytes(b"")


def delete(path: Path, data: st.DataObject) -> None:
    path.unlink()


def folder_instead(path: Path, data: st.DataObject) -> None:
    path.unlink()
    path.mkdir()


def pipe_instead(path: Path, data: st.DataObject) -> None:
    """A named pipe: reading it would wait forever for a writer that never comes."""
    path.unlink()
    os.mkfifo(path)


def device_instead(path: Path, data: st.DataObject) -> None:
    """A link to an endless device: reading it would never end."""
    path.unlink()
    path.symlink_to(data.draw(st.sampled_from(["/dev/zero", "/dev/urandom", "/nonexistent"])))


def wrong_json_value(path: Path, data: st.DataObject) -> None:
    """One value somewhere in a JSON file (or the whole file) replaced by another kind of value."""
    if not path.name.endswith((".json", ".json.gz")):
        return garbage(path, data)
    packed = path.name.endswith(".gz")
    raw = path.read_bytes()
    document = json.loads(gzip.decompress(raw) if packed else raw)
    replacement = data.draw(JSON)
    parent: Any = None
    key: Any = None
    node = document
    for _ in range(data.draw(st.integers(0, 5))):
        if isinstance(node, dict) and node:
            parent, key = node, data.draw(st.sampled_from(sorted(node)))
        elif isinstance(node, list) and node:
            parent, key = node, data.draw(st.integers(0, len(node) - 1))
        else:
            break
        node = parent[key]
    if parent is None:
        document = replacement
    elif data.draw(st.booleans(), label="remove instead") and isinstance(parent, dict):
        del parent[key]
    else:
        parent[key] = replacement
    text = json.dumps(document).encode("utf-8")
    path.write_bytes(gzip.compress(text) if packed else text)


DAMAGES: dict[str, Callable[[Path, st.DataObject], None]] = {
    "truncate": truncate,
    "flip bytes": flip_bytes,
    "garbage": garbage,
    "zip of garbage": zip_of_garbage,
    "empty": empty,
    "delete": delete,
    "folder instead": folder_instead,
    "pipe instead": pipe_instead,
    "device instead": device_instead,
    "wrong JSON value": wrong_json_value,
}


@contextlib.contextmanager
def damaged_copy(good: Path, data: st.DataObject) -> Iterator[Path]:
    """A var folder with the good build (older) and a damaged copy that the link points at."""
    with tempfile.TemporaryDirectory(prefix="damaged-index-") as scratch:
        var = Path(scratch)
        builds = var / BUILDS_DIR
        earlier = builds / "20260101T000000000000Z-1"
        damaged = builds / "20260102T000000000000Z-1"
        shutil.copytree(good, earlier)
        shutil.copytree(good, damaged)
        os.utime(earlier, (1, 1))  # older, so it is the last good one
        names = st.lists(st.sampled_from(build_files(good)), min_size=1, max_size=2, unique=True)
        for name in data.draw(names, label="files"):
            damage = data.draw(st.sampled_from(sorted(DAMAGES)), label=f"damage to {name}")
            DAMAGES[damage](damaged / name, data)
        (var / LINK_NAME).symlink_to(os.path.relpath(damaged, var))
        yield var


def answers_or_refuses(engine: Engine, extra_query: str) -> None:
    """Every kind of use gives results that make valid JSON, or IndexUnavailable."""
    for query in [*QUERIES, extra_query]:
        try:
            response = engine.search(query)
            suggestions = engine.suggest(query)
        except IndexUnavailable:
            continue
        json.dumps(response.as_dict(), allow_nan=False)
        json.dumps(suggestions, allow_nan=False)
        assert all(isinstance(hit.url, str) for hit in response.results)
    json.dumps(engine.featured_guides(), allow_nan=False)


@SETTINGS
@given(data=st.data(), query=st.text(max_size=30))
def test_a_damaged_build_answers_or_is_refused_never_anything_else(
    good_build: Path, data: st.DataObject, query: str
) -> None:
    with damaged_copy(good_build, data) as var:
        try:
            engine = Engine((var / LINK_NAME).resolve())
        except IndexUnavailable as error:
            assert "cannot be opened" in str(error) and "Traceback" not in str(error)
            return
        answers_or_refuses(engine, query)


@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_the_handle_answers_from_the_last_good_build_when_the_current_one_is_damaged(
    good_build: Path, data: st.DataObject
) -> None:
    with damaged_copy(good_build, data) as var:
        handle = IndexHandle(var, check_every=0)
        usable, note = handle.status()
        engine = handle.engine()  # the damaged build if it opened, else the earlier one
        assert engine.search("printer offline").results
        if engine.folder.name.startswith("20260101"):
            assert not usable and "earlier build" in note
        # Only the damaged build left: searches are refused plainly, the status still answers.
        shutil.rmtree(var / BUILDS_DIR / "20260101T000000000000Z-1")
        alone = IndexHandle(var, check_every=0)
        usable, note = alone.status()
        try:
            answers_or_refuses(alone.engine(), "vpn")
        except IndexUnavailable as error:
            assert not usable and str(error) == note


def test_the_reported_build_a_truncated_zip_is_refused_and_the_previous_build_answers(
    good_build: Path, tmp_path: Path
) -> None:
    """The tester's case: an index file cut short once gave 500s."""
    builds = tmp_path / BUILDS_DIR
    shutil.copytree(good_build, builds / "good")
    shutil.copytree(good_build, builds / "broken")
    terms = next((builds / "broken" / "guides.tantivy").glob("*.term"))
    terms.write_bytes(terms.read_bytes()[: terms.stat().st_size // 2])
    (tmp_path / LINK_NAME).symlink_to(builds / "broken")
    with pytest.raises(IndexUnavailable, match=r"\.term has \d+ bytes, not \d+"):
        Engine(builds / "broken")
    handle = IndexHandle(tmp_path)
    assert handle.engine().folder == (builds / "good").resolve()
    usable, note = handle.status()
    assert not usable and "earlier build" in note
    shutil.rmtree(builds / "good")
    alone = IndexHandle(tmp_path)
    with pytest.raises(IndexUnavailable):
        alone.engine()
    assert alone.status()[0] is False


def test_a_link_that_cannot_be_followed_is_no_index_not_an_error(tmp_path: Path) -> None:
    link = tmp_path / LINK_NAME
    link.symlink_to(LINK_NAME)  # a link to itself: a loop
    usable, note = IndexHandle(tmp_path).status()
    assert not usable and note


UNREADABLE_CHECK = """
import sys
from pathlib import Path
from search.engine import Engine, IndexUnavailable
try:
    Engine(Path(sys.argv[1]))
except IndexUnavailable as error:
    print("refused:", error)
"""


@pytest.mark.parametrize("name", ["guides.tantivy/meta.json", "plainhelp-meta.json.gz"])
def test_an_unreadable_file_is_refused_plainly(good_build: Path, tmp_path: Path, name: str) -> None:
    build = tmp_path / "build"
    shutil.copytree(good_build, build)
    (build / name).chmod(0)
    result = subprocess.run(
        [*as_ordinary_user(), sys.executable, "-c", UNREADABLE_CHECK, str(build)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert (
        f"refused: The search index in {build} cannot be opened ({Path(name).name} cannot be read"
        in (result.stdout)
    )


def test_a_word_of_thousands_of_letters_is_left_out_of_spelling(
    good_build: Path, tmp_path: Path
) -> None:
    """Spelling's work grows with the square of a word's length: such a word once made opening
    a build take minutes. It is left out, and the build answers."""
    build = tmp_path / "build"
    shutil.copytree(good_build, build)
    meta_file = build / "plainhelp-meta.json.gz"
    meta = json.loads(gzip.decompress(meta_file.read_bytes()))
    meta["languages"]["en"]["words"]["a" * 5000] = 1
    meta_file.write_bytes(gzip.compress(json.dumps(meta).encode("utf-8")))
    engine = Engine(build)
    assert not engine.speller.known("a" * 5000)
    assert engine.search("printer offline").results


def test_a_search_that_fails_inside_is_unavailable_and_its_words_stay_out_of_the_log(
    good_build: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The last line of defence: a build wrong in a way nobody foresaw (here, a guide record
    the engine cannot read) is a 503, and the log says what failed without the reader's words."""
    engine = Engine(good_build)
    engine.guides = []  # every guide number the index holds now points nowhere
    with pytest.raises(IndexUnavailable, match="could not answer"):
        engine.search("printer offline call jo on 07700 900123")
    assert "could not answer a query of" in caplog.text
    assert "07700" not in caplog.text and "printer offline" not in caplog.text
