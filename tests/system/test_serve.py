"""`kb serve` over real HTTP on a loopback port: pages, 404s, health, content types, caching."""

from __future__ import annotations

import json
from pathlib import Path

from portal.guides.articles import load_content
from search.records import searchable
from tests.support.files import ROOT
from tests.support.http import http_get
from tests.support.kb import run_kb
from tests.support.servers import Server, start_server, stop_server


def test_home_page(server: Server) -> None:
    reply = http_get(f"{server.url}/")
    assert reply.status == 200
    assert reply.headers["Content-Type"] == "text/html; charset=utf-8"
    assert reply.headers["Cache-Control"] == "no-cache"
    assert "<title>" in reply.text and "Plainhelp" in reply.text


def test_guide_page(server: Server) -> None:
    reply = http_get(f"{server.url}/accounts/reset-forgotten-password/")
    assert reply.status == 200
    assert "Still stuck? Contact the service desk" in reply.text


def test_folder_without_slash_redirects(server: Server) -> None:
    reply = http_get(f"{server.url}/accounts/reset-forgotten-password?from=intranet")
    assert reply.status == 308
    assert reply.headers["Location"].endswith("/accounts/reset-forgotten-password/?from=intranet")


def test_missing_page_is_the_sites_own_404(server: Server) -> None:
    reply = http_get(f"{server.url}/no/such/page/")
    assert reply.status == 404
    assert reply.headers["Content-Type"].startswith("text/html")
    assert "We could not find that page" in reply.text
    assert 'class="md-header' in reply.text  # Material's look and navigation


def test_path_traversal_is_not_found(server: Server) -> None:
    assert http_get(f"{server.url}/../pyproject.toml").status == 404
    assert http_get(f"{server.url}/%2e%2e/pyproject.toml").status == 404


def test_healthz(server: Server) -> None:
    reply = http_get(f"{server.url}/healthz")
    assert reply.status == 200
    assert reply.headers["Content-Type"] == "application/json"
    body = json.loads(reply.text)
    assert body["status"] == "ok"
    assert body["checks"]["site"] == "ok"
    pages = [a for a in load_content(ROOT / "content").articles if searchable(a)]
    assert body["checks"]["search"].startswith(f"ok: {len(pages)} guides")  # lessons too
    assert body["checks"]["store"] == "ok: sqlite"


def test_content_types_and_cache_lifetimes(server: Server, built_site: Path) -> None:
    bundle = next((built_site / "assets" / "javascripts").glob("bundle.*.min.js")).name
    js = http_get(f"{server.url}/assets/javascripts/{bundle}")
    assert js.status == 200
    assert js.headers["Content-Type"].startswith("text/javascript")
    assert js.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    css = http_get(f"{server.url}/assets/plainhelp.css")
    assert css.headers["Content-Type"].startswith("text/css")
    assert css.headers["Cache-Control"] == "public, max-age=3600"
    svg = http_get(f"{server.url}/assets/favicon.svg")
    assert svg.headers["Content-Type"].startswith("image/svg+xml")
    sitemap = http_get(f"{server.url}/sitemap.xml.gz")
    assert sitemap.headers["Content-Type"] == "application/gzip"
    assert "Content-Encoding" not in sitemap.headers


def test_unchanged_page_answers_304(server: Server) -> None:
    first = http_get(f"{server.url}/")
    again = http_get(f"{server.url}/", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status == 304


def test_serving_before_a_build_says_what_to_do(tmp_path: Path) -> None:
    running = start_server(tmp_path / "no-site-yet", var_dir=tmp_path / "no-index-yet")
    try:
        home = http_get(f"{running.url}/")
        assert home.status == 503
        assert "Run `kb build`" in home.text
        health = http_get(f"{running.url}/healthz")
        assert health.status == 503
        assert "run `kb build`" in health.text
        assert json.loads(health.text)["checks"]["search"].startswith("There is no search index")
    finally:
        stop_server(running)


def test_configuration_errors_are_listed_together() -> None:
    result = run_kb("serve", env={"KB_PORT": "eighty", "KB_THREADS": "0", "KB_LOG_LEVEL": "loud"})
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.startswith("kb:")]
    assert lines == [
        "kb: KB_PORT is 'eighty', but it must be a whole number.",
        "kb: KB_THREADS is '0', but it must be a whole number of 1 or more.",
        "kb: KB_LOG_LEVEL is 'loud', but it must be one of debug, info, warning, error.",
    ]
    assert "Traceback" not in result.stderr


def test_a_folder_without_a_home_page_opens_on_search(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "vpn").mkdir(parents=True)
    (docs / "vpn" / "setup.md").write_text("# VPN setup\n\nInstall the app.\n")
    site, var = tmp_path / "site", tmp_path / "var"
    built = run_kb(
        "build", "--content", str(docs), "--site", str(site), env={"KB_VAR_DIR": str(var)}
    )
    assert built.returncode == 0, built.stderr
    running = start_server(site, var_dir=var)
    try:
        home = http_get(f"{running.url}/")
        assert home.status == 302
        assert home.headers["Location"].endswith("/search")
        assert (
            'class="kb-result__link" href="/vpn/setup/'
            in http_get(f"{running.url}/search?q=vpn").text
        )
        assert json.loads(http_get(f"{running.url}/healthz").text)["status"] == "ok"
    finally:
        stop_server(running)
