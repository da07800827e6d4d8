"""Writing a new guide from the template, so every guide starts with the right shape."""

from __future__ import annotations

import datetime as dt
import difflib
import posixpath
import re
import unicodedata
from importlib import resources
from pathlib import Path
from string import Template

import yaml

from portal.errors import PlainhelpError
from portal.guides.articles import Article, Content

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


# Where courses live: content/learn/<course>/ (index.md, finished.md and one file per lesson).
LEARN_FOLDER = "learn"
_LESSONS_KEY = re.compile(r"^lessons[ \t]*:(?P<value>[^#\n]*)(?P<comment>#.*)?$")
_ITEM = re.compile(r"^(?P<indent>[ \t]*)-[ \t]+\S")


def _fill(name: str, title: str, today: dt.date) -> str:
    """A course's template filled in; the title line quoted as YAML needs."""
    template = template_text(name)
    for line in template.splitlines():
        if line.startswith("title: "):
            value = line.removeprefix("title: ")
            if len(value) > 1 and value[0] == value[-1] == '"':
                value = value[1:-1]
            filled = Template(value).substitute(title=title)
            template = template.replace(line, f"title: {_yaml_scalar(filled)}", 1)
            break
    return Template(template).safe_substitute(title=title, today=today.isoformat())


def _title(title: str, what: str, example: str) -> str:
    title = " ".join(title.split())
    if not title:
        raise GuideError(f'The title is empty; give the {what} a short title, such as "{example}".')
    return title


def _name(title: str, slug: str | None) -> str:
    name = slugify(slug or title)
    if not name:
        raise GuideError("The title has no letters or digits to make a file name from.")
    return name


def known_courses(content_dir: Path) -> list[str]:
    """The course folders under content/learn/ (those with an index.md)."""
    learn = content_dir / LEARN_FOLDER
    if not learn.is_dir():
        return []
    return sorted(
        entry.name
        for entry in learn.iterdir()
        if entry.is_dir() and (entry / "index.md").is_file() and not entry.name.startswith("_")
    )


def new_course(
    content_dir: Path, title: str, slug: str | None = None, today: dt.date | None = None
) -> list[Path]:
    """Write content/learn/<course>/index.md and finished.md from the templates; never overwrite."""
    title = _title(title, "course", "Staying safe online")
    name = _name(title, slug)
    if not content_dir.is_dir():
        raise GuideError(f"The content folder {content_dir} does not exist.")
    folder = content_dir / LEARN_FOLDER / name
    for page in ("index.md", "finished.md"):
        if (folder / page).exists():
            raise GuideError(f"{folder / page} already exists; nothing was changed.")
    today = today or dt.date.today()
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for page, template in (("index.md", "course.md"), ("finished.md", "finished.md")):
        with (folder / page).open("x", encoding="utf-8") as handle:
            handle.write(_fill(template, title, today))
        written.append(folder / page)
    return written


def _unknown_course(course: str, courses: list[str]) -> GuideError:
    close = difflib.get_close_matches(course, courses, n=1, cutoff=0.6)
    guess = f" Did you mean {close[0]}?" if close else ""
    listed = f"The courses are: {', '.join(courses)}." if courses else "There are none yet."
    return GuideError(
        f"There is no course called {course!r}.{guess} {listed} "
        'To start one, run `kb new --course "Its title"`; nothing was changed.'
    )


def with_lesson_listed(index_text: str, lesson: str) -> str:
    """The course's index.md with `lesson` added at the end of its `lessons` list.

    Only the list changes: every other line, comment and blank line stays as written.
    """
    lines = index_text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise GuideError("The course's index.md has no front matter; nothing was changed.")
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if end is None:
        raise GuideError("The course's index.md front matter never ends; nothing was changed.")
    key = next((i for i in range(1, end) if _LESSONS_KEY.match(lines[i])), None)
    if key is None:
        lines.insert(end, f"lessons:\n  - {lesson}")
        return "\n".join(lines)
    match = _LESSONS_KEY.match(lines[key])
    assert match is not None
    value = match.group("value").strip()
    comment = f" {match.group('comment')}" if match.group("comment") else ""
    if value.startswith("[") and value.endswith("]"):
        inner = value[1:-1].strip()
        if not inner:  # the template's empty list becomes one name a line
            lines[key : key + 1] = [f"lessons:{comment}", f"  - {lesson}"]
        else:
            lines[key] = f"lessons: [{inner}, {lesson}]{comment}"
        return "\n".join(lines)
    if value:
        raise GuideError(
            "The course's `lessons` is not a list; write one lesson name a line under "
            "`lessons:`. Nothing was changed."
        )
    last, indent = key, "  "
    for index in range(key + 1, end):
        item = _ITEM.match(lines[index])
        if item is not None:
            last, indent = index, item.group("indent")
        elif lines[index].strip() and not lines[index].lstrip().startswith("#"):
            break
    lines.insert(last + 1, f"{indent}- {lesson}")
    return "\n".join(lines)


