"""A page's language and translation key, from the conventions other tools' sites use."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from portal.guides.articles import load_content
from portal.guides.languages import normalise, page_language, site_language
from search import guide_record
from tests.support.files import write

TODAY = dt.date(2026, 11, 22)


@pytest.mark.parametrize(
    ("path", "meta", "lang", "key"),
    [
        ("setup/vpn", {}, "en", "setup/vpn"),
        ("setup/vpn.fr", {}, "fr", "setup/vpn"),  # mkdocs-static-i18n suffix
        ("setup/vpn._de", {}, "de", "setup/vpn"),  # Jekyll suffix
        ("setup/vpn.pt-BR", {}, "pt-br", "setup/vpn"),
        ("fr/setup/vpn", {}, "fr", "setup/vpn"),  # a first folder named for a language
        ("pt-br/setup/vpn", {}, "pt-br", "setup/vpn"),
        ("es_MX/vpn", {}, "es-mx", "vpn"),
        ("setup/vpn", {"lang": "fr"}, "fr", "setup/vpn"),  # front matter wins
        ("setup/vpn", {"language": "de-AT"}, "de-at", "setup/vpn"),
        ("setup/vpn", {"locale": "ja"}, "ja", "setup/vpn"),
        ("fr/setup/vpn", {"lang": "en"}, "en", "setup/vpn"),
        ("setup/vpn", {"lang": "klingon"}, "en", "setup/vpn"),  # not a language: the default
        ("xx/setup/vpn", {}, "en", "xx/setup/vpn"),  # not an ISO 639-1 code
        ("it/printers", {}, "en", "it/printers"),  # `it/` is the IT team's folder
        ("it-it/printers", {}, "it-it", "printers"),
        ("fr", {}, "en", "fr"),  # a page named fr.md at the top is just a page
        ("release.notes", {}, "en", "release.notes"),
        ("fr/index", {}, "fr", "index"),
        # A three-letter code the writer states (Nigerian Pidgin); its folder is the marker.
        ("pcm/getting-paid", {"lang": "pcm"}, "pcm", "getting-paid"),
        ("be/getting-paid", {"lang": "be"}, "be", "getting-paid"),
        ("api/getting-paid", {}, "en", "api/getting-paid"),  # a folder never names one
    ],
)
def test_page_language_follows_the_usual_conventions(
    path: str, meta: dict[str, str], lang: str, key: str
) -> None:
    found = page_language(path, meta, "en")
    assert (found.lang, found.translation_key) == (lang, key)


def test_the_site_default_applies_to_pages_without_a_marker() -> None:
    assert page_language("setup/vpn", {}, "de").lang == "de"
    assert page_language("setup/vpn.fr", {}, "de").lang == "fr"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("FR", "fr"), ("fr_CA", "fr-ca"), ("zh-Hans", "zh-hans"), (" en ", "en"), ("eng", None)],
)
def test_codes_are_normalised(value: str, expected: str | None) -> None:
    assert normalise(value) == expected


def test_a_writer_may_state_a_three_letter_code() -> None:
    assert normalise("pcm", stated=True) == "pcm"
    assert normalise("eng-GB", stated=True) == "eng-gb"
    assert normalise("klingon", stated=True) is None


MKDOCS_I18N = """\
site_name: Help
theme:
  name: material
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
plugins:
  - search
  - i18n:
      docs_structure: suffix
      languages:
        - locale: en
          name: English
        - locale: es
          default: true
          name: Español
"""


@pytest.mark.parametrize(
    ("where", "text", "expected"),
    [
        ("parent", "site_name: Help\ntheme:\n  name: material\n  language: fr\n", "fr"),
        ("parent", MKDOCS_I18N, "es"),  # the i18n plugin's default, past !!python tags
        ("inside", "theme:\n  language: de\n", "de"),  # a mkdocs.yml in the content folder
        ("parent", "theme: readthedocs\n", "en"),
        ("parent", "plugins:\n  - i18n:\n      default_language: nl\n", "nl"),  # plugin 0.x
        ("parent", "site_name: [unclosed\n", "en"),  # broken YAML: the default
        ("parent", "dev_addr: !ENV [ADDR, '127.0.0.1:8000']\ntheme:\n  language: pl\n", "pl"),
        ("none", "", "en"),
    ],
)
def test_site_language_comes_from_mkdocs_yml(
    tmp_path: Path, where: str, text: str, expected: str
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    if where != "none":
        (docs if where == "inside" else tmp_path).joinpath("mkdocs.yml").write_text(text)
    assert site_language(docs) == expected


def test_articles_and_records_carry_language_and_translation_key(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("theme:\n  language: de\n")
    docs = tmp_path / "docs"
    write(docs, "setup/vpn.md", "# VPN einrichten\n\nText.\n")
    write(docs, "setup/vpn.fr.md", "# Configurer le VPN\n\nTexte.\n")
    write(docs, "en/setup/vpn.md", "---\ntitle: Set up VPN\n---\n\nText.\n")
    content = load_content(docs, today=TODAY)
    assert content.problems == []
    found = {a.path: (a.lang, a.translation_key) for a in content.articles}
    assert found == {
        "setup/vpn": ("de", "setup/vpn"),
        "setup/vpn.fr": ("fr", "setup/vpn"),
        "en/setup/vpn": ("en", "setup/vpn"),
    }
    french = content.get("setup/vpn.fr")
    assert french is not None
    record = guide_record(french)
    assert (record.path, record.lang, record.translation_key) == ("setup/vpn.fr", "fr", "setup/vpn")
