"""The intranet search box's files over real HTTP, for other sites, and CORS answering only the
origin the portal lists (a portal that lists the intranet, and one that does not)."""

from __future__ import annotations

from tests.support.http import http_get
from tests.support.intranet import Intranet
from tests.support.servers import Server


def test_the_script_and_the_page_are_served_for_other_sites(server: Server) -> None:
    script = http_get(f"{server.url}/assets/intranet-box.js")
    assert script.status == 200
    assert script.headers["Content-Type"].startswith("text/javascript")
    assert script.headers["Cache-Control"] == "public, max-age=3600"
    assert script.headers.get("ETag") or script.headers.get("Last-Modified")
    example = http_get(f"{server.url}/intranet-box")
    assert example.status == 200
    assert "A search box for your intranet" in example.text
    assert "No site is allowed yet" in example.text


def test_cors_answers_only_the_listed_origin(
    allowing: Server, refusing: Server, intranet: Intranet
) -> None:
    allowed = http_get(f"{allowing.url}/api/suggest?q=vpn", headers={"Origin": intranet.url})
    assert allowed.headers["Access-Control-Allow-Origin"] == intranet.url
    refused = http_get(f"{refusing.url}/api/suggest?q=vpn", headers={"Origin": intranet.url})
    assert refused.status == 200 and "Access-Control-Allow-Origin" not in refused.headers
    page = http_get(f"{allowing.url}/intranet-box", headers={"Origin": intranet.url})
    assert "Access-Control-Allow-Origin" not in page.headers
    assert "One site is allowed now" in page.text
