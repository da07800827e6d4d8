"""The operations guide: every link leads somewhere."""

from __future__ import annotations

import re

from tests.support.files import ROOT

GUIDE = ROOT / "docs/operating.md"


def anchors(markdown: str) -> set[str]:
    """GitHub's heading anchors, plus explicit <a id="..."> ones."""
    found = set(re.findall(r'<a id="([^"]+)">', markdown))
    for heading in re.findall(r"^#{1,6} (.+)$", markdown, flags=re.MULTILINE):
        slug = re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")
        found.add(slug)
    return found


def test_every_link_in_the_operations_guide_leads_somewhere() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    own = anchors(text)
    links = re.findall(r"\]\(([^)\s]+)\)", text)
    assert links
    for link in links:
        target, _, anchor = link.partition("#")
        if target.startswith(("http://", "https://")):
            continue
        path = (GUIDE.parent / target).resolve() if target else GUIDE
        assert path.exists(), f"{link} points at a missing file"
        if anchor and path.suffix == ".md":
            assert anchor in anchors(path.read_text(encoding="utf-8")), f"{link}: no such heading"
    assert {"one-machine", "many-machines", "a-release", "backups-and-restore"} <= own
    for older in ROOT.glob("**/*.md"):
        if ".venv" not in older.parts and "site" not in older.parts:
            assert "operations.md" not in older.read_text(encoding="utf-8"), older
