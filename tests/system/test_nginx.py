"""docs/deploy/nginx.conf on Debian's real nginx, in front of a real `kb serve`.

The guide's file is used as written, with only its example addresses, paths and certificate
replaced, so a mistake in the file a team copies fails here.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import socket
import sqlite3
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.files import ROOT
from tests.support.http import http_get
from tests.support.kb import Built
from tests.support.servers import Server, free_port, start_server, stop_server

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
GUIDE = "printing/printer-not-printing"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) plainhelp-nginx-test"

pytestmark = pytest.mark.skipif(
    NGINX is None or shutil.which("openssl") is None,
    reason="nginx or openssl is not installed (apt-get install nginx openssl); .ci/run does it",
)


@dataclass
class Front:
    """nginx on loopback: https on `port`, the redirect to https on `plain_port`."""

    port: int
    plain_port: int
    access_log: Path
    portal: Server
    database: Path


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self):
        return json.loads(self.body)


def adapted(conf: str, values: dict[str, str]) -> str:
    """The guide's nginx.conf with each example value replaced; every one must be there."""
    for example, real in values.items():
        assert example in conf, f"docs/deploy/nginx.conf no longer has {example!r}"
        conf = conf.replace(example, real)
    return conf


def write_config(folder: Path, built: Built, portal_port: int, port: int, plain_port: int) -> Path:
    key, cert = folder / "key.pem", folder / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "1", "-subj", "/CN=localhost"],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    headers = subprocess.run(
        [sys.executable, "-m", "portal.cli", "nginx-headers", str(built.site)],
        check=True, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    (folder / "nginx-headers.conf").write_text(headers.stdout)
    conf = (ROOT / "docs/deploy/nginx.conf").read_text()
    conf = re.sub(r"\n\s*server 10\.0\.0\.12:8000[^\n]*", "", conf)  # one portal is enough
    conf = re.sub(r"\n\s*listen \[::\][^\n]*", "", conf)  # loopback IPv4 only
    conf = adapted(
        conf,
        {
            "server 10.0.0.11:8000": f"server 127.0.0.1:{portal_port}",
            "listen 80;": f"listen 127.0.0.1:{plain_port};",
            "listen 443 ssl http2;": f"listen 127.0.0.1:{port} ssl http2;",
            "/etc/ssl/certs/help.example.com.pem": str(cert),
            "/etc/ssl/private/help.example.com.key": str(key),
            "/srv/plainhelp/site": str(built.site),
            "/srv/plainhelp/nginx-headers.conf": str(folder / "nginx-headers.conf"),
            "/var/log/nginx/plainhelp.access.log": str(folder / "access.log"),
            # This test's client is 127.0.0.1: not the monitoring network, so /metrics is refused.
            "allow 127.0.0.1;": "",
        },
    )
    (folder / "plainhelp.conf").write_text(conf)
    temp = " ".join(
        f"{kind}_temp_path {folder / kind};" for kind in ("client_body", "proxy", "fastcgi")
    )
    main = folder / "nginx.conf"
    main.write_text(
        "daemon off;\nworker_processes 1;\n"
        + ("user root;\n" if os.geteuid() == 0 else "")  # workers must read private temp folders
        + f"pid {folder / 'nginx.pid'};\nerror_log {folder / 'error.log'} warn;\n"
        "events { worker_connections 64; }\n"
        "http {\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n"
        f"  {temp} uwsgi_temp_path {folder / 'uwsgi'}; scgi_temp_path {folder / 'scgi'};\n"
        f"  access_log off;\n  include {folder / 'plainhelp.conf'};\n}}\n"
    )
    return main


@pytest.fixture(scope="module")
def front(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Front]:
    folder = tmp_path_factory.mktemp("nginx")
    database = folder / "store.sqlite3"
    portal = start_server(
        built.site,
        {
            "KB_PROXIES": "1",
            "KB_DATABASE_URL": f"sqlite:///{database}",
            "KB_FEEDBACK_PER_MINUTE": "2",
        },
        var_dir=built.var,
    )
    try:  # the portal stops even when nginx's configuration or start fails
        port, plain_port = free_port(), free_port()
        portal_port = int(portal.url.rsplit(":", 1)[1])
        main = write_config(folder, built, portal_port, port, plain_port)
        assert NGINX is not None
        command = [NGINX, "-e", str(folder / "error.log"), "-p", str(folder), "-c", str(main)]
        checked = subprocess.run([*command, "-t"], capture_output=True, text=True, timeout=60)
        assert checked.returncode == 0, checked.stderr
        nginx = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 30
            while True:
                assert nginx.poll() is None, (folder / "error.log").read_text()
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    assert time.monotonic() < deadline, "nginx did not listen within 30 seconds"
                    time.sleep(0.1)
            yield Front(port, plain_port, folder / "access.log", portal, database)
        finally:
            nginx.terminate()
            nginx.wait(timeout=30)
    finally:
        stop_server(portal)


def ask(
    front: Front,
    path: str,
    method: str = "GET",
    body: dict | None = None,
    source: str = "127.0.0.1",
    headers: dict[str, str] | None = None,
) -> Answer:
    """One https request to nginx from the loopback address `source` (no redirects followed)."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    connection = http.client.HTTPSConnection(
        "127.0.0.1", front.port, context=context, timeout=10, source_address=(source, 0)
    )
    sent = {"User-Agent": BROWSER, **(headers or {})}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        sent["Content-Type"] = "application/json"
    try:
        connection.request(method, path, body=data, headers=sent)
        response = connection.getresponse()
        return Answer(
            response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        )
    finally:
        connection.close()


def served_by_portal(front: Front, path: str) -> bool:
    """nginx's log has the portal's time for proxied requests and "-" for files it served."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        for line in front.access_log.read_text().splitlines():
            if f'"GET {path}"' in line or f'"POST {path}"' in line:
                return not line.endswith(" -")
        time.sleep(0.1)
    raise AssertionError(f"{path} is not in nginx's access log")


def test_nginx_serves_the_site_itself_with_the_portals_headers(front: Front) -> None:
    page = ask(front, f"/{GUIDE}/")
    assert page.status == 200
    assert "text/html" in page.headers["content-type"]
    assert b"<h1" in page.body
    assert page.headers["cache-control"] == "no-cache"
    assert not served_by_portal(front, f"/{GUIDE}/")
    direct = http_get(f"{front.portal.url}/{GUIDE}/")
    for name in ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy",
                 "X-Frame-Options", "Permissions-Policy"):  # fmt: skip
        assert page.headers[name.lower()] == direct.headers[name], name
    assert "max-age" in page.headers["strict-transport-security"]

    bundle = re.findall(rb'src="([^"]+bundle\.[0-9a-f]+\.min\.js)"', page.body)[0]
    asset = ask(front, "/" + bundle.decode().lstrip("./"))
    assert asset.status == 200
    assert asset.headers["cache-control"] == "public, max-age=31536000, immutable"

    moved = ask(front, f"/{GUIDE}")
    assert (moved.status, moved.headers["location"]) == (301, f"/{GUIDE}/")
    missing = ask(front, "/no/such/guide/")
    assert missing.status == 404
    assert b"<html" in missing.body.lower()
    lunr_index = ask(front, "/search/search_index.json")  # Material's own search, not the portal
    assert lunr_index.status == 200 and lunr_index.json()["docs"]


