"""Screening tried by class (issue 14, D9 and D9b): personal details in many shapes, in random
sentences, are removed; everyday IT questions come through unchanged; long hostile input
finishes; a query is screened before it is cut and cut between words.

The generators build what people type: card numbers in every grouping and separator, phone
numbers of many countries, passwords told in several languages, e-mail addresses with and
without a dot in the domain, and the error codes, builds, addresses and dates of a help desk.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from portal.readers.privacy import REMOVED, scrub
from portal.readers.search_log import normalize_query
from portal.store.schema import QUERY_CHARS
from tests.support.hostile import hostile_text

# --- sentences around the details -----------------------------------------------------------
# Words with no digits, no "@" and none of the words that start a secret or a phone number.
FILLER = [
    "the", "printer", "in", "our", "office", "stopped", "working", "after", "lunch", "so",
    "please", "help", "me", "with", "this", "outlook", "keeps", "asking", "again", "since",
    "monday", "laptop", "screen", "flickers", "when", "docked", "can", "someone", "look", "at",
    "it", "thanks", "a", "lot", "for", "your", "time", "kind", "regards", "from", "accounts",
    "team", "hello", "hi",
]  # fmt: skip
sentence = st.lists(st.sampled_from(FILLER), max_size=8).map(" ".join)
ends = st.sampled_from(["", ".", "!", "?", " thanks", ", thanks.", "\nthanks"])


def embedded(detail: st.SearchStrategy[str]) -> st.SearchStrategy[tuple[str, str]]:
    """(text, detail): the detail between two random sentences."""
    return st.tuples(sentence, detail, sentence, ends).map(
        lambda parts: (f"{parts[0]} {parts[1]} {parts[2]}{parts[3]}".strip(), parts[1])
    )


def digits_of(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


# --- card numbers -------------------------------------------------------------------------
def luhn_ok(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def with_check_digit(body: str) -> str:
    return next(body + d for d in "0123456789" if luhn_ok(body + d))


CARD_GROUPINGS = {
    13: [(4, 4, 4, 1), (13,)],
    14: [(4, 6, 4), (4, 4, 4, 2), (14,)],
    15: [(4, 6, 5), (4, 4, 4, 3), (15,)],
    16: [(4, 4, 4, 4), (16,)],
    17: [(4, 4, 4, 4, 1), (17,)],
    18: [(4, 4, 4, 4, 2), (18,)],
    19: [(4, 4, 4, 4, 3), (19,)],
}
SEPARATORS = [
    " ", "  ", "\u00a0", "\u202f", "\u2009", "\u2007", "\u200a", "\u3000", "-", "\u2013",
    "\u2011", "\u2212", ".", "/", "_", " - ", "\u200b", "\u00a0-\u00a0",
]  # fmt: skip
FULL_WIDTH = str.maketrans("0123456789", "".join(chr(0xFF10 + d) for d in range(10)))


@st.composite
def card_numbers(draw: st.DrawFn) -> str:
    length = draw(st.integers(13, 19))
    digits = with_check_digit(draw(st.text("0123456789", min_size=length - 1, max_size=length - 1)))
    grouping = draw(st.sampled_from(CARD_GROUPINGS[length]))
    separator = draw(st.sampled_from(SEPARATORS))
    groups, start = [], 0
    for size in grouping:
        groups.append(digits[start : start + size])
        start += size
    card = separator.join(groups)
    return card.translate(FULL_WIDTH) if draw(st.booleans()) and draw(st.booleans()) else card


def luhn_runs(text: str) -> list[str]:
    """Every run of 13 to 19 digits (separators between groups ignored) that passes Luhn."""
    found = []
    for run in re.finditer(r"\d+(?:(?:[^\S\n]|[-\u2010-\u2015\u2212./_\u200b]){1,3}\d+)*", text):
        groups = re.findall(r"\d+", run.group())
        for start in range(len(groups)):
            digits = ""
            for group in groups[start:]:
                digits += group
                if len(digits) > 19:
                    break
                if len(digits) >= 13 and luhn_ok(digits):
                    found.append(digits)
    return found


@settings(max_examples=400, deadline=None)
@given(embedded(card_numbers()))
def test_no_card_number_survives_in_any_grouping_or_separator(case: tuple[str, str]) -> None:
    text, _ = case
    screened = scrub(text)
    assert REMOVED in screened
    assert digits_of(screened) == "", screened
    assert luhn_runs(screened) == []


@settings(max_examples=200, deadline=None)
@given(
    card_numbers(),
    st.sampled_from(["room 5", "ext 12", "ids 12", "step 3 of 4", "2026", "order 77"]),
    st.sampled_from(["", "paid twice", "5 times", "then 7", "on 2026-12-04"]),
)
def test_a_card_number_beside_other_numbers_is_removed(card: str, before: str, after: str) -> None:
    screened = scrub(f"{before} {card} {after}")
    assert digits_of(card) not in digits_of(screened)
    assert luhn_runs(screened) == [] or luhn_runs(f"{before} {after}") != []


@settings(max_examples=300, deadline=None)
@given(
    st.text("0123456789 -.()+/", max_size=120) | hostile_text,
    card_numbers(),
    st.integers(0, 150),
)
def test_a_card_number_anywhere_in_any_text_is_removed(text: str, card: str, where: int) -> None:
    """Beside digits, dots, brackets or any Unicode, as `make fuzz` tries it."""
    screened = scrub(f"{text[:where]} {card} {text[where:]}")
    assert screened.count(card) <= text.count(card), screened


def test_a_number_that_fails_the_luhn_check_or_is_not_grouped_like_a_card_is_kept() -> None:
    assert scrub("ticket 1234 5678 9012 3456") == "ticket 1234 5678 9012 3456"
    # 16 digits passing Luhn, but years, or groups no card is printed in.
    assert scrub("office 2016 2019 2021 2024") == "office 2016 2019 2021 2024"
    assert scrub("kb5034441 80244019") == "kb5034441 80244019"


# --- phone numbers ------------------------------------------------------------------------
PHONE_SEPARATORS = [" ", "\u00a0", "\u202f", "\u2009", "-", ".", "\u2013"]
digit = st.sampled_from("0123456789")


def numbers(size: int) -> st.SearchStrategy[str]:
    return st.text("0123456789", min_size=size, max_size=size)


@st.composite
def north_american(draw: st.DrawFn) -> str:
    area = draw(st.sampled_from("23456789")) + draw(numbers(2))
    exchange = draw(st.sampled_from("23456789")) + draw(numbers(2))
    line = draw(numbers(4))
    sep = draw(st.sampled_from(PHONE_SEPARATORS))
    shape = draw(st.sampled_from(["plain", "brackets", "plus", "one"]))
    if shape == "brackets":
        return f"({area}) {exchange}-{line}"
    if shape == "plus":
        return f"+1 {area}{sep}{exchange}{sep}{line}"
    if shape == "one":
        return f"1{sep}{area}{sep}{exchange}{sep}{line}"
    return f"{area}{sep}{exchange}{sep}{line}"


def grouped(digits: str, sizes: list[int], sep: str) -> str:
    groups, start = [], 0
    for size in sizes:
        if start < len(digits):
            groups.append(digits[start : start + size])
            start += size
    if start < len(digits):
        groups[-1] += digits[start:]
    if len(groups) > 1 and len(groups[-1]) < 2:
        groups[-2:] = [groups[-2] + groups[-1]]  # nobody writes "020 7946 095 8"
    return sep.join(groups)


@st.composite
def international(draw: st.DrawFn) -> str:
    """+CC, an optional (0), then 7 to 11 digits in groups of 1 to 4."""
    country = draw(st.sampled_from("123456789")) + draw(st.text("0123456789", max_size=2))
    national = draw(st.sampled_from("123456789")) + draw(
        st.text("0123456789", min_size=6, max_size=10)
    )
    sizes = draw(st.lists(st.integers(1, 4), min_size=1, max_size=5))
    sep = draw(st.sampled_from(PHONE_SEPARATORS))
    prefix = draw(st.sampled_from(["+", "+", "00"]))
    body = grouped(national, sizes, sep)
    if draw(st.booleans()):
        return f"{prefix}{country} (0){body}"  # +49 (0)30 1234567
    return f"{prefix}{country}{sep}{body}"


@st.composite
def national(draw: st.DrawFn) -> str:
    """A leading 0, then 9 to 11 digits: 020 7946 0958, 07700 900123, 030/1234567."""
    digits = (
        "0"
        + draw(st.sampled_from("123456789"))
        + draw(st.text("0123456789", min_size=7, max_size=9))
    )
    area = draw(st.integers(2, 5))
    rest = draw(st.lists(st.integers(2, 4), min_size=1, max_size=4))
    sep = draw(st.sampled_from([*PHONE_SEPARATORS, "/"]))
    if draw(st.booleans()):
        return f"({digits[:area]}) {grouped(digits[area:], rest, sep)}"
    return grouped(digits, [area, *rest], sep)


unbroken = st.one_of(
    st.tuples(st.sampled_from(["+", "0"]), st.text("0123456789", min_size=9, max_size=12)).map(
        "".join
    ),
    st.text("0123456789", min_size=10, max_size=12).filter(lambda d: d[0] != "0"),
)
phones = st.one_of(north_american(), international(), national(), unbroken)
phone_leads = st.sampled_from(
    ["", "call me on", "my number is", "reach me at", "mobile:", "tel.", "you can call"]
)
# After a word about phones, even a short local number in any grouping is a phone number.
LOCAL_SHAPES = [
    ((3, 4), "-. \u00a0"),
    ((4, 3), "- "),
    ((2, 2, 3), "- "),
    ((7,), " "),
    ((4, 4), "- "),
]


@st.composite
def local_numbers(draw: st.DrawFn) -> str:
    """ "call me on 555-0199", "my mobile is 5550 1234": 7 or 8 digits in local groupings."""
    lead = draw(
        st.sampled_from(["call me on", "my number is", "phone:", "my mobile is", "text me at"])
    )
    sizes, separators = draw(st.sampled_from(LOCAL_SHAPES))
    digits = draw(numbers(sum(sizes)))
    return f"{lead} {grouped(digits, list(sizes), draw(st.sampled_from(separators)))}"


@settings(max_examples=500, deadline=None)
@given(embedded(st.tuples(phone_leads, phones).map(lambda p: f"{p[0]} {p[1]}".strip())))
def test_no_phone_number_survives_in_any_common_shape(case: tuple[str, str]) -> None:
    text, phone = case
    screened = scrub(text)
    assert REMOVED in screened
    assert len(digits_of(screened)) < 7, (phone, screened)


@settings(max_examples=200, deadline=None)
@given(phones, st.sampled_from([" / ", " or ", ", ", "; ", " - ", " and "]), phones)
def test_two_phone_numbers_in_a_row_are_both_removed(first: str, between: str, second: str) -> None:
    """Only a space between two numbers reads as one long number: that case is not promised."""
    screened = scrub(f"call {first}{between}{second} today")
    assert len(digits_of(screened)) < 7, screened


@settings(max_examples=200, deadline=None)
@given(embedded(local_numbers()))
def test_a_short_number_after_a_word_about_phones_is_removed(case: tuple[str, str]) -> None:
    text, _ = case
    screened = scrub(text)
    assert REMOVED in screened and digits_of(screened) == "", screened


def test_a_phone_written_beside_a_word_about_phones_is_removed_in_any_grouping() -> None:
    assert scrub("my phone is 5550 1234") == "my phone is [removed]"
    assert scrub("call me on 555 0199") == "call me on [removed]"
    assert scrub("teams call fails with 80244019") == "teams call fails with 80244019"


# --- passwords and other secrets ------------------------------------------------------------
SECRET_WORDS = [
    "correct", "horse", "battery", "staple", "orange", "tiger", "purple", "dragon", "monkey",
    "sunshine", "football", "letmein", "qwerty", "princess", "shadow", "master", "banana",
    "cheese", "rocket",
]  # fmt: skip
# How people say "my password is": languages, spellings, words before "is".
SECRET_LEADS = [
    "my password is", "my new password is", "the password is", "password:", "password =",
    "password=", "my password's", "the new password I chose is", "the password I set is",
    "the password for the guest wifi is", "my password is now", "my password was",
    "password was set to", "I changed my password to", "my pw is", "pw:", "pwd:",
    "my passcode is", "passphrase:", "pass:", "my PIN is", "PIN:", "pin code is",
    "passwort ist", "mein Passwort ist", "Kennwort lautet", "mon mot de passe est",
    "mot de passe:", "mi contraseña es", "contraseña:", "mijn wachtwoord is", "wachtwoord:",
    "a minha senha é", "Password Is", "MY PASSWORD IS", "password is:",
    "the password my boss gave me is", "I set my PIN to", "we changed the wifi password to",
]  # fmt: skip
secret_word = st.one_of(
    st.sampled_from(SECRET_WORDS),
    st.from_regex(r"[A-Za-z][A-Za-z0-9]{2,10}[0-9#$%&*]{1,4}", fullmatch=True),
    st.from_regex(r"[0-9]{4,8}", fullmatch=True),
)
secrets = st.lists(secret_word, min_size=1, max_size=5).map(" ".join)
# Words with digits that follow "password" in everyday questions ("password 2fa", "pin win10").
IT_WORDS = r"kb\d+|win1[01]|windows1[01]|[om]?365|x64|x86|ipv[46]|wpa[23]\w*|\d+(st|nd|rd|th)"


@settings(max_examples=500, deadline=None)
@example("", "my password is", "TOO*", "", False)  # a state word glued to a symbol ("too")
@given(
    sentence,
    st.sampled_from(SECRET_LEADS),
    secrets,
    st.sampled_from(["", ".", "!", ". can you reset it?", "\nthanks", "; it fails"]),
    st.booleans(),
)
def test_nothing_after_password_is_survives(
    before: str, lead: str, secret: str, end: str, quoted: bool
) -> None:
    told = f'"{secret}"' if quoted else secret
    text = f"{before} {lead} {told}{end}".strip()
    assert scrub(text) == f"{before} {lead} {REMOVED}{end}".strip()


@settings(max_examples=200, deadline=None)
@given(
    sentence,
    st.sampled_from(["password", "pin", "passcode", "pwd", "pw", "passwort"]),
    st.from_regex(r"[A-Za-z]{0,8}[0-9]{2,6}[!#$%&*]?", fullmatch=True).filter(
        lambda w: len(w) >= 3 and not re.fullmatch(IT_WORDS, w, re.IGNORECASE)
    ),
    sentence,
)
def test_a_secret_right_after_the_word_password_is_removed(
    before: str, keyword: str, secret: str, after: str
) -> None:
    screened = scrub(f"{before} {keyword} {secret} {after}")
    assert secret not in screened and REMOVED in screened


@settings(max_examples=100, deadline=None)
@given(
    sentence,
    secret_word.filter(lambda w: any(ch.isdigit() for ch in w)),
    st.sampled_from(["", ".", " and it fails", ", please help", " but it fails"]),
)
def test_a_secret_told_before_is_my_password_is_removed(
    before: str, secret: str, after: str
) -> None:
    text = f"{before} {secret} is my password{after}".strip()
    assert scrub(text) == f"{before} {REMOVED} is my password{after}".strip()


# --- e-mail addresses ---------------------------------------------------------------------
local_parts = st.from_regex(r"[a-zA-Z]([a-zA-Z_%+-]|\.(?=[a-z])){0,12}[0-9]{1,3}", fullmatch=True)
domains = st.one_of(
    st.from_regex(r"[a-z][a-z0-9-]{0,10}(\.[a-z]{2,6}){1,2}", fullmatch=True),
    st.from_regex(r"[a-z][a-z0-9-]{0,10}", fullmatch=True),  # admin@intranet
    st.sampled_from(["firma.de", "exämple.fr", "corp.co.uk", "INTRANET"]),
)


@st.composite
def addresses(draw: st.DrawFn) -> tuple[str, str]:
    local, domain = draw(local_parts), draw(domains)
    shape = draw(st.sampled_from(["@", "@", "@", "[at]", "(at)", "(at) ", "at dot", "at", "ip"]))
    if shape != "@" and "." not in domain:
        domain += ".com"
    if shape == "ip":
        octets = draw(st.lists(st.integers(0, 255).map(str), min_size=4, max_size=4))
        return f"{local}@{'[' if draw(st.booleans()) else ''}{'.'.join(octets)}", local
    if shape == "at dot":  # jo dot smith at corp dot com
        spoken = local.replace(".", " dot ")
        return f"{spoken} at {domain.replace('.', ' dot ')}", local.split(".")[-1]
    if shape == "at":  # jo.smith at corp.com: the dot in the name says it is an address
        local = local if re.search(r"[._]", local.strip(".")) else f"jo.{local}"
        return f"{local} at {domain}", local
    if shape == "[at]" and draw(st.booleans()):
        domain = domain.replace(".", " [dot] ")
    return f"{local}{' ' if shape == '[at]' else ''}{shape}{domain}", local


@settings(max_examples=400, deadline=None)
@given(st.tuples(sentence, addresses(), sentence, ends))
def test_no_email_address_survives(parts: tuple[str, tuple[str, str], str, str]) -> None:
    before, (address, local), after, end = parts
    screened = scrub(f"{before} {address} {after}{end}")
    assert "@" not in screened and local not in screened, (address, screened)
    assert REMOVED in screened


# --- everyday IT questions ----------------------------------------------------------------
EVERYDAY = [
    "error 0x80070005 when installing updates",
    "0xc000021a blue screen after update",
    "windows update error 80244019",
    "KB5034441 failed to install",
    "kb5034441 0x80070643",
    "windows 10 22h2 build 19045.3803",
    "windows 11 23h2 build 22631.2861",
    "version 10.0.19045.3803",
    "ping 192.168.1.20 times out",
    "cannot reach 10.0.0.1 from vpn",
    "dns 8.8.8.8 and 1.1.1.1",
    "gateway 192.168.0.1 subnet 255.255.255.0",
    "printer ip 10.10.20.5 port 9100",
    "hp laserjet m404dn offline",
    "hp laserjet pro mfp m428fdw scan to email",
    "canon imagerunner c3530i",
    "printer stopped on 2026-12-04",
    "meeting on 04/12/2026 at 10:30",
    "04.12.2026 10:30 meeting",
    "outlook crashes at 9:15 every morning",
    "teams 1.2.3.4 update",
    "outlook version 16.0.17328.20124 crashed",
    "chrome 120.0.6099.130",
    "adobe reader dc 2023.008.20470",
    "port 443 blocked",
    "rdp port 3389 and ssh port 22",
    "ports 80 443 3389 blocked",
    "password expired",
    "forgot my password",
    "reset password",
    "password not working",
    "how do I change my password",
    "how do i change my password?",
    "my password is not accepted",
    "the password is wrong",
    "password is incorrect",
    "my password is expired and I can't log in",
    "password reset link not working",
    "password manager is not syncing",
    "password for wifi not working",
    "password for outlook is not working",
    "how long is my password valid",
    "what is my password",
    "where is my password stored",
    "forgot my password is there a way to reset it",
    "password must be 12 characters",
    "password 2fa setup",
    "windows hello pin reset",
    "pin not working windows hello",
    "pin the tab to the taskbar",
    "office 2016 2019 2021",
    "2024-01 cumulative update for windows 10 version 22h2 for x64-based systems (kb5034441)",
    "msvcp140.dll missing",
    "vcruntime140_1.dll not found",
    "event id 4625 logon failure",
    "error 1603 during install",
    "teams call drops after 10 minutes",
    "mobile device enrollment fails",
    "802.11ac wifi slow",
    "ctrl+alt+del not working",
    "shift+f10 during setup",
    "C:\\Windows\\System32 missing file",
    "\\\\fileserver\\share not accessible",
    "https://intranet.example.com/page?id=12",
    "disk 100% usage",
    "screen resolution 1920x1080",
    "ios 17.2.1 vpn",
    "vpn error 809",
    "stop code 0x0000007e",
    "ticket 1234 5678 9012 3456",
    "room 4.12, ext 4455",
    "clock 10:30 wrong timezone utc+1",
    "from 2024-01-01 to 2024-12-31",
    "between 9:00-17:00",
    "steps 1 2 3 do not work",
    "12.5 GB free space",
    "build 26100.1742",
    "error at login.microsoftonline.com",
    "error 0x80070005 at 10:30 on 2026-12-04",
    "windows 10 version 22H2 (OS build 19045.3803)",
    "KB5034441 (OS Build 19045.3803)",
    "printer at 192.168.1.20:9100",
    "00:1A:2B:3C:4D:5E mac address",
    "ip 10.0.0.1/24 not reachable",
    "http://192.168.1.1:8080/admin",
    "port 443, 80 and 8080",
    "version 2.4.1.1234",
    "time 14:30:00 utc",
    "password has expired",
    "password will expire in 5 days",
    "password has been reset",
    "password was changed",
    "password is about to expire",
    "my password is locked out",
    "new password is not accepted",
    "Password is case sensitive?",
    "password is too short",
    "password is the same as before",
    "password was reset by IT",
    "my password is 12 characters long",
    "the wifi password is on the sticker",
    "PIN is required",
    "pin is incorrect",
    "passcode is not working on iphone",
    "windows hello pin 0x80090016",
    "pin error 0x80090016",
    "password is not being accepted after reset on 2026-12-04",
    "password reset for user account",
    "password change every 90 days",
    "password expires in 14 days",
    "how to reset my password",
    "can't remember my password",
    "Password expired - how do I reset it?",
    "password: forgot",
    "password field greyed out",
    "the password field is greyed out",
    "my password is incorrect but I know it's right",
    "i forgot my pin",
    "my pin is not working",
    "your password has expired",
    "your password is about to expire in 3 days",
    "the password you entered is incorrect",
    "the password is incorrect for user jsmith",
    "password expired error 0x8007052e",
    '"the password is incorrect" error',
    "error 1326 password",
    "windows 11 build 22631.3007",
    "office 365 version 2312 build 17126.20132",
    "teams version 24004.1307.2669.7070",
    "outlook 2019 16.0.10406.20006",
    "SCCM client 5.00.9122.1000",
    "driver version 31.0.101.4502",
    "bios version 1.17.0",
    "firmware 2.30.1 on hp m404dn",
    "serial number 5CG1234XYZ",
    "asset 123456 laptop",
    "invoice 2026-001234",
    "ticket INC0012345",
    "ticket #12345",
    "call 1 of 3 failed",
    "from 10.10.10.10 to 10.10.10.20",
    "10.0.0.0/8 and 172.16.0.0/12",
    "IPv6 fe80::1 not working",
    "password:  forgot",
    "password is  not working",
]


@pytest.mark.parametrize("query", EVERYDAY)
def test_everyday_questions_come_through_unchanged(query: str) -> None:
    assert scrub(query) == query
    assert normalize_query(query) == " ".join(query.split()).casefold()


def number(low: int, high: int) -> st.SearchStrategy[int]:
    return st.integers(low, high)


hexes = st.text("0123456789abcdef", min_size=8, max_size=8)
octets = number(0, 255).map(str)
EVERYDAY_WORDS = [
    "password expired", "forgot my password", "reset password", "password not working",
    "how do I change my password", "the password is wrong", "my password is not accepted",
    "password reset page", "pin not working", "error 1603", "x64-based systems",
    "msvcp140.dll", "windows 10 22h2", "windows 11 23h2",
]  # fmt: skip
# The numbers of a help desk: error codes, KB numbers, builds, addresses, printers, dates,
# times, versions and ports.
THINGS = st.one_of(
    hexes.map(lambda h: f"0x{h}"),
    number(0, 9999).map(lambda n: f"8024{n:04d}"),
    number(0, 99999).map(lambda n: f"KB50{n:05d}"),
    st.tuples(st.sampled_from([19045, 22621, 22631, 26100]), number(100, 9999)).map(
        lambda b: f"build {b[0]}.{b[1]}"
    ),
    st.tuples(st.sampled_from([19045, 22631]), number(100, 9999)).map(
        lambda b: f"10.0.{b[0]}.{b[1]}"
    ),
    st.tuples(octets, octets, octets, octets).map(".".join),
    st.tuples(
        st.sampled_from(["hp laserjet m", "brother hl-l", "canon mf"]), number(100, 9999)
    ).map(lambda p: f"{p[0]}{p[1]}dn"),
    st.dates().map(lambda d: d.isoformat()),
    st.tuples(number(1, 28), number(1, 12), number(2000, 2099), st.sampled_from("./")).map(
        lambda d: f"{d[0]:02d}{d[3]}{d[1]:02d}{d[3]}{d[2]}"
    ),
    st.tuples(number(0, 23), number(0, 59)).map(lambda t: f"{t[0]}:{t[1]:02d}"),
    # major.minor[.build[.revision]]: "16.0.17328.20124", "1.2.3.4"
    st.lists(number(0, 99999), min_size=0, max_size=2).flatmap(
        lambda tail: st.tuples(number(0, 99), number(0, 99)).map(
            lambda head: ".".join(map(str, [*head, *tail]))
        )
    ),
    number(1, 65535).map(lambda n: f"port {n}"),
    st.sampled_from(EVERYDAY_WORDS),
)
JOINS = st.sampled_from(["after", "on", "with", "when", "and", "then", "but", "since", "at"])


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(FILLER), THINGS, JOINS), min_size=1, max_size=4),
    st.sampled_from(["", "?", "."]),
)
def test_generated_everyday_questions_come_through_unchanged(
    parts: list[tuple[str, str, str]], end: str
) -> None:
    words = [piece for part in parts for piece in part][:-1]  # no join word at the end
    query = " ".join(words) + end
    assert scrub(query) == query


# --- long and hostile input ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1" * 5000, "1" * 5000),
        ("1 " * 2500, "1 " * 2500),
        ("1-" * 2500, "1-" * 2500),
        ("1." * 2500, "1." * 2500),
        ("0" * 5000, "0" * 5000),
        ("a" * 5000, "a" * 5000),
        ("a@" * 2000, None),
        (" password is" * 500, " password is [removed]"),
        ("password " * 600, "password " * 600),
        ("phone 1" * 700, "phone 1" * 700),
        ("x at y dot " * 500, None),
        ("+" + "1" * 5000, "+" + "1" * 5000),
        ("1\u200b" * 2500, "1\u200b" * 2500),
        ("is my password " * 300, f"is my password is {REMOVED}"),
        ('password "' * 600, None),
        ("12 34 56 78 90 " * 300, None),
        ("4111 1111 1111 1111 " * 250, f"{REMOVED} " * 250),
    ],
)
def test_long_hostile_input_is_screened(text: str, expected: str | None) -> None:
    """Every pattern is linear: a backtracking one would take minutes on these."""
    screened = scrub(text)
    if expected is not None:
        assert screened == expected
    assert not re.search(r"\w@\w", screened)


@settings(max_examples=300, deadline=None)
@given(hostile_text)
def test_any_text_is_screened_without_failing_and_only_loses_whole_spans(text: str) -> None:
    """Screening only puts [removed] in place of spans: everything else is kept, in order."""
    screened = scrub(text)
    position = 0
    for piece in screened.split(REMOVED):
        found = text.find(piece, position)
        assert found >= 0, (text, screened)
        position = found + len(piece)


# --- queries: screened, then cut between words ------------------------------------------------
# (words that may stay, the detail): a secret's lead stays, the secret does not.
details = st.one_of(
    # Not "jo dot smith at corp dot com": cut after "jo dot smith a", the name is all that is
    # left, and nothing says it was an address.
    st.one_of(card_numbers(), phones, addresses().map(lambda pair: pair[0]))
    .filter(lambda detail: " at " not in detail)
    .map(lambda detail: ("", detail)),
    st.tuples(st.sampled_from(SECRET_LEADS[:12]), secrets).map(
        lambda pair: (pair[0], " ".join(pair))
    ),
)


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.sampled_from(FILLER), min_size=10, max_size=60).map(" ".join),
    details,
    st.lists(st.sampled_from(FILLER), max_size=20).map(" ".join),
    st.booleans(),
)
def test_a_query_keeps_no_half_of_anything(
    before: str, detail: tuple[str, str], after: str, cut_by_engine: bool
) -> None:
    """Wherever the 200th character falls, in an address, a number or a password clause."""
    lead, told = detail
    query = f"{before} {told} {after}".strip()
    if cut_by_engine:
        query = query[:QUERY_CHARS]  # the search engine reads 200 characters
    normalized = normalize_query(query)
    assert len(normalized) <= QUERY_CHARS
    allowed = {*FILLER, REMOVED, *lead.casefold().split()}
    # At most a country code is left ("1" of "1 555 123 4567" cut after "1 555 123 456").
    country = re.compile(r"[+(]?\d{1,2}\)?")
    left = [w for w in normalized.split() if w not in allowed and not country.fullmatch(w)]
    assert left == [], (told, normalized)
    assert len(digits_of(normalized)) <= 2, (told, normalized)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*FILLER, "0x80070005", "kb5034441"]), max_size=80))
def test_a_query_is_cut_on_a_word_boundary(words: list[str]) -> None:
    query = " ".join(words)
    normalized = normalize_query(query)
    assert len(normalized) <= QUERY_CHARS
    kept = normalized.split()
    assert kept == [w.casefold() for w in words[: len(kept)]]
    if len(query) < QUERY_CHARS:
        assert normalized == query.casefold()
