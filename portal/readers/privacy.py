"""Privacy by design: what readers type loses personal details before it is kept (visitor keys
are in portal.readers.identity).

`scrub` runs on every search, so every pattern here is linear in the text: a run of variable
length starts only where a look-behind says no run of the same kind is already going, and
every other repetition is bounded. docs/privacy.md lists what is removed and what is kept.
"""

from __future__ import annotations

import re

REMOVED = "[removed]"

# Characters people (or their editors) put between the digits of a number.
_ZERO_WIDTH = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_DASHES = "\\-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"
_SP = r"[^\S\n]"  # a space on the same line: also no-break, narrow and thin spaces, tabs

# --- e-mail addresses ---------------------------------------------------------------------
_LOCAL = rf"[\w.+'%&=~!#$\-{_ZERO_WIDTH}]"
# `admin@intranet` has no dot; a domain needs a letter ("10@20" is not an address), unless it
# is an IP address ("jo@10.0.0.1", "jo@[10.0.0.1]").
_EMAIL = re.compile(
    rf"(?<!{_LOCAL}){_LOCAL}+[@\uff20\ufe6b]"
    r"(?:\[?\d{1,3}(?:\.\d{1,3}){3}\]?|(?=[\w.-]*[^\W\d_])[\w-]+(?:\.[\w-]+)*)"
)
# Spelled out: "jo.smith [at] corp [dot] com", "jo (at) corp.com", "jo dot smith at corp dot
# com", "jo.smith at corp.com" (a plain "at" needs a dot spelled out, or a dotted name before
# it: "error at login.example.com" is not an address).
_AT_WORD = r"(?:\s*[\[({<]\s*at\s*[\])}>]\s*)"
_DOT_WORD = r"(?:\s*[\[({<]\s*dot\s*[\])}>]\s*|\s+dot\s+|\.)"
# A part of a name without its dots: "jo dot smith" and "jo.smith" are parts joined by dots.
_WORD_PART = rf"[\w+'%&=~!#$\-{_ZERO_WIDTH}]+"
_SPELLED_EMAIL = re.compile(
    rf"(?<!{_LOCAL}){_LOCAL}+{_AT_WORD}[\w-]+(?:{_DOT_WORD}[\w-]+)*(?![\w-])"
    rf"|(?<!{_LOCAL})(?<!dot\s)(?:{_WORD_PART}(?:\s+dot\s+|\.))*{_WORD_PART}"
    # ... and the domain is not the start of the next name: "look at jo dot smith+x at ...".
    r"\s+at\s+[\w-]+(?:\s+dot\s+[\w-]+)+(?![\w+'%&=~!#$-]|\.\w)",
    re.IGNORECASE,
)
# "jo.smith at corp.com": a dot or an underscore in the name says it is an address. Possessive
# runs (*+) never give back what they took, so each name is read once.
_AT_ADDRESS = re.compile(
    rf"(?<!{_LOCAL})(?:[^\W_]|[+'%&=~!#$\-{_ZERO_WIDTH}])*+[._]{_LOCAL}*+"
    r"\s+at\s+[\w-]+(?:\.[\w-]+)+(?![\w-])",
    re.IGNORECASE,
)

