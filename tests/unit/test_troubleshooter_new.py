"""`kb new --troubleshooter`: a troubleshooter from the template whose example answers lead to
real guides, so `kb lint` passes at once; refusals are one plain sentence, nothing written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from portal.cli import main
from portal.guides.articles import load_content
from portal.guides.troubleshooters import DESK_PAGE, is_troubleshooter, parse_troubleshooter
from portal.writing.new_guide import render_troubleshooter, template_text
from tests.support.files import GOOD_GUIDE, write


def _kb(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def _guide(title: str, tag: str, phrase: str) -> str:
    """A guide with its own title, tag and phrase (search words are what the answers match)."""
    front = GOOD_GUIDE.split("---\n")[1]
    front = front.replace("Fix a paper jam", title).replace("  - printing", f"  - {tag}")
    front = front.replace("  - paper jam\n  - printer jammed", f"  - {phrase}")
    return f"---\n{front}---\n\n# {title}\n"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """Guides on printing and email, and the contact page."""
    root = tmp_path / "content"
    write(root, "index.md", "# Help\n\nWelcome to the help center.\n")
    write(root, "email/email-stuck.md", _guide("Fix email stuck in the outbox", "email", "outbox"))
    write(root, "email/send-email.md", _guide("Send an email", "email", "send mail"))
    write(root, "printing/clear-paper-jam.md", _guide("Fix a paper jam", "printing", "jam"))
    write(
        root,
        "printing/printer-offline.md",
        _guide("Fix a printer that is offline", "printing", "offline"),
    )
    write(root, "help/contact-the-service-desk.md", _guide("Contact us", "help", "call"))
    return root


def _listing(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))


def test_a_new_troubleshooter_passes_lint_and_leads_to_real_guides(content: Path) -> None:
    made = _kb("new", "--troubleshooter", "Printer problems", "--content", str(content))
    assert made.exit_code == 0, made.output
    path = content / "troubleshoot" / "printer-problems.md"
    assert f"Wrote {path}." in made.output
    text = path.read_text(encoding="utf-8")
    assert "<!--" not in text and "\n#  " not in text and "$" not in text
    linted = _kb("lint", "--strict", "--content", str(content), str(path))
    assert linted.exit_code == 0, linted.output
    assert "no problems found" in linted.output
    loaded = load_content(content)
    article = loaded.get("troubleshoot/printer-problems")
    assert article is not None and is_troubleshooter(article)
    assert article.title == "Printer problems"
    assert article.reviewed == dt.date.today()
    tree = parse_troubleshooter(article)
    assert [q.id for q in tree.questions] == ["start", "more"]
    # The guides closest to the title come first; every example answer leads somewhere real.
    assert [o.guide for o in tree.questions[0].options[:2]] == [
        "printing/printer-offline",
        "printing/clear-paper-jam",
    ]
    assert all(loaded.get(guide) is not None for guide in tree.endings())
    assert DESK_PAGE in tree.endings()
    # The folder's page, new with it, names it in plain words ("troubleshoot" is jargon).
    index = (content / "troubleshoot" / "index.md").read_text(encoding="utf-8")
    assert "[Printer problems](printer-problems.md)" in index
    assert "Troubleshoot" not in index


def test_another_section_and_a_slug(content: Path) -> None:
    made = _kb(
        "new", "--troubleshooter", "Email woes", "--section", "email", "--slug", "email-help",
        "--content", str(content),
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    tree_file = content / "email" / "email-help.md"
    assert "](send-email.md)" in tree_file.read_text(encoding="utf-8")
    linted = _kb("lint", "--strict", "--content", str(content), str(tree_file))
    assert linted.exit_code == 0, linted.output


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--troubleshooter", "Printer problems"], "already exists; choose another title"),
        (["--troubleshooter", "Clear paper jam"], "is already used by"),
        (["--troubleshooter", "Woes", "--section", "printng"], "Did you mean printing?"),
        (["--troubleshooter", "Woes", "--section", "Bad Folder"], "is not a folder name"),
        (["--troubleshooter", "   "], "The title is empty"),
        (["--troubleshooter", "???"], "no letters or digits"),
        (["--troubleshooter", "Index"], "kept for section pages"),
        (["Printer problems", "--troubleshooter", "Woes"], "written on its own"),
    ],
)
def test_refusals_are_one_sentence_and_change_nothing(
    content: Path, args: list[str], says: str
) -> None:
    assert (
        _kb("new", "--troubleshooter", "Printer problems", "--content", str(content)).exit_code == 0
    )
    before = _listing(content)
    refused = _kb("new", *args, "--content", str(content))
    assert refused.exit_code == 1
    assert refused.output.startswith("Error: ") and says in refused.output
    assert refused.output.count("\n") == 1
    assert _listing(content) == before


def test_a_folder_without_guides_is_told_to_write_some_first(tmp_path: Path) -> None:
    root = tmp_path / "content"
    write(root, "printing/clear-paper-jam.md", GOOD_GUIDE)
    refused = _kb("new", "--troubleshooter", "Printer problems", "--content", str(root))
    assert refused.exit_code == 1
    assert "has 1 so far; write two or more first" in refused.output
    assert not (root / "troubleshoot").exists()
    missing = _kb("new", "--troubleshooter", "Printer problems", "--content", str(tmp_path / "x"))
    assert missing.exit_code == 1 and "does not exist" in missing.output


def test_without_a_contact_page_the_way_out_is_a_call(content: Path) -> None:
    (content / "help" / "contact-the-service-desk.md").unlink()
    assert (
        _kb("new", "--troubleshooter", "Printer problems", "--content", str(content)).exit_code == 0
    )
    text = (content / "troubleshoot" / "printer-problems.md").read_text(encoding="utf-8")
    assert "- [Something else](tel:)" in text


def test_the_template_is_filled_in_one_pass(content: Path) -> None:
    """A `$` or a colon in a title or a guide's title stays as written."""
    loaded = load_content(content)
    guides = [g for g in loaded.guides if g.path.startswith("printing/")]
    text = render_troubleshooter(
        "Costs: $answer_1 $5", "troubleshoot", guides, "tel:", dt.date.today()
    )
    assert "title: 'Costs: $answer_1 $5'\n" in text
    assert "# Costs: $answer_1 $5\n" in text
    assert "$" in template_text("troubleshooter.md")
