"""Production serving over real HTTP: gunicorn workers, metrics, access logs, security headers,
size limits and rate limits shared through a real Redis.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from portal.web.security import inline_script_hashes
from tests.support.http import http_get, http_post
from tests.support.kb import Built
from tests.support.servers import Server, start_server, stop_server, wait_for, worker_pids

GUIDE = "printing/printer-not-printing"
SECURITY_HEADERS = (
    "Content-Security-Policy",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "X-Frame-Options",
)


@pytest.fixture(scope="module")
def workers(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    database = tmp_path_factory.mktemp("serving") / "store.sqlite3"
    env = {"KB_WORKERS": "2", "KB_THREADS": "4", "KB_DATABASE_URL": f"sqlite:///{database}"}
    server = start_server(built.site, env, var_dir=built.var)
    yield server
    stop_server(server)


def samples(server: Server) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of /metrics, parsed by Prometheus's own parser."""
    reply = http_get(f"{server.url}/metrics")
    assert reply.status == 200 and reply.headers["Content-Type"].startswith("text/plain")
    found = {}
    for family in text_string_to_metric_families(reply.text):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def test_two_workers_answer_and_metrics_add_up_across_them(workers: Server) -> None:
    assert len(worker_pids(workers.process.pid)) == 2
    before = samples(workers)
    searches = 30
    for number in range(searches):
        assert http_get(f"{workers.url}/api/search?q=printer+offline+{number}").status == 200
    assert http_get(f"{workers.url}/api/search?q=qqqzzzxxyy").status == 200
    reply = http_post(
        f"{workers.url}/api/feedback", {"page": GUIDE, "helpful": False}, {"User-Agent": "m-1"}
    )
    assert reply.status == 201
    after = samples(workers)

    def grew(name: str, **labels: str) -> float:
        key = (name, tuple(sorted(labels.items())))
        return after.get(key, 0.0) - before.get(key, 0.0)

    assert grew("plainhelp_searches_total", source="api") == searches + 1
    assert grew("plainhelp_search_zero_results_total", source="api") == 1
    assert grew("plainhelp_feedback_total", helpful="no") == 1
    ok = grew(
        "plainhelp_http_requests_total", endpoint="search.api_search", method="GET", status="200"
    )
    assert ok == searches + 1
    assert grew("plainhelp_http_request_duration_seconds_count", endpoint="search.api_search") == (
        searches + 1
    )
    assert grew(
        "plainhelp_http_request_duration_seconds_bucket", endpoint="search.api_search", le="+Inf"
    ) == (searches + 1)


def test_the_access_log_is_json_without_addresses_or_query_text(workers: Server) -> None:
    http_get(f"{workers.url}/api/search?q=my+manager+jane+doe+printer", {"User-Agent": "UA-x1"})
    lines = wait_for(
        lambda: [
            json.loads(line)
            for line in workers.output().splitlines()
            if line.startswith("{") and '"/api/search"' in line
        ],
        what="an access log line",
    )
    entry = lines[-1]  # type: ignore[index]
    assert entry["method"] == "GET" and entry["status"] == 200 and entry["ms"] >= 0
    assert entry["path"] == "/api/search" and entry["endpoint"] == "search.api_search"
    text = workers.output()
    assert "127.0.0.1" not in text.replace(f"{workers.url}", "")
    assert "jane" not in text and "UA-x1" not in text


def test_the_access_log_counts_the_bytes_of_a_page_sent_as_a_file(workers: Server) -> None:
    """A page goes out as a stream of its file: its length comes from its header, never from
    reading the stream (which would hang the preview's event stream)."""
    sent = http_get(f"{workers.url}/{GUIDE}/")
    lines = wait_for(
        lambda: [
            json.loads(line)
            for line in workers.output().splitlines()
            if line.startswith("{") and f'"/{GUIDE}/"' in line
        ],
        what="the page's access log line",
    )
    assert lines[-1]["bytes"] == len(sent.body)  # type: ignore[index]


def test_security_headers_are_on_pages_files_api_and_errors(workers: Server, built: Built) -> None:
    asset = next((built.site / "assets" / "javascripts").glob("bundle.*.min.js")).name
    for path in ("/", f"/{GUIDE}/", "/search?q=vpn", "/api/search?q=vpn", "/no-such-page/",
                 f"/assets/javascripts/{asset}", "/healthz", "/admin"):  # fmt: skip
        headers = http_get(f"{workers.url}{path}").headers
        for name in SECURITY_HEADERS:
            assert headers.get(name), f"{name} missing on {path}"
        assert headers["X-Content-Type-Options"] == "nosniff"
        framing = "'none'" if path == "/admin" else "'self'"
        assert f"frame-ancestors {framing}" in headers["Content-Security-Policy"]
        assert "'unsafe-inline'" not in headers["Content-Security-Policy"].split("; ")[1]
    fingerprinted = http_get(f"{workers.url}/assets/javascripts/{asset}").headers
    assert fingerprinted["Cache-Control"] == "public, max-age=31536000, immutable"


def test_the_policy_allows_exactly_the_sites_own_inline_scripts(
    workers: Server, built: Built
) -> None:
    policy = http_get(f"{workers.url}/").headers["Content-Security-Policy"]
    script_src = next(p for p in policy.split("; ") if p.startswith("script-src"))
    allowed = set(re.findall(r"'sha256-([^']+)'", script_src))
    assert allowed == set(inline_script_hashes(built.site))
    assert 3 <= len(allowed) <= 20  # Material's few small scripts, not one per page


