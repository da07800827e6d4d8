"""`kb lint` over the real guides in content/: no errors anywhere; and troubleshooters started
with `kb new`, or written as the writing guide shows, pass among the real guides."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest

from portal.guides.articles import load_content
from portal.guides.troubleshooters import parse_troubleshooter
from portal.writing.lint.engine import lint_paths
from portal.writing.lint.rules import Rule, StructureRule
from tests.support.files import ROOT
from tests.support.kb import run_kb
from tests.support.lint import all_rules


def test_every_guide_in_content_passes_with_no_errors() -> None:
    result = run_kb("lint", "--format", "json", "content")
    findings = json.loads(result.stdout)
    assert [f for f in findings if f["severity"] == "error"] == []
    assert result.returncode == 0
    assert re.search(r"Checked \d+ files", result.stderr)


def _copy_of_content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(ROOT / "content", root)
    return root


def test_kb_new_starts_a_troubleshooter_that_passes_lint_over_the_real_guides(
    tmp_path: Path,
) -> None:
    root = _copy_of_content(tmp_path)
    made = run_kb("new", "--troubleshooter", "Printer problems", "--content", str(root))
    assert made.returncode == 0, made.stderr
    path = root / "troubleshoot" / "printer-problems.md"
    linted = run_kb("lint", "--strict", "--format", "json", "--content", str(root), str(path))
    assert linted.returncode == 0, linted.stdout + linted.stderr
    assert json.loads(linted.stdout) == []
    article = load_content(root).get("troubleshoot/printer-problems")
    assert article is not None
    guides = {option.guide for q in parse_troubleshooter(article).questions for option in q.options}
    assert {g for g in guides if g and g.startswith("printing/")} != set()  # about printers
    again = run_kb("new", "--troubleshooter", "Printer problems", "--content", str(root))
    assert again.returncode == 1
    assert again.stderr.startswith("Error: ") and "already exists" in again.stderr


def test_the_writing_guides_example_troubleshooter_passes_lint(tmp_path: Path) -> None:
    guide = (ROOT / "docs" / "writing-guide.md").read_text(encoding="utf-8")
    chapter = guide.split("## Write a troubleshooter", 1)[1]
    example = chapter.split("```markdown\n", 1)[1].split("```\n", 1)[0]
    assert "kind: troubleshooter" in example
    root = _copy_of_content(tmp_path)
    path = root / "troubleshoot" / "example.md"
    today = f"reviewed: {dt.date.today().isoformat()}"  # the guide's date grows old
    path.write_text(re.sub(r"reviewed: \S+", today, example), encoding="utf-8")
    linted = run_kb("lint", "--strict", "--format", "json", "--content", str(root), str(path))
    assert json.loads(linted.stdout) == [], linted.stderr
    assert linted.returncode == 0


def _tree_rules() -> list[StructureRule]:
    """The troubleshooter rules whose examples are Markdown (depth's are told in words)."""
    return [
        rule
        for rule in all_rules()
        if isinstance(rule, StructureRule)
        and rule.family == "troubleshooters"
        and all(example.startswith(("## ", "- ")) for example in (*rule.bad, *rule.good))
    ]


@pytest.mark.parametrize("rule", _tree_rules(), ids=lambda rule: rule.id)
def test_troubleshooter_rule_examples_behave_as_documented(tmp_path: Path, rule: Rule) -> None:
    """Each example the writing guide shows, as a troubleshooter among the real guides."""
    assert rule.bad and rule.good
    root = _copy_of_content(tmp_path)
    front = (ROOT / "content" / "troubleshoot" / "cant-connect.md").read_text(encoding="utf-8")
    front = front.split("\n---\n", 1)[0] + "\n---\n\n# Example\n\n"
    for expected, examples in ((True, rule.bad), (False, rule.good)):
        for number, example in enumerate(examples):
            body = example if example.startswith("## ") else f"## First? {{#start}}\n\n{example}\n"
            path = root / "troubleshoot" / f"example-{expected}-{number}.md"
            path.write_text(front + body, encoding="utf-8")
            found = lint_paths([path], root, all_rules()).findings
            assert (rule.id in {f.rule for f in found}) is expected, (example, found)
