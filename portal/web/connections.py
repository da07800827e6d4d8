"""Waitress's connections, bounded: slow senders cannot fill the server, and its own error
answers (a 431 or a 400 it sends before the app sees the request) carry the security headers.

Waitress's defaults (100 connections, 120 idle seconds) let 120 connections that never finish
their headers lock every reader out for two minutes. Here a request must arrive whole within
REQUEST_ARRIVAL_SECONDS of its first byte, an idle connection closes after IDLE_SECONDS, and
the server accepts up to MAX_CONNECTIONS at once (polled, so past select()'s 1,024 limit).
"""

from __future__ import annotations

import time
from typing import Any

from waitress.channel import HTTPChannel
from waitress.parser import HTTPRequestParser
from waitress.task import ErrorTask

from portal.web.security import error_answer_headers

REQUEST_ARRIVAL_SECONDS = 10
IDLE_SECONDS = 30
MAX_CONNECTIONS = 1000
CHECK_EVERY_SECONDS = 1
# File descriptors kept free for the index, the database, logs and the listening socket.
SPARE_FILES = 64

# Waitress's own refusals, in the portal's words (it answers these before the app runs).
PLAIN_REFUSALS = {
    400: "The request could not be read. Please reload the page and try again.",
    413: "This request is too large.",
    431: "The request's headers are too large. Clearing this site's cookies usually helps.",
    500: "Something went wrong on our side. Please try again in a minute.",
    501: "This kind of request is not supported.",
}


class _TimedParser(HTTPRequestParser):
    """Remembers when the first byte of its request arrived."""

    def __init__(self, adj: Any) -> None:
        super().__init__(adj)
        self.started = time.monotonic()


class _PlainErrorTask(ErrorTask):
    """Waitress's error answer, with a plain sentence and the portal's security headers."""

    def execute(self) -> None:
        error = self.request.error
        body = PLAIN_REFUSALS.get(error.code, PLAIN_REFUSALS[400]).encode("utf-8")
        self.status = f"{error.code} {error.reason}"
        self.response_headers.extend(
            [("Content-Type", "text/plain; charset=utf-8"), *error_answer_headers()]
        )
        self.set_close_on_finish()
        self.content_length = len(body)
        self.write(body)


class BoundedChannel(HTTPChannel):
    """A connection whose requests are timed from their first byte."""

    parser_class = _TimedParser
    error_task_class = _PlainErrorTask


def connection_limit() -> int:
    """MAX_CONNECTIONS, or fewer when the process may not open that many files."""
    try:
        import resource
    except ImportError:  # Windows: no file limit to raise
        return MAX_CONNECTIONS
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = MAX_CONNECTIONS + SPARE_FILES
    if soft != resource.RLIM_INFINITY and soft < wanted:
        raised = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (raised, hard))
            soft = raised
        except (ValueError, OSError):
            pass
    if soft == resource.RLIM_INFINITY:
        return MAX_CONNECTIONS
    return max(16, min(MAX_CONNECTIONS, soft - SPARE_FILES))


def server_options() -> dict[str, Any]:
    """The arguments to waitress's `create_server` that bound connections."""
    return {
        "connection_limit": connection_limit(),
        "channel_timeout": IDLE_SECONDS,
        "cleanup_interval": CHECK_EVERY_SECONDS,
        "asyncore_use_poll": True,
    }


def bound_connections(server: Any) -> None:
    """Give a waitress server the timed channels, and close requests that arrive too slowly."""
    server.channel_class = BoundedChannel
    idle_check = server.maintenance

    def maintenance(now: float) -> None:
        idle_check(now)
        late = time.monotonic() - REQUEST_ARRIVAL_SECONDS
        for channel in list(server.active_channels.values()):
            request = channel.request
            if request is not None and getattr(request, "started", late) < late:
                channel.will_close = True

    server.maintenance = maintenance
