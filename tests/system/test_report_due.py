"""`kb report --due`: guides due for review by owner, read from the guides alone (no store), in
every format; the theme's build-time due date agreeing with the guides' own; and the weekly CI
examples (docs/ci/*-reviews.yml) run for real against a copy of the content, with `gh` and
`curl` stood in for by scripts that record what they were asked."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from portal.guides.articles import load_content
from tests.support.files import ROOT, write
from tests.support.kb import KB, SCRATCH_VAR, run_kb

TODAY = dt.date.today()
CI = ROOT / "docs" / "ci"


def front(title: str, owner: str | None, reviewed: dt.date, extra: str = "") -> str:
    who = f"owner: {owner}\n" if owner else ""
    return (
        f"---\ntitle: {title}\ndescription: A guide for the review tests.\ntags: [test]\n"
        f"phrases:\n  - {title.lower()}\n{who}reviewed: {reviewed.isoformat()}\n{extra}---\n\n"
        f"# {title}\n\nSome help.\n"
    )


def days_ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


@pytest.fixture
def due_content(tmp_path: Path) -> Path:
    """Two owners with guides due, one guide with no owner, and guides that are fine."""
    root = tmp_path / "content"
    write(root, "index.md", "# Help\n\nWelcome.\n")
    # Service Desk: 100 days overdue, and due in 10 days (a 90-day period reviewed 80 days ago).
    write(root, "printing/jam.md", front("Clear a jam", "Service Desk", days_ago(282)))
    every_90 = "review_every: 90 days\n"
    write(root, "printing/toner.md", front("Change toner", "Service Desk", days_ago(80), every_90))
    # Network Team: 400 days overdue (the oldest, so its group comes first).
    write(root, "network/vpn.md",
          front("Connect to the VPN", "Network Team", days_ago(582)))  # fmt: skip
    # No owner: listed last, under "No owner yet", whatever its date.
    write(root, "email/quota.md", front("Free up mailbox space", None, days_ago(900)))
    # Fine: reviewed today, and a review_by far ahead.
    write(root, "email/rules.md", front("Sort email with rules", "Service Desk", TODAY))
    ahead = f"review_by: {(TODAY + dt.timedelta(days=200)).isoformat()}\n"
    write(root, "email/signature.md", front("Add a signature", "Network Team", days_ago(10), ahead))
    return root


def due(content: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_kb("report", "--due", "--content", str(content), *args, env={"KB_DATABASE_URL": ""})


def test_json_groups_by_owner_most_overdue_first(due_content: Path) -> None:
    result = due(due_content, "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["today"] == TODAY.isoformat() and data["within"] == 30 and data["total"] == 4
    groups = {group["owner"]: group for group in data["owners"]}
    assert [group["owner"] for group in data["owners"]] == [
        "Network Team",
        "Service Desk",
        "No owner yet",
    ]
    desk = groups["Service Desk"]
    assert desk["issue_title"] == "Guides due for review: Service Desk"
    assert [g["path"] for g in desk["guides"]] == ["printing/jam", "printing/toner"]
    assert [g["days_overdue"] for g in desk["guides"]] == [100, -10]
    assert [g["state"] for g in desk["guides"]] == ["overdue", "due soon"]
    assert (desk["overdue"], desk["due_soon"]) == (1, 1)
    assert desk["guides"][0]["file"] == "printing/jam.md"
    assert desk["guides"][0]["url"] == "/printing/jam/"
    # The guide without an owner is a front matter problem: said on stderr, still listed.
    assert groups["No owner yet"]["guides"][0]["path"] == "email/quota"
    assert "1 problem in the guides" in result.stderr


def test_within_looks_further_or_nearer_ahead(due_content: Path) -> None:
    near = json.loads(due(due_content, "--format", "json", "--within", "5").stdout)
    assert near["total"] == 3  # the toner guide, due in 10 days, is left out
    far = json.loads(due(due_content, "--format", "json", "--within", "365").stdout)
    assert far["total"] == 6  # a year ahead: even the guide reviewed today (due in 182 days)


def test_markdown_for_one_owner_is_an_issue_body(due_content: Path) -> None:
    result = due(due_content, "--format", "md", "--owner", "service desk")
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert text.startswith("# Guides due for review: service desk\n")
    assert "2 guides: 1 overdue, 1 due in the next 30 days." in text
    due_day = days_ago(100)
    assert (
        f"- [ ] **Clear a jam** (`printing/jam.md`): due 100 days ago "
        f"({due_day.day} {due_day:%B %Y}); last reviewed"
    ) in text
    assert "Connect to the VPN" not in text
    assert "## " not in text  # one owner: no owner headings


def test_markdown_for_everyone_has_a_section_per_owner(due_content: Path) -> None:
    text = due(due_content, "--format", "md").stdout
    headings = re.findall(r"^## (.+)$", text, re.MULTILINE)
    assert headings == ["Network Team", "Service Desk", "No owner yet"]


def test_table_and_csv(due_content: Path, tmp_path: Path) -> None:
    table = run_kb("report", "--due", "--content", str(due_content), env={"COLUMNS": "160"}).stdout
    for words in ("Network Team (1 guide: 1 overdue)", "No owner yet", "Due 100 days ago"):
        assert words in table
    rows = list(csv.DictReader(io.StringIO(due(due_content, "--format", "csv").stdout)))
    assert [(r["owner"], r["guide"], r["days_overdue"]) for r in rows][:2] == [
        ("Network Team", "network/vpn", "400"),
        ("Service Desk", "printing/jam", "100"),
    ]
    target = tmp_path / "due.md"
    result = due(due_content, "--format", "md", "--output", str(target))
    assert result.stdout == "" and f"Wrote the guides due for review to {target}." in result.stderr
    assert target.read_text(encoding="utf-8").startswith("# Guides due for review on ")


def test_nothing_due_is_said_kindly(tmp_path: Path) -> None:
    root = tmp_path / "content"
    write(root, "a/fresh.md", front("Fresh", "Service Desk", TODAY))
    result = due(root)
    assert result.returncode == 0, result.stderr
    assert "No guides are due for review in the next 30 days." in result.stdout
    nobody = due(root, "--format", "md", "--owner", "Nobody")
    assert "No guides for Nobody are due for review" in nobody.stdout


def test_mistakes_get_one_plain_sentence_and_no_store_is_needed(tmp_path: Path) -> None:
    alone = run_kb("report", "--within", "5")
    assert alone.returncode != 0
    assert "--within and --owner go with --due" in alone.stderr and "Traceback" not in alone.stderr
    empty = due(tmp_path / "nowhere")
    assert empty.returncode != 0
    assert "There are no guides to read in" in empty.stderr and "Traceback" not in empty.stderr
    blank = due(tmp_path, "--owner", " ")
    assert blank.returncode != 0 and "--owner needs a name" in blank.stderr
    # A database that cannot be reached does not matter: --due never opens it.
    write(tmp_path / "content", "a/fresh.md", front("Fresh", "Service Desk", TODAY))
    offline = run_kb(
        "report", "--due", "--content", str(tmp_path / "content"),
        env={"KB_DATABASE_URL": "postgresql://kb:secret@127.0.0.1:1/kb"},
    )  # fmt: skip
    assert offline.returncode == 0, offline.stderr


# The theme shows the due date at build time (partials/kb-reviewed.html); it must be the
# guides' own `review_by`, which `kb report --due` and the linter use.
PERIODS = {
    "default": "",
    "days": "review_every: 45 days\n",
    "weeks": "review_every: 5 weeks\n",
    "months": "review_every: 3 Months\n",
    "one-year": "review_every: 1 year\n",
    "number": "review_every: 120\n",
    "review-by": f"review_by: {(TODAY + dt.timedelta(days=3)).isoformat()}\n",
    "overdue": "review_every: 1 day\n",
}


@pytest.fixture(scope="module")
def review_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("review-site")
    content = root / "content"
    write(content, "index.md", "# Help\n\nWelcome.\n")
    for name, extra in PERIODS.items():
        write(content, f"t/{name}.md", front(name.title(), "Service Desk", days_ago(20), extra))
    site = root / "site"
    result = run_kb(
        "build", "--content", str(content), "--site", str(site),
        env={"KB_VAR_DIR": str(root / "var")},
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    return content, site


def notice(site: Path, name: str) -> re.Match[str]:
    html = (site / "t" / name / "index.html").read_text(encoding="utf-8")
    found = re.search(
        r'<p class="kb-review-notice" data-kb-review-due="([0-9-]+)"( hidden)?>', html
    )
    assert found, name
    return found


def test_the_theme_and_the_guides_agree_on_the_due_date(review_site: tuple[Path, Path]) -> None:
    content, site = review_site
    loaded = load_content(content)
    assert loaded.errors == []
    for name in PERIODS:
        article = loaded.get(f"t/{name}")
        assert article is not None and article.review_by is not None
        assert notice(site, name).group(1) == article.review_by.isoformat(), name


def test_only_an_overdue_guide_shows_the_note_at_build_time(review_site: tuple[Path, Path]) -> None:
    _, site = review_site
    assert notice(site, "overdue").group(2) is None
    for name in set(PERIODS) - {"overdue"}:
        assert notice(site, name).group(2) == " hidden", name
    html = (site / "t" / "overdue" / "index.html").read_text(encoding="utf-8")
    words = " ".join(html.split('class="kb-review-notice"')[1].split("</p>")[0].split())
    assert "a screen or a button may look a little different now" in words
    assert "please tell us below" in words
    assert "plainhelp-review.js" in html


# The weekly CI examples, run as the CI would run them.
def load(name: str) -> dict[Any, Any]:
    data = yaml.safe_load((CI / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def kb_commands(script: str) -> list[list[str]]:
    """Every `.venv/bin/kb ...` line of a script, split as the shell would (variables kept)."""
    import shlex

    found = []
    for line in script.splitlines():
        if ".venv/bin/kb " in line:
            found.append(shlex.split(line.split(".venv/bin/kb ", 1)[1].split("#")[0]))
    return found


def known_options() -> set[str]:
    from portal.cli.report import report

    return {opt for param in report.params for opt in getattr(param, "opts", [])}


@pytest.fixture
def ci_checkout(tmp_path: Path) -> Path:
    """A clean checkout as CI has it: the real content (two guides made due), `.venv/bin/kb`."""
    checkout = tmp_path / "checkout"
    content = checkout / "content"
    shutil.copytree(ROOT / "content", content)
    guides = sorted(p for p in content.rglob("*.md") if "\nowner:" in p.read_text("utf-8"))
    changes = [(guides[0], "Service Desk", 300), (guides[1], "Network Team", 200)]
    for path, owner, days in changes:
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"^owner: .*$", f"owner: {owner}", text, count=1, flags=re.MULTILINE)
        text = re.sub(
            r"^reviewed: .*$", f"reviewed: {days_ago(days)}", text, count=1, flags=re.MULTILINE
        )
        path.write_text(text, encoding="utf-8")
    tools = checkout / ".venv" / "bin"
    tools.mkdir(parents=True)
    python = " ".join(KB)
    (tools / "kb").write_text(f'#!/bin/sh\nexec {python} "$@"\n', encoding="utf-8")
    (tools / "kb").chmod(0o755)
    return checkout


def fake(tool: Path, canned: str, listing: str) -> None:
    """A stand-in for `gh` or `curl`: records each call, prints `canned` when `listing` is asked."""
    tool.parent.mkdir(parents=True, exist_ok=True)
    tool.write_text(
        "#!/bin/bash\n"
        'printf "%s\\n" "$*" >> "$CALLS"\n'
        f'case "$*" in *"{listing}"*) cat "$CANNED";; esac\n',
        encoding="utf-8",
    )
    tool.chmod(0o755)
    (tool.parent / "canned.json").write_text(canned, encoding="utf-8")


def run_script(checkout: Path, script: str, env: dict[str, str]) -> list[str]:
    calls = checkout / "calls.txt"
    calls.touch()
    result = subprocess.run(
        ["bash", "-c", script],
        cwd=checkout,
        env={
            **os.environ,
            "PATH": f"{checkout / 'fake'}:{os.environ['PATH']}",
            "PYTHONPATH": str(ROOT),
            "NO_MKDOCS_2_WARNING": "1",
            "KB_VAR_DIR": str(SCRATCH_VAR),
            "CALLS": str(calls),
            "CANNED": str(checkout / "fake" / "canned.json"),
            **env,
        },
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return calls.read_text(encoding="utf-8").splitlines()


def check_due_output(checkout: Path) -> None:
    data = json.loads((checkout / "due.json").read_text(encoding="utf-8"))
    assert [group["owner"] for group in data["owners"]] == ["Service Desk", "Network Team"]
    body = (checkout / "body.md").read_text(encoding="utf-8")
    assert body.startswith("# Guides due for review: Network Team\n")  # the last owner's body


def test_the_github_workflow_opens_updates_and_closes_one_issue_per_owner(
    ci_checkout: Path,
) -> None:
    workflow = load("github-actions-reviews.yml")
    triggers = workflow[True] if True in workflow else workflow["on"]  # YAML 1.1 reads `on` as True
    assert triggers["schedule"] == [{"cron": "0 7 * * 1"}] and "workflow_dispatch" in triggers
    assert workflow["permissions"]["issues"] == "write"
    (job,) = workflow["jobs"].values()
    script = "\n".join(step["run"] for step in job["steps"] if "kb report" in step.get("run", ""))
    for command in kb_commands(script):
        assert command[:2] == ["report", "--due"]
        assert {word for word in command if word.startswith("--")} <= known_options(), command
    # Service Desk has an open issue (updated); Network Team has none (created); Old Team's
    # guides are all reviewed now (closed). A person's own issue is left alone.
    canned = json.dumps([
        {"number": 7, "title": "Guides due for review: Service Desk"},
        {"number": 9, "title": "Guides due for review: Old Team"},
        {"number": 11, "title": "Printer in room 4 is broken"},
    ])  # fmt: skip
    fake(ci_checkout / "fake" / "gh", canned, "issue list")
    calls = run_script(ci_checkout, script, {"LABEL": job["env"]["LABEL"]})
    check_due_output(ci_checkout)
    assert "issue edit 7 --body-file body.md" in calls
    assert (
        "issue create --title Guides due for review: Network Team --label guide review "
        "--body-file body.md"
    ) in calls
    closes = [call for call in calls if call.startswith("issue close")]
    assert len(closes) == 1 and closes[0].startswith("issue close 9 --comment Every guide")


def test_the_gitlab_job_does_the_same_through_the_api(ci_checkout: Path) -> None:
    pipeline = load("gitlab-ci-reviews.yml")
    job = pipeline["guide-reviews"]
    assert job["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "schedule"'}]
    assert job["stage"] in pipeline["stages"]
    steps = [str(line) for line in job["script"]]
    first = next(i for i, line in enumerate(steps) if "kb report" in line)
    script = "\n".join(steps[first:])
    for command in kb_commands(script):
        assert command[:2] == ["report", "--due"]
        assert {word for word in command if word.startswith("--")} <= known_options(), command
    canned = json.dumps([
        {"iid": 3, "title": "Guides due for review: Service Desk"},
        {"iid": 5, "title": "Guides due for review: Old Team"},
    ])  # fmt: skip
    fake(ci_checkout / "fake" / "curl", canned, "--get")
    api = "https://gitlab.example.com/api/v4"
    calls = run_script(
        ci_checkout,
        script,
        {
            "LABEL": job["variables"]["LABEL"],
            "CI_API_V4_URL": api,
            "CI_PROJECT_ID": "42",
            "REVIEW_TOKEN": "token",
        },
    )
    check_due_output(ci_checkout)
    issues = f"{api}/projects/42/issues"
    assert any("--request PUT --data-urlencode description@body.md " + f"{issues}/3" in c
               for c in calls)  # fmt: skip
    created = [c for c in calls if "--request POST" in c and c.endswith(issues)]
    assert len(created) == 1 and "title=Guides due for review: Network Team" in created[0]
    assert any(c.endswith(f"--data state_event=close {issues}/5") for c in calls)
    assert not any(f"{issues}/3" in c and "close" in c for c in calls)


def test_the_edges_of_due() -> None:
    """Due today is due soon, not overdue (readers see the note from the next day); --within 0
    lists only what is overdue or due today."""
    from portal.guides.reviews import review_state

    assert review_state(TODAY, TODAY) == "due soon"
    assert review_state(days_ago(1), TODAY) == "overdue"
    assert review_state(TODAY + dt.timedelta(days=30), TODAY) == "due soon"
    assert review_state(TODAY + dt.timedelta(days=31), TODAY) == "fine"
    assert review_state(TODAY + dt.timedelta(days=1), TODAY, within=0) == "fine"
    assert review_state(None, TODAY) == "fine"
