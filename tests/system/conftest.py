"""Fixtures of the system tests: a throwaway PostgreSQL and Redis for the run (each skipped with
a message where it is not installed), a real, migrated store on SQLite and on PostgreSQL, and the
writers' dashboard with data (for the test_admin_*.py modules)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.admin import PASSWORD, Setup, make_setup, serve_dashboard
from tests.support.kb import Built
from tests.support.postgres import postgres_session
from tests.support.redis_server import redis_session
from tests.support.servers import Server, stop_server


@pytest.fixture(scope="session")
def postgres_server():
    """One throwaway PostgreSQL server for the run (skips where PostgreSQL is not installed)."""
    yield from postgres_session()


@pytest.fixture(scope="session")
def redis_server():
    """One throwaway Redis server for the run (skips where Redis is not installed)."""
    yield from redis_session()


@pytest.fixture
def postgres_url(postgres_server) -> str:
    """The URL of a fresh, empty PostgreSQL database."""
    return postgres_server.create_database()


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path):
    """A real, migrated, empty store: a SQLite file, or a fresh PostgreSQL database."""
    from portal.store.database import Store

    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path}/store.sqlite3"
    else:
        url = request.getfixturevalue("postgres_url")
    opened = Store(url)
    opened.migrate()
    yield opened
    opened.dispose()


@pytest.fixture(scope="module")
def admin_setup(tmp_path_factory: pytest.TempPathFactory) -> Setup:
    """Two guides; 8 of 10 found the paper-jam guide helpful today; one comment is a script."""
    return make_setup(tmp_path_factory.mktemp("admin"))


@pytest.fixture(scope="module")
def dashboard(built: Built, admin_setup: Setup) -> Iterator[Server]:
    """`kb serve` with the dashboard on (KB_ADMIN_PASSWORD) over admin_setup's store."""
    running = serve_dashboard(built, admin_setup, admin_setup.var, KB_ADMIN_PASSWORD=PASSWORD)
    yield running
    stop_server(running)
