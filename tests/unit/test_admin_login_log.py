"""The dashboard's login logs a wrong password with how many there were in the last minute,
never the address, forwarded address or browser it came from (docs/privacy.md)."""

from __future__ import annotations

import logging

from flask import Flask

from portal.web.admin_auth import COUNTED_FAILURES, AdminAuth

PASSWORD = "correct horse battery staple"


class _Keep(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _app() -> tuple[Flask, _Keep]:
    app = Flask("portal.web.test")
    app.secret_key = "a-test-secret-key-of-some-length"
    keep = _Keep()
    app.logger.addHandler(keep)
    app.logger.setLevel(logging.INFO)
    return app, keep


def test_failed_logins_are_counted_without_the_address() -> None:
    app, keep = _app()
    auth = AdminAuth(PASSWORD, "a-test-secret-key-of-some-length")
    with app.test_request_context(
        "/admin/login?next=query-text",
        method="POST",
        environ_base={"REMOTE_ADDR": "192.0.2.77"},
        headers={"X-Forwarded-For": "198.51.100.99", "User-Agent": "Secret-UA", "Cookie": "t=c00k"},
    ):
        assert not auth.password_ok("wrong")
        assert not auth.password_ok("")
        assert auth.password_ok(PASSWORD)
        auth.log_in()
    assert keep.messages == [
        "dashboard: a wrong password (1 wrong password in the last minute)",
        "dashboard: a wrong password (2 wrong passwords in the last minute)",
        "dashboard: a writer logged in",
    ]
    for trace in ("192.0.2.77", "198.51.100.99", "Secret-UA", "query-text", "c00k"):
        assert not any(trace in message for message in keep.messages)


def test_the_count_of_a_flood_stays_bounded() -> None:
    app, keep = _app()
    auth = AdminAuth(PASSWORD, "a-test-secret-key-of-some-length")
    with app.app_context():
        for _ in range(COUNTED_FAILURES + 5):
            auth._count_failure()
        assert not auth.password_ok("x" * 2000)  # too long: wrong, and not hashed
    assert keep.messages == [
        f"dashboard: a wrong password ({COUNTED_FAILURES:,} wrong passwords in the last minute)"
    ]
