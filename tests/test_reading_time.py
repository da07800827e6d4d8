""" "About N minutes" on every guide, estimated at build time by the theme (partials/kb-time.html)
from the guide's words and numbered steps, with `minutes:` in the front matter as the override."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from portal.guides.articles import load_content
from tests.conftest import GOOD_GUIDE, ROOT, run_kb, write

TIME = re.compile(r'<p class="kb-time"[^>]*>.*?About (\d+) (minutes?)\s*</p>', re.DOTALL)


def minutes_on(html: str) -> tuple[int, str]:
    found = TIME.findall(html)
    assert len(found) == 1, found
    return int(found[0][0]), found[0][1]


def test_every_guide_shows_how_long_it_takes(built_site: Path) -> None:
    guides = load_content(ROOT / "content").guides
    assert len(guides) > 50
    for guide in guides:
        html = (built_site / guide.url.strip("/") / "index.html").read_text(encoding="utf-8")
        minutes, unit = minutes_on(html)
        assert 1 <= minutes <= 20, (guide.path, minutes)
        assert unit == ("minute" if minutes == 1 else "minutes"), guide.path
        # Near the top: straight under the guide's title.
        assert re.search(r'</h1>\s*<p class="kb-time"', html), guide.path


def test_home_section_and_not_found_pages_do_not(built_site: Path) -> None:
    sections = [p.parent.name for p in (ROOT / "content").glob("*/index.md")]
    assert sections
    pages = ["index.html", "404.html", *(f"{name}/index.html" for name in sections)]
    for page in pages:
        assert 'class="kb-time"' not in (built_site / page).read_text(encoding="utf-8"), page


def guide(title: str, body: str, extra: str = "") -> str:
    """GOOD_GUIDE's front matter with another title and body."""
    front = GOOD_GUIDE.split("---\n")[1].replace("Fix a paper jam", title)
    return f"---\n{front}{extra}---\n\n{body}"


STEPS = "".join(f"{n}. Select **Next** on the screen.\n" for n in range(1, 7))
TABBED = (
    "# Print it\n\nDo this on your computer.\n\n"
    '=== "Windows"\n\n' + "".join(f"    {line}\n" for line in STEPS.splitlines()) + "\n"
    '=== "Mac"\n\n' + "".join(f"    {line}\n" for line in STEPS.splitlines()) + "\n"
    "Did it work? Good.\n"
)
ONE_TAB = "# Print it\n\nDo this on your computer.\n\n" + STEPS + "\nDid it work? Good.\n"


AFTER_THE_FIX = ("Why this happens", "Avoid it next time", "Related guides")


@pytest.fixture(scope="module")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A few guides built for real, with numbers chosen to test the estimate exactly."""
    root = tmp_path_factory.mktemp("reading-time")
    content = root / "content"
    write(content, "index.md", "# Help\n\nWelcome.\n")
    # 600 words (heading 1, prose 591, four steps of 2) at 200 a minute, plus 4 x 30 s: 5 minutes.
    steps = "1. Go\n2. Go\n3. Go\n4. Go\n"
    write(content, "t/exact.md", guide("Exact", "# Read\n\n" + "word " * 591 + "\n\n" + steps))
    # One word more is rounded up to the next minute.
    write(
        content, "t/one-more.md", guide("One more", "# Read\n\n" + "word " * 592 + "\n\n" + steps)
    )
    write(content, "t/short.md", guide("Short", "# Short\n\nJust restart it.\n"))
    write(content, "t/tabbed.md", guide("Tabbed", TABBED))
    write(content, "t/one-tab.md", guide("One tab", ONE_TAB))
    write(content, "t/code.md", guide("Code", "# Code\n\n```\n" + "word " * 2000 + "\n```\n"))
    after = "".join(f"## {h}\n\n" + "word " * 400 + "\n\n" for h in AFTER_THE_FIX)
    write(
        content, "t/after.md", guide("After", "# Read\n\n" + "word " * 591 + "\n\n" + steps + after)
    )
    write(
        content, "t/override.md", guide("Override", "# Long\n\n" + "word " * 3000, "minutes: 1\n")
    )
    write(content, "t/override-many.md", guide("Many", "# Short\n\nQuick.\n", "minutes: 45\n"))
    site = root / "site"
    result = run_kb("build", "--content", str(content), "--site", str(site))
    assert result.returncode == 0, result.stdout + result.stderr
    return site


def shown(site: Path, slug: str) -> tuple[int, str]:
    return minutes_on((site / "t" / slug / "index.html").read_text(encoding="utf-8"))


def test_words_at_200_a_minute_and_30_seconds_a_step_rounded_up(small_site: Path) -> None:
    assert shown(small_site, "exact") == (5, "minutes")
    assert shown(small_site, "one-more") == (6, "minutes")


def test_a_short_guide_takes_about_1_minute(small_site: Path) -> None:
    assert shown(small_site, "short") == (1, "minute")


def test_only_one_tab_of_a_tab_set_counts(small_site: Path) -> None:
    """Readers follow Windows or Mac, not both."""
    assert shown(small_site, "tabbed") == shown(small_site, "one-tab")
    assert shown(small_site, "tabbed")[0] == 4  # six steps and a few words


def test_what_is_read_after_the_fix_does_not_count(small_site: Path) -> None:
    """ "Why this happens" and what follows are for later: the fix takes as long as before."""
    assert shown(small_site, "after") == shown(small_site, "exact")


def test_code_blocks_are_not_reading(small_site: Path) -> None:
    assert shown(small_site, "code") == (1, "minute")


def test_the_front_matter_overrides_the_estimate(small_site: Path) -> None:
    assert shown(small_site, "override") == (1, "minute")
    assert shown(small_site, "override-many") == (45, "minutes")


@pytest.mark.parametrize("value", ["0", "121", "lots", "2.5", "true", "[5]"])
def test_a_wrong_override_is_an_error_on_its_line(tmp_path: Path, value: str) -> None:
    write(
        tmp_path,
        "printing/jam.md",
        guide("Fix a paper jam", "# Jam\n\nPull.\n", f"minutes: {value}\n"),
    )
    problems = [str(p) for p in load_content(tmp_path).problems]
    assert problems == [
        f"{tmp_path}/printing/jam.md:12: `minutes` must be a whole number of minutes from 1 to "
        "120, such as `5`"
    ]


def test_a_right_override_loads_quietly(tmp_path: Path) -> None:
    write(tmp_path, "printing/jam.md", guide("Fix a paper jam", "# Jam\n\nPull.\n", "minutes: 5\n"))
    content = load_content(tmp_path)
    assert content.problems == []
    assert content.articles[0].minutes == 5
    result = run_kb("lint", str(tmp_path / "printing/jam.md"))
    assert "minutes" not in result.stdout + result.stderr
