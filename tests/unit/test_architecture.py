"""The arrows of the data flow point one way: a test fails when an import points backwards.

In the spirit of click's tests/test_imports.py: every module of portal/ and search/ is parsed
(imports inside functions count too) and each stage may import only the stages below it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BASE = {
    "portal",
    "portal.errors",
    "portal.config",
    "portal.words",
    "portal.reloading",
    "portal.builds",
}
# Plain constants every stage may read (no imports of their own): the words and limits readers see.
SHARED = {"portal.guides.vocabulary"}

# The web layer and the CLI sit on top: they may use every stage below them.
TOP = {
    "portal.guides",
    "portal.writing",
    "portal.readers",
    "portal.store",
    "portal.report",
    "portal.announcements",
    "search",
}
# What each stage may import from Plainhelp itself (besides itself and the base modules).
ALLOWED: dict[str, set[str]] = {
    "portal.errors": set(),
    "portal.words": set(),
    "portal.reloading": set(),
    "portal.builds": set(),
    "portal.config": set(),
    "portal.guides": set(),
    "search": {"portal.guides"},
    "portal.writing": {"portal.guides"},
    "portal.store": set(),
    "portal.readers": {"portal.guides", "portal.store"},
    "portal.report": {"portal.guides", "portal.store", "search"},
    "portal.announcements": {"portal.store"},
    "portal.web": TOP,
    "portal.cli": TOP | {"portal.web"},
}
# Frameworks that belong to one stage only.
ONLY_IN = {"flask": "portal.web", "werkzeug": "portal.web", "click": "portal.cli"}


def stage_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] == "search":
        return "search"
    if parts[0] != "portal":
        return None
    return "portal" if len(parts) == 1 else f"portal.{parts[1]}"


def modules() -> Iterator[tuple[str, Path]]:
    for package in ("portal", "search"):
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT).with_suffix("")
            if "migrations" in relative.parts:
                continue  # Alembic's scripts are loaded by Alembic, not imported
            parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
            yield ".".join(parts), path


def imports(path: Path) -> Iterator[tuple[int, str]]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module


def wrong_arrows() -> list[str]:
    found = []
    for module, path in modules():
        own = stage_of(module)
        assert own is not None
        for line, imported in imports(path):
            where = f"{path.relative_to(ROOT)}:{line} imports {imported}"
            top = imported.split(".")[0]
            if top in ONLY_IN and own != ONLY_IN[top]:
                found.append(f"{where}, which only {ONLY_IN[top]} may use")
            target = stage_of(imported)
            if target is None or target == own or target in BASE or imported in SHARED:
                continue
            if own not in ALLOWED:
                found.append(f"{where}: {own} is not a known stage; add it to ALLOWED")
            elif target not in ALLOWED[own]:
                found.append(f"{where}: {own} may not depend on {target}")
            if target == "search" and imported != "search":
                found.append(f"{where}: use search's public API (`from search import ...`)")
    return found


def test_every_arrow_points_the_way_the_data_flows() -> None:
    assert wrong_arrows() == []


def test_base_modules_import_nothing_above_them() -> None:
    for module, path in modules():
        if module in BASE - {"portal"}:
            found = {stage_of(name) for _, name in imports(path) if name not in SHARED}
            targets = found - {None, "portal.errors"}
            assert targets <= {stage_of(module)}, f"{module} imports {targets}"
        if module in SHARED:
            assert {stage_of(name) for _, name in imports(path)} <= {None}, module


def test_every_stage_is_a_folder_and_known() -> None:
    stages = {stage_of(module) for module, _ in modules()}
    assert stages - BASE <= set(ALLOWED), stages - BASE - set(ALLOWED)


@pytest.mark.parametrize(
    ("module", "imported", "expected"),
    [
        ("search.engine", "portal.store.database", "may not depend on portal.store"),
        ("search.engine", "portal.web.app", "may not depend on portal.web"),
        ("portal.store.database", "flask", "only portal.web may use"),
        ("portal.report.data", "click", "only portal.cli may use"),
        ("portal.web.app", "search.engine", "public API"),
    ],
)
def test_the_check_catches_a_backwards_arrow(
    module: str, imported: str, expected: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The checker itself works: a planted wrong import is named with its file and line."""
    package = tmp_path / Path(*module.split(".")[:-1])
    package.mkdir(parents=True)
    (package / f"{module.split('.')[-1]}.py").write_text(f"import os\nimport {imported}\n")
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    found = wrong_arrows()
    assert len(found) >= 1
    assert f"{Path(*module.split('.'))}.py:2 imports {imported}" in found[0]
    assert any(expected in line for line in found)
