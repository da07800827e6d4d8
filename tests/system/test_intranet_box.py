"""The intranet search box's files over real HTTP, for other sites, and CORS answering only the
origin the portal lists (a portal that lists the intranet, and one that does not)."""

from __future__ import annotations

import json

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


def test_the_permission_check_answers_every_origin_with_a_yes_or_no(
    allowing: Server, refusing: Server, intranet: Intranet
) -> None:
    """The box asks this once before searching: every origin may read the answer, so a page the
    portal does not list learns "no" without a refused request in its console."""
    url = "/api/intranet-box/allowed"
    yes = http_get(f"{allowing.url}{url}", headers={"Origin": intranet.url})
    no = http_get(f"{refusing.url}{url}", headers={"Origin": intranet.url})
    for answer in (yes, no):
        assert answer.status == 200
        assert answer.headers["Access-Control-Allow-Origin"] == "*"
        assert answer.headers["Cache-Control"] == "no-store"
        assert "Origin" in answer.headers["Vary"]
    assert json.loads(yes.body) == {"allowed": True}
    assert json.loads(no.body) == {"allowed": False}
    # The portal's own page sends no Origin: it may always search.
    assert json.loads(http_get(f"{refusing.url}{url}").body) == {"allowed": True}
    # A trailing slash or an odd value changes nothing; nothing a client sends gives an error.
    slash = http_get(f"{allowing.url}{url}", headers={"Origin": intranet.url + "/"})
    assert json.loads(slash.body) == {"allowed": True}
    odd = http_get(f"{allowing.url}{url}", headers={"Origin": "null"})
    assert odd.status == 200 and json.loads(odd.body) == {"allowed": False}


def test_the_search_api_answers_the_listed_origin_only(
    allowing: Server, refusing: Server, intranet: Intranet
) -> None:
    """The box's results come from /api/search, under the same CORS rule as suggestions."""
    allowed = http_get(f"{allowing.url}/api/search?q=vpn", headers={"Origin": intranet.url})
    assert allowed.headers["Access-Control-Allow-Origin"] == intranet.url
    assert json.loads(allowed.body)["results"]
    refused = http_get(f"{refusing.url}/api/search?q=vpn", headers={"Origin": intranet.url})
    assert "Access-Control-Allow-Origin" not in refused.headers
