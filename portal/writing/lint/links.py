"""Links and anchors that lead nowhere, found before MkDocs runs, with a line and a guess.

MkDocs names the page but not the line, and only warns about anchors when asked. Here each
Markdown link (inline or by reference) is resolved the way MkDocs and then the browser do,
checked against the content's pages and each page's anchors (heading ids made with the site's
own `toc` settings, and explicit `{#id}`s), and reported at its line and column.
"""

from __future__ import annotations

import difflib
import html
import importlib
import os
import posixpath
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import yaml

from portal.guides.articles import Article, parse_front_matter, split_front_matter
from portal.guides.markdown_text import ATTR_LIST, text_blocks
from portal.guides.segments import text_segments
from portal.guides.troubleshooters import KIND_TROUBLESHOOTER, parse_troubleshooter
from portal.writing.lint.findings import Finding, Severity

LINK_RULE = "broken-link"
ANCHOR_RULE = "missing-anchor"
FAMILY = "links"
Slugify = Callable[[str, str], str]

_EXPLICIT_ID = re.compile(r"\{:?[^}\n]*?#([\w.:-]+)[^}\n]*\}")
_HTML_ID = re.compile(r"""<[A-Za-z][^>]*?\s(?:id|name)\s*=\s*["']([^"']+)["']""")
_INDEX_NAMES = ("index.md", "README.md")


@dataclass(frozen=True)
class Link:
    """One link as written on a page, at the line and column of its opening bracket."""

    target: str
    line: int
    column: int


@dataclass(frozen=True)
class SiteSettings:
    """What MkDocs needs to resolve a link: directory URLs and how headings become ids."""

    use_directory_urls: bool = True
    slugify: Slugify | None = None
    separator: str = "-"

    def slug(self, text: str) -> str:
        from markdown.extensions.toc import slugify

        return (self.slugify or slugify)(html.unescape(text), self.separator)


class _TagLoader(yaml.SafeLoader):
    """Safe YAML that keeps `!!python/name:` and `!!python/object/apply:` as names, never code."""


def _tagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.MappingNode):
        value: Any = loader.construct_mapping(node, deep=True)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_scalar(node)  # type: ignore[arg-type]
    return ("tag", suffix, value)


_TagLoader.add_multi_constructor("", _tagged)


def _callable(value: Any) -> Slugify | None:
    """The slugify function a `toc` setting names (as MkDocs would import it), else None."""
    if not (isinstance(value, tuple) and len(value) == 3):
        return None
    _, tag, argument = value
    for prefix in ("tag:yaml.org,2002:python/name:", "tag:yaml.org,2002:python/object/apply:"):
        if not tag.startswith(prefix):
            continue
        module, _, name = tag[len(prefix) :].rpartition(".")
        try:
            found = getattr(importlib.import_module(module), name)
        except (ImportError, AttributeError, ValueError):
            return None
        if prefix.endswith("apply:"):
            kwds = argument.get("kwds", {}) if isinstance(argument, dict) else {}
            found = found(**kwds)
        return found if callable(found) else None
    return None


