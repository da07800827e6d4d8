"""Links and anchors that lead nowhere, found with their line and column and a guess, resolved
as MkDocs and the browser resolve them; MkDocs' own messages said in the same form."""

from __future__ import annotations

from pathlib import Path

import pytest

from portal.guides.walk import walk_content
from portal.writing.lint.findings import Finding
from portal.writing.lint.links import Site, SiteSettings, check_page, page_anchors, site_settings
from portal.writing.lint.report import summary_by_kind
from portal.writing.site_messages import site_finding
from tests.support.files import write

JAM = """\
# Clear a paper jam

## What to do

1. Open the door.

## What to do

## Steps {#the-steps}

Text with its own id.
{: #a-paragraph }

<div id="from-html"></div>

## Café & “Wi-Fi” `code`
"""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    write(root, "printing/clear-paper-jam.md", JAM)
    write(root, "printing/index.md", "# Printing\n")
    write(root, "email/mailbox-full.md", "# Mailbox full\n")
    return root


def _check(root: Path, body: str, settings: SiteSettings | None = None) -> list[Finding]:
    page = write(root, "printing/page.md", f"---\ntitle: Page\n---\n\n{body}\n")
    site = Site.of(root, walk_content(root).files, settings or SiteSettings(), True)
    return check_page(site, page, "page.md")


def _said(found: list[Finding]) -> list[tuple[int, int, str, str | None]]:
    return [(f.line, f.column, f.rule, f.suggestion) for f in found]


@pytest.mark.parametrize(
    "link",
    [
        "clear-paper-jam.md",
        "./clear-paper-jam.md#what-to-do",
        "../email/mailbox-full.md",
        "index.md",
        "#page",
        "clear-paper-jam.md#what-to-do_1",
        "clear-paper-jam.md#the-steps",
        "clear-paper-jam.md#a-paragraph",
        "clear-paper-jam.md#from-html",
        "clear-paper-jam.md#cafe-wi-fi-code",
        "../clear-paper-jam/",  # an address, read from the page's own URL printing/page/
        "../../email/mailbox-full/#mailbox-full",
        "../",
        "https://example.com/x.md",
        "mailto:desk@example.com",
        "tel:+441234",
        "/printing/nowhere/",  # absolute: left as it is, as MkDocs leaves it
        "picture.png",  # a file: MkDocs checks those itself
    ],
)
def test_links_that_lead_somewhere_pass(root: Path, link: str) -> None:
    assert _check(root, f"# Page\n\nSee [this]({link}).") == []


def test_a_missing_page_is_named_at_its_bracket_with_the_page_meant(root: Path) -> None:
    found = _check(root, "# Page\n\nSee [the jam guide](clear-jam.md) now.")
    assert _said(found) == [(7, 5, "broken-link", "clear-paper-jam.md")]
    assert found[0].severity == "error"
    assert found[0].message == (
        "The link “clear-jam.md” leads to a page that is not in the content folder."
    )


def test_a_name_like_no_page_gets_no_guess(root: Path) -> None:
    """Two paths in one folder look alike whatever their names: only names are compared."""
    found = _check(root, "# Page\n\nSee [toner](tonerr.md).")
    assert _said(found) == [(7, 5, "broken-link", None)]


def test_a_page_in_the_wrong_folder_is_found_where_it_is(root: Path) -> None:
    found = _check(root, "# Page\n\n- See [full](mailbox-full.md#mailbox-full).")
    assert _said(found) == [(7, 7, "broken-link", "../email/mailbox-full.md#mailbox-full")]


def test_an_address_that_leads_nowhere_is_named(root: Path) -> None:
    found = _check(root, "# Page\n\nSee [jam](../clear-paper-jm/).")
    assert _said(found) == [(7, 5, "broken-link", "clear-paper-jam.md")]


