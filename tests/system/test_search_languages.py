"""A multilingual help center over HTTP: each reader gets their own language's copy of a page.

The pages are a vendored sample of GitHub's Open Source Guides (CC BY 4.0, see its LICENSE):
English at the top, French, German and Spanish copies in language folders.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from urllib.parse import quote

import pytest

from tests.support.files import ROOT
from tests.support.http import http_get
from tests.support.kb import Built, run_kb
from tests.support.servers import Server, start_server, stop_server

SAMPLE = ROOT / "tests" / "data" / "external" / "opensource-guide" / "docs"


@pytest.fixture(scope="module")
def multilingual(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    root = tmp_path_factory.mktemp("multilingual")
    docs = root / "docs"
    shutil.copytree(SAMPLE, docs)
    var = root / "var"
    indexed = run_kb("index", "--content", str(docs), env={"KB_VAR_DIR": str(var)})
    assert indexed.returncode == 0, indexed.stderr
    server = start_server(built.site, {"KB_CONTENT_DIR": str(docs)}, var_dir=var)
    yield server
    stop_server(server)


def results(server: Server, endpoint: str, query: str, **params: str) -> list[dict[str, str]]:
    headers = {"Referer": params.pop("referer")} if "referer" in params else {}
    extra = "".join(f"&{key}={quote(value)}" for key, value in params.items())
    reply = http_get(f"{server.url}{endpoint}?q={quote(query)}{extra}", headers=headers)
    assert reply.status == 200, reply.text
    body = json.loads(reply.text)
    found: list[dict[str, str]] = body["results"] if "results" in body else body["suggestions"]
    return found


def test_an_english_question_gets_the_english_page_and_no_copy(multilingual: Server) -> None:
    found = results(multilingual, "/api/search", "how do i get paid for open source work")
    paths = [hit["path"] for hit in found]
    assert paths[0] == "getting-paid"
    assert not any(path.startswith(("fr/", "de/", "es/")) for path in paths)


def test_lang_asks_for_the_readers_language(multilingual: Server) -> None:
    for lang in ("fr", "fr-FR", "FR"):
        paths = [h["path"] for h in results(multilingual, "/api/search", "être payé", lang=lang)]
        assert paths[0] == "fr/getting-paid"
        assert all(path.startswith("fr/") for path in paths)  # French has pages: only French


def test_a_search_from_a_french_page_answers_in_french(multilingual: Server) -> None:
    referer = f"{multilingual.url}/fr/legal/"
    paths = [h["path"] for h in results(multilingual, "/api/search", "licence", referer=referer)]
    assert paths and all(path.startswith("fr/") for path in paths)


@pytest.mark.parametrize("lang", ["xx-yy-zz", "../../etc", "k" * 300, "<b>", "tlh"])
def test_a_language_nobody_wrote_in_falls_back_to_the_default(
    multilingual: Server, lang: str
) -> None:
    paths = [h["path"] for h in results(multilingual, "/api/search", "getting paid", lang=lang)]
    assert paths[0] == "getting-paid"


def test_every_box_opens_a_guide_at_the_same_place(multilingual: Server) -> None:
    """The intranet box's suggestions lead where the results page and the header box do."""
    for query in ("code of conduct report", "security", "measure success"):
        searched = results(multilingual, "/api/search", query, limit="5")
        suggested = results(multilingual, "/api/suggest", query, limit="5")
        assert [h["url"] for h in searched] == [s["url"] for s in suggested]
