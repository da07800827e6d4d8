"""docs/openapi.yaml against the app over the real built site, in-process: every `/api/` route is
described, and the rare answers (429, 503) are made to happen and checked."""

from __future__ import annotations

import json
from pathlib import Path

from flask import Flask

from portal.web.app import create_app
from tests.support.kb import Built
from tests.support.openapi import load_schema

GUIDE = "printing/printer-not-printing"
schema = load_schema()


def _app(tmp_path: Path, built: Built, **overrides: object) -> Flask:
    settings_ = {
        "site_dir": built.site,
        "var_dir": built.var,
        "database_url": f"sqlite:///{tmp_path}/store.sqlite3",
        "status_file": str(tmp_path / "status.txt"),
        "access_log": False,
        **overrides,
    }
    app = create_app(settings_)
    app.testing = False
    return app


def _documented() -> dict[str, set[str]]:
    return {path: {m.upper() for m in item} for path, item in schema.raw_schema["paths"].items()}


def test_every_api_route_is_described_and_every_described_path_exists(
    tmp_path: Path, built: Built
) -> None:
    app = _app(tmp_path, built)
    documented = _documented()
    api_rules = {rule.rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/")}
    assert api_rules, "the portal has no /api/ routes?"
    assert api_rules <= set(documented), f"not in docs/openapi.yaml: {api_rules - set(documented)}"
    adapter = app.url_map.bind("localhost")
    for path, methods in documented.items():
        for method in methods:
            endpoint, _ = adapter.match(path, method=method)
            assert not endpoint.startswith("site."), f"{method} {path} is not a route"
    # A method the description leaves out is refused with 405 and the methods that work.
    client = app.test_client()
    for rule in app.url_map.iter_rules():
        if rule.rule in documented:
            for method in (rule.methods or set()) - documented[rule.rule] - {"HEAD", "OPTIONS"}:
                answer = client.open(rule.rule, method=method)
                assert answer.status_code == 405, f"{method} {rule.rule}"
                assert "POST" in answer.headers["Allow"]


def test_rate_limits_and_outages_answer_as_described(tmp_path: Path, built: Built) -> None:
    """429 and 503 rarely happen during a run, so each is made to happen here and checked."""
    operation = schema["/api/feedback"]["POST"]
    vote = {"page": GUIDE, "helpful": True}
    client = _app(tmp_path, built, feedback_per_minute=1).test_client()
    assert client.post("/api/feedback", json=vote).status_code == 201
    too_many = client.post("/api/feedback", json=vote)
    assert too_many.status_code == 429
    operation.validate_response(too_many)

    down = "postgresql://nobody:secret@127.0.0.1:9/none?connect_timeout=1"
    store_down = _app(tmp_path, built, database_url=down).test_client()
    answer = store_down.post("/api/feedback", json=vote)
    assert answer.status_code == 503 and int(answer.headers["Retry-After"]) >= 1
    operation.validate_response(answer)
    status = store_down.get("/api/status")
    assert status.status_code == 200
    schema["/api/status"]["GET"].validate_response(status)

    (tmp_path / "empty").mkdir()
    no_index = _app(tmp_path, built, var_dir=tmp_path / "empty").test_client()
    for path in ("/api/search", "/api/suggest"):
        answer = no_index.get(path, query_string={"q": "printer"})
        assert answer.status_code == 503
        schema[path]["GET"].validate_response(answer)

    no_site = _app(tmp_path, built, site_dir=tmp_path / "empty").test_client()
    health = no_site.get("/healthz")
    assert health.status_code == 503 and json.loads(health.data)["status"] == "unavailable"
    schema["/healthz"]["GET"].validate_response(health)
