"""docs/openapi.yaml is true to the running portal: schemathesis generates requests from it
against a real server and checks every answer (status, content type, body, headers). `make fuzz`
does the same with many more inputs."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import settings
from schemathesis.checks import (
    allow_header_conformance,
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
    unsupported_method,
)

from tests.support.kb import Built
from tests.support.openapi import load_schema
from tests.support.servers import NO_VOTE_LIMITS, Server, start_server, stop_server

GUIDE = "printing/printer-not-printing"
ANNOUNCEMENT = "E-mail is down for everyone; we're on it."
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
    negative_data_rejection,
    unsupported_method,
    allow_header_conformance,
]

schema = load_schema()


@pytest.fixture(scope="module")
def portal(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The real server, with its own store and a posted announcement so it is checked too."""
    scratch = tmp_path_factory.mktemp("openapi")
    (scratch / "status.txt").write_text(ANNOUNCEMENT, encoding="utf-8")
    env = {
        "KB_DATABASE_URL": f"sqlite:///{scratch}/store.sqlite3",
        "KB_STATUS_FILE": str(scratch / "status.txt"),
        **NO_VOTE_LIMITS,
        "KB_ACCESS_LOG": "off",
    }
    running = start_server(built.site, env, var_dir=built.var)
    yield running
    stop_server(running)


@schema.parametrize()
@settings(max_examples=25, deadline=None)
def test_every_answer_matches_the_description(case, portal: Server) -> None:
    case.call_and_validate(base_url=portal.url, checks=CHECKS)
