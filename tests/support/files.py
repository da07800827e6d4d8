"""The repository's root and small guides written into throwaway content folders."""

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
