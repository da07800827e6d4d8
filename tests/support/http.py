"""Real HTTP from the tests: plain requests that return errors as replies, and `Browser`, a tiny
browser over http.client that keeps cookies, never follows redirects and speaks from a loopback
address of its own."""

from __future__ import annotations

import http.client
import json
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

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


# -- a tiny browser over http.client: it keeps cookies and never follows redirects --------


@dataclass
class Page:
    status: int
    headers: Headers
    text: str

    def cookie_header(self) -> str:
        return self.headers.get("Set-Cookie", "")


@dataclass
class Browser:
    base: str
    source: str  # the loopback address this "person" connects from
    cookies: dict[str, str] = field(default_factory=dict)

    def request(
        self, method: str, path: str, form: dict[str, str] | None = None, /, **headers: str
    ) -> Page:
        parts = urlsplit(self.base)
        connection = http.client.HTTPConnection(
            parts.hostname or "127.0.0.1", parts.port, timeout=10, source_address=(self.source, 0)
        )
        body = urlencode(form).encode() if form is not None else None
        sent = dict(headers)
        if body is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            page = Page(
                response.status,
                Headers(list(response.getheaders())),
                response.read().decode("utf-8"),
            )
        finally:
            connection.close()
        for line in page.headers.getlist("Set-Cookie"):
            jar: SimpleCookie = SimpleCookie()
            jar.load(line)
            for name, morsel in jar.items():
                if morsel.value and "1970" not in morsel.get("expires", ""):
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        return page

    def get(self, path: str, **headers: str) -> Page:
        return self.request("GET", path, **headers)

    def post(self, path: str, form: dict[str, str], **headers: str) -> Page:
        return self.request("POST", path, form, **headers)

    def csrf(self, path: str = "/admin/login") -> str:
        """The hidden token of the first form on `path`."""
        page = self.get(path)
        found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert found, page.text
        return found.group(1)

    def log_in(self, password: str) -> Page:
        return self.post("/admin/login", {"csrf_token": self.csrf(), "password": password})
