"""Search over real HTTP on loopback: the API, suggestions, the page without JavaScript,
OpenSearch, CORS, odd input, and an index swapped while people search."""

from __future__ import annotations

import json
import shutil
import threading
import urllib.parse
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.support.files import GOOD_GUIDE, ROOT, write
from tests.support.http import http_get
from tests.support.kb import Built, run_kb
from tests.support.servers import Server, start_server, stop_server


def api(server: Server, path: str, **params: str):
    reply = http_get(f"{server.url}{path}?{urllib.parse.urlencode(params)}")
    return reply, json.loads(reply.text) if reply.text.startswith(("{", "[")) else None


def test_api_search_returns_ranked_json(server: Server) -> None:
    reply, body = api(server, "/api/search", q="pritner ofline", limit="3")
    assert reply.status == 200
    assert reply.headers["Content-Type"] == "application/json"
    assert body["did_you_mean"] == "printer offline"
    assert body["total"] >= 1
    first = body["results"][0]
    assert set(first) >= {"title", "url", "path", "section", "snippet", "score"}
    assert first["path"] == "printing/printer-not-printing"
    assert first["url"].startswith("/printing/printer-not-printing/")
    assert len(body["results"]) <= 3
    scores = [r["score"] for r in body["results"]]
    assert scores == sorted(scores, reverse=True)


def test_api_search_section_filter(server: Server) -> None:
    _, body = api(server, "/api/search", q="password", section="email")
    assert body["results"] and {r["section"] for r in body["results"]} == {"email"}


@pytest.mark.parametrize(
    "query", ['title:( * ~ AND OR NOT "x', "*", "x" * 3000, "\x00\x1f", "%s%n", "<script>"]
)
def test_odd_queries_get_200(server: Server, query: str) -> None:
    reply, body = api(server, "/api/search", q=query)
    assert reply.status == 200
    assert "<script>" not in json.dumps(body["results"])
    assert len(body["query"]) <= 200


@pytest.mark.parametrize("limit", ["0", "51", "ten", "-1"])
def test_bad_limit_is_a_plain_400(server: Server, limit: str) -> None:
    reply, body = api(server, "/api/search", q="printer", limit=limit)
    assert reply.status == 400
    assert body == {"error": "limit must be a whole number from 1 to 50."}


def test_suggest_titles_as_you_type(server: Server) -> None:
    reply, body = api(server, "/api/suggest", q="paper ja")
    assert reply.status == 200
    assert body["suggestions"][0]["title"] == "Clear a paper jam"
    _, opensearch = api(server, "/api/suggest", q="paper ja", format="opensearch")
    assert opensearch[0] == "paper ja"
    assert opensearch[1][0] == "Clear a paper jam"
    # The guide, opened where a search would open it (its top or the steps that match).
    assert opensearch[3][0].split("#")[0].endswith("/printing/clear-paper-jam/")
    _, searched = api(server, "/api/search", q="paper ja")
    assert opensearch[3][0].endswith(searched["results"][0]["url"])


def test_search_page_works_without_javascript(server: Server) -> None:
    reply = http_get(f"{server.url}/search?q=printer+wont+print")
    assert reply.status == 200
    html = reply.text
    assert 'class="md-header' in html  # the site's own look around the results
    assert "<title>Search: printer wont print - Plainhelp</title>" in html
    assert 'value="printer wont print"' in html
    assert 'href="/printing/printer-not-printing/' in html
    assert "<mark>" in html
    # A person is one step away after the last result, however many there are.
    assert html.index("Still stuck? Contact the service desk") > html.rindex(
        'class="kb-result__link"'
    )


def test_no_results_page_is_not_a_dead_end(server: Server) -> None:
    html = http_get(f"{server.url}/search?q=zxqvbn+flurble").text
    assert "No guide matches “zxqvbn flurble” yet." in html
    assert "Guides that help most people" in html
    assert 'href="/accounts/reset-forgotten-password/"' in html
    assert "Still stuck? Contact the service desk" in html
    assert "subject=Help%20with%3A%20zxqvbn%20flurble" in html


