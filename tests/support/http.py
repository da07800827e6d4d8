"""Real HTTP from the tests: plain GET and POST requests that never follow a redirect and return
errors as replies (`Browser`, for a person with cookies, is in tests/support/http_browser.py)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass

from werkzeug.datastructures import Headers


@dataclass
class Reply:
    status: int
    headers: Headers  # case-insensitive, as HTTP header names are
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def http_get(url: str, headers: dict[str, str] | None = None) -> Reply:
    """A real HTTP GET that returns errors as replies instead of raising."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with _opener.open(request, timeout=10) as response:
            return Reply(response.status, Headers(list(response.headers.items())), response.read())
    except urllib.error.HTTPError as error:
        return Reply(error.code, Headers(list(error.headers.items())), error.read())


def http_post(
    url: str,
    body: bytes | str | dict | list | None = None,
    headers: dict[str, str] | None = None,
) -> Reply:
    """A real HTTP POST; a dict or list body is sent as JSON."""
    headers = dict(headers or {})
    if isinstance(body, dict | list):
        body = json.dumps(body)
        headers.setdefault("Content-Type", "application/json")
    data = body.encode("utf-8") if isinstance(body, str) else body
    request = urllib.request.Request(url, data=data or b"", headers=headers, method="POST")
    try:
        with _opener.open(request, timeout=10) as response:
            return Reply(response.status, Headers(list(response.headers.items())), response.read())
    except urllib.error.HTTPError as error:
        return Reply(error.code, Headers(list(error.headers.items())), error.read())


def assert_refused(url: str, content_type: str, body: str, status: int, says: str) -> None:
    """POST `body` to `url`: refused with `status` and a JSON error in a plain sentence that
    holds `says` (never a traceback)."""
    reply = http_post(url, body, {"Content-Type": content_type, "User-Agent": "bad-input"})
    assert reply.status == status, reply.text
    message = json.loads(reply.body)["error"]
    assert says in message and "Traceback" not in message and message.endswith("."), message


def assert_post_only(url: str) -> None:
    """An endpoint that takes POST only: GET is refused in words, OPTIONS says what it allows."""
    reply = http_get(url)
    assert reply.status == 405 and reply.headers["Allow"] == "POST"
    assert "POST and a JSON body" in json.loads(reply.body)["error"]
    request = urllib.request.Request(url, method="OPTIONS")
    with urllib.request.urlopen(request, timeout=10) as options:
        assert options.headers["Allow"] == "OPTIONS, POST"
