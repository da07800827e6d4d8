"""Writing a new guide from the template, so every guide starts with the right shape."""

from __future__ import annotations

import datetime as dt
import difflib
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


def template_text(name: str = "guide.md") -> str:
    """A template as written, placeholders and example sentences included (the linter reads
    its example sentences so a guide that keeps them fails)."""
    return resources.files("portal.writing").joinpath(f"templates/{name}").read_text("utf-8")


def render_guide(title: str, section: str, today: dt.date) -> str:
    """The template filled in for one guide."""
    template = template_text()
    text = Template(template).substitute(title=title, section=section, today=today.isoformat())
    # The front matter needs YAML quoting; the heading needs the title as written.
    return text.replace(f"title: {title}\n", f"title: {_yaml_scalar(title)}\n", 1)


def known_sections(content_dir: Path) -> list[str]:
    """The content folder's sections: its folders, except data and hidden ones."""
    if not content_dir.is_dir():
        return []
    return sorted(
        entry.name
        for entry in content_dir.iterdir()
        if entry.is_dir() and not entry.name.startswith(("_", "."))
    )


def _unknown_section(section: str, sections: list[str]) -> GuideError:
    """A mistyped section would quietly add one to the site's navigation: say so instead."""
    close = difflib.get_close_matches(section, sections, n=1, cutoff=0.6)
    guess = f" Did you mean {close[0]}?" if close else ""
    listed = f"The sections are: {', '.join(sections)}." if sections else "There are none yet."
    return GuideError(
        f"There is no section called {section!r}.{guess} {listed} "
        "To start a new section, add --new-section; nothing was changed."
    )


def _section_index(section: str, title: str, slug: str) -> str:
    """A new section's page: its name in the navigation and a list with the first guide."""
    name = section.replace("-", " ").capitalize()
    description = _yaml_scalar(f"Guides about {name.lower()}.")
    link_text = title.replace("[", "(").replace("]", ")")
    return (
        f"---\ntitle: {_yaml_scalar(name)}\ndescription: {description}\n---\n\n"
        f"# {name}\n\n- [{link_text}]({slug}.md)\n"
    )


def new_guide(
    content_dir: Path,
    title: str,
    section: str,
    slug: str | None = None,
    today: dt.date | None = None,
    new_section: bool = False,
) -> Path:
    """Write content/<section>/<slug>.md from the template; never overwrite a guide.

    A section that does not exist yet is refused unless `new_section` asks for it, so a
    typo cannot add a section to the navigation.
    """
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
    sections = known_sections(content_dir)
    starts_section = section not in sections
    if starts_section and not new_section:
        raise _unknown_section(section, sections)
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
    index = target.parent / "index.md"
    if starts_section and not index.exists():
        index.write_text(_section_index(section, title, slug), encoding="utf-8")
    return target