def test_search_page_offers_did_you_mean(server: Server) -> None:
    html = http_get(f"{server.url}/search?q=pritner+ofline").text
    assert 'Did you mean\n    <a href="/search?q=printer%20offline">printer offline</a>?' in html


def test_search_page_escapes_the_query(server: Server) -> None:
    html = http_get(f"{server.url}/search?q=%3Cscript%3Ealert(1)%3C/script%3E").text
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_opensearch_description_is_linked_from_every_page(server: Server, built: Built) -> None:
    reply = http_get(f"{server.url}/opensearch.xml")
    assert reply.status == 200
    assert reply.headers["Content-Type"].startswith("application/opensearchdescription+xml")
    root = ET.fromstring(reply.body)
    templates = [el.get("template") for el in root if el.tag.endswith("Url")]
    assert f"{server.url}/search?q={{searchTerms}}" in templates
    for page in list(built.site.rglob("index.html"))[:20]:
        assert 'rel="search" type="application/opensearchdescription+xml"' in page.read_text()


def test_cors_only_for_configured_origins(built: Built) -> None:
    running = start_server(
        built.site,
        extra_env={"KB_CORS_ORIGINS": "https://intranet.example.com"},
        var_dir=built.var,
    )
    try:
        allowed = http_get(
            f"{running.url}/api/suggest?q=vpn", headers={"Origin": "https://intranet.example.com"}
        )
        assert allowed.headers["Access-Control-Allow-Origin"] == "https://intranet.example.com"
        assert "Origin" in allowed.headers.get("Vary", "")
        stranger = http_get(
            f"{running.url}/api/suggest?q=vpn", headers={"Origin": "https://evil.example.net"}
        )
        assert "Access-Control-Allow-Origin" not in stranger.headers
        page = http_get(f"{running.url}/", headers={"Origin": "https://intranet.example.com"})
        assert "Access-Control-Allow-Origin" not in page.headers
    finally:
        stop_server(running)