def new_lesson(
    content_dir: Path,
    title: str,
    course: str,
    slug: str | None = None,
    today: dt.date | None = None,
) -> Path:
    """Write a lesson from the template and add it at the end of its course's `lessons`."""
    title = _title(title, "lesson", "Spot a fake email")
    name = _name(title, slug)
    if name in ("index", "readme", "finished"):
        raise GuideError(
            f"The name {name!r} is kept for a course's own pages; choose another title."
        )
    if not content_dir.is_dir():
        raise GuideError(f"The content folder {content_dir} does not exist.")
    courses = known_courses(content_dir)
    course_name = slugify(course.removeprefix(f"{LEARN_FOLDER}/").strip("/"))
    if course_name not in courses:
        raise _unknown_course(course, courses)
    folder = content_dir / LEARN_FOLDER / course_name
    target = folder / f"{name}.md"
    if target.exists():
        raise GuideError(f"{target} already exists; nothing was changed.")
    index = folder / "index.md"
    listed = with_lesson_listed(index.read_text(encoding="utf-8"), name)
    yaml_text = listed.split("\n---", 1)[0].removeprefix("---\n")
    try:
        meta = yaml.safe_load(yaml_text)
    except yaml.YAMLError:
        meta = None
    names = meta.get("lessons") if isinstance(meta, dict) else None
    if not isinstance(names, list) or name not in names:
        raise GuideError(
            f"The `lessons` list in {index} could not be added to; add {name!r} there by hand. "
            "Nothing was changed."
        )
    with target.open("x", encoding="utf-8") as handle:  # "x": refuse to overwrite, even in a race
        handle.write(_fill("lesson.md", title, today or dt.date.today()))
    index.write_text(listed, encoding="utf-8")
    return target


# Where troubleshooters live: content/troubleshoot/<name>.md (another section with --section).
TROUBLESHOOT_FOLDER = "troubleshoot"
# Words that say nothing about which guides a troubleshooter's title is about.
_LITTLE = (
    "a an and are can cant does doesnt dont for from get has have how i im in is isnt it its "
    "me my not of on or problem problems so something that the this to trouble what when "
    "where which why will with wont you your"
)
_LITTLE_WORDS = frozenset(_LITTLE.split())


