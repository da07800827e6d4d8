"""Security headers on every answer, with a Content-Security-Policy that fits the built site.

Material puts a few small scripts inline in each page. Rather than allowing every inline
script, the policy lists the SHA-256 of each one found in the built site (rescanned when the
site is rebuilt), so an injected script cannot run while the site's own scripts do.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from flask import Flask, Response, request

from portal.reloading import Reloading, file_stamp

RESCAN_EVERY_SECONDS = 2.0
# Inline <script> blocks the browser runs: no src, and no data type such as application/json.
_INLINE_SCRIPT = re.compile(
    r"<script(?P<attrs>(?:\s+[^>]*)?)>(?P<body>.*?)</script>", re.DOTALL | re.IGNORECASE
)
_DATA_TYPE = re.compile(r"""\btype\s*=\s*["']?(?!text/javascript|module)[\w/+.-]+""", re.I)

STATIC_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "SAMEORIGIN",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}


def policy(script_hashes: frozenset[str], frame_ancestors: str = "'self'") -> str:
    """The CSP: our own files, the site's own inline scripts, nothing from elsewhere."""
    scripts = " ".join(["'self'", *(f"'sha256-{h}'" for h in sorted(script_hashes))])
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {scripts}",
            "worker-src 'self'",
            # Material sets style attributes from its scripts (e.g. the header's height).
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            f"frame-ancestors {frame_ancestors}",
        ]
    )


def inline_script_hashes(site_dir: Path) -> frozenset[str]:
    """The base64 SHA-256 of every distinct inline script in the site's pages."""
    hashes: set[str] = set()
    for page in site_dir.rglob("*.html"):
        try:
            text = page.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        for match in _INLINE_SCRIPT.finditer(text):
            attrs = match.group("attrs")
            if "src=" in attrs.lower() or _DATA_TYPE.search(attrs):
                continue
            digest = hashlib.sha256(match.group("body").encode("utf-8")).digest()
            hashes.add(base64.b64encode(digest).decode("ascii"))
    return frozenset(hashes)


class SitePolicy:
    """The CSP for the site as built now; rescanned when its pages change (a new build swapped
    in through the `site` link changes them all)."""

    def __init__(self, site_dir: Path) -> None:
        self.site_dir = site_dir
        # By frame-ancestors; one thread rescans while the others keep the policies they have.
        self._policies = Reloading(self._scan, self._site_stamp, every=RESCAN_EVERY_SECONDS)

    def current(self, frame_ancestors: str = "'self'") -> str:
        """The policy now; `frame_ancestors` "'none'" for pages nobody may frame."""
        policies = self._policies.get()
        return policies.get(frame_ancestors) or policy(frozenset(), frame_ancestors)

    def _scan(self, stamp: object) -> dict[str, str]:
        hashes = inline_script_hashes(self.site_dir.resolve())  # one build, even mid-swap
        return {f: policy(hashes, f) for f in ("'self'", "'none'")}

    def _site_stamp(self) -> tuple[tuple[int, int, int] | None, ...]:
        return tuple(file_stamp(self.site_dir / name) for name in ("index.html", "404.html"))


def install(app: Flask, site_dir: Path) -> None:
    """Add the headers to every answer, pages, files and API alike."""
    site_policy = SitePolicy(site_dir)

    @app.after_request
    def add_headers(response: Response) -> Response:
        for name, value in STATIC_HEADERS.items():
            response.headers.setdefault(name, value)
        # The dashboard may not be framed even by the site itself.
        framing = "'none'" if request.path.startswith("/admin") else "'self'"
        response.headers.setdefault("Content-Security-Policy", site_policy.current(framing))
        if request.is_secure:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response


def nginx_header_lines(sites: list[Path]) -> list[str]:
    """The same headers as nginx `add_header` lines, allowing the inline scripts of every site."""
    hashes = frozenset().union(*(inline_script_hashes(site) for site in sites))
    headers = {**STATIC_HEADERS, "Content-Security-Policy": policy(hashes)}
    return [f'add_header {name} "{value}" always;' for name, value in headers.items()]


def error_answer_headers() -> list[tuple[str, str]]:
    """Headers for answers made before the app runs (a server's own 400 or 431): plain text."""
    return [
        *STATIC_HEADERS.items(),
        ("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"),
        ("Cache-Control", "no-store"),
    ]
