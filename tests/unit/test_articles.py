"""The Article model: good guides load, every problem of every file is reported at once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from portal.guides.articles import REQUIRED_GUIDE_FIELDS, load_content
from tests.support.files import GOOD_GUIDE, write

TODAY = dt.date(2026, 11, 22)


def problems_of(root: Path) -> list[str]:
    return [str(p) for p in load_content(root, today=TODAY).problems]


def test_good_guide_loads_with_every_field(content_dir: Path) -> None:
    content = load_content(content_dir, today=TODAY)
    assert content.problems == []
    guide = content.get("printing/clear-paper-jam")
    assert guide is not None
    assert guide.title == "Fix a paper jam"
    assert guide.description == "Clear stuck paper from the printer and get printing again."
    assert guide.section == "printing"
    assert guide.slug == "clear-paper-jam"
    assert guide.url == "/printing/clear-paper-jam/"
    assert guide.tags == ("printing",)
    assert guide.phrases == ("paper jam", "printer jammed")
    assert guide.owner == "Service Desk"
    assert guide.reviewed == dt.date(2026, 1, 15)
    assert guide.review_by == dt.date(2026, 1, 15) + dt.timedelta(days=180)
    assert guide.body.lstrip().startswith("# Fix a paper jam")
    assert guide.body_line == 13
    home = content.get("index")
    assert home is not None and home.is_index and home.url == "/"
    assert [a.path for a in content.guides] == ["printing/clear-paper-jam"]


def _without(field: str) -> str:
    lines = GOOD_GUIDE.splitlines(keepends=True)
    out, skipping = [], False
    for line in lines:
        if line.startswith(f"{field}:"):
            skipping = True
            continue
        if skipping and line.startswith("  "):
            continue
        skipping = False
        out.append(line)
    return "".join(out)


@pytest.mark.parametrize("field", REQUIRED_GUIDE_FIELDS)
def test_each_missing_field_is_reported(tmp_path: Path, field: str) -> None:
    write(tmp_path, "printing/clear-paper-jam.md", _without(field))
    # Without phrases a guide is harder to find, but it harms no reader: it still publishes.
    kind = "warning: " if field == "phrases" else ""
    assert problems_of(tmp_path) == [
        f"{tmp_path}/printing/clear-paper-jam.md:1: {kind}`{field}` is missing"
    ]


@pytest.mark.parametrize(("words", "severity"), [(40, "warning"), (41, "error")])
def test_a_description_a_little_long_warns_and_a_long_one_stops_the_build(
    tmp_path: Path, words: int, severity: str
) -> None:
    old = "description: Clear stuck paper from the printer and get printing again."
    write(tmp_path, "printing/jam.md", GOOD_GUIDE.replace(old, "description: " + "word " * words))
    loaded = load_content(tmp_path)
    assert [p.severity for p in loaded.problems] == [severity]


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        (
            "description: Clear stuck paper from the printer and get printing again.",
            "description: " + "word " * 40,
            3,
            "`description` is 199 characters",
        ),
        (
            "description: Clear stuck paper from the printer and get printing again.",
            "description: Open the door. Pull the paper.",
            3,
            "should be one sentence",
        ),
        ("tags:\n  - printing", "tags:\n  - {a: b}", 4, "`tags` must be a list of tags"),
        ("reviewed: 2026-01-15", "reviewed: last week", 10, "must be a date written as YYYY-MM-DD"),
        ("reviewed: 2026-01-15", "reviewed: 2027-01-01", 10, "which is in the future"),
        (
            "review_every: 6 months",
            "review_every: sometimes",
            11,
            "`review_every` must be a period",
        ),
        (
            "review_every: 6 months",
            "review_every: 6 months\nreview_by: 2026-06-01",
            12,
            "either `review_every` or `review_by`",
        ),
        ("owner: Service Desk", "owner: [1, 2]", 9, "`owner` must be the name"),
        ("title: Fix a paper jam", "title: [1]", 2, "`title` must be a line of text"),
    ],
)
def test_invalid_fields_point_at_their_line(
    tmp_path: Path, old: str, new: str, line: int, message: str
) -> None:
    assert old in GOOD_GUIDE
    write(tmp_path, "printing/jam.md", GOOD_GUIDE.replace(old, new))
    found = problems_of(tmp_path)
    assert len(found) == 1, found
    assert found[0].startswith(f"{tmp_path}/printing/jam.md:{line}: ")
    assert message in found[0]


def test_unknown_field_is_a_warning_with_a_suggestion(tmp_path: Path) -> None:
    write(tmp_path, "printing/jam.md", GOOD_GUIDE.replace("owner:", "ownr:"))
    content = load_content(tmp_path, today=TODAY)
    messages = [str(p) for p in content.problems]
    assert (
        f"{tmp_path}/printing/jam.md:9: warning: unknown field `ownr` (did you mean `owner`?)"
        in messages
    )
    assert f"{tmp_path}/printing/jam.md:1: `owner` is missing" in messages


def test_bad_yaml_reports_its_line_without_a_traceback(tmp_path: Path) -> None:
    broken = GOOD_GUIDE.replace(
        "description: Clear stuck paper from the printer and get printing again.",
        "description: Printer says: paper jam",
    )
    write(tmp_path, "printing/jam.md", broken)
    found = problems_of(tmp_path)
    assert found == [
        f"{tmp_path}/printing/jam.md:3: front matter is not valid YAML: mapping values are not "
        "allowed in this context (a value with a colon in it needs quotes around it)"
    ]


def test_every_problem_of_every_file_is_reported_at_once(tmp_path: Path) -> None:
    write(tmp_path, "a/one.md", _without("title").replace("owner: Service Desk\n", ""))
    write(tmp_path, "b/two.md", GOOD_GUIDE.replace("reviewed: 2026-01-15", "reviewed: soon"))
    write(tmp_path, "c/three.md", "---\ntitle: [unclosed\n---\n# Three\n")
    found = problems_of(tmp_path)
    assert f"{tmp_path}/a/one.md:1: `title` is missing" in found
    assert f"{tmp_path}/a/one.md:1: `owner` is missing" in found
    assert any(p.startswith(f"{tmp_path}/b/two.md:10: ") for p in found)
    assert any(p.startswith(f"{tmp_path}/c/three.md:") and "not valid YAML" in p for p in found)
    assert len(found) == 4


def test_markdown_without_front_matter_loads_with_quiet_notes(tmp_path: Path) -> None:
    write(
        tmp_path,
        "setup/vpn-access.md",
        "# Getting VPN access\n\nAsk your manager first.\n\nMore.\n",
    )
    write(tmp_path, "setup/no_heading_here.md", "Some notes about printers.\n")
    content = load_content(tmp_path, today=TODAY)
    assert content.problems == []
    assert [str(n) for n in content.notes] == [
        f"{tmp_path}/setup/no_heading_here.md:1: note: has no front matter; "
        "title and description are guessed",
        f"{tmp_path}/setup/vpn-access.md:1: note: has no front matter; "
        "title and description are guessed",
    ]
    vpn = content.get("setup/vpn-access")
    assert vpn is not None
    assert (vpn.title, vpn.description) == ("Getting VPN access", "Ask your manager first.")
    plain = content.get("setup/no_heading_here")
    assert plain is not None
    assert (plain.title, plain.description) == ("No heading here", "Some notes about printers.")
    assert not plain.has_front_matter


def test_one_file_name_in_two_folders_is_two_pages(tmp_path: Path) -> None:
    write(tmp_path, "printing/clear-paper-jam.md", GOOD_GUIDE)
    write(tmp_path, "devices/clear-paper-jam.md", GOOD_GUIDE)
    content = load_content(tmp_path, today=TODAY)
    assert content.problems == []
    assert sorted(a.path for a in content.guides) == [
        "devices/clear-paper-jam",
        "printing/clear-paper-jam",
    ]


def test_two_of_our_guides_at_one_address_are_an_error(tmp_path: Path) -> None:
    write(tmp_path, "email/outbox.md", GOOD_GUIDE)
    write(tmp_path, "email/outbox/index.md", "# Outbox\n")
    assert problems_of(tmp_path) == [
        f"{tmp_path}/email/outbox.md:1: has the same address (/email/outbox/) as "
        f"{tmp_path}/email/outbox/index.md"
    ]


def test_two_foreign_pages_at_one_address_skip_the_second_with_a_warning(tmp_path: Path) -> None:
    write(tmp_path, "email/outbox.md", "# Outbox\n\nWhere mail waits.\n")
    write(tmp_path, "email/outbox/index.md", "# Outbox folder\n")
    content = load_content(tmp_path, today=TODAY)
    assert [str(p) for p in content.problems] == [
        f"{tmp_path}/email/outbox.md:1: warning: has the same address (/email/outbox/) "
        f"as {tmp_path}/email/outbox/index.md; skipped"
    ]
    assert [a.path for a in content.articles] == ["email/outbox/index"]


def test_folders_starting_with_underscore_are_not_pages(tmp_path: Path) -> None:
    write(tmp_path, "_data/notes.md", "# Not a page\n")
    write(tmp_path, "printing/jam.md", GOOD_GUIDE)
    assert [a.path for a in load_content(tmp_path, today=TODAY).articles] == ["printing/jam"]


def test_a_guide_that_is_not_utf8_is_a_plain_error(tmp_path: Path) -> None:
    (tmp_path / "printing").mkdir()
    latin = GOOD_GUIDE.replace("# Fix a paper jam", "# Caf\xe9")
    (tmp_path / "printing" / "latin.md").write_bytes(latin.encode("latin-1"))
    assert problems_of(tmp_path) == [
        f"{tmp_path}/printing/latin.md:1: is not UTF-8 text; save it as UTF-8 and try again"
    ]


def test_a_page_that_is_not_utf8_in_our_folder_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, "printing/jam.md", GOOD_GUIDE)
    (tmp_path / "printing" / "latin.md").write_bytes("# Caf\xe9\n".encode("latin-1"))
    assert problems_of(tmp_path) == [
        f"{tmp_path}/printing/latin.md:1: is not UTF-8 text; save it as UTF-8 and try again"
    ]


def test_a_missing_folder_is_one_plain_problem(tmp_path: Path) -> None:
    assert problems_of(tmp_path / "nowhere") == [
        f"{tmp_path}/nowhere:1: is not a folder of Markdown guides"
    ]


def test_front_matter_from_another_tool_is_guessed_not_refused(tmp_path: Path) -> None:
    write(tmp_path, "setup/vpn.md", "---\ntitle: VPN setup\nhide:\n  - toc\n---\n\nInstall it.\n")
    content = load_content(tmp_path, today=TODAY)
    assert content.problems == []
    assert [str(n) for n in content.notes] == [
        f"{tmp_path}/setup/vpn.md:1: note: has no Plainhelp front matter (owner, reviewed, "
        "phrases); missing fields are guessed"
    ]
    vpn = content.get("setup/vpn")
    assert vpn is not None
    assert (vpn.title, vpn.description) == ("VPN setup", "Install it.")
