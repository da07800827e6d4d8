"""The cookie-signing key file may hold anything: the portal always starts, every worker gets
the same key, an operator's key is never overwritten, and only an empty file is replaced."""

from __future__ import annotations

import logging
import multiprocessing
import os
import re
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.config import Config
from portal.web.secret_key import FILE_NAME, MAX_KEY_BYTES, secret_key
from tests.support.files import ROOT
from tests.support.privileges import as_ordinary_user, read_only

FRESH = re.compile(rb"[0-9a-f]{64}\n")
BLANKS = st.lists(st.sampled_from([b" ", b"\n", b"\r\n", b"\t", b"\0", b"\x0b"]), max_size=40)
CONTENTS = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=100).map(lambda text: text.encode("utf-8")),
    st.text(max_size=100).map(lambda text: text.encode("utf-16")),
    BLANKS.map(b"".join),
    st.integers(MAX_KEY_BYTES - 2, MAX_KEY_BYTES + 2).map(lambda size: b"k" * size),
    st.integers(1, 3).map(lambda n: os.urandom(MAX_KEY_BYTES * n)),
)


def config_for(var: Path) -> Config:
    return Config.load({}, var_dir=str(var), secret_key="")


def is_blank(content: bytes) -> bool:
    try:
        return not content.decode("utf-8").replace("\0", "").strip()
    except UnicodeDecodeError:
        return False


@settings(max_examples=200, deadline=None)
@given(content=CONTENTS)
def test_any_bytes_in_the_key_file_give_one_lasting_key(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        var = Path(scratch)
        path = var / FILE_NAME
        path.write_bytes(content)
        first = secret_key(config_for(var))
        again = secret_key(config_for(var))  # another worker, or the next start
        assert isinstance(first, str) and first.strip() and first == again
        if is_blank(content):
            assert FRESH.fullmatch(path.read_bytes())
            assert stat.S_IMODE(path.stat().st_mode) == 0o600
            assert first == path.read_text().strip()
        else:
            assert path.read_bytes() == content  # an operator's key is never overwritten


def test_the_reported_non_ascii_key_is_kept_and_used(tmp_path: Path) -> None:
    """The tester's case: `clé secrète` in var/secret-key stopped the portal from starting."""
    path = tmp_path / FILE_NAME
    path.write_text("clé secrète pour les cookies\n", encoding="utf-8")
    key = secret_key(config_for(tmp_path))
    assert key == secret_key(config_for(tmp_path))
    assert path.read_text(encoding="utf-8") == "clé secrète pour les cookies\n"


def test_a_key_we_wrote_reads_back_as_the_same_text(tmp_path: Path) -> None:
    """Keys made by earlier versions keep signing the same cookies (no one is logged out)."""
    (tmp_path / FILE_NAME).write_text("ab" * 32 + "\n")
    assert secret_key(config_for(tmp_path)) == "ab" * 32


def test_an_empty_key_file_is_replaced_once_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / FILE_NAME).write_bytes(b"  \n")
    with caplog.at_level(logging.WARNING):
        key = secret_key(config_for(tmp_path))
    assert re.fullmatch(r"[0-9a-f]{64}", key)
    assert "log in again" in caplog.text


def start_worker(var: str) -> str:
    return secret_key(config_for(Path(var)))


def test_workers_starting_together_on_an_empty_file_share_one_new_key(tmp_path: Path) -> None:
    (tmp_path / FILE_NAME).write_bytes(b"")
    context = multiprocessing.get_context("fork")
    with context.Pool(8) as pool:
        keys = pool.map(start_worker, [str(tmp_path)] * 16)
    assert len(set(keys)) == 1
    assert (tmp_path / FILE_NAME).read_text().strip() == keys[0]


@pytest.mark.parametrize("thing", ["folder", "pipe", "endless device", "dangling link"])
def test_something_else_where_the_key_belongs_is_left_alone(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, thing: str
) -> None:
    path = tmp_path / FILE_NAME
    if thing == "folder":
        path.mkdir()
    elif thing == "pipe":
        os.mkfifo(path)  # reading it would wait forever
    elif thing == "endless device":
        path.symlink_to("/dev/zero")
    else:
        path.symlink_to(tmp_path / "gone")
    before = os.lstat(path)
    with caplog.at_level(logging.WARNING):
        key = secret_key(config_for(tmp_path))
    assert re.fullmatch(r"[0-9a-f]{64}", key)
    assert "KB_SECRET_KEY" in caplog.text
    after = os.lstat(path)
    assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)


START = """
import sys
from pathlib import Path
from portal.config import Config
from portal.web.secret_key import secret_key
print(secret_key(Config.load({}, var_dir=sys.argv[1], secret_key="")))
"""


@pytest.mark.parametrize("content", [b"", b"\n\n", None])
def test_a_read_only_var_folder_gives_a_key_for_this_process(
    tmp_path: Path, content: bytes | None
) -> None:
    var = tmp_path / "var"
    var.mkdir()
    if content is not None:
        (var / FILE_NAME).write_bytes(content)
    with read_only(var):
        result = subprocess.run(
            [*as_ordinary_user(), sys.executable, "-c", START, str(var)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"[0-9a-f]{64}\n", result.stdout)
    assert "Set KB_SECRET_KEY" in result.stderr and "Traceback" not in result.stderr
