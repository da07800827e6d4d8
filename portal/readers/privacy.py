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
# Runs of digit groups split by spaces or dashes; `_card` finds card numbers in them
# (13-19 digits, Luhn-checked).
_CARD = re.compile(r"(?<!\d)\d+(?:[ -]\d+)*(?!\d)")
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


def _card_end(groups: list[str], start: int) -> int | None:
    """The last group of the longest card number (13-19 digits, Luhn) starting at `start`."""
    end, digits = None, ""
    for index in range(start, len(groups)):
        digits += groups[index]
        if len(digits) > 19:
            break
        if len(digits) >= 13 and _luhn(digits):
            end = index
    return end


def _card(match: re.Match[str]) -> str:
    """Card numbers in a run of digit groups, even beside another number ("room 5 4111 ...").

    Checking only the whole run let a card through when any number stood next to it
    (found by `make fuzz`).
    """
    parts = re.split(r"([ -])", match.group())
    groups, separators = parts[0::2], [*parts[1::2], ""]
    kept: list[str] = []
    index = 0
    while index < len(groups):
        end = _card_end(groups, index)
        if end is None:
            kept += [groups[index], separators[index]]
            index += 1
        else:
            kept += [REMOVED, separators[end]]
            index = end + 1
    return "".join(kept)


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
