"""Whatever a client sends to the feedback and click endpoints, the answer is a plain 4xx or a
201/204, never a 500, and a refused answer stores nothing (hypothesis generates the input)."""

from __future__ import annotations

import json
import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.guides.vocabulary import COMMENT_CHARS, REASON_LABELS
from portal.web.app import create_app
from tests.support.kb import Built

GUIDE = "printing/printer-not-printing"
REASONS = list(REASON_LABELS)
SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=50)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)
# Answers that look right, with any field possibly wrong: the interesting cases.
ANSWERS = st.fixed_dictionaries(
    {},
    optional={
        "page": st.sampled_from([GUIDE, f"/{GUIDE}/", "x", "", "../etc", "index"]) | SCALARS,
        "helpful": st.booleans() | SCALARS,
        "reason": st.sampled_from(REASONS) | SCALARS,
        "comment": st.text(max_size=COMMENT_CHARS + 100) | SCALARS,
        "extra": SCALARS,
    },
)
BODIES = (
    ANSWERS.map(json.dumps)
    | JSON_VALUES.map(json.dumps)
    | st.binary(max_size=300).map(lambda b: b.decode("latin-1"))
)
CONTENT_TYPES = st.sampled_from(
    ["application/json", "application/json; charset=utf-8", "text/plain", "", "multipart/form-data"]
)


@pytest.fixture(scope="module")
def client(built: Built, tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("fuzz-store")
    app = create_app(
        {
            "site_dir": built.site,
            "var_dir": built.var,
            "database_url": f"sqlite:///{folder}/store.sqlite3",
            "feedback_per_minute": 1_000_000,
            "feedback_per_address_per_hour": 1_000_000,
        }
    )
    app.testing = False  # errors must go through the handlers a real server uses
    client = app.test_client()
    client.database = folder / "store.sqlite3"  # type: ignore[attr-defined]
    return client


def stored(client) -> int:
    with sqlite3.connect(client.database) as connection:
        return connection.execute("SELECT count(*) FROM feedback").fetchone()[0]


@settings(
    max_examples=600, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=BODIES, content_type=CONTENT_TYPES)
def test_feedback_never_fails_on_our_side(client, body: str, content_type: str) -> None:
    before = stored(client)
    reply = client.post("/api/feedback", data=body.encode("utf-8", "surrogatepass"),
                        content_type=content_type)  # fmt: skip
    assert reply.status_code in (201, 400, 413, 415), reply.get_data(as_text=True)
    answer = reply.get_json()
    if reply.status_code == 201:
        assert answer["saved"] is True
    else:
        assert isinstance(answer["error"], str) and answer["error"].endswith(".")
        assert stored(client) == before


@settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=BODIES, content_type=CONTENT_TYPES)
def test_clicks_never_fail_on_our_side(client, body: str, content_type: str) -> None:
    reply = client.post("/api/click", data=body.encode("utf-8", "surrogatepass"),
                        content_type=content_type)  # fmt: skip
    assert reply.status_code in (204, 400, 413, 415), reply.get_data(as_text=True)
