"""Privacy by design: visitors become daily keys, and comments lose personal details."""

from __future__ import annotations

import hashlib
import hmac
import re

REMOVED = "[removed]"

_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# "my password is X", "pwd: X", "PIN = 4821": the secret is the next word or quoted text.
_SECRET = re.compile(
    r"(?P<lead>\b(?:pass(?:word|wd|code|phrase)?s?|pwd|pin(?:\s+(?:number|code))?)\b"
    r"(?P<link>\s+(?:is|was|would be|should be|is still|was set to|set to)\b|\s*[:=])?\s*)"
    r"(?P<secret>\"[^\"\n]{1,64}\"|“[^”\n]{1,64}”|'[^'\n]{1,64}'|[^\s\"“']{3,64})",
    re.IGNORECASE,
)
# Runs of 13-19 digits, with spaces or dashes between groups: card numbers (Luhn-checked).
_CARD = re.compile(r"(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)")
# Phone numbers: 7 or more digits with the usual separators, optional + and brackets.
_PHONE = re.compile(r"(?<![\w])(?:\+|00)?\(?\d[\d ().-]{5,}\d(?![\w])")
# Words that look like passwords: letters mixed with digits and symbols, 8 or more long.
_PASSWORD_LIKE = re.compile(
    r"(?<!\S)(?=\S*[A-Za-z])(?=\S*\d)(?=\S*[^\w\s])(?!\S*://)[^\s]{8,64}(?!\S)"
)
_SAFE_WORDS = (
    "is was the a an and or but not for to reset expired expires changed change wrong "
    "incorrect locked does doesn't did didn't will won't has have had never again"
)
_SAFE_SECRET_WORDS = frozenset(_SAFE_WORDS.split())


def visitor_key(salt: bytes, address: str, user_agent: str) -> str:
    """An HMAC of address and browser with today's secret: the same all day, unlinkable after."""
    message = f"{address}\n{user_agent}".encode("utf-8", "replace")
    return hmac.new(salt, message, hashlib.sha256).hexdigest()[:32]


def _luhn(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        number = int(char)
        if position % 2:
            number *= 2
            if number > 9:
                number -= 9
        total += number
    return total % 10 == 0


def _card(match: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", match.group())
    return REMOVED if 13 <= len(digits) <= 19 and _luhn(digits) else match.group()


def _phone(match: re.Match[str]) -> str:
    text = match.group()
    digits = re.sub(r"\D", "", text)
    if len(digits) < 7 or len(digits) > 15:
        return text
    if re.fullmatch(r"\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2}", text.strip()):
        return text  # a date, not a phone number
    if re.fullmatch(r"\d+\.\d+(\.\d+)*", text.strip()):
        return text  # a version number
    return REMOVED


def _secret(match: re.Match[str]) -> str:
    raw = match.group("secret")
    secret = raw.strip("\"'“”‘’").rstrip(".,!?").lower()
    quoted = raw[0] in "\"'“"
    if not quoted and (secret in _SAFE_SECRET_WORDS or not secret):
        return match.group()
    if not match.group("link") and not quoted and not re.search(r"\d", secret):
        return match.group()  # "password reset page": no secret follows
    trailing = raw[len(raw.rstrip(".,!?")) :] if not quoted else ""
    return match.group("lead") + REMOVED + trailing


def scrub(text: str) -> str:
    """Replace e-mail addresses, phone and card numbers and password-like strings."""
    text = _EMAIL.sub(REMOVED, text)
    text = _SECRET.sub(_secret, text)
    text = _CARD.sub(_card, text)
    text = _PHONE.sub(_phone, text)
    text = _PASSWORD_LIKE.sub(REMOVED, text)
    return text
