"""Writing a new guide from the template, so every guide starts with the right shape."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from importlib import resources
from pathlib import Path
from string import Template

import yaml

from portal.errors import PlainhelpError

_SECTION = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class GuideError(PlainhelpError, ValueError):
    """A plain sentence saying why the guide was not written."""


def slugify(title: str) -> str:
    """'Can't print: printer offline?' -> 'cant-print-printer-offline'."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    ascii_title = re.sub(r"['’]", "", ascii_title.lower())
    return re.sub(r"[^a-z0-9]+", "-", ascii_title).strip("-")


def _yaml_scalar(value: str) -> str:
    """Quote a title only when YAML needs it (a colon, a leading dash, ...)."""
    dumped = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10_000)
    return dumped.removesuffix("\n...\n").strip()


def render_guide(title: str, section: str, today: dt.date) -> str:
    """The template filled in for one guide."""
    template = resources.files("portal.writing").joinpath("templates/guide.md").read_text("utf-8")
    text = Template(template).substitute(title=title, section=section, today=today.isoformat())
    # The front matter needs YAML quoting; the heading needs the title as written.
    return text.replace(f"title: {title}\n", f"title: {_yaml_scalar(title)}\n", 1)


def new_guide(
    content_dir: Path,
    title: str,
    section: str,
    slug: str | None = None,
    today: dt.date | None = None,
) -> Path:
    """Write content/<section>/<slug>.md from the template; never overwrite a guide."""
    title = " ".join(title.split())
    if not title:
        raise GuideError(
            'The title is empty; give the guide a short title, such as "Fix a paper jam".'
        )
    if not _SECTION.match(section):
        raise GuideError(
            f"The section {section!r} is not a folder name; "
            "use lowercase letters, digits and dashes."
        )
    slug = slugify(slug or title)
    if not slug:
        raise GuideError("The title has no letters or digits to make a file name from.")
    if slug in ("index", "readme"):
        raise GuideError(f"The name {slug!r} is kept for section pages; choose another title.")
    if not content_dir.is_dir():
        raise GuideError(f"The content folder {content_dir} does not exist.")
    target = content_dir / section / f"{slug}.md"
    if target.exists():
        raise GuideError(f"{target} already exists; nothing was changed.")
    clash = [p for p in content_dir.glob(f"*/{slug}.md") if p != target]
    if clash:
        raise GuideError(
            f"The slug {slug!r} is already used by {clash[0]}; choose a different title or --slug."
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    text = render_guide(title, section, today or dt.date.today())
    with target.open("x", encoding="utf-8") as handle:  # "x": refuse to overwrite, even in a race
        handle.write(text)
    return target
