"""Each `kb` command imports only what it uses: searching never loads the store or the web layer.

`kb search` once took 1 to 4 s because every command imported SQLAlchemy and Alembic; these
tests look at what a real `kb` process has imported when it ends, not at the clock.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.files import ROOT
from tests.support.kb import run_kb

# Run `kb` as usual, then write the names of every imported module to MODULES_FILE at exit.
PROBE = """\
import atexit, json, os, pathlib, sys
names = lambda: json.dumps(sorted(sys.modules))
atexit.register(lambda: pathlib.Path(os.environ["MODULES_FILE"]).write_text(names()))
from portal.cli import main
main()
"""
STORE_AND_WEB = ("sqlalchemy", "alembic", "flask", "werkzeug", "portal.store", "portal.web")
WRITERS_TOOLS = ("mkdocs", "portal.writing", "portal.guides.articles", "yaml", "markdown_it")


def imported_by(tmp_path: Path, *args: str, var: Path) -> set[str]:
    modules_file = tmp_path / "modules.json"
    env = {**os.environ, "MODULES_FILE": str(modules_file), "KB_VAR_DIR": str(var)}
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return set(json.loads(modules_file.read_text()))


def loaded(modules: set[str], prefixes: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == p or m.startswith(f"{p}.") for p in prefixes))


@pytest.mark.parametrize("args", [("--help",), ("search", "--help"), ("index", "--help")])
def test_help_loads_neither_the_store_nor_the_guides(tmp_path: Path, args: tuple[str, ...]) -> None:
    modules = imported_by(tmp_path, *args, var=tmp_path / "var")
    assert loaded(modules, STORE_AND_WEB + WRITERS_TOOLS) == []


def test_kb_search_loads_neither_the_store_nor_the_web_layer(
    tmp_path: Path, content_dir: Path
) -> None:
    var = tmp_path / "var"
    indexed = run_kb("index", "--content", str(content_dir), env={"KB_VAR_DIR": str(var)})
    assert indexed.returncode == 0, indexed.stderr
    modules = imported_by(tmp_path, "search", "printer", "--content", str(content_dir), var=var)
    assert "search" in modules  # it did search
    assert loaded(modules, (*STORE_AND_WEB, "mkdocs", "portal.writing")) == []


def test_kb_index_loads_neither_the_store_nor_the_web_layer(
    tmp_path: Path, content_dir: Path
) -> None:
    modules = imported_by(tmp_path, "index", "--content", str(content_dir), var=tmp_path / "v")
    assert "portal.guides.articles" in modules
    assert loaded(modules, STORE_AND_WEB) == []
