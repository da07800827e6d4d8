"""The dashboard's login: a hashed password, a rate limit, CSRF tokens and a short session.

Only wrong passwords count toward the login limit: a writer who logs in many times (a new
browser, a shared computer) is never made to wait, while guessing still is.

The session is Flask's signed cookie, kept to /admin. It holds no report data, only who is
logged in since when, so a stolen cookie is the only thing worth protecting: it is HttpOnly,
SameSite=Lax, Secure behind https, ends after SESSION_HOURS and when the password changes.
Logins are logged without the address they came from (docs/privacy.md): a wrong password
is logged with how many there were in the last minute, which is what shows brute forcing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import logging
import secrets
import threading
import time
from collections import deque
from enum import Enum

from flask import Flask, current_app, has_app_context, has_request_context, request, session
from flask.sessions import SecureCookieSessionInterface
from limits.storage import Storage
from werkzeug.security import check_password_hash, generate_password_hash

from portal.readers.ratelimit import RateLimiter
from portal.store.database import Store, StoreUnavailable
from portal.words import plural

SESSION_HOURS = 8
LOGIN_ATTEMPTS_PER_MINUTE = 5
MAX_PASSWORD_CHARS = 1024
COOKIE_NAME = "kb_admin"
COOKIE_PATH = "/admin"
# Wrong passwords remembered for the count in the log (a minute's worth, at most this many).
COUNTED_FAILURES = 10_000

log = logging.getLogger("portal.web.admin_auth")


def _logger() -> logging.Logger:
    """The app's logger (its handler and format) while serving, else this module's."""
    return current_app.logger if has_app_context() else log


class LoginLimiter(RateLimiter):
    """The login limit, counting wrong passwords only (a right one never uses up a try)."""

    def may_try(self, key: str) -> bool:
        """Whether `key` is under the limit now, without counting anything."""
        return self._ask(lambda: self._strategy.test(self._item, key))

    def count_failure(self, key: str) -> None:
        """One wrong password from `key`, counted toward the limit."""
        self._ask(lambda: self._strategy.hit(self._item, key))


class Login(Enum):
    """What a login attempt came to."""

    RIGHT = "right"
    WRONG = "wrong"
    WAIT = "wait"  # too many wrong passwords from this address in the last minute


class AdminSessionInterface(SecureCookieSessionInterface):
    """Flask's signed cookie, marked Secure whenever the request came over https."""

    def get_cookie_secure(self, app: Flask) -> bool:
        configured = bool(app.config["SESSION_COOKIE_SECURE"])
        return configured or (has_request_context() and request.is_secure)


class AdminAuth:
    """Made once at start: the password is kept only as a salted scrypt hash."""

    def __init__(
        self,
        password: str,
        secret_key: str | bytes,
        storage: Storage | None = None,
        store: Store | None = None,
    ) -> None:
        self._hash = generate_password_hash(password)
        key = secret_key.encode() if isinstance(secret_key, str) else secret_key
        # A keyed digest of the password, kept in the session: a new password ends old logins.
        self._fingerprint = hmac.new(
            key, b"kb-admin-password:" + password.encode(), hashlib.sha256
        ).hexdigest()[:32]
        self.limiter = LoginLimiter(LOGIN_ATTEMPTS_PER_MINUTE, 60, name="login", storage=storage)
        self._ended: dict[str, float] = {}  # session id -> when it would have expired
        self._store = store  # shares ended sessions with every other worker and machine
        self._lock = threading.Lock()
        # One password check at a time in this process, so parallel guesses cannot all pass
        # the limit before the first of them is counted.
        self._checking = threading.Lock()
        self._failures: deque[float] = deque(maxlen=COUNTED_FAILURES)

    def attempt(self, address: str, given: str) -> Login:
        """Check a password from `address` under the limit; only a wrong one is counted."""
        with self._checking:
            if not self.limiter.may_try(address):
                return Login.WAIT
            if self.password_ok(given):
                return Login.RIGHT
            self.limiter.count_failure(address)
            return Login.WRONG

    def password_ok(self, given: str) -> bool:
        """Compare through the hash (constant time); absurdly long input is wrong.

        A wrong password is logged with the count of the last minute, never where it came from.
        """
        right = bool(given) and len(given) <= MAX_PASSWORD_CHARS
        right = right and check_password_hash(self._hash, given)
        if not right:
            _logger().warning(
                "dashboard: a wrong password (%s in the last minute)",
                plural(self._count_failure(), "wrong password"),
            )
        return right

    def _count_failure(self) -> int:
        """Remember one wrong password; how many there were in the last minute, at most
        COUNTED_FAILURES (so a flood of attempts cannot grow memory)."""
        now = time.monotonic()
        with self._lock:
            self._failures.append(now)
            while self._failures and self._failures[0] < now - 60:
                self._failures.popleft()
            return len(self._failures)

    def log_in(self) -> None:
        """A fresh session (new id and token), so a planted cookie cannot ride along."""
        session.clear()
        session.permanent = True
        session["sid"] = secrets.token_urlsafe(18)
        session["since"] = int(time.time())
        session["pw"] = self._fingerprint
        session["csrf"] = secrets.token_urlsafe(32)
        _logger().info("dashboard: a writer logged in")

    def logged_in(self) -> bool:
        sid = session.get("sid")
        since = session.get("since")
        if not isinstance(sid, str) or not isinstance(since, int):
            return False
        if not hmac.compare_digest(str(session.get("pw", "")), self._fingerprint):
            return False
        if time.time() - since > SESSION_HOURS * 3600:
            return False
        with self._lock:
            if sid in self._ended:
                return False
        # A store that cannot be reached raises StoreUnavailable: the dashboard says so (503),
        # rather than trusting a cookie it cannot check or sending the writer to log in again.
        return self._store is None or not self._store.session_ended(sid)

    def log_out(self) -> None:
        """End the session here too, so a copy of the cookie stops working in this process."""
        sid = session.get("sid")
        if isinstance(sid, str):
            now = time.time()
            with self._lock:
                self._ended = {k: v for k, v in self._ended.items() if v > now}
                self._ended[sid] = now + SESSION_HOURS * 3600
            if self._store is not None:
                until = dt.datetime.fromtimestamp(now, dt.UTC).replace(tzinfo=None)
                with contextlib.suppress(StoreUnavailable):  # still ended in this process
                    self._store.end_session(sid, until + dt.timedelta(hours=SESSION_HOURS))
        session.clear()


def csrf_token() -> str:
    """This session's token for hidden form fields (made on first use)."""
    token = session.get("csrf")
    if not isinstance(token, str) or not token:
        token = secrets.token_urlsafe(32)
        session["csrf"] = token
    return token


def csrf_ok() -> bool:
    """The form's token matches the session's, compared in constant time."""
    expected = session.get("csrf")
    given = request.form.get("csrf_token", "")
    if not isinstance(expected, str) or not expected or not given:
        return False
    return hmac.compare_digest(expected.encode(), given.encode())


def configure_session(app: Flask) -> None:
    """Cookie settings for the dashboard's session (the only session the portal keeps)."""
    app.session_interface = AdminSessionInterface()
    app.config.update(
        SESSION_COOKIE_NAME=COOKIE_NAME,
        SESSION_COOKIE_PATH=COOKIE_PATH,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=SESSION_HOURS),
    )
