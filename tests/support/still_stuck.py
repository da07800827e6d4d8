"""What the "Still stuck?" links of a page in Chromium carry: the e-mail's and the request's
addresses, their decoded parameters, and the text written for the service desk."""

from __future__ import annotations

import urllib.parse


def href(page, channel: str) -> str:
    """The address of the "Still stuck?" link for `channel` (email, portal, phone, chat)."""
    found = page.locator(f'.kb-still-stuck a[data-kb-channel="{channel}"]').get_attribute("href")
    assert found
    return found


def params(link: str) -> dict[str, str]:
    """The decoded parameters of a mailto: or https: link (%20 and + both read as spaces)."""
    return {k: v[0] for k, v in urllib.parse.parse_qs(link.split("?", 1)[1]).items()}


def carried_text(page) -> tuple[str, str]:
    """The e-mail's body and the request's description, as the links carry them now."""
    return params(href(page, "email"))["body"], params(href(page, "portal"))["description"]
