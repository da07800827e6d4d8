"""portal/guides/vocabulary.py is the one source of the words and limits readers see: Python
uses its values, and the theme's templates and scripts hold no copies of them (they read
`config.extra.plainhelp` and the page's #kb-vocabulary instead)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import esprima
import pytest
import yaml

from portal.guides import vocabulary
from portal.guides.vocabulary import (
    AFTER_FIX_SECTIONS,
    ANNOUNCEMENT_CHARS,
    COMMENT_CHARS,
    FEEDBACK_QUESTION,
    GUIDE_SECTIONS,
    REASON_LABELS,
    REASONS,
    STEPS_SECTION,
    STILL_STUCK_TITLE,
    WHAT_HAPPENED,
    site_extra,
)
from portal.readers.feedback import FeedbackError, parse_answer
from tests.support.files import ROOT

THEME = ROOT / "portal" / "writing" / "theme"
_JINJA_COMMENT = re.compile(r"\{#.*?#\}", re.DOTALL)


def words() -> list[str]:
    """Reader-visible words that must come from the vocabulary, never be written out again."""
    return [
        FEEDBACK_QUESTION,
        STILL_STUCK_TITLE,
        WHAT_HAPPENED,
        *(reason.label for reason in REASONS),
        *(reason.key for reason in REASONS),
        *GUIDE_SECTIONS,
    ]


def limits() -> list[str]:
    return [f"{n}" for n in (COMMENT_CHARS, ANNOUNCEMENT_CHARS)] + [
        f"{n:,}" for n in (COMMENT_CHARS, ANNOUNCEMENT_CHARS)
    ]


def test_the_site_gets_every_value_as_plain_json() -> None:
    extra = site_extra()
    assert json.loads(json.dumps(extra)) == extra
    assert extra["feedback"] == {
        "question": FEEDBACK_QUESTION,
        "reasons": [{"key": key, "label": label} for key, label in REASON_LABELS.items()],
        "comment_chars": COMMENT_CHARS,
    }
    assert extra["announcement_chars"] == ANNOUNCEMENT_CHARS
    assert extra["guide_sections"] == list(GUIDE_SECTIONS)
    assert extra["steps_section"] == STEPS_SECTION in GUIDE_SECTIONS
    assert extra["after_fix_sections"] == list(AFTER_FIX_SECTIONS)
    assert GUIDE_SECTIONS[-len(AFTER_FIX_SECTIONS) :] == AFTER_FIX_SECTIONS
    assert extra["still_stuck"] == {"title": STILL_STUCK_TITLE, "what_happened": WHAT_HAPPENED}
    assert list(REASON_LABELS) == [reason.key for reason in REASONS]


def test_values_are_read_when_asked_so_one_change_reaches_everything(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(vocabulary, "COMMENT_CHARS", 1234)
    monkeypatch.setattr(vocabulary, "WHAT_HAPPENED", "What you saw:")
    extra = site_extra()
    assert extra["feedback"]["comment_chars"] == 1234
    assert extra["still_stuck"]["what_happened"] == "What you saw:"


def test_the_feedback_api_uses_the_same_reasons_and_limit() -> None:
    for key in REASON_LABELS:
        assert parse_answer({"page": "a/b", "helpful": False, "reason": key}, bool).reason == key
    with pytest.raises(FeedbackError, match=", ".join(REASON_LABELS)):
        parse_answer({"page": "a/b", "helpful": False, "reason": "bored"}, bool)
    assert parse_answer({"page": "a/b", "helpful": True, "comment": "x" * COMMENT_CHARS}, bool)
    with pytest.raises(FeedbackError, match=f"{COMMENT_CHARS:,} characters or fewer") as refused:
        parse_answer({"page": "a/b", "helpful": True, "comment": "x" * (COMMENT_CHARS + 1)}, bool)
    assert refused.value.status == 413


def test_the_http_documents_name_the_same_reasons_and_limits() -> None:
    """docs/ cannot read Python, so this keeps them equal to the vocabulary."""
    api = yaml.safe_load((ROOT / "docs" / "openapi.yaml").read_text(encoding="utf-8"))
    schemas = api["components"]["schemas"]
    answer = next(s for s in schemas.values() if "reason" in s.get("properties", {}))
    assert answer["properties"]["reason"]["enum"] == [*REASON_LABELS, None]
    assert answer["properties"]["comment"]["maxLength"] == COMMENT_CHARS
    assert schemas["Announcement"]["properties"]["message"]["maxLength"] == ANNOUNCEMENT_CHARS
    http = (ROOT / "docs" / "http-api.md").read_text(encoding="utf-8")
    assert ", ".join(f"`{key}`" for key in REASON_LABELS) in http
    assert f"at most {COMMENT_CHARS:,} characters" in http


def template_text(path: Path) -> str:
    """A theme template without its Jinja comments (which may talk about the words)."""
    return _JINJA_COMMENT.sub("", path.read_text(encoding="utf-8"))


def script_literals(path: Path) -> list[str]:
    """The strings, numbers and regular expressions of a script (its comments left out)."""
    tokens = esprima.tokenize(path.read_text(encoding="utf-8"))
    kinds = ("String", "Numeric", "Template", "RegularExpression")
    return [token.value for token in tokens if token.type in kinds]


def copies_in_template(path: Path) -> list[str]:
    text = template_text(path)
    copied = [word for word in words() if word in text]
    alone = r"(?<![\w,./]){}(?![\w,./])"  # the number itself, not part of "/2000/svg" or "12,000"
    return copied + [n for n in limits() if re.search(alone.format(re.escape(n)), text)]


def copies_in_script(path: Path) -> list[str]:
    literals = script_literals(path)
    copied = [word for word in words() if any(word in literal for literal in literals)]
    return copied + [n for n in limits() if n in literals]


@pytest.mark.parametrize(
    "path", sorted(THEME.rglob("*.html")), ids=lambda p: p.relative_to(THEME).as_posix()
)
def test_no_template_of_the_theme_copies_the_vocabulary(path: Path) -> None:
    copied = copies_in_template(path)
    assert copied == [], f"{path.name}: use config.extra.plainhelp instead of {copied}"


@pytest.mark.parametrize(
    "path", sorted(THEME.rglob("*.js")), ids=lambda p: p.relative_to(THEME).as_posix()
)
def test_no_script_of_the_theme_copies_the_vocabulary(path: Path) -> None:
    copied = copies_in_script(path)
    assert copied == [], f"{path.name}: read plainhelp.vocabulary() instead of {copied}"


def test_the_copy_checks_would_catch_a_copy(tmp_path: Path) -> None:
    script = tmp_path / "copy.js"
    script.write_text(
        f'/* "{WHAT_HAPPENED}" in a comment is fine */\n'
        f'var LIMIT = {COMMENT_CHARS};\nvar LABEL = "{REASONS[0].label}";\n'
    )
    assert copies_in_script(script) == [REASONS[0].label, str(COMMENT_CHARS)]
    page = tmp_path / "copy.html"
    page.write_text(
        f'{{#- "{STILL_STUCK_TITLE}" in a comment is fine -#}}\n'
        f'<textarea maxlength="{COMMENT_CHARS}"></textarea> Up to {COMMENT_CHARS:,} characters.'
    )
    assert copies_in_template(page) == [str(COMMENT_CHARS), f"{COMMENT_CHARS:,}"]
