"""The words and limits readers see, declared once.

Python imports them from here. The site's templates read the same values as
`config.extra.plainhelp` (portal/writing/site_build.py adds `site_extra()` to the MkDocs
config it builds with; the portal passes it to the theme partials it renders), and the theme's
scripts read them from the page: main.html writes them into
`<script type="application/json" id="kb-vocabulary">`, read by `plainhelp.vocabulary()` in
assets/plainhelp.js. Plain constants only, no framework imports, so every layer can use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# "Was this helpful?"

FEEDBACK_QUESTION = "Was this helpful?"


@dataclass(frozen=True)
class Reason:
    """One answer to "What went wrong?" after a reader says No."""

    key: str  # what the widget sends and the store keeps
    label: str  # what the widget shows, and the report and dashboard repeat
    said: str  # how the report words it: "3 readers said {said}"


# In the order the widget shows them.
REASONS: tuple[Reason, ...] = (
    Reason("steps-did-not-work", "The steps did not work", "the steps did not work"),
    Reason("hard-to-understand", "It was hard to understand", "it was hard to understand"),
    Reason("out-of-date", "It is out of date", "it is out of date"),
    Reason(
        "not-what-i-needed",
        "It was not what I was looking for",
        "it was not what they were looking for",
    ),
    Reason("other", "Something else", "something else"),
)
REASON_LABELS: dict[str, str] = {reason.key: reason.label for reason in REASONS}
OUT_OF_DATE = "out-of-date"
OTHER = "other"  # says nothing a writer can act on

# The most a reader may write in the widget's comment box (the API refuses longer ones).
COMMENT_CHARS = 2000

# the IT team's announcement

# The banner at the top of every page: longer text is refused when posted, cut when read from
# the status file.
ANNOUNCEMENT_CHARS = 280

# a guide's sections

# The template's level-two headings, in order (`kb new` writes them; `kb lint` checks them).
GUIDE_SECTIONS: tuple[str, ...] = (
    "Before you start",
    "What to do",
    "Did it work?",
    "Why this happens",
    "Avoid it next time",
    "Related guides",
)
STEPS_SECTION = "What to do"  # where the numbered steps go
RELATED_SECTION = "Related guides"  # links to two to four other guides
# Read after the fix: they do not count towards "About N minutes".
AFTER_FIX_SECTIONS: tuple[str, ...] = GUIDE_SECTIONS[GUIDE_SECTIONS.index("Why this happens") :]

# "Still stuck?"

STILL_STUCK_TITLE = "Still stuck? Contact the service desk"
# The page every way to a person leads to (header link, call button, troubleshooters' endings).
DESK_PAGE = "help/contact-the-service-desk"
# The line in the e-mail to the desk after which the reader writes in their own words; the
# feedback widget puts the reader's answer just before it.
WHAT_HAPPENED = "What happened:"


def site_extra() -> dict[str, Any]:
    """All of the above as plain JSON values: `config.extra.plainhelp` in the templates and
    the page's `#kb-vocabulary` for the scripts."""
    return {
        "feedback": {
            "question": FEEDBACK_QUESTION,
            "reasons": [{"key": r.key, "label": r.label} for r in REASONS],
            "comment_chars": COMMENT_CHARS,
        },
        "announcement_chars": ANNOUNCEMENT_CHARS,
        "guide_sections": list(GUIDE_SECTIONS),
        "steps_section": STEPS_SECTION,
        "after_fix_sections": list(AFTER_FIX_SECTIONS),
        "still_stuck": {"title": STILL_STUCK_TITLE, "what_happened": WHAT_HAPPENED},
        "desk_page": DESK_PAGE,
    }
