"""Prometheus counters for `/metrics`: requests, latency, searches without results, feedback.

Under gunicorn, `kb serve` points PROMETHEUS_MULTIPROC_DIR at a folder before this is first
imported, so every worker writes its counts there and `/metrics` shows their sum.

Every label takes values from a fixed set: each value is a series kept for the life of the
process, so a label a client could choose (any method name) would let requests grow /metrics
without end.
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Callable
from http import HTTPStatus
from typing import ParamSpec

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

P = ParamSpec("P")

# HTTP's methods (RFC 9110 and PATCH); any other name a client makes up is counted as "other".
METHODS = frozenset(
    {"GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"}
)
OTHER = "other"
_STATUSES = frozenset(status.value for status in HTTPStatus)

# Search answers in a few milliseconds; pages and votes in tens. Buckets around both.
LATENCY_BUCKETS = (0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)

REQUESTS = Counter(
    "plainhelp_http_requests_total",
    "HTTP requests answered, by route, method and status code.",
    ["endpoint", "method", "status"],
)
LATENCY = Histogram(
    "plainhelp_http_request_duration_seconds",
    "Time to build each answer, by route.",
    ["endpoint"],
    buckets=LATENCY_BUCKETS,
)
IN_PROGRESS = Gauge(
    "plainhelp_http_requests_in_progress",
    "Requests being answered now, by route (summed over live workers).",
    ["endpoint"],
    multiprocess_mode="livesum",
)
SEARCHES = Counter(
    "plainhelp_searches_total", "Searches answered, by where they came from.", ["source"]
)
ZERO_RESULTS = Counter(
    "plainhelp_search_zero_results_total",
    "Searches that found no guide, by where they came from.",
    ["source"],
)
FEEDBACK = Counter(
    "plainhelp_feedback_total", 'Answers to "Was this helpful?" stored, by answer.', ["helpful"]
)
CLICKS = Counter("plainhelp_search_clicks_total", "Search results opened.")


def method_label(method: str) -> str:
    """The request's method as a label: one of METHODS, else "other"."""
    return method if method in METHODS else OTHER


def status_label(code: int) -> str:
    """A status code as a label: a code HTTP defines, else its class ("5xx"), else "other"."""
    if code in _STATUSES:
        return str(code)
    return f"{code // 100}xx" if 100 <= code <= 599 else OTHER


def _never_fails(update: Callable[P, None]) -> Callable[P, None]:
    """A counter file that cannot be written (its folder emptied by a cleaner, a full disk) costs
    the count, never the answer: a vote already stored must not be told it failed."""

    @functools.wraps(update)
    def guarded(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            update(*args, **kwargs)
        except OSError as error:
            logging.getLogger(__name__).warning(
                "A request metric could not be written (%s).", error.strerror or error
            )

    return guarded


@_never_fails
def request_started(endpoint: str) -> None:
    IN_PROGRESS.labels(endpoint).inc()


@_never_fails
def request_ended(endpoint: str) -> None:
    IN_PROGRESS.labels(endpoint).dec()


@_never_fails
def count_request(endpoint: str, method: str, status: int, seconds: float) -> None:
    REQUESTS.labels(endpoint, method_label(method), status_label(status)).inc()
    LATENCY.labels(endpoint).observe(seconds)


@_never_fails
def count_search(source: str, results: int) -> None:
    SEARCHES.labels(source).inc()
    if results == 0:
        ZERO_RESULTS.labels(source).inc()


@_never_fails
def count_feedback(helpful: bool) -> None:
    FEEDBACK.labels("yes" if helpful else "no").inc()


@_never_fails
def count_click() -> None:
    CLICKS.inc()


def exposition() -> tuple[bytes, str]:
    """The text Prometheus scrapes: this process's counts, or every worker's summed."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