def test_oversized_and_malformed_requests_are_refused_plainly(workers: Server) -> None:
    huge = "x" * (2 * 1024 * 1024)
    reply = http_post(
        f"{workers.url}/api/feedback", {"page": GUIDE, "helpful": True, "comment": huge}
    )
    assert reply.status == 413
    assert "too large" in json.loads(reply.body)["error"]
    long_query = http_get(f"{workers.url}/api/search?q={'a' * 20000}")
    assert long_query.status in (400, 414) and "Traceback" not in long_query.text


def test_a_single_process_waitress_server_has_the_same_headers_and_metrics(
    built: Built, tmp_path: Path
) -> None:
    server = start_server(built.site, {"KB_ACCESS_LOG": "off"}, var_dir=tmp_path / "var")
    try:
        reply = http_get(f"{server.url}/")
        assert reply.headers["Server"] == "plainhelp"
        assert reply.headers["Content-Security-Policy"].startswith("default-src 'self'")
        assert http_get(f"{server.url}/api/search?q=vpn").status in (200, 503)
        found = samples(server)
        assert any(name == "plainhelp_http_requests_total" for name, _ in found)
        assert not [line for line in server.output().splitlines() if line.startswith("{")]
    finally:
        stop_server(server)


def vote(server: Server, agent: str = "same-reader") -> int:
    body = {"page": GUIDE, "helpful": True}
    return http_post(f"{server.url}/api/feedback", body, {"User-Agent": agent}).status


def two_portals(built: Built, tmp_path: Path, storage: str) -> list[Server]:
    """Two separate portal processes sharing one store, as two machines behind a balancer."""
    env = {
        "KB_DATABASE_URL": f"sqlite:///{tmp_path / 'shared.sqlite3'}",
        "KB_FEEDBACK_PER_MINUTE": "4",
        "KB_RATELIMIT_STORAGE": storage,
    }
    return [start_server(built.site, env, var_dir=built.var) for _ in range(2)]


def test_redis_shares_one_limit_between_portals(built: Built, tmp_path: Path, redis_server) -> None:
    portals = two_portals(built, tmp_path, redis_server.url)
    try:
        answers = [vote(portals[n % 2]) for n in range(8)]
        assert answers == [201, 201, 201, 201, 429, 429, 429, 429]
        assert vote(portals[0], agent="someone-else") == 201
    finally:
        for server in portals:
            stop_server(server)


def test_in_memory_each_portal_counts_alone(built: Built, tmp_path: Path) -> None:
    portals = two_portals(built, tmp_path, "memory://")
    try:
        answers = [vote(portals[n % 2]) for n in range(10)]
        assert answers == [201] * 8 + [429, 429]
    finally:
        for server in portals:
            stop_server(server)


def test_votes_still_work_when_redis_is_down(built: Built, tmp_path: Path, redis_server) -> None:
    database = tmp_path / "store.sqlite3"
    env = {
        "KB_DATABASE_URL": f"sqlite:///{database}",
        "KB_FEEDBACK_PER_MINUTE": "4",
        "KB_RATELIMIT_STORAGE": redis_server.url,
    }
    server = start_server(built.site, env, var_dir=built.var)
    try:
        assert vote(server, agent="before") == 201
        redis_server.stop()
        assert [vote(server, agent=f"during-{n}") for n in range(3)] == [201, 201, 201]
        assert "rate limit store cannot be reached" in server.output()
    finally:
        stop_server(server)
        redis_server.start()
    connection = sqlite3.connect(database)
    try:
        assert connection.execute("SELECT COUNT(*) FROM feedback").fetchone()[0] == 4
    finally:
        connection.close()


def test_two_portals_on_one_postgresql_act_as_one_help_center(
    built: Built,
    postgres_url: str,
) -> None:
    """Two machines behind a balancer: one visitor key, one answer per day, one report."""
    env = {"KB_DATABASE_URL": postgres_url, "KB_WORKERS": "2"}
    first, second = (start_server(built.site, env, var_dir=built.var) for _ in range(2))
    try:
        body = {"page": GUIDE, "helpful": True}
        agent = {"User-Agent": "one-reader"}
        assert http_post(f"{first.url}/api/feedback", body, agent).status == 201
        changed = http_post(
            f"{second.url}/api/feedback", {**body, "helpful": False, "reason": "out-of-date"}, agent
        )
        assert changed.status == 201 and json.loads(changed.body)["replaced"] is True
        search = json.loads(http_get(f"{second.url}/api/search?q=printer+offline").body)
        click = {"search": search["search_id"], "position": 1, "page": GUIDE}
        # The search is written just after its answer is sent: ask until it is there.
        wait_for(
            lambda: http_post(f"{first.url}/api/click", click, agent).status == 204,
            what="the click on the other portal",
        )
    finally:
        stop_server(first)
        stop_server(second)
    from portal.store.database import Store

    store = Store(postgres_url)
    with store.begin() as connection:
        answers = connection.exec_driver_sql("SELECT helpful, reason FROM feedback").all()
        clicks = connection.exec_driver_sql("SELECT COUNT(*) FROM clicks").scalar()
    store.dispose()
    assert [tuple(row) for row in answers] == [(False, "out-of-date")] and clicks == 1