def site_settings(mkdocs_config: Path | None) -> SiteSettings:
    """Directory URLs and the `toc` slugify from mkdocs.yml; MkDocs' defaults without one."""
    if mkdocs_config is None or not mkdocs_config.is_file():
        return SiteSettings()
    try:
        data = yaml.load(mkdocs_config.read_text(encoding="utf-8"), Loader=_TagLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return SiteSettings()
    if not isinstance(data, dict):
        return SiteSettings()
    toc: dict[str, Any] = {}
    for entry in data.get("markdown_extensions") or []:
        if isinstance(entry, dict) and isinstance(entry.get("toc"), dict):
            toc = entry["toc"]
    separator = toc.get("separator", "-")
    return SiteSettings(
        use_directory_urls=data.get("use_directory_urls", True) is not False,
        slugify=_callable(toc.get("slugify")),
        separator=separator if isinstance(separator, str) else "-",
    )


def page_links(text: str) -> list[Link]:
    """Every Markdown link in a file's text (code and front matter left out), in order."""
    _, body, body_line = split_front_matter(text)
    lines = body.splitlines()
    found: list[Link] = []
    for segment in text_segments(body):
        for span in segment.spans:
            if span.kind != "link" or not span.target:
                continue
            line, column = segment.position(span.start)
            source = lines[line - 1] if 0 < line <= len(lines) else ""
            if column > 1 and source[column - 2 : column - 1] == "[":
                column -= 1
            found.append(Link(span.target, line + body_line - 1, column))
    return found


def page_anchors(text: str, settings: SiteSettings) -> set[str]:
    """The ids a page's headings get (explicit `{#id}` first, then the toc's slugs) and
    the ids written by hand in attribute lists and HTML."""
    from markdown.extensions.toc import unique

    _, body, _ = split_front_matter(text)
    used = set(_EXPLICIT_ID.findall(body)) | set(_HTML_ID.findall(body))
    lines = body.splitlines()
    for block in text_blocks(body):
        if block.kind != "heading" or block.html:
            continue
        source = lines[block.line - 1] if 0 < block.line <= len(lines) else ""
        attrs = ATTR_LIST.search(source)
        if attrs and _EXPLICIT_ID.search(attrs.group(0)):
            continue  # its explicit id is already in `used`
        unique(settings.slug(block.text), used)  # adds the id it returns to `used`
    return used


def page_url(src: str, use_directory_urls: bool) -> str:
    """The address MkDocs gives a page, relative to the site's root ("printing/jam/")."""
    folder, name = posixpath.split(src)
    stem = posixpath.splitext(name)[0]
    if name in _INDEX_NAMES:
        return f"{folder}/" if folder else ""
    if use_directory_urls:
        return posixpath.join(folder, stem) + "/"
    return posixpath.join(folder, stem + ".html")


@dataclass
class Site:
    """The content's pages by source path and by address, and each page's anchors on demand."""

    root: Path
    settings: SiteSettings
    pages: dict[str, Path] = field(default_factory=dict)  # "printing/jam.md" -> file
    by_url: dict[str, str] = field(default_factory=dict)  # "printing/jam" -> "printing/jam.md"
    guides_here: bool = True  # a folder of our guides: every link that leads nowhere is an error
    _anchors: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, root: Path, files: Iterable[Path], settings: SiteSettings, guides: bool) -> Site:
        site = cls(root, settings, guides_here=guides)
        for path in files:
            if path.suffix.lower() != ".md":
                continue
            src = _under(path, root)
            site.pages[src] = path
            site.by_url.setdefault(page_url(src, settings.use_directory_urls).rstrip("/"), src)
        return site

    def anchors(self, src: str) -> set[str]:
        if src not in self._anchors:
            try:
                text = self.pages[src].read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                text = ""
            self._anchors[src] = page_anchors(text, self.settings)
        return self._anchors[src]


def _under(path: Path, root: Path) -> str:
    """A file's path under the content folder, links kept as they are (never resolved)."""
    return Path(os.path.abspath(path)).relative_to(os.path.abspath(root)).as_posix()


def _closest(word: str, choices: Iterable[str]) -> str | None:
    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return found[0] if found else None


def _relative(target_src: str, page_src: str) -> str:
    return posixpath.relpath(target_src, posixpath.dirname(page_src) or ".")


def _guess_page(site: Site, missing: str, page_src: str) -> str | None:
    """The existing page a writer most likely meant, as a link from their page: the closest
    file name, in the same folder first (whole paths are never compared: two paths in one
    folder look alike whatever their names)."""
    stem = posixpath.splitext(posixpath.basename(missing))[0]
    folder = posixpath.dirname(missing)
    scored = []
    for src in site.pages:
        name = posixpath.splitext(posixpath.basename(src))[0]
        ratio = difflib.SequenceMatcher(None, stem, name).ratio()
        if ratio >= 0.6:
            scored.append((ratio, posixpath.dirname(src) == folder, src))
    return _relative(max(scored)[2], page_src) if scored else None


