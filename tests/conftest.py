"""Shared fixtures (real folders, the real content built once, a real server on a free loopback
port) and the kind markers: every test is marked by the folder it lives in, so `pytest -m unit`
(or system, browser, content) runs one kind. Helpers live in tests/support, never here."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.support.files import GOOD_GUIDE, write
from tests.support.intranet import Intranet, intranet_portal, serve_intranet
from tests.support.kb import Built, build_content
from tests.support.servers import Server, start_server, stop_server

TESTS = Path(__file__).resolve().parent

# The kinds of test, each a folder of tests/ and a marker (declared in pyproject.toml).
KINDS = ("unit", "system", "browser", "content")


def kind_of(path: Path) -> str | None:
    """The kind folder a test file lives in (None if it lives in none of them)."""
    try:
        parts = Path(path).resolve().relative_to(TESTS).parts
    except ValueError:
        return None
    return parts[0] if len(parts) > 1 and parts[0] in KINDS else None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        kind = kind_of(item.path)
        if kind is not None:
            item.add_marker(getattr(pytest.mark, kind))


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    """A small content folder with a home page and one good guide."""
    root = tmp_path / "content"
    write(root, "index.md", "# Help\n\nWelcome to the help center.\n")
    write(root, "printing/clear-paper-jam.md", GOOD_GUIDE)
    return root


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The real content/ folder built strictly (site and search index) once for the run."""
    return build_content(tmp_path_factory.mktemp("built"))


@pytest.fixture(scope="session")
def built_site(built: Built) -> Path:
    return built.site


@pytest.fixture(scope="session")
def server(built: Built) -> Iterator[Server]:
    running = start_server(built.site, var_dir=built.var)
    yield running
    stop_server(running)


@pytest.fixture
def writer() -> Callable[[Path, str, str], Path]:
    return write


# The intranet box's host page and two portals, one allowing its origin and one not.
@pytest.fixture(scope="module")
def intranet() -> Iterator[Intranet]:
    with serve_intranet() as site:
        yield site


@pytest.fixture(scope="module")
def allowing(built: Built, intranet: Intranet) -> Iterator[Server]:
    """A portal that lists the intranet's origin in KB_CORS_ORIGINS."""
    with intranet_portal(built, intranet, intranet.url, "/allowed") as running:
        yield running


@pytest.fixture(scope="module")
def refusing(built: Built, intranet: Intranet) -> Iterator[Server]:
    """A portal that allows another origin, not the intranet's."""
    with intranet_portal(built, intranet, "https://elsewhere.example.com", "/refused") as running:
        yield running