# --- passwords and other secrets ------------------------------------------------------------
# The words for a secret, in the languages of our readers (longest spelling first).
_KEYWORD = (
    # The word as stressed people type it too: "pasword", "passwrd", "paswd", "passowrd".
    r"(?:pass\s?words?|pas?sw(?:or|ro|o|r)?ds?|passowrds?|pwd|pword|pw|pass\s?codes?"
    r"|pass\s?phrases?"
    r"|pin(?:\s*(?:codes?|numbers?|no\.?))?|passw[oö]rt(?:e)?|kennw[oö]rt|mot\s+de\s+passe|mdp"
    r"|contrase[ñn]as?|claves?|wachtwoord(?:en)?|senhas?|l[öo]senord|has[łl]o|salasana"
    r"|adgangskode|passord|parola(?:\s+d'ordine)?|cvv2?|cvc2?|security\s+code"
    r"|verification\s+code|one[-\s]?time\s+(?:code|password)|otp|(?:2fa|mfa|sms)\s+code"
    r"|(?:bitlocker\s+)?recovery\s+key|(?:api|access|secret)\s+(?:key|token)|pass)"
)
# Words that may stand between the keyword and "is": "the password I chose is", "the password
# for the guest wifi is". A compound ("password manager is") is not a secret being told.
_STARTER = (
    r"(?:i|we|you|they|he|she|my|our|your|his|her|their|the|that|which|for|on|of|to|at|in"
    r"|from|with|now|today|currently|ich|für|je|pour|que|yo|para|ik|voor|van|de|del|da|dat|du)"
)
_LINK_WORD = (
    r"(?:is|was|are|were|will\s+be|would\s+be|should\s+be|has\s+been|have\s+been|had\s+been"
    r"|became|becomes|equals|ist|war|lautet|lautete|heißt|est|était|c'est|es|era|é|è|är|jest)"
    r"(?:\s+(?:now|still|already|currently|just|always|simply|actually|literally|set\s+to"
    r"|changed\s+to|reset\s+to|updated\s+to))?"
    r"|(?:set|changed|reset|updated)\s+(?:it\s+)?to"
)
_BETWEEN = (
    rf"(?:\s+{_STARTER}\b(?:\s+(?!(?:is|was|are|were)\b)(?=[^\s\d]*[^\W\d_])"
    r"[^\s.!?;:=\"“”]+){0,3}?)?"
)
_LINK = rf"\s+(?:{_LINK_WORD})(?:\s*[:=])?\s+|\s+(?:{_LINK_WORD})\s*[:=]\s*|['’]s\s+|\s*[:=]\s*"
# What follows "is" when the sentence talks about the password instead of telling it.
_STATE = (
    r"(?:not|no|never|nicht|kein|keine|pas|niet|geen|non|nie|wrong|incorrect|invalid|expired"
    r"|expiring|expires|expire|outdated|locked|blocked|disabled|rejected|refused|denied"
    r"|declined|failing|failed|broken|working|accepted|too|very|case|required|needed|missing"
    r"|empty|blank|weak|short|different|same|reset|changed|saved|stored|synced|syncing|stuck"
    r"|shown|hidden|greyed|grayed|asked|requested|prompted|sent|set|forgotten|lost|unknown"
    r"|compromised|leaked|being|about|going|supposed|meant|in|on|at|for|from|there|it|this"
    r"|that|what|how|why|when|where|who|which|the\s+same|a\s+problem|the\s+problem|an\s+issue"
    r"|the\s+issue|falsch|abgelaufen|gesperrt|ungültig|incorrecte|expiré|expirée|bloqué"
    r"|bloquée|invalide|incorrecta|incorrecto|caducada|caducado|bloqueada|inválida|onjuist"
    r"|fout|verlopen|geblokkeerd|forgot|help|\d+\s+(?:characters?|chars?|digits?|letters?))"
    # A state is a whole word: "too*" or "wrong#1" glued to a symbol is a secret, not a state.
    r"(?![\w'’*#$%&@^+=~-])"
)
# The secret runs to the end of its sentence: a full stop, ?, ! or ; before a space, or a line
# break. Stopping sooner (at "and", at a comma) would keep the rest of a passphrase.
_CLAUSE = r"(?=\S)(?:[^\n.!?;]|[.!?;](?![^\S\n]|\n|\Z))+"
_QUOTED = r"(?:\"[^\"\n]*\"?|“[^”\n]*”?|'[^'\n]*'?|‘[^’\n]*’?)"
_SECRET = re.compile(
    rf"(?<![\w-])(?P<lead>{_KEYWORD}{_BETWEEN}(?:{_LINK}))"
    rf"(?:(?P<quoted>{_QUOTED})|(?!\s|{_STATE})(?P<clause>{_CLAUSE}))"
    # No "is": "password Hunter22", "pin 4821", "password - Summer2026", 'password "x y"'.
    rf"|(?<![\w-])(?P<bare_lead>(?!pass\b){_KEYWORD}\s+(?:(?:to|as|now|[{_DASHES}]+)\s+)?)"
    rf"(?P<bare>{_QUOTED}|(?=\S*[\d!@#$%^&*])\S{{3,}})",
    re.IGNORECASE,
)
# "I changed my password to correct horse", "set the PIN as 4821": the rest of the sentence.
_SECRET_SET = re.compile(
    r"(?<![\w-])(?P<lead>(?:changed|set|reset|updated|made|chose|picked|switched|turned"
    r"|geändert|gesetzt|changé|cambiado|cambié|veranderd)\s+"
    r"(?:(?:my|the|our|his|her|your|its|a|mein|meine|das|mon|le|mi|la|mijn|het)\s+)?"
    r"(?:(?:new|old|own|wifi|wi-fi|windows|account|email|e-mail|neues|nouveau|nueva)\s+){0,2}"
    rf"{_KEYWORD}\s+(?:to|as|into|auf|zu|en|a|naar|in)\s+)"
    r"(?:(?P<quoted>" + _QUOTED + r")|(?!\s|" + _STATE + r")"
    r"(?!(?:a|an|meet|match|comply|something|never|expire|include|contain|be)\b)"
    rf"(?P<clause>{_CLAUSE}))",
    re.IGNORECASE,
)
# "Hunter22 is my password": the word before it (never a question word).
_SECRET_BEFORE = re.compile(
    r"(?<!\S)(?!(?:what|which|this|that|it|here|there|where|how|why|who|when|so|and|or|but"
    r"|then|is|was|now|not|also|only|just|still|long|old|strong|safe|secure|good|valid|ok"
    r"|okay|right|wrong|much|many|often|one)[\s'’?!.,]|\[removed\])"
    rf"(?P<secret>[\"“][^\"”\n]{{1,100}}[\"”]|\S{{1,64}})"
    r"(?P<tail>\s+(?:is|was|are|were|=)\s+(?:my|the|our|his|her|their|your)\s+"
    r"(?:(?:new|old|current|temporary|temp|default|wifi|wi-fi|windows|email|e-mail|outlook"
    rf"|vpn|account|login|admin|network)\s+){{0,2}}{_KEYWORD}(?![\w-])"
    r"(?!\s+(?:manager|reset|policy|field|prompt|page|box|screen|history|hint|requirements?"
    r"|rules?|expir\w*|change|settings?|vault|app|length|complexity|strength)\b)"
    # ... and the sentence ends there: "how long is my password valid" asks a question.
    r"(?=[^\S\n]*(?:[.,;:!?)\n]|\Z)|\s+(?:and|but|so|please|thanks|now|today|again)\b))",
    re.IGNORECASE,
)
# After "password" without "is": common IT words with digits, not secrets ("password 2fa").
_NOT_A_SECRET = re.compile(
    r"(?:2fa|mfa|2sv|2-step|o365|m365|365|ipv[46]|wpa[23][\w-]*|802\.1x|x64|x86|win1[01]"
    r"|windows1[01]|kb\d+|0x[0-9a-f]+|\d+(?:st|nd|rd|th)"
    r"|\d+-?(?:bit|chars?|characters?|digits?|letters?|days?|hours?|minutes?|months?|times?))",
    re.IGNORECASE,
)
_SECRET_SIGN = re.compile(r"[\d!@#$%^&*]")