def test_index_swapped_while_people_search(tmp_path: Path, built: Built) -> None:
    """`kb index` runs repeatedly under a search burst: no search fails, the new guide appears."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    var = tmp_path / "var"
    env = {"KB_VAR_DIR": str(var)}
    assert run_kb("index", "--content", str(content), env=env).returncode == 0
    running = start_server(built.site, var_dir=var)
    failures: list[str] = []
    answered = [0]
    stop = threading.Event()

    def burst() -> None:
        while not stop.is_set():
            reply = http_get(f"{running.url}/api/search?q=printer")
            if reply.status != 200 or not json.loads(reply.text)["results"]:
                failures.append(f"{reply.status} {reply.text[:100]}")
            answered[0] += 1

    threads = [threading.Thread(target=burst) for _ in range(4)]
    try:
        for thread in threads:
            thread.start()
        write(
            content,
            "printing/toner-smells.md",
            GOOD_GUIDE.replace("Fix a paper jam", "Printer smells of burning toner").replace(
                "paper jam\n", "zorblax smell\n"
            ),
        )
        for _ in range(3):
            result = run_kb("index", "--content", str(content), env=env)
            assert result.returncode == 0, result.stderr
        stop.set()
        for thread in threads:
            thread.join()
        assert failures == []
        assert answered[0] > 20
        _, body = api(running, "/api/search", q="zorblax")
        assert body["results"][0]["path"] == "printing/toner-smells"
    finally:
        stop.set()
        stop_server(running)


def test_failed_index_build_keeps_the_old_index(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write(content, "index.md", "# Home\n")
    write(content, "printing/jam.md", GOOD_GUIDE)
    env = {"KB_VAR_DIR": str(tmp_path / "var")}
    assert run_kb("index", "--content", str(content), env=env).returncode == 0
    before = (tmp_path / "var" / "index").resolve()
    write(content, "_data/synonyms.yml", "groups:\n  - just-one-word\n")
    result = run_kb("index", "--content", str(content), env=env)
    assert result.returncode == 1
    assert "a group is a list of two or more words" in result.stderr
    assert "The search index that was there before is unchanged." in result.stderr
    assert "Traceback" not in result.stderr
    assert (tmp_path / "var" / "index").resolve() == before


def test_missing_or_corrupt_index_is_a_clear_error_and_the_site_still_serves(
    tmp_path: Path, built: Built
) -> None:
    var = tmp_path / "var"
    running = start_server(built.site, var_dir=var)
    try:
        reply, body = api(running, "/api/search", q="printer")
        assert reply.status == 503
        assert body == {
            "error": "Search is starting up or being rebuilt. Please try again in a minute."
        }
        assert http_get(f"{running.url}/").status == 200
        page = http_get(f"{running.url}/search?q=printer")
        assert page.status == 503
        assert "Search is not available right now" in page.text
        # A corrupt build: the meta file is garbage.
        broken = var / "index-builds" / "broken"
        broken.mkdir(parents=True)
        (broken / "plainhelp-meta.json.gz").write_text("{not json")
        (var / "index").symlink_to(Path("index-builds") / "broken")
        reply, body = api(running, "/api/search", q="printer")
        assert reply.status == 503
        health = json.loads(http_get(f"{running.url}/healthz").text)
        assert health["status"] == "degraded"
        assert "cannot be opened" in health["checks"]["search"]
    finally:
        stop_server(running)


def test_kb_search_json_contract(built: Built) -> None:
    result = run_kb(
        "search",
        "email vanished",
        "--format",
        "json",
        "--limit",
        "2",
        env={"KB_VAR_DIR": str(built.var)},
    )
    assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout)
    assert len(items) == 2
    assert items[0]["path"] == "email/find-missing-email"
    for item in items:
        assert set(item) >= {"path", "url", "title", "snippet", "score"}


def test_kb_search_without_an_index_says_what_to_do(tmp_path: Path) -> None:
    env = {"KB_VAR_DIR": str(tmp_path), "KB_CONTENT_DIR": str(tmp_path / "no-such-folder")}
    result = run_kb("search", "printer", env=env)
    assert result.returncode == 1
    assert "run `kb index`" in result.stderr
    assert "Traceback" not in result.stderr


def test_kb_search_indexes_a_folder_it_has_not_seen(tmp_path: Path) -> None:
    """Any folder of Markdown can be searched: the first search indexes it, later ones reuse."""
    docs = tmp_path / "their-docs"
    write(docs, "index.md", "# Team wiki\n")
    write(docs, "network/vpn.md", "---\ntitle: VPN setup\n---\n\nInstall GlobalProtect first.\n")
    write(docs, "printers/toner.md", "# Replacing toner\n\nOpen the front door of the printer.\n")
    env = {"KB_VAR_DIR": str(tmp_path / "var")}
    first = run_kb("search", "printr toner", "--format", "json", "--content", str(docs), env=env)
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)[0]["path"] == "printers/toner"
    assert "Indexed 2 guides" in first.stderr
    again = run_kb("search", "vpn", "--format", "json", "--content", str(docs), env=env)
    assert json.loads(again.stdout)[0]["title"] == "VPN setup"
    assert "Indexed" not in again.stderr
    write(docs, "printers/jam.md", "# Paper jam\n\nPull the paper out gently.\n")
    changed = run_kb("search", "paper jam", "--format", "json", "--content", str(docs), env=env)
    assert json.loads(changed.stdout)[0]["path"] == "printers/jam"
    assert "Indexed 3 guides" in changed.stderr


def test_kb_search_asks_the_narrowing_question_back_for_vague_words(tmp_path: Path) -> None:
    """A writer trying "it stopped working" in a terminal sees what readers see: the question."""
    env = {"KB_VAR_DIR": str(tmp_path / "var")}
    vague = run_kb("search", "it stopped working", "--content", str(ROOT / "content"), env=env)
    assert vague.returncode == 0, vague.stderr
    lines = vague.stdout.splitlines()
    assert lines[0].endswith("?"), lines[0]
    assert any(line.startswith("  - ") and "/troubleshoot/" in line for line in lines[1:8])
    specific = run_kb("search", "paper jam", "--content", str(ROOT / "content"), env=env)
    assert specific.stdout.startswith("1. "), specific.stdout
