"""`Browser`, a tiny browser over http.client for the tests: it keeps cookies, never follows
redirects and speaks from a loopback address of its own, so each "person" has a session and a
rate limit of their own."""

from __future__ import annotations

import http.client
import re
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

from werkzeug.datastructures import Headers


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
