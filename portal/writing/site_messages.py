"""MkDocs' own messages in our words: a file, a line and a column, like every other finding.

MkDocs names a page but never a line ("Doc file 'x.md' contains a link 'y.md', but the target
is not found among documentation files"). Each message it may log while building is matched
here and pointed at the place in the file; anything not recognised keeps its words but gets
the same `path:line:column: severity rule: message` form, on mkdocs.yml.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path

from portal.writing.lint.findings import SITE_BUILD_RULE, Finding, Severity
from portal.writing.lint.links import ANCHOR_RULE, FAMILY, LINK_RULE, page_links

_DOC = r"Doc file '(?P<src>[^']+)' contains "
_GUESS = r"(?: Did you mean '(?P<guess>[^']*)'\?)?"
Place = tuple[str, int, int]
Build = Callable[[re.Match[str], Place, Severity], Finding]


def _file_place(content_dir: Path, src: str, needle: str) -> Place:
    """Where `needle` (a link's target, or any text) first appears in a content file."""
    path = content_dir / src
    display = path.as_posix()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return display, 1, 1
    for link in page_links(text):
        if link.target == needle:
            return display, link.line, link.column
    return (display, *_text_place(text, needle))


def _text_place(text: str, needle: str) -> tuple[int, int]:
    """Line and column (1-based) of needle's first appearance; 1:1 when it is not there."""
    for pattern in (f"]({needle}", f"]: {needle}", f'"{needle}', needle):
        index = text.find(pattern) if needle else -1
        if index >= 0:
            index += len(pattern) - len(needle)
            line = text.count("\n", 0, index) + 1
            return line, index - (text.rfind("\n", 0, index) + 1) + 1
    return 1, 1


def _finding(
    place: Place, severity: Severity, rule: str, message: str, guess: str | None
) -> Finding:
    family = FAMILY if rule in (LINK_RULE, ANCHOR_RULE) else "site"
    return Finding(*place, severity, rule, message, guess or None, family)


def _not_found(match: re.Match[str], place: Place, severity: Severity) -> Finding:
    url = match["url"]
    what = "page" if url.split("#")[0].lower().endswith(".md") else "file"
    message = f"The link “{url}” leads to a {what} that is not in the content folder."
    return _finding(place, severity, LINK_RULE, message, match["guess"])


def _unrecognised(match: re.Match[str], place: Place, severity: Severity) -> Finding:
    message = (
        f"The link “{match['url']}” is not a page or file of the site, so it was left as it "
        "is and may lead nowhere; link to the guide's .md file."
    )
    return _finding(place, severity, LINK_RULE, message, match["guess"])


def _absolute(match: re.Match[str], place: Place, severity: Severity) -> Finding:
    message = (
        f"The link “{match['url']}” starts with “/”, so it breaks when the site is served "
        "from a folder; link to the guide's .md file instead."
    )
    return _finding(place, severity, LINK_RULE, message, match["guess"])


def _anchor(match: re.Match[str], place: Place, severity: Severity) -> Finding:
    message = (
        f"The link “{match['url']}” goes to a part of “{match['target']}” that does not "
        f"exist: no heading or id is called “{match['anchor']}”."
    )
    return _finding(place, severity, ANCHOR_RULE, message, None)


def _excluded(match: re.Match[str], place: Place, severity: Severity) -> Finding:
    message = (
        f"The link to “{match['target']}” leads to a page left out of the site "
        "(`exclude_docs` or `not_in_nav` in mkdocs.yml)."
    )
    return _finding(place, severity, LINK_RULE, message, None)


def _conflict(match: re.Match[str], place: Place, severity: Severity) -> Finding:
    message = (
        f"This page is left out of the site because “{match['other']}” has the same address; "
        "keep one of the two."
    )
    return _finding(place, severity, SITE_BUILD_RULE, message, None)


def _nav(match: re.Match[str], place: Place, severity: Severity) -> Finding:
    message = (
        f"The navigation in mkdocs.yml names “{match['ref']}”, which is not a page of the site."
    )
    return _finding(place, severity, SITE_BUILD_RULE, message, None)


# (pattern, builder, where the file is: "src" a content file, "config" mkdocs.yml; needle)
_KNOWN: tuple[tuple[re.Pattern[str], Build, str, str], ...] = (
    (
        re.compile(
            _DOC + r"a link '(?P<url>[^']*)', but the target(?: '[^']*')? is not found "
            r"among documentation files\." + _GUESS
        ),
        _not_found,
        "src",
        "url",
    ),
    (
        re.compile(
            _DOC + r"an unrecognized relative link '(?P<url>[^']*)', it was left as is\." + _GUESS
        ),
        _unrecognised,
        "src",
        "url",
    ),
    (
        re.compile(_DOC + r"an absolute link '(?P<url>[^']*)', it was left as is\." + _GUESS),
        _absolute,
        "src",
        "url",
    ),
    (
        re.compile(
            _DOC + r"a link '(?P<url>[^']*)', but the doc '(?P<target>[^']*)' does not contain "
            r"an anchor '#(?P<anchor>[^']*)'\."
        ),
        _anchor,
        "src",
        "url",
    ),
    (
        re.compile(_DOC + r"a link to '(?P<target>[^']*)' which is excluded from the built site\."),
        _excluded,
        "src",
        "target",
    ),
    (
        re.compile(
            r"Excluding '(?P<src>[^']+)' from the site because it conflicts with "
            r"'(?P<other>[^']+)'\."
        ),
        _conflict,
        "src",
        "",
    ),
    (
        re.compile(
            r"A reference to '(?P<ref>[^']+)' is included in the 'nav' configuration, which "
            r"is not found in the documentation files\."
        ),
        _nav,
        "config",
        "ref",
    ),
)


def _config_place(mkdocs_config: Path, needle: str) -> Place:
    try:
        text = mkdocs_config.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return mkdocs_config.as_posix(), 1, 1
    return (mkdocs_config.as_posix(), *_text_place(text, needle))


def site_finding(
    message: str, content_dir: Path, mkdocs_config: Path, severity: Severity
) -> Finding:
    """One MkDocs message as a finding on the file and line it is about."""
    text = " ".join(message.split())
    for pattern, build, where, needle in _KNOWN:
        match = pattern.fullmatch(text)
        if match is None:
            continue
        if where == "src":
            place = _file_place(content_dir, match["src"], match[needle] if needle else "")
        else:
            place = _config_place(mkdocs_config, match[needle])
        return build(match, place, severity)
    return _finding(
        (mkdocs_config.as_posix(), 1, 1),
        severity,
        SITE_BUILD_RULE,
        f"MkDocs said while building the site: {text}",
        None,
    )


def site_findings(
    messages: Sequence[str], content_dir: Path, mkdocs_config: Path, severity: Severity
) -> list[Finding]:
    """Every MkDocs message as a finding, once each."""
    found = [site_finding(m, content_dir, mkdocs_config, severity) for m in messages]
    return list(dict.fromkeys(found))
