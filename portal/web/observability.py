"""Every answer is counted for `/metrics` and written as one JSON line to the access log.

The log has no addresses, no browser names and no query strings: a search is someone's own
words, and the search log keeps those only after screening them. What a client chooses is
bounded: the method is a known one or "other", the path is cut (portal/web/log_text.py).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import sys
import time

from flask import Blueprint, Flask, Response, g, request

from portal.web import metrics
from portal.web.log_text import loggable

ACCESS_LOG = "plainhelp.access"

observability = Blueprint("observability", __name__)


@observability.get("/metrics")
def metrics_page() -> Response:
    """Prometheus's text format; counters only, nothing about any one person."""
    body, content_type = metrics.exposition()
    return Response(body, content_type=content_type, headers={"Cache-Control": "no-store"})


def install(app: Flask, access_log: bool) -> None:
    """Time every request; count it; log it when the access log is on."""
    logger = _access_logger() if access_log else None

    @app.before_request
    def start_clock() -> None:
        g.kb_started = time.perf_counter()
        g.kb_endpoint = request.url_rule.endpoint if request.url_rule else "unmatched"
        metrics.request_started(g.kb_endpoint)

    @app.teardown_request
    def done(error: BaseException | None) -> None:
        endpoint = g.pop("kb_endpoint", None)
        if endpoint is not None:
            metrics.request_ended(endpoint)

    @app.after_request
    def count_and_log(response: Response) -> Response:
        started = g.get("kb_started")
        if started is None:
            return response
        seconds = time.perf_counter() - started
        endpoint = g.get("kb_endpoint", "unmatched")
        metrics.count_request(endpoint, request.method, response.status_code, seconds)
        method = metrics.method_label(request.method)
        if logger is not None:
            logger.info(
                json.dumps(
                    {
                        "time": dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds"),
                        "method": method,
                        "path": loggable(request.path),
                        "status": response.status_code,
                        "ms": round(seconds * 1000, 2),
                        # A stream is never read whole to be measured: a file says its
                        # length in its header, the preview's events have none.
                        "bytes": response.content_length
                        if response.is_streamed
                        else response.calculate_content_length(),
                        "endpoint": endpoint,
                        "pid": os.getpid(),
                    },
                    ensure_ascii=False,
                )
            )
        return response


def _access_logger() -> logging.Logger:
    logger = logging.getLogger(ACCESS_LOG)
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
    return logger