def test_anchors_that_lead_nowhere_get_the_closest_heading(root: Path) -> None:
    found = _check(
        root,
        "# Page\n\n## Before you start\n\n"
        "See [steps](clear-paper-jam.md#what-to-dox) and [here](#before-you-stat).",
    )
    assert _said(found) == [
        (9, 5, "missing-anchor", "clear-paper-jam.md#what-to-do"),
        (9, 49, "missing-anchor", "#before-you-start"),
    ]
    assert "no heading or id is called “what-to-dox”" in found[0].message
    assert "a part of this page" in found[1].message


def test_reference_links_are_checked_where_their_text_is(root: Path) -> None:
    found = _check(root, "# Page\n\nSee [the guide][jam].\n\n[jam]: clear-jam.md")
    assert _said(found) == [(7, 5, "broken-link", "clear-paper-jam.md")]


def test_code_is_never_read_as_a_link(root: Path) -> None:
    assert _check(root, "# Page\n\n`[x](nowhere.md)`\n\n```\n[y](nowhere.md)\n```") == []


def test_links_in_tabs_and_admonitions_keep_their_place(root: Path) -> None:
    body = '# Page\n\n=== "Windows"\n\n    See [x](gone.md).\n\n!!! note\n    And [y](#nope).'
    assert [(f.line, f.column, f.rule) for f in _check(root, body)] == [
        (9, 9, "broken-link"),
        (12, 9, "missing-anchor"),
    ]


def test_the_sites_own_slugify_and_separator_are_used(tmp_path: Path) -> None:
    config = write(
        tmp_path,
        "mkdocs.yml",
        "site_name: X\nuse_directory_urls: false\nmarkdown_extensions:\n  - attr_list\n"
        "  - toc:\n      separator: _\n"
        "      slugify: !!python/object/apply:pymdownx.slugs.slugify\n"
        "        kwds: {case: lower}\n",
    )
    settings = site_settings(config)
    assert settings.separator == "_" and not settings.use_directory_urls
    assert "what_to_do" in page_anchors("## What to do\n", settings)
    assert "café" in page_anchors("## Café\n", settings)
    assert site_settings(tmp_path / "missing.yml") == SiteSettings()
    assert page_anchors("## What to do\n", SiteSettings()) == {"what-to-do"}


def test_mkdocs_messages_become_findings_on_their_line(root: Path, tmp_path: Path) -> None:
    write(root, "printing/page.md", "# Page\n\nA picture:\n\n![Door](door.png)\n")
    config = write(tmp_path, "mkdocs.yml", "site_name: X\nnav:\n  - gone.md\n")
    said = site_finding(
        "Doc file 'printing/page.md' contains a link 'door.png', but the target "
        "'printing/door.png' is not found among documentation files.",
        root,
        config,
        "error",
    )
    assert str(said) == (
        f"{root}/printing/page.md:5:9: error broken-link: The link “door.png” leads to a file "
        "that is not in the content folder."
    )
    nav = site_finding(
        "A reference to 'gone.md' is included in the 'nav' configuration, which is not found "
        "in the documentation files.",
        root,
        config,
        "warning",
    )
    assert (nav.path, nav.line, nav.column, nav.rule) == (str(config), 3, 5, "site-build")
    other = site_finding("Something new went wrong.", root, config, "error")
    assert str(other) == (
        f"{config}:1:1: error site-build: MkDocs said while building the site: "
        "Something new went wrong."
    )


def test_kinds_order_and_summary() -> None:
    def made(severity: str, rule: str, family: str) -> Finding:
        return Finding("a.md", 1, 1, severity, rule, "m", None, family)  # type: ignore[arg-type]

    findings = [
        made("warning", "plain-words", "plain-words"),
        made("error", "blame", "condescension"),
        made("error", "broken-link", "links"),
        made("error", "front-matter", "structure"),
        made("warning", "sentence-length", "readability"),
        made("warning", "plain-words", "plain-words"),
    ]
    ordered = sorted(findings, key=lambda f: f.importance)
    assert [f.rule for f in ordered] == [
        "front-matter",
        "broken-link",
        "blame",
        "plain-words",
        "plain-words",
        "sentence-length",
    ]
    assert summary_by_kind(findings) == (
        "3 errors (1 front matter, 1 link, 1 tone) and 3 warnings (2 plain words, 1 readability)"
    )