def _resolve(site: Site, page_src: str, path: str) -> str | None:
    """The source file a link's path leads to, as MkDocs and then the browser resolve it."""
    if posixpath.splitext(path)[1]:  # a file: relative to the page's own file, like MkDocs
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page_src), path))
        return target if target in site.pages else None
    # An address ("../printing/jam/"): MkDocs leaves it, the browser reads it from the page's URL.
    base = "/" + page_url(page_src, site.settings.use_directory_urls)
    address = urlsplit(urljoin(base, path)).path.strip("/")
    return site.by_url.get(address)


def check_link(site: Site, page_src: str, display: str, link: Link) -> Finding | None:
    """None when the link leads somewhere; else a finding with a guess at what was meant."""
    scheme, netloc, path, _, anchor = urlsplit(link.target)
    if scheme or netloc or link.target.startswith(("/", "\\")):
        return None  # another site, mail, a phone number, or an absolute address: left alone
    path, anchor = unquote(path), unquote(anchor)
    severity: Severity = "error" if site.guides_here else "warning"
    if path:
        target = _resolve(site, page_src, path)
        if target is None:
            is_page = path.lower().endswith(".md")
            if not is_page and posixpath.splitext(path)[1]:
                return None  # an image or a file: MkDocs checks those itself
            guess = _guess_page(site, _as_source(page_src, path), page_src)
            suggestion = f"{guess}#{anchor}" if guess and anchor else guess
            return Finding(
                display,
                link.line,
                link.column,
                "error" if is_page else severity,
                LINK_RULE,
                f"The link “{link.target}” leads to a page that is not in the content folder.",
                suggestion,
                FAMILY,
            )
    else:
        target = page_src
    if not anchor or anchor in site.anchors(target):
        return None
    guess = _closest(anchor, site.anchors(target))
    written = link.target.split("#", 1)[0]
    where = "this page" if not path else f"“{_relative(target, page_src)}”"
    return Finding(
        display,
        link.line,
        link.column,
        severity,
        ANCHOR_RULE,
        f"The link “{link.target}” goes to a part of {where} that does not exist: "
        f"no heading or id is called “{anchor}”.",
        f"{written}#{guess}" if guess else None,
        FAMILY,
    )


def _as_source(page_src: str, path: str) -> str:
    """A missing link's path as a source path, for comparing with the pages that exist."""
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page_src), path))
    if not posixpath.splitext(joined)[1]:
        joined = joined.rstrip("/") + ".md"
    return joined


def answer_places(text: str, page_src: str, source: Path) -> set[tuple[int, int]]:
    """Where a troubleshooter's answers start (line, column): the troubleshooter rules check
    where each leads and say so once, in the tree's words (nothing for other pages)."""
    yaml_text, body, body_line = split_front_matter(text)
    if yaml_text is None or KIND_TROUBLESHOOTER not in yaml_text:
        return set()  # most pages: no YAML to read
    try:
        meta, _ = parse_front_matter(yaml_text or "")
    except yaml.YAMLError:
        return set()
    if not isinstance(meta, dict) or meta.get("kind") != KIND_TROUBLESHOOTER:
        return set()
    page = Article(page_src.removesuffix(".md"), source, "", "", body, body_line, meta=meta)
    tree = parse_troubleshooter(page)
    return {(o.line, o.column) for q in tree.questions for o in q.options}


def check_page(site: Site, source: Path, display: str) -> list[Finding]:
    """Every link of one page that leads nowhere (a troubleshooter's answers aside)."""
    try:
        text = source.read_text(encoding="utf-8")
        page_src = _under(source, site.root)
    except (OSError, UnicodeDecodeError, ValueError):
        return []
    answers = answer_places(text, page_src, source)
    found = (
        check_link(site, page_src, display, link)
        for link in page_links(text)
        if (link.line, link.column) not in answers
    )
    return [finding for finding in found if finding is not None]


def check_pages(site: Site, pages: Sequence[tuple[Path, str]]) -> list[Finding]:
    """Every link of every page given (as file and the path to show) that leads nowhere."""
    return [finding for source, display in pages for finding in check_page(site, source, display)]
