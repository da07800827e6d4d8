"""Generated hostile input for the tests of issue 14 (unit and system alike): any Unicode text
(surrogates too) mixed with what means something to a regex replacement, printf, format() or
HTML, and anything that looks like a number to someone."""

from __future__ import annotations

import json
import re

from hypothesis import strategies as st

WINDOWS_PATHS = [r"C:\Users\me", r"D:\backup", r"\\fileserver\shared", "C:\\Program Files\\"]
# Text that means something to a regular expression's replacement, printf, format() or HTML.
TRICKY = [
    "\\", "\\1", "\\g<0>", "\\g<name>", "$&", "$1", "\\U", "\\b", "\\n", "\\x00", "%s", "{0}",
    "\\\\server\\share", "C:\\", "..", "../", "%", "%00", "&amp;", "&#0;", "\x00", "\x08",
    "\r\n", "\u2028", "\ufeff", "\U0001f600", "\ud83d", "\udfff", "\ufffe", "\x85", "\x9b",
]  # fmt: skip
# Markup that must only ever reach a page escaped: none of these tags may appear as tags.
PROBES = [
    "<kbprobe>",
    '"><kbprobe x="',
    "'><kbprobe x='",
    "</title><kbprobe>",
    "</textarea><kbprobe>",
    "<img src=x onerror=kbprobe()>",
]
RAW_MARKUP = re.compile(r"<kbprobe|<img src=x onerror")
# Characters HTML does not allow in text (its whitespace is fine) and UTF-8 cannot carry.
NOT_HTML_TEXT = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff]")

# Every code point, lone surrogates included.
any_character = st.characters(exclude_categories=())
hostile_text = st.lists(
    st.one_of(st.text(any_character, max_size=30), st.sampled_from(TRICKY + PROBES)),
    max_size=12,
).map("".join)

# Anything that looks like a number to someone: Unicode digits ("²", "①", "٣") that
# str.isdigit() accepts and int() may not, signs, exponents, decimals, 5,000 digits.
numberish = st.one_of(
    st.integers().map(str),
    st.text(st.characters(categories=["Nd", "No", "Nl"]), min_size=1, max_size=8),
    st.text(st.characters(categories=["Nd", "No", "Nl", "Zs", "Pd", "Sm"]), max_size=8),
    st.from_regex(r"[-+ ]?[0-9]{1,12}(\.[0-9]+)?(e[-+]?[0-9]{1,4})?", fullmatch=True),
    st.integers(4000, 6000).map(lambda n: "9" * n),
    hostile_text,
)

# JSON values of every kind, with any text in strings and keys.
json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(any_character, max_size=40)
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(any_character, max_size=8), inner)
    ),
    max_leaves=12,
)


def nested(depth: int, inner: object, as_object: bool) -> str:
    """`inner` as JSON inside `depth` lists or objects, written out without recursion."""
    opening, closing = ('{"x":', "}") if as_object else ("[", "]")
    return opening * depth + json.dumps(inner) + closing * depth
