"""The real content and site: the guides where minutes matter are marked `urgent`, each has the
desk's call button under its title and in the step that says to call, and no page writes the
desk's phone number itself (it is configured once, in mkdocs.yml)."""

from __future__ import annotations

import re

from portal.guides.articles import load_content
from portal.guides.desk import load_service_desk
from tests.support.files import ROOT
from tests.support.kb import Built

# A clicked link or typed password, a lost or stolen device, a hacked account, and the guide
# that says what counts as urgent.
URGENT = {
    "security/clicked-phishing-link",
    "security/lost-or-stolen-device",
    "security/account-hacked",
    "help/urgent-it-problem",
}


def desk_number() -> str:
    return str(load_service_desk(ROOT / "mkdocs.yml")["phone"]["number"])


def test_the_guides_where_minutes_matter_are_urgent() -> None:
    content = load_content(ROOT / "content")
    assert {guide.path for guide in content.articles if guide.urgent} == URGENT


def test_no_page_writes_the_desks_number_or_sends_readers_to_the_bottom() -> None:
    digits = re.sub(r"\D", "", desk_number())
    for source in (ROOT / "content").rglob("*.md"):
        text = source.read_text(encoding="utf-8")
        assert digits not in re.sub(r"\D", "", text), f"{source} copies the desk's number"
        if source.relative_to(ROOT / "content").with_suffix("").as_posix() in URGENT:
            assert "bottom of this page" not in text, source


def test_urgent_guides_have_the_call_button_first_and_in_their_steps(built: Built) -> None:
    href = 'href="tel:' + desk_number().replace(" ", "") + '"'
    for path in URGENT:
        html = (built.site / path / "index.html").read_text(encoding="utf-8")
        head, _, rest = html.partition('<div class="kb-urgent-call"')
        assert rest and "</h1>" in head, f"{path}: no call box under the title"
        assert href in rest.split("</div>", 1)[0], path
        steps = re.findall(r"<li>(?:(?!</li>).)*</li>", html, re.DOTALL)
        assert any(href in step and 'class="kb-call"' in step for step in steps), path
        assert 'href="tel:"' not in html, f"{path}: a call link was left without the number"