# --- card numbers -------------------------------------------------------------------------
# Runs of digit groups with up to three separator characters between groups; `_card` finds
# card numbers (13-19 digits, Luhn) among the groups.
_CARD_SEPARATOR = rf"(?:[^\S\n]|[{_DASHES}{_ZERO_WIDTH}./_·•])"
_DIGIT_RUN = re.compile(rf"(?<!\d)\d+(?:{_CARD_SEPARATOR}{{1,3}}\d+)*")
_YEAR = re.compile(r"(?:19|20)\d\d")
_CHAINS = frozenset("./")  # a card is the whole of a dotted number, never a part of one

# --- phone numbers ------------------------------------------------------------------------
_START = rf"(?<![\w+])(?<!\d[.,/:{_DASHES}])"  # not inside a longer number, word or version
_END = rf"(?![\w])(?![.,/:{_DASHES}]\d)"
# Spaces around a dash only: "+1 555 123 4567 / 555 987 6543" is two numbers.
_ANY_SEPARATOR = rf"(?:{_SP}{{1,2}}|{_SP}?[{_DASHES}]{_SP}?|[./{_ZERO_WIDTH}])"
# One kind of separator per number, so "04.12.2026 10" is a date and a number.
_KINDS = {
    "space": rf"{_SP}{{1,2}}",
    "dash": rf"[{_DASHES}]",
    "spaced_dash": rf"{_SP}[{_DASHES}]{_SP}",
    "dot": r"\.",
    "slash": r"/",
    "spaced_slash": rf"{_SP}/{_SP}",
    "hidden": rf"[{_ZERO_WIDTH}]{{1,3}}",
}
_BRACKETS = rf"\(\d{{1,5}}\){_SP}?"