def test_nginx_passes_search_health_and_the_dashboard_to_the_portal(front: Front) -> None:
    found = ask(front, "/api/search?q=printer+offline")
    assert found.status == 200
    assert found.json()["results"][0]["path"] == GUIDE
    assert served_by_portal(front, "/api/search")
    results_page = ask(front, "/search?q=printer+offline")
    assert results_page.status == 200 and GUIDE.encode() in results_page.body
    health = ask(front, "/healthz")
    assert health.status == 200 and health.json()["status"] == "ok"
    assert ask(front, "/admin").status == 404  # off without a password: the portal says so
    assert served_by_portal(front, "/admin")
    assert ask(front, "/metrics").status == 403  # only for the monitoring network
    plain = http_get(f"http://127.0.0.1:{front.plain_port}/{GUIDE}/")
    assert plain.status == 301
    assert plain.headers["Location"] == f"https://127.0.0.1/{GUIDE}/"


def test_votes_through_nginx_count_per_reader_address(front: Front) -> None:
    """KB_PROXIES=1: each reader's own address makes the visitor key, not nginx's."""
    vote = {"page": f"/{GUIDE}/", "helpful": True}
    first = [ask(front, "/api/feedback", "POST", vote, source="127.0.0.2") for _ in range(2)]
    assert [a.status for a in first] == [201, 201]
    assert served_by_portal(front, "/api/feedback")
    # The limit is 2 a minute: the same reader is asked to wait, even claiming another address.
    again = ask(
        front, "/api/feedback", "POST", vote, "127.0.0.2", {"X-Forwarded-For": "198.51.100.7"}
    )
    assert again.status == 429
    # Another reader (another address, the same browser) is someone else.
    assert ask(front, "/api/feedback", "POST", vote, source="127.0.0.3").status == 201
    connection = sqlite3.connect(front.database)
    try:
        visitors = connection.execute(
            "SELECT count(DISTINCT visitor), count(*) FROM feedback WHERE guide = ?", (GUIDE,)
        ).fetchone()
    finally:
        connection.close()
    assert visitors == (2, 2)  # the second vote from 127.0.0.2 replaced its first
