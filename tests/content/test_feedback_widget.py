"""The "Was this helpful?" widget in the real built site: on guides only, hidden until its script
runs, with the reasons and limit of portal/guides/vocabulary.py."""

from __future__ import annotations

import re

from portal.guides.vocabulary import COMMENT_CHARS, FEEDBACK_QUESTION, REASONS
from tests.support.kb import Built


def test_widget_only_on_guides_and_hidden_in_the_html(built: Built) -> None:
    guide = (built.site / "printing/clear-paper-jam/index.html").read_text(encoding="utf-8")
    tag = re.search(r'<section class="kb-feedback"[^>]*>', guide)
    assert (
        tag
        and "hidden" in tag.group(0)
        and 'data-kb-page="printing/clear-paper-jam"' in tag.group(0)
    )
    # The reasons are the vocabulary's, with the same keys and words, in the same order.
    shown = re.findall(
        r'<input type="radio" name="reason" value="([^"]+)">\s*<span>([^<]+)</span>', guide
    )
    assert shown == [(reason.key, reason.label) for reason in REASONS]
    assert f'<h2 id="kb-feedback-title">{FEEDBACK_QUESTION}</h2>' in guide
    assert f'maxlength="{COMMENT_CHARS}"' in guide
    assert f'<span class="kb-feedback__left">{COMMENT_CHARS:,}</span> left.' in guide
    for other in ("index.html", "printing/index.html", "404.html"):
        assert "kb-feedback" not in (built.site / other).read_text(encoding="utf-8"), other