def _shapes() -> str:
    """Every phone shape as one alternation, tried in this order at each position."""
    shapes = [
        # +44 20 7946 0958, +49 (0)30 1234567, +1 (555) 123-4567, 0044 20 7946 0958
        rf"(?P<international>(?:\+|(?<!\d)00){_SP}?\d{{1,15}}"
        rf"(?:(?:{_ANY_SEPARATOR}|{_SP}?(?=\())(?:{_BRACKETS})?\d{{1,12}}){{0,10}})",
        # (555) 123-4567, (020) 7946 0958, (0)30 1234567
        rf"(?P<brackets>{_BRACKETS}\d{{1,12}}(?:{_ANY_SEPARATOR}\d{{1,12}}){{0,8}})",
    ]
    for kind, sep in _KINDS.items():
        # 555.123.4567, 1-800-555-0199 (North America; an area code never starts with 0 or 1,
        # so "1.100.100.1000" stays a version)
        shapes.append(rf"(?P<nanp_{kind}>(?:1{sep}(?=[2-9]))?\d{{3}}{sep}\d{{3}}{sep}\d{{4}})")
    for kind, sep in _KINDS.items():
        # 07700 900123, 020 7946 0958, 030/1234567, 06 12 34 56 78 (a leading 0 for the area)
        shapes.append(rf"(?P<trunk_{kind}>0\d{{1,4}}(?:{sep}\d{{2,10}}){{1,5}})")
    for kind in ("space", "dash", "spaced_dash", "hidden"):
        # 98765 43210, 138 0013 8000, 612 34 56 78
        shapes.append(rf"(?P<grouped_{kind}>\d{{2,5}}(?:{_KINDS[kind]}\d{{2,5}}){{1,4}})")
    shapes.append(r"(?P<unbroken>\d{10,15})")
    return "|".join(f"{_START}(?:{shape}){_END}" for shape in shapes)


