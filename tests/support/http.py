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
