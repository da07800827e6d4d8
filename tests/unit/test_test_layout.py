"""The tests' own house rules: every test file lives in the folder of its kind (unit, system,
browser, content), each kind is a marker, and no module imports a test module or a conftest
(helpers come from tests/support, fixtures from conftest.py files)."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest

from tests.support.files import ROOT

TESTS = ROOT / "tests"
KINDS = ("unit", "system", "browser", "content")


def python_files() -> list[Path]:
    return sorted(p for p in TESTS.rglob("*.py") if "__pycache__" not in p.parts)


def is_test_file(path: Path) -> bool:
    return path.name.startswith("test_") or path.stem.endswith("_test")


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def imported(path: Path, source: str | None = None) -> set[str]:
    """Every module `path` imports (relative imports resolved), and for `from X import Y`, X.Y too
    (Y may be a module of package X). `source` stands in for the file's text."""
    if source is None:
        source = path.read_text(encoding="utf-8")
    tree = ast.parse(source, filename=str(path))
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def forbidden(name: str) -> bool:
    """A test module or a conftest, wherever it lives."""
    last = name.rsplit(".", 1)[-1]
    return last == "conftest" or last.startswith("test_") or last.endswith("_test")


def test_every_test_file_lives_in_the_folder_of_its_kind() -> None:
    misplaced = [
        str(path.relative_to(ROOT))
        for path in python_files()
        if is_test_file(path) and path.relative_to(TESTS).parts[0] not in KINDS
    ]
    assert misplaced == [], f"move these into tests/{{{','.join(KINDS)}}}/: {misplaced}"
    for kind in KINDS:
        assert (TESTS / kind / "__init__.py").is_file(), f"tests/{kind} is not a package"
        assert any(is_test_file(p) for p in (TESTS / kind).rglob("*.py")), f"tests/{kind} is empty"
    assert (TESTS / "support" / "__init__.py").is_file()
    assert not any(is_test_file(p) for p in (TESTS / "support").rglob("*.py"))


def test_no_module_imports_a_test_module_or_a_conftest() -> None:
    offenders = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in python_files()
        for name in sorted(imported(path))
        if name.startswith("tests.") and forbidden(name)
    ]
    assert offenders == [], "import helpers from tests.support instead:\n" + "\n".join(offenders)


@pytest.mark.parametrize(
    ("source", "caught"),
    [
        ("from tests.conftest import ROOT", True),
        ("from tests.system.test_admin import PASSWORD", True),
        ("from tests.system import test_admin", True),
        ("import tests.browser.test_search", True),
        ("from .conftest import built", True),
        ("from . import test_store", True),
        ("from tests.support.http_browser import Browser", False),
        ("from tests.benchmarks.evaluation import load_queries", False),
        ("import pytest", False),
    ],
)
def test_the_import_check_sees_every_way_of_importing(source: str, caught: bool) -> None:
    names = imported(TESTS / "unit" / "example.py", source)  # as if it lived there
    assert any(n.startswith("tests.") and forbidden(n) for n in names) is caught, names


def test_the_kinds_are_the_declared_markers(request: pytest.FixtureRequest) -> None:
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    pytest_settings = settings["tool"]["pytest"]["ini_options"]
    declared = {line.split(":", 1)[0].strip() for line in pytest_settings["markers"]}
    assert set(KINDS) <= declared
    assert "--strict-markers" in pytest_settings["addopts"].split()
    # This file lives in tests/unit, so it carries the `unit` marker and no other kind.
    assert [m.name for m in request.node.iter_markers() if m.name in KINDS] == ["unit"]