def _words(text: str) -> set[str]:
    """The words of a text that say what it is about, roughly stemmed."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    found = set()
    for word in re.findall(r"[a-z0-9]+", re.sub(r"['’]", "", ascii_text)):
        if word in _LITTLE_WORDS or len(word) < 3:
            continue
        found.add(_stem(word))
    return found


def _stem(word: str) -> str:
    """A rough stem, enough to match "printer", "printers" and "printing"."""
    for ending in ("ing", "ers", "er", "ed", "es", "s"):
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


def _guides_for(content: Content, title: str) -> list[Article]:
    """The guides a new troubleshooter's example answers lead to: those closest to its title,
    then the others, so every example answer leads somewhere real."""
    from portal.guides.courses import kind_of
    from portal.guides.troubleshooters import DESK_PAGE, is_troubleshooter

    wanted = _words(title)
    guides = [
        article
        for article in content.guides
        if article.path != DESK_PAGE and not is_troubleshooter(article) and kind_of(article) is None
    ]

    def score(article: Article) -> tuple[int, str]:
        named = len(wanted & _words(article.title)) * 3
        about = " ".join((*article.tags, *article.phrases, article.path.split("/")[0]))
        return -(named + len(wanted & _words(about))), article.path

    return sorted(guides, key=score)


def _answer(article: Article, folder: str) -> str:
    """`[Its title](../section/guide.md)`: an example answer that leads to a real guide."""
    label = " ".join(article.title.replace("[", "(").replace("]", ")").split())
    return f"[{label}]({posixpath.relpath(article.path + '.md', folder)})"


def render_troubleshooter(
    title: str, folder: str, guides: list[Article], desk: str, today: dt.date
) -> str:
    """The troubleshooter template filled in: its example answers lead to `guides` (two or
    more, used in turn) and its way out to `desk`."""
    answers = {f"answer_{n + 1}": _answer(guides[n % len(guides)], folder) for n in range(4)}
    template = template_text("troubleshooter.md").replace(
        "title: $title\n", "title: $yaml_title\n", 1
    )
    return Template(template).substitute(  # one pass: a `$` in a title stays as written
        answers,
        title=title,
        yaml_title=_yaml_scalar(title),
        phrase=_yaml_scalar(" ".join(title.lower().split())),
        desk=desk,
        today=today.isoformat(),
    )


def new_troubleshooter(
    content_dir: Path,
    title: str,
    section: str | None = None,
    slug: str | None = None,
    today: dt.date | None = None,
    new_section: bool = False,
) -> Path:
    """Write content/troubleshoot/<slug>.md (or another section's) from the template, with
    example answers that lead to real guides, so it passes `kb lint` as it is; never overwrite."""
    from portal.guides.articles import load_content
    from portal.guides.troubleshooters import DESK_PAGE

    title = _title(title, "troubleshooter", "Printer problems")
    folder = section or TROUBLESHOOT_FOLDER
    if not _SECTION.match(folder):
        raise GuideError(
            f"The section {folder!r} is not a folder name; use lowercase letters, digits and "
            "dashes. Nothing was changed."
        )
    name = _name(title, slug)
    if name in ("index", "readme"):
        raise GuideError(f"The name {name!r} is kept for section pages; choose another title.")
    if not content_dir.is_dir():
        raise GuideError(f"The content folder {content_dir} does not exist.")
    sections = known_sections(content_dir)
    starts_section = folder not in sections
    if starts_section and section is not None and not new_section:
        raise _unknown_section(folder, sections)
    target = content_dir / folder / f"{name}.md"
    if target.exists():
        raise GuideError(
            f"{target} already exists; choose another title or --slug. Nothing was changed."
        )
    clash = [p for p in content_dir.glob(f"*/{name}.md") if p != target]
    if clash:
        raise GuideError(
            f"The name {name!r} is already used by {clash[0]}; choose a different title or "
            "--slug. Nothing was changed."
        )
    content = load_content(content_dir)
    guides = _guides_for(content, title)
    if len(guides) < 2:
        raise GuideError(
            f"A troubleshooter leads readers to guides, and {content_dir} has "
            f"{len(guides)} so far; write two or more first, such as "
            '`kb new "Fix a paper jam" --section printing`. Nothing was changed.'
        )
    desk = (
        posixpath.relpath(DESK_PAGE + ".md", folder)
        if content.get(DESK_PAGE) is not None
        else "tel:"
    )
    text = render_troubleshooter(title, folder, guides, desk, today or dt.date.today())
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as handle:  # "x": refuse to overwrite, even in a race
        handle.write(text)
    index = target.parent / "index.md"
    if starts_section and not index.exists():
        page = _section_index(folder, title, name)
        if folder == TROUBLESHOOT_FOLDER:  # "troubleshoot" is the jargon readers avoid
            page = _TROUBLESHOOT_INDEX.format(link=f"[{_link_text(title)}]({name}.md)")
        index.write_text(page, encoding="utf-8")
    return target


_TROUBLESHOOT_INDEX = (
    "---\n"
    "title: Not sure what is wrong?\n"
    "description: Answer a few short questions about what you see, and we will take you to the "
    "guide that fits.\n"
    "---\n\n"
    "# Not sure what is wrong?\n\n"
    "You don't need the right words for an IT problem. Choose what sounds closest, and we will "
    "take you to the guide that fits.\n\n"
    "- {link}\n"
)


def _link_text(title: str) -> str:
    return title.replace("[", "(").replace("]", ")")
