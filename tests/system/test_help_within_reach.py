"""The call buttons built for real (`kb build`) from the desk configured in mkdocs.yml: an urgent
guide gets its call box under the title, `[Call us](tel:)` in a step becomes the button with the
configured number, a guide without the flag gets no box, and a desk with no phone configured
leads the same buttons to the contact page instead of a number."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import yaml

from tests.support.files import ROOT, good_guide_as, write
from tests.support.kb import run_kb

STEPS = "1. Close the page.\n2. Call the service desk now. [Call us](tel:)\n3. Tell them when.\n"


def with_desk(config: str, desk: dict[str, object]) -> str:
    """mkdocs.yml's text with `extra.service_desk` replaced (its other lines kept as written:
    the `!!python/name:` tags would not survive a YAML round trip)."""
    lines = config.splitlines(keepends=True)
    start = lines.index("  service_desk:\n")
    end = start + 1
    while end < len(lines) and (lines[end].startswith("   ") or not lines[end].strip()):
        end += 1
    ours = textwrap.indent(yaml.safe_dump({"service_desk": desk}), "  ")
    return "".join(lines[:start]) + ours + "".join(lines[end:])


def build(root: Path, phone: dict[str, str] | None) -> Path:
    """A small site built with the repository's theme and a desk of our own."""
    desk: dict[str, object] = {"name": "Test Desk", "hours": "Weekdays, 9:00 to 17:00"}
    if phone:
        desk["phone"] = phone
    config = with_desk((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), desk)
    theme = ROOT / "portal/writing/theme"
    config = config.replace("custom_dir: portal/writing/theme", f"custom_dir: {theme}")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    content = root / "content"
    write(content, "index.md", '# Help\n\nWelcome.\n\n<div class="kb-call-home"></div>\n')
    write(content, "s/urgent.md", good_guide_as("Urgent", "# Urgent\n\n" + STEPS, "urgent: true\n"))
    write(content, "s/calm.md", good_guide_as("Calm", "# Calm\n\n" + STEPS))
    site = root / "site"
    result = run_kb(
        "build",
        "--no-strict",
        "--content",
        str(content),
        "--site",
        str(site),
        env={"KB_MKDOCS_CONFIG": str(root / "mkdocs.yml"), "KB_VAR_DIR": str(root / "var")},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return site


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def with_phone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    phone = {"label": "Ring us", "number": "+1 555 0100", "hours": "Open all night"}
    return build(tmp_path_factory.mktemp("desk-with-phone"), phone)


@pytest.fixture(scope="module")
def without_phone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("desk-without-phone"), None)


def test_an_urgent_guide_has_the_configured_phone_under_its_title(with_phone: Path) -> None:
    html = page(with_phone, "s/urgent")
    title, _, rest = html.partition('<div class="kb-urgent-call"')
    assert "<h1" in title and rest, "the call box comes after the title"
    box = rest.split("</div>", 1)[0]
    assert 'href="tel:+15550100"' in box
    assert "Ring us" in box and "+1 555 0100" in box
    assert "Test Desk" in box and "Open all night" in box


def test_a_guide_without_the_flag_has_no_call_box(with_phone: Path) -> None:
    assert "kb-urgent-call" not in page(with_phone, "s/calm")


@pytest.mark.parametrize("guide", ["s/urgent", "s/calm"])
def test_the_step_marker_becomes_the_button_with_the_writers_words(
    with_phone: Path, guide: str
) -> None:
    html = page(with_phone, guide)
    assert 'href="tel:"' not in html
    step = html.split("Call the service desk now.", 1)[1].split("</li>", 1)[0]
    assert '<a class="kb-call" href="tel:+15550100"' in step
    assert '<span class="kb-call__label">Call us</span>' in step
    assert "+1 555 0100" in step


def test_the_home_page_shows_the_phone_and_the_hours(with_phone: Path) -> None:
    html = page(with_phone, "")
    home = html.split('<div class="kb-call-home">', 1)[1]
    assert 'href="tel:+15550100"' in home
    assert "Open all night" in home and "Weekdays, 9:00 to 17:00" in home
    # The phone's hours and the desk's are told apart, never one beside the other unexplained.
    assert "Other ways to reach us: Weekdays, 9:00 to 17:00." in home


def test_without_a_phone_the_buttons_lead_to_the_contact_page(without_phone: Path) -> None:
    for guide in ("s/urgent", "s/calm"):
        html = page(without_phone, guide)
        assert "tel:" not in html
        step = html.split("Call the service desk now.", 1)[1].split("</li>", 1)[0]
        assert 'href="../../help/contact-the-service-desk/"' in step
        assert "Call us" in step
    header = page(without_phone, "s/calm").split('class="md-header__button kb-header-contact"', 1)
    assert header[1].startswith(' href="../../help/contact-the-service-desk/"')