_PHONE = re.compile(_shapes())
# After "phone", "call me", "mobile" ...: any number of 7 to 15 digits is a phone number.
_PHONE_WORD = (
    r"(?:phone|telephone|tel|mobile|mob|cell|cellphone|landline|fax|whatsapp|signal|sms"
    r"|text\s+me|call(?:\s+me)?|ring\s+me|reach\s+me|contact\s+me|my\s+number|handy"
    r"|telefon(?:nummer)?|rufnummer|t[ée]l[ée]phone|portable|t[ée]l|tel[ée]fono|m[óo]vil"
    r"|celular|telefoon|mobiel|gsm)"
)
_PHONE_AFTER_WORD = re.compile(
    rf"(?<![\w-])(?P<lead>{_PHONE_WORD}\b[^\d\n]{{0,30}}?)"
    rf"(?P<number>(?<![\w+])\+?\(?\d(?:\d|\)|\(|{_ANY_SEPARATOR}){{5,40}}\d)(?![\w])",
    re.IGNORECASE,
)
_DATE = re.compile(
    r"\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./](?:\d{4}|\d{2})|\d{1,2}[-./]\d{4}"
)
_IP = re.compile(r"(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)")
_PORTS = re.compile(r"\bports?\W*\Z", re.IGNORECASE)

# --- words that look like passwords on their own ----------------------------------------------
_WORD = re.compile(r"(?<!\S)\S{8,}")
_WRAPPERS_BEFORE = "\"'“‘([{<"
_WRAPPERS_AFTER = "\"'”’)]}>.,;:!?"
_SYMBOL = re.compile(r"[!@#$%^&*=?~|<>{}\[\]()]")


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


def _separator_kind(separator: str) -> str:
    """A space, a no-break space and a thin space are the same kind; so are all dashes.

    "4111 - 1111" and "4111-1111" differ, and "1. 4111" (a full stop) is not "1.4111".
    """
    seen = "".join(
        "-" if ch in _DASHES else ch
        for ch in separator
        if not ch.isspace() and ch not in _ZERO_WIDTH
    )
    return seen + (" " if any(ch.isspace() for ch in separator) else "")


def _card_end(groups: list[str], kinds: list[str], start: int) -> int | None:
    """The last group of the longest card number starting at group `start`, if any.

    Written like a card: 13-19 digits passing the Luhn check, either in one piece or in groups
    of 4 to 6 digits (the last may be shorter) with one kind of separator.
    """
    if start > 0 and kinds[start - 1] in _CHAINS:
        return None  # "0.1210.92790.9477" is a version, not a card after "0."
    end, digits = None, ""
    for index in range(start, len(groups)):
        if index > start and (
            not 4 <= len(groups[index - 1]) <= 6 or kinds[index - 1] != kinds[start]
        ):
            break
        digits += groups[index]
        if len(digits) > 19:
            break
        years = index > start and all(_YEAR.fullmatch(g) for g in groups[start : index + 1])
        chained = index + 1 < len(groups) and kinds[index] in _CHAINS
        if len(digits) >= 13 and not years and not chained and _luhn(digits):
            end = index  # not "2016 2019 2021 2024", which are years
    return end


def _card(match: re.Match[str]) -> str:
    """Card numbers in a run of digit groups, even beside another number ("room 5 4111 ...")."""
    parts = re.split(r"(\D+)", match.group())
    groups, separators = parts[0::2], [*parts[1::2], ""]
    kinds = [_separator_kind(s) for s in separators[:-1]]
    start = match.start()
    glued_start = start > 0 and match.string[start - 1].isalpha()
    kept: list[str] = []
    index = 0
    while index < len(groups):
        glued = glued_start and index == 0 and len(groups) > 1  # "KB5034441 80244019"
        end = None if glued else _card_end(groups, kinds, index)
        if end is None:
            kept += [groups[index], separators[index]]
            index += 1
        else:
            kept += [REMOVED, separators[end]]
            index = end + 1
    return "".join(kept)


