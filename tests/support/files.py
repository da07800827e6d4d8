"""The repository's root, and small guides and troubleshooters written into throwaway content
folders."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def write(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


GOOD_GUIDE = """\
---
title: Fix a paper jam
description: Clear stuck paper from the printer and get printing again.
tags:
  - printing
phrases:
  - paper jam
  - printer jammed
owner: Service Desk
reviewed: 2026-01-15
review_every: 6 months
---

# Fix a paper jam

Paper is stuck inside the printer. You can clear it in a few minutes.

## What to do

1. Open the front door of the printer.
2. Pull the paper out gently.
"""


def good_guide_as(title: str, body: str, extra: str = "") -> str:
    """GOOD_GUIDE's front matter with another title and body (and `extra` front matter)."""
    front = GOOD_GUIDE.split("---\n")[1].replace("Fix a paper jam", title)
    return f"---\n{front}{extra}---\n\n{body}"


TREE_DESCRIPTION = "Answer a few short questions and we will find the guide that fits your problem."


def troubleshooter_as(
    title: str,
    questions: str,
    *,
    description: str = TREE_DESCRIPTION,
    intro: str = "Answer a few short questions and we will take you to the right guide.",
    tag: str = "stopped working",
    phrase: str = "it stopped working",
    reviewed: str = "2026-01-15",
) -> str:
    """A troubleshooter's page: front matter (`kind: troubleshooter`), its title as the heading,
    `intro` (none when empty), then `questions` (its `## … {#id}` sections)."""
    opening = f"{intro}\n\n" if intro else ""
    return (
        f"---\nkind: troubleshooter\ntitle: {title}\ndescription: {description}\n"
        f"tags: [{tag}]\nphrases: [{phrase}]\nowner: Service Desk\nreviewed: {reviewed}\n---\n\n"
        f"# {title}\n\n{opening}{questions}"
    )


# The body of a guide made to the template: every section, in order, with numbered steps.
TEMPLATE_BODY = """\
# Clear a paper jam

Paper is stuck in the printer. You can clear it in a few minutes.

## Before you start

- Find the printer's front door.

## What to do

1. Open the front door.
2. Pull the paper out gently.

## Did it work?

The printer prints again.

## Why this happens

Damp or creased paper sticks together.

## Avoid it next time

- Keep paper in its wrapper.

## Related guides

- [Add a printer](add-a-printer.md)
- [Fix a printer](printer-not-printing.md)
"""
