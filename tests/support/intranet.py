"""A page of another origin (an "intranet" on its own loopback port) with the intranet search
box pasted in, and portals that list that origin in KB_CORS_ORIGINS or do not."""

from __future__ import annotations

import contextlib
import http.server
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

from portal.web.blueprints.intranet import snippet
from tests.support.kb import Built
from tests.support.servers import Server, free_port, start_server, stop_server

# A host page with loud CSS of its own: the box must keep the host's font and stay out of its way.
HOST_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Intranet</title>
<style>
  body {{ font-family: "DejaVu Serif", Georgia, serif; font-size: 18px; }}
  li {{ color: rgb(255, 0, 0); background: rgb(255, 255, 0); }}
  ul {{ padding: 3em; }}
</style></head>
<body><h1>Our intranet</h1>
<ul class="host-news"><li>Canteen opens at noon</li></ul>
{box}
<p>Other intranet things.</p>
</body></html>
"""


@dataclass
class Intranet:
    """Pages of the "intranet" origin, set by path once the portals' addresses are known."""

    url: str
    pages: dict[str, str] = field(default_factory=dict)


@contextlib.contextmanager
def serve_intranet() -> Iterator[Intranet]:
    site = Intranet(url="")

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = site.pages.get(self.path.split("?", 1)[0])
            if body is None:
                self.send_error(404)
                return
            data = body.encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
    site.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        httpd.shutdown()


@contextlib.contextmanager
def intranet_portal(built: Built, intranet: Intranet, origins: str, path: str) -> Iterator[Server]:
    """A portal allowing `origins` (KB_CORS_ORIGINS); the intranet shows its box at `path`."""
    running = start_server(built.site, extra_env={"KB_CORS_ORIGINS": origins}, var_dir=built.var)
    intranet.pages[path] = HOST_PAGE.format(box=snippet(running.url))
    try:
        yield running
    finally:
        stop_server(running)