def _digit_count(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


def _phone(match: re.Match[str]) -> str:
    """Decide a phone-shaped match by its shape: dates, IP addresses, years and ports stay."""
    text, shape = match.group(), match.lastgroup or ""
    digits = _digit_count(text)
    groups = re.findall(r"\d+", text)
    if _DATE.fullmatch(text) or _IP.fullmatch(text):
        return text  # "0099-01-01" starts like 0044 ...
    if shape.startswith("grouped") and (
        all(_YEAR.fullmatch(g) for g in groups)
        or _PORTS.search(match.string[max(0, match.start() - 12) : match.start()])
    ):
        return text  # "office 2016 2019 2021", "ports 80 443 3389"
    if digits < 7 or (digits > 15 and shape.startswith("grouped")):
        return text  # "ticket 1234 5678 9012 3456" (not a card: it fails the Luhn check)
    if shape.startswith(("international", "brackets", "trunk")):
        return REMOVED  # past 15 digits too: "020 7946 0958 0161 496 0000" is two numbers
    if shape.startswith("grouped") and (
        digits < 9 or (len(groups) == 2 and (digits < 10 or min(map(len, groups)) < 3))
    ):
        return text
    return REMOVED


def _phone_after_word(match: re.Match[str]) -> str:
    """Any grouping will do after "call me on", but not a date, an address or an error code."""
    number = match.group("number")
    digits = _digit_count(number)
    if not 7 <= digits <= 15 or _DATE.fullmatch(number) or _IP.fullmatch(number):
        return match.group()
    groups = re.findall(r"\d+", number)
    decimal = re.fullmatch(r"[\d.]+", number) and not re.fullmatch(r"\d{3}\.\d{4}", number)
    if decimal and (len(groups) == 2 or min(map(len, groups)) == 1):
        return match.group()  # a decimal or a version: "call 19045.3803"
    if re.fullmatch(r"8\d{7}", number):
        return match.group()  # an error code: "teams call fails with 80244019"
    return match.group("lead") + REMOVED


def _secret(match: re.Match[str]) -> str:
    """Everything told after "is", or the one word that follows "password" and looks secret."""
    if match.group("lead") is not None:
        return match.group("lead") + REMOVED
    bare = match.group("bare")
    if bare[0] in "\"'“‘":
        return match.group("bare_lead") + REMOVED
    word = bare.rstrip(".,;:!?)")
    if REMOVED in word or not _SECRET_SIGN.search(word) or _NOT_A_SECRET.fullmatch(word):
        return match.group()
    return match.group("bare_lead") + REMOVED + bare[len(word) :]


def _told(match: re.Match[str]) -> str:
    """Keep the words that lead to the secret, so the writers still see what was asked."""
    return match.group("lead") + REMOVED


def _secret_before(match: re.Match[str]) -> str:
    """ "Hunter22 is my password" keeps "is my password": the writers see a password came up."""
    return REMOVED + match.group("tail")


def _password_like(match: re.Match[str]) -> str:
    """A word mixing letters, digits and symbols that is not a path, address or file name."""
    word = match.group()
    core = word.lstrip(_WRAPPERS_BEFORE).rstrip(_WRAPPERS_AFTER)
    if (
        len(core) < 8
        or REMOVED in word
        or any(mark in core for mark in ("/", "\\", "://"))
        or ("?" in core and "=" in core)
        or re.fullmatch(r"[A-Za-z]+#\d+", core)
        or not re.search(r"[^\W\d_]", core)
        or not re.search(r"\d", core)
        or not _SYMBOL.search(core)
    ):
        return word
    start = word.index(core)
    return word[:start] + REMOVED + word[start + len(core) :]


def scrub(text: str) -> str:
    """Replace e-mail addresses, secrets, card and phone numbers, and password-like words."""
    text = _EMAIL.sub(REMOVED, text)
    text = _SPELLED_EMAIL.sub(REMOVED, text)
    text = _AT_ADDRESS.sub(REMOVED, text)
    text = _SECRET_SET.sub(_told, text)
    text = _SECRET.sub(_secret, text)
    text = _SECRET_BEFORE.sub(_secret_before, text)
    text = _DIGIT_RUN.sub(_card, text)
    text = _PHONE_AFTER_WORD.sub(_phone_after_word, text)
    text = _PHONE.sub(_phone, text)
    return _WORD.sub(_password_like, text)
