"""`kb serve --dev` as writers use it: edits reach search, the page shows its guide's writing
check (only in --dev), a broken save keeps the last good page, and a taken port is one sentence."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.files import good_guide_as
from tests.support.http import http_get
from tests.support.kb import Built, run_kb
from tests.support.preview import Preview, live_preview, replace_heading
from tests.support.servers import Server, free_port, wait_for

JUNK = "email/check-junk-email"
# Words a writer should not use on readers, which the writing check names with a suggestion.
UNKIND = good_guide_as(
    "Sort out a stuck print queue",
    "# Sort out a stuck print queue\n\nSimply click [here](../index.md) and it is done.\n\n"
    "## What to do\n\n1. Open the print queue.\n2. Cancel the stuck document.\n\n"
    "See [clearing a jam](clear-paper-jm.md).\n",
)


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Preview]:
    with live_preview(tmp_path_factory.mktemp("preview")) as running:
        yield running


def page(preview: Preview, path: str) -> str:
    reply = http_get(f"{preview.url}/{path}/")
    return reply.text if reply.status == 200 else ""


def page_once(preview: Preview, path: str, marker: str, what: str) -> str:
    """The page at `path` as soon as it carries `marker` (the preview rebuilds on its own)."""
    return str(wait_for(lambda: (h := page(preview, path)) and marker in h and h, what=what))


def search_paths(preview: Preview, query: str) -> list[str]:
    reply = http_get(f"{preview.url}/api/search?q={query}")
    return [hit["url"] for hit in json.loads(reply.body).get("results", [])]


def test_search_finds_the_words_of_an_edit(preview: Preview) -> None:
    assert search_paths(preview, "quokkaflight") == []
    replace_heading(preview.content / f"{JUNK}.md", "## Before you start", "## Quokkaflight check")
    found = wait_for(
        lambda: any(JUNK in url for url in search_paths(preview, "quokkaflight")),
        what="search to find the new heading",
    )
    assert found
    assert "Quokkaflight check" in page(preview, JUNK)


def test_the_writing_check_shows_on_the_previewed_guide(preview: Preview) -> None:
    guide = preview.content / "printing" / "sort-out-a-stuck-print-queue.md"
    guide.write_text(UNKIND, encoding="utf-8")
    html = page_once(
        preview,
        "printing/sort-out-a-stuck-print-queue",
        "kb-preview__finding",
        "the new guide in the preview, with its writing check",
    )
    assert 'class="kb-preview' in html
    assert 'aria-labelledby="kb-preview-title"' in html
    assert "printing/sort-out-a-stuck-print-queue.md" in html
    assert "kb-preview__finding" in html and "Line " in html
    # The same check as `kb lint`: wording, and links that lead nowhere, with the page meant.
    assert "Simply" in html
    assert "clear-paper-jm.md" in html and "clear-paper-jam.md" in html
    assert '<script src="/_preview/static/live.js"' in html
    assert http_get(f"{preview.url}/_preview/static/preview.css").status == 200


def test_without_dev_there_is_no_banner_and_no_preview_script(server: Server, built: Built) -> None:
    html = http_get(f"{server.url}/{JUNK}/").text
    assert "Quokkaflight" not in html  # the published site never sees the preview's edits
    for text in ("kb-preview", "/_preview/"):
        assert text not in html
    assert http_get(f"{server.url}/_preview/events").status == 404
    built_pages = "".join(p.read_text(encoding="utf-8") for p in built.site.rglob("*.html"))
    assert "/_preview/" not in built_pages


def test_a_broken_save_keeps_the_last_good_page_and_says_why(preview: Preview) -> None:
    guide = preview.content / "email" / "email-stuck-in-outbox.md"
    good = guide.read_text(encoding="utf-8")
    title = good.split("title:", 1)[1].split("\n", 1)[0].strip()
    guide.write_text(good.replace("title:", "title: [unclosed\n  oops:", 1), encoding="utf-8")
    try:
        html = page_once(
            preview,
            "email/email-stuck-in-outbox",
            "kb-preview--stopped",
            "the banner saying the save did not build",
        )
        assert "Your latest change is not in the preview yet" in html
        assert "email/email-stuck-in-outbox.md" in html  # the problem names the file
        assert title.strip("\"'") in html  # the last good page is still there
        assert http_get(f"{preview.url}/healthz").status == 200
    finally:
        guide.write_text(good, encoding="utf-8")
    wait_for(
        lambda: "kb-preview--stopped" not in page(preview, "email/email-stuck-in-outbox"),
        what="the banner to go once the guide is fixed",
    )


@pytest.mark.parametrize("dev", [False, True], ids=["serve", "serve --dev"])
def test_a_port_in_use_is_one_plain_sentence(dev: bool, tmp_path: Path) -> None:
    port = free_port()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", port))
        taken.listen()
        args = ["serve", "--port", str(port), *(["--dev"] if dev else [])]
        result = run_kb(
            *args,
            env={"KB_VAR_DIR": str(tmp_path / "var"), "KB_SITE_DIR": str(tmp_path / "site")},
            timeout=60,
        )
    said = result.stdout + result.stderr
    assert result.returncode != 0
    assert f"Port {port} is already in use" in said
    assert "--port" in said
    assert "Traceback" not in said
