"""The language of each page, from the conventions MkDocs, Jekyll and Hugo sites already use.

A page says its language in front matter (`lang`, `language`, `locale`), in its file name
(`vpn.fr.md` for mkdocs-static-i18n, `vpn._fr.md` for Jekyll) or in its first folder (`fr/`);
otherwise it is in the site's language from `mkdocs.yml`. Copies of one page in several
languages share a translation key: the path with the language marker taken out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

DEFAULT_LANGUAGE = "en"
FRONT_MATTER_KEYS = ("lang", "language", "locale")
# ISO 639-1: only real two-letter codes count as a language marker.
_ISO_639_1_CODES = """
    aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv
    cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr
    ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw
    ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv
    ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr
    ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi
    yo za zh zu
"""
ISO_639_1 = frozenset(_ISO_639_1_CODES.split())
# A folder that is also a common English word or abbreviation is not taken for a language
# unless a region follows (`it-it/`): IT teams write `it/` for "IT" far more often.
_AMBIGUOUS_FOLDERS = frozenset({"it", "as", "or", "to", "no", "is", "be", "so", "an", "id"})
_CODE = re.compile(r"^(?P<language>[a-z]{2,3})(?:[-_](?P<region>[a-z]{2}|[a-z]{4}|\d{3}))?$", re.I)
# `name.fr` (mkdocs-static-i18n) or `name._fr` (Jekyll), the region optional.
_SUFFIX = re.compile(
    r"^(?P<stem>.+?)\.(?P<jekyll>_)?(?P<code>[a-z]{2}(?:[-_][a-z0-9]{2,4})?)$", re.I
)
MKDOCS_FILES = ("mkdocs.yml", "mkdocs.yaml")


@dataclass(frozen=True)
class PageLanguage:
    """A page's language and the key its copies in other languages share."""

    lang: str
    translation_key: str


def normalise(value: Any, stated: bool = False) -> str | None:
    """`fr`, `FR`, `fr_CA`, `pt-BR` as `fr`, `fr`, `fr-ca`, `pt-br`; None if not a language.

    A writer's own `lang: pcm` may use a three-letter code (ISO 639-3); a folder or file name
    must use a real two-letter one, since "api" or "faq" are not languages.
    """
    if not isinstance(value, str):
        return None
    match = _CODE.match(value.strip())
    if match is None:
        return None
    code = match.group("language").lower()
    if not (code in ISO_639_1 or (stated and len(code) == 3)):
        return None
    language = match.group("language").lower()
    region = match.group("region")
    return f"{language}-{region.lower()}" if region else language


def _from_suffix(name: str) -> tuple[str, str] | None:
    """(language, name without the marker) for `vpn.fr` or `vpn._fr`."""
    match = _SUFFIX.match(name)
    if match is None:
        return None
    code = normalise(match.group("code"))
    return (code, match.group("stem")) if code else None


def _from_folder(first: str) -> str | None:
    code = normalise(first)
    if code is None or (code in _AMBIGUOUS_FOLDERS and first.lower() == code):
        return None
    return code


def page_language(path: str, meta: dict[str, Any], default: str) -> PageLanguage:
    """The language of the page at `path` (identity, no `.md`) and its translation key."""
    parts = path.split("/")
    folders, name = parts[:-1], parts[-1]
    stated = next(
        (normalise(meta.get(key), stated=True) for key in FRONT_MATTER_KEYS if meta.get(key)),
        None,
    )
    lang = stated
    suffix = _from_suffix(name)
    if suffix is not None:
        lang = lang or suffix[0]
        name = suffix[1]
    elif folders and (folder := _from_folder(folders[0])) is not None:
        lang = lang or folder
        folders = folders[1:]
    elif folders and stated is not None and normalise(folders[0], stated=True) == stated:
        folders = folders[1:]  # `pcm/getting-paid.md` saying `lang: pcm` is a copy of a page
    key = "/".join([*folders, name])
    return PageLanguage(lang or default, key)


class _TolerantLoader(yaml.SafeLoader):
    """Safe YAML that reads MkDocs' `!!python/name:` and `!ENV` tags as plain values."""


def _plain(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)  # type: ignore[arg-type]


_TolerantLoader.add_multi_constructor("", _plain)


def read_mkdocs_config(path: Path) -> dict[str, Any]:
    """A mkdocs.yml as a dict; {} when it is missing, unreadable or not a mapping."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_TolerantLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    return data if isinstance(data, dict) else {}


def language_of_config(config: dict[str, Any]) -> str | None:
    """The site's language: `theme.language`, else the i18n plugin's default language."""
    theme = config.get("theme")
    if isinstance(theme, dict) and (code := normalise(theme.get("language"))):
        return code
    plugins = config.get("plugins")
    entries = (
        plugins if isinstance(plugins, list) else [plugins] if isinstance(plugins, dict) else []
    )
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        for name, options in entry.items():
            if name in ("i18n", "static-i18n") and isinstance(options, dict):
                found = _i18n_default(options)
                if found:
                    return found
    return None


def _i18n_default(options: dict[str, Any]) -> str | None:
    """mkdocs-static-i18n: the language marked `default: true` (a list or, in 0.x, a key)."""
    languages = options.get("languages")
    if isinstance(languages, list):
        for language in languages:
            if isinstance(language, dict) and language.get("default") is True:
                return normalise(language.get("locale"))
    default = normalise(options.get("default_language"))
    return default


def site_language(content_root: Path) -> str:
    """The site's default language, from the mkdocs.yml in or beside the content folder."""
    root = Path(content_root).resolve()
    for folder in (root, root.parent):
        for name in MKDOCS_FILES:
            config_file = folder / name
            if config_file.is_file():
                found = language_of_config(read_mkdocs_config(config_file))
                if found:
                    return found
    return DEFAULT_LANGUAGE
