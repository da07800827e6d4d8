"""Hypothesis properties: no input makes search, suggestions, feedback or privacy screening
fail on our side. Each target checks about `inputs` inputs and says how many really ran.

Each hypothesis example checks a batch of independently drawn inputs: hypothesis's own
bookkeeping per example costs more than most checks, and a failing input is named in the
error. The same targets run small in the suite (tests/content/test_fuzz_properties.py) and
large in `make fuzz`.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import quote_from_bytes

import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from portal.guides.vocabulary import COMMENT_CHARS, REASON_LABELS
from portal.readers.feedback import FeedbackError, guide_path, parse_answer
from portal.readers.identity import visitor_for
from portal.readers.privacy import REMOVED, scrub
from portal.readers.search_log import normalize_query
from portal.store.schema import QUERY_CHARS
from portal.web.app import create_app
from search import MAX_LIMIT, MAX_QUERY_CHARS, Engine, current_index

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "docs" / "openapi.yaml"
# Characters that have broken text handling elsewhere: controls, separators, joiners,
# case changes that grow a string ("İ", "ß", "ﬃ"), combining marks, the BOM, U+FFFD.
TRICKY = (
    "\x00\t\n\r\x0b\x0c\x1b\x7f\x85\xa0\xad\u0301\u0345\u0130\u0131\xdf\ufb03\u01c5"
    "\u200b\u200d\u200e\u2028\u2029\u202e\u2060\ufeff\ufffd\U0001f5a8\U0001d52d\u0663"
    "\"'`*~:()[]{}<>&%+#?=/\\-_.,;!@^|$0123456789 "
)
CHARACTERS = (
    st.characters()
    | st.characters(categories=["Cs"])  # lone surrogates: `kb search` can get them from argv
    | st.sampled_from(TRICKY)
)
# Long text is cheap to make by repeating a short piece, and repeats are what slow regexes.
LONG_TEXT = st.tuples(st.text(CHARACTERS, min_size=1, max_size=12), st.integers(10, 400)).map(
    lambda t: (t[0] * t[1])[:4000]
)
WILD_TEXT = st.text(CHARACTERS, max_size=40) | st.text(CHARACTERS, max_size=300) | LONG_TEXT
_SYNTAX = "AND OR NOT can't won't don't \" * ~ title:( -printer +email ? 's"
QUERY_SYNTAX = _SYNTAX.split()
GUIDE_FORMS = ("{}", "/{}/", "{}/", "/{}/index.html", "{}.md", "http://help.example/{}/#steps")
JSON_SCALARS = (
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(CHARACTERS, max_size=40)
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=10,
)
CONTENT_TYPES = (
    "application/json",
    "application/json; charset=utf-8",
    "text/plain",
    "text/plain;charset=UTF-8",
    "",
    "multipart/form-data",
    "application/x-www-form-urlencoded",
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def as_http(text: str) -> str:
    """What a server can receive: UTF-8 on the wire, so a lone surrogate arrives as U+FFFD."""
    return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


@dataclass
class Place:
    """A built site and index, and a scratch folder for stores."""

    site: Path
    var: Path
    scratch: Path


@dataclass
class Outcome:
    """How many inputs a target checked, and anything worth printing (never asserted)."""

    count: int = 0
    notes: list[str] = field(default_factory=list)


class Fuzz:
    """What the targets share, opened on first use: the engine, the real app, the schema."""

    def __init__(self, place: Place) -> None:
        self.place = place

    @cached_property
    def engine(self) -> Engine:
        folder = current_index(self.place.var)
        assert folder is not None, f"no search index in {self.place.var}"
        return Engine(folder)

    @cached_property
    def client(self):
        """The portal as `kb serve` runs it, with errors going through the real handlers."""
        self.place.scratch.mkdir(parents=True, exist_ok=True)
        app = create_app(
            {
                "site_dir": self.place.site,
                "var_dir": self.place.var,
                "database_url": f"sqlite:///{self.place.scratch}/fuzz-{time.time_ns()}.sqlite3",
                "feedback_per_minute": 1_000_000,
                "feedback_per_address_per_hour": 1_000_000,
                "access_log": False,
                "log_level": "error",
                "status_file": str(self.place.scratch / "status.txt"),
            }
        )
        app.testing = False
        return app.test_client()

    @cached_property
    def schema(self):
        return schemathesis.openapi.from_path(SPEC)

    @cached_property
    def guides(self) -> list[str]:
        return sorted(self.engine.by_path)

    def search_id(self) -> str:
        """A real search's id, for clicks that can be counted."""
        response = self.client.get("/api/search", query_string={"q": "printer"})
        token = response.get_json()["search_id"]
        response.close()  # the search is written to the store when the answer is closed
        return token


def run_property(
    strategy: st.SearchStrategy[Any],
    check: Callable[[Any], None],
    inputs: int,
    batch: int,
    regressions: Iterable[Any] = (),
) -> int:
    """Check `regressions` (inputs that once failed), then about `inputs` drawn ones."""
    count = 0

    def one(item: Any) -> None:
        nonlocal count
        count += 1
        try:
            check(item)
        except Exception as error:
            error.add_note(f"The failing input: {item!r:.800}")
            raise

    for item in regressions:
        one(item)

    @settings(
        max_examples=max(1, -(-inputs // batch)),
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        phases=(Phase.generate, Phase.shrink),
    )
    @given(st.lists(strategy, min_size=batch, max_size=batch))
    def run(items: list[Any]) -> None:
        for item in items:
            one(item)

    run()
    return count


def _queries(fuzz: Fuzz) -> st.SearchStrategy[str]:
    """Real words, typos of them, query syntax, and any text at all."""
    word = st.sampled_from(fuzz.engine.speller.sorted_words)
    typo = st.tuples(word, st.integers(0, 12), st.sampled_from("aeiorstnx ")).map(
        lambda t: t[0][: t[1]] + t[2] + t[0][t[1] + 1 :]
    )
    words = st.lists(word | typo | st.sampled_from(QUERY_SYNTAX), max_size=14).map(" ".join)
    return words | WILD_TEXT | st.tuples(words, WILD_TEXT).map("".join)


def search_engine(fuzz: Fuzz, inputs: int) -> Outcome:
    """`Engine.search` and `suggest` answer any text sensibly; `kb search` sends it raw."""
    engine = fuzz.engine
    sections = sorted({guide["section"] for guide in engine.guides})
    slowest = (0.0, "")

    def check(item: tuple[str, bool, int, str | None]) -> None:
        nonlocal slowest
        text, over_http, limit, section = item
        query = as_http(text) if over_http else text
        started = time.perf_counter()
        response = engine.search(query, limit=limit, section=section)
        wanted = max(1, min(limit, MAX_LIMIT))
        suggestions = engine.suggest(query, limit=wanted)
        took = time.perf_counter() - started
        if took > slowest[0]:
            slowest = (took, query)
        assert len(response.results) <= wanted
        assert len(response.query) <= MAX_QUERY_CHARS
        assert response.total >= len(response.results)
        assert not (response.featured and response.results)
        for hit in response.results:
            assert hit.path in engine.by_path and hit.url.startswith("/")
            assert section is None or hit.section == section
        json.dumps(response.as_dict())
        assert len(suggestions) <= wanted
        assert all(s["path"] in engine.by_path for s in suggestions)
        assert len(normalize_query(query)) <= QUERY_CHARS

    strategy = st.tuples(
        _queries(fuzz),
        st.booleans(),
        st.integers(-3, MAX_LIMIT + 20),
        st.none() | st.sampled_from(sections) | st.text(max_size=12),
    )
    regressions = [("a" * 3000, True, 10, None), ("\ud800pritner", False, 10, None)]
    count = run_property(strategy, check, inputs, batch=10, regressions=regressions)

    def slowest_again() -> float:
        fresh = Engine(engine.folder)  # the engine keeps recent answers: start without them
        started = time.perf_counter()
        fresh.search(slowest[1])
        fresh.suggest(slowest[1])
        return time.perf_counter() - started

    # A busy machine makes any one search slow now and then: run the slowest again to tell.
    again = min(slowest_again() for _ in range(3))
    note = (
        f"slowest search and suggest: {slowest[0] * 1000:.0f} ms "
        f"({again * 1000:.1f} ms when run again), for {slowest[1]!r:.40}"
    )
    return Outcome(count, [note])


def _query_strings(fuzz: Fuzz) -> st.SearchStrategy[str]:
    """Query strings as a browser or a script could send them, broken encodings included."""
    names = st.sampled_from(["q", "query", "limit", "section", "source", "format", "x", ""])
    values = (
        _queries(fuzz).map(lambda text: as_http(text).encode("utf-8"))
        | st.binary(max_size=60)
        | st.sampled_from([b"opensearch", b"site", b"printing", b"0", b"51", b"-1", b"\xc2\xb2"])
        | st.integers(-(10**30), 10**30).map(lambda n: str(n).encode())
    )
    pair = st.tuples(names, values).map(
        lambda p: f"{p[0]}={quote_from_bytes(p[1], safe='')}"
    ) | st.sampled_from(["%", "%zz", "%ff", "q=%ED%A0%80", "&", "=", "q", "limit=", "q=+"])
    return st.lists(pair, max_size=6).map("&".join)


def search_http(fuzz: Fuzz, inputs: int) -> Outcome:
    """`/api/search`, `/api/suggest` and `/search` answer as documented, whatever is asked."""
    client, schema = fuzz.client, fuzz.schema

    def check(item: tuple[str, str]) -> None:
        path, query_string = item
        response = client.get(path, query_string=query_string)
        try:
            if path == "/search":
                assert response.status_code == 200, response.status_code
                assert response.mimetype == "text/html"
            else:
                assert response.status_code in (200, 400), response.get_data()
                schema[path]["GET"].validate_response(response)
        finally:
            response.close()

    strategy = st.tuples(
        st.sampled_from(["/api/search", "/api/suggest", "/search"]), _query_strings(fuzz)
    )
    regressions = [  # each was a 500 before `make fuzz` found it
        ("/api/search", "q=printer&limit=%C2%B2"),
        ("/api/suggest", "q=pri&limit=" + "9" * 5000),
        ("/search", "q=printer&limit=%C2%B2"),
    ]
    return Outcome(run_property(strategy, check, inputs, batch=4, regressions=regressions))


def _guides(fuzz: Fuzz) -> st.SearchStrategy[str]:
    """A real guide, named in any of the ways the site and readers name it."""
    return st.tuples(st.sampled_from(GUIDE_FORMS), st.sampled_from(fuzz.guides)).map(
        lambda t: t[0].format(t[1])
    )


def _answers(fuzz: Fuzz) -> st.SearchStrategy[dict[str, Any]]:
    """Good answers, and answers that look right with any field possibly wrong."""
    guide = _guides(fuzz)
    page = guide | st.sampled_from(["", " ", "..", "../etc/passwd", "index", "/", "x" * 400])
    comment = st.text(CHARACTERS, max_size=COMMENT_CHARS + 10) | LONG_TEXT
    good = st.fixed_dictionaries(
        {"page": guide, "helpful": st.booleans()}, optional={"comment": WILD_TEXT}
    ) | st.fixed_dictionaries(
        {"page": guide, "helpful": st.just(False), "reason": st.sampled_from(list(REASON_LABELS))}
    )
    return good | st.fixed_dictionaries(
        {},
        optional={
            "page": page | JSON_VALUES,
            "helpful": st.booleans() | JSON_VALUES,
            "reason": st.sampled_from(list(REASON_LABELS)) | JSON_VALUES,
            "comment": comment | JSON_VALUES,
            "extra": JSON_VALUES,
        },
    )


def feedback_validation(fuzz: Fuzz, inputs: int) -> Outcome:
    """`parse_answer` either returns a clean answer or refuses with a plain sentence."""
    guides = set(fuzz.guides)

    def check(item: tuple[Any, str]) -> None:
        payload, page = item
        assert isinstance(guide_path(page), str)
        try:
            answer = parse_answer(payload, guides.__contains__)
        except FeedbackError as error:
            assert error.status in (400, 413)
            assert str(error).endswith("."), str(error)
            return
        assert answer.guide in guides
        assert isinstance(answer.helpful, bool)
        assert answer.reason is None or (answer.reason in REASON_LABELS and not answer.helpful)
        if answer.comment is not None:
            assert 0 < len(answer.comment) <= COMMENT_CHARS
            assert not _CONTROL.search(answer.comment)

    real = fuzz.guides[0]
    regressions = [  # a reason that is an object or a list was a 500
        ({"page": real, "helpful": False, "reason": {}}, ""),
        ({"page": real, "helpful": False, "reason": []}, ""),
    ]
    strategy = st.tuples(_answers(fuzz) | JSON_VALUES, WILD_TEXT)
    return Outcome(run_property(strategy, check, inputs, batch=10, regressions=regressions))


def _bodies(fuzz: Fuzz, token: str) -> st.SearchStrategy[bytes]:
    good = st.fixed_dictionaries(
        {"search": st.just(token), "position": st.integers(1, 100), "page": _guides(fuzz)}
    )
    click = good | st.fixed_dictionaries(
        {},
        optional={
            "search": st.sampled_from([token, "", "x" * 33]) | JSON_VALUES,
            "position": st.integers(-2, 102) | JSON_VALUES,
            "page": st.sampled_from(fuzz.guides) | JSON_VALUES,
        },
    )
    as_json = (_answers(fuzz) | click | JSON_VALUES).map(
        lambda value: json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass")
    )
    large = st.tuples(st.integers(16_000, 70_000), st.binary(min_size=1, max_size=8)).map(
        lambda t: (t[1] * t[0])[: t[0]]  # over the 16 KB body limit and the 64 KB request limit
    )
    return as_json | st.binary(max_size=400) | large


def feedback_http(fuzz: Fuzz, inputs: int) -> Outcome:
    """`POST /api/feedback` and `/api/click` answer as documented, whatever is sent."""
    client, schema = fuzz.client, fuzz.schema
    statuses: dict[int, int] = {}

    def check(item: tuple[str, bytes, str]) -> None:
        path, body, content_type = item
        response = client.post(path, data=body, content_type=content_type)
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        try:
            assert response.status_code in (201, 204, 400, 413, 415), response.get_data()
            schema[path]["POST"].validate_response(response)
        finally:
            response.close()

    strategy = st.tuples(
        st.sampled_from(["/api/feedback", "/api/click"]),
        _bodies(fuzz, fuzz.search_id()),
        st.sampled_from(CONTENT_TYPES),
    )
    reason = json.dumps({"page": fuzz.guides[0], "helpful": False, "reason": {}}).encode()
    regressions = [("/api/feedback", reason, "application/json")]
    count = run_property(strategy, check, inputs, batch=4, regressions=regressions)
    answers = ", ".join(f"{status}: {n}" for status, n in sorted(statuses.items()))
    return Outcome(count, [f"answers by status: {answers}"])


def _with_check_digit(digits: str) -> str:
    """`digits` and the check digit that makes them a valid card number (Luhn)."""
    for last in "0123456789":
        number = digits + last
        total = 0
        for position, char in enumerate(reversed(number)):
            value = int(char) * (2 if position % 2 else 1)
            total += value - 9 if value > 9 else value
        if total % 10 == 0:
            return number
    raise AssertionError("one of ten check digits always fits")


def _grouped(number: str, separator: str) -> str:
    return re.sub(r"(\d{4})(?=\d)", rf"\g<1>{separator}", number) if separator else number


CARDS = st.builds(
    _grouped,
    st.text("0123456789", min_size=12, max_size=18).map(_with_check_digit),
    st.sampled_from(["", " ", "-"]),
)
EMAILS = st.from_regex(
    r"[a-z][a-z0-9._+-]{0,15}@[a-z][a-z0-9-]{0,10}(\.[a-z]{2,6}){1,2}", fullmatch=True
)


def privacy(fuzz: Fuzz, inputs: int) -> Outcome:
    """Screening never fails, and an e-mail address or card number in any text is removed."""

    def check(item: tuple[str, str | None, int, bytes, str]) -> None:
        text, secret, where, salt, agent = item
        screened = scrub(f"{text[:where]} {secret} {text[where:]}" if secret else text)
        assert isinstance(screened, str)
        if secret:  # gone, unless the text around it has the same characters
            assert screened.count(secret) <= text.count(secret), screened
            assert REMOVED in screened
        assert re.fullmatch(r"[0-9a-f]{48}", visitor_for(salt, text[:40], agent, text[-70:]).key)

    strategy = st.tuples(
        WILD_TEXT | st.text("0123456789 -.()+", max_size=400),
        st.none() | EMAILS | CARDS,
        st.integers(0, 4000),
        st.binary(min_size=1, max_size=40),
        st.text(CHARACTERS, max_size=200),
    )
    regressions = [  # card numbers beside another number were kept
        ("card 1", "4111 1111 1111 1111", 6, b"s", ""),
        ("ids 12", "4111111111111111", 6, b"s", ""),
    ]
    return Outcome(run_property(strategy, check, inputs, batch=10, regressions=regressions))


TARGETS: dict[str, Callable[[Fuzz, int], Outcome]] = {
    "search engine: query parsing, search, suggest": search_engine,
    "search over HTTP: /api/search, /api/suggest, /search": search_http,
    "feedback validation: parse_answer": feedback_validation,
    "feedback over HTTP: /api/feedback, /api/click": feedback_http,
    "privacy screening: scrub, visitor keys": privacy,
}
