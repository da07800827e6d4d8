"""Rules as data: load the YAML rule files writers can read and extend.

Each file in `portal/writing/lint/rules/` is one rule, in the spirit of Vale's rule types:
`existence` (these words should not appear), `substitution` (say this instead of that),
`conditional` (explain this term on first use), `occurrence` (at most N per sentence,
paragraph or guide), `readability` (a grade for the whole guide) and `structure` (checks
of the guide's shape, written in Python and described here so they are documented too).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from portal.errors import PlainhelpError
from portal.words import yaml_sentence
from portal.writing.lint.findings import SEVERITIES, Severity

RULES_DIR = Path(__file__).with_name("rules")
RULE_TYPES = ("existence", "substitution", "conditional", "occurrence", "readability", "structure")
# Kinds of reader-visible text a prose rule can look at (see portal.guides.markdown_text.Segment).
SCOPES = frozenset(
    {
        "heading",
        "paragraph",
        "item",
        "cell",
        "quote",
        "admonition-title",
        "tab-label",
        "description",
        "link",
    }
)
DEFAULT_SCOPE = frozenset(SCOPES - {"tab-label", "link"})
# Which pages a rule looks at: every page; guides (not index pages; lessons and troubleshooters
# included); how-to guides only (not a course's pages or a troubleshooter, which follow their own
# outline); lessons; courses; troubleshooters.
PAGES = ("all", "guides", "how-to", "lessons", "courses", "troubleshooters")
IGNORABLE = frozenset({"quotes", "bold", "names"})
PER = ("sentence", "paragraph", "guide")
_COMMON = {
    "extends",
    "family",
    "level",
    "message",
    "description",
    "suggest",
    "suggest_if",
    "priority",
    "scope",
    "ignore",
    "pages",
    "examples",
    "lists",
}
_FIELDS = {
    "existence": {"tokens", "exceptions", "nonword"},
    "substitution": {"swap", "exceptions", "nonword"},
    "conditional": {"terms", "exceptions", "per_match"},
    "occurrence": {"per", "count", "warning_above", "error_above", "exceptions"},
    "readability": {"metric", "min_words", "warning_above", "error_above"},
    "structure": {"check", "options"},
}
_LIST_NAME = re.compile(r"\{([a-z_]+)\}")
Prefilter = tuple[re.Pattern[str], ...]
# What to fix first, by number, for reports that sort findings (1 first). A rule file may
# say `priority:`; otherwise an error is 1 and a warning 2, and readers' polish rules say 3.
PRIORITIES = {
    1: "harms readers or breaks the site",
    2: "makes the guide harder to use",
    3: "polish",
}


class RuleError(PlainhelpError, ValueError):
    """A rule file that cannot be used, explained in one sentence."""


@dataclass(frozen=True)
class Term:
    """One pattern of a substitution or conditional rule and what to offer instead."""

    key: str  # the pattern as the writer wrote it
    pattern: re.Pattern[str]
    replacement: str


@dataclass(frozen=True)
class Rule:
    """Fields every rule has; the subclasses add what their type needs."""

    id: str
    type: str
    family: str
    level: Severity
    message: str
    description: str
    source: Path
    suggest: str | None = None
    scope: frozenset[str] = DEFAULT_SCOPE
    ignore: frozenset[str] = frozenset({"quotes", "bold"})
    # all | guides (index pages list guides; they are not one) | how-to (guides that are not a
    # course's pages or troubleshooters) | lessons | courses (a course's index.md) |
    # troubleshooters: see PAGES
    pages: str = "all"
    bad: tuple[str, ...] = ()
    good: tuple[str, ...] = ()
    lists: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    exceptions: tuple[re.Pattern[str], ...] = ()
    # Another suggestion where a pattern matches the found text exactly (lookbehind and
    # lookahead see the text around it): "MAPI" alone may be an acronym, so never "mapi".
    suggest_if: tuple[tuple[re.Pattern[str], str], ...] = ()
    # What to fix first: 1 (harms readers or breaks the site) to 3 (polish); see PRIORITIES.
    priority: int = 2
    # Every pattern of the rule at once: text none of them matches needs no closer look.
    prefilter: Prefilter = ()


@dataclass(frozen=True)
class ExistenceRule(Rule):
    tokens: tuple[re.Pattern[str], ...] = ()


@dataclass(frozen=True)
class SubstitutionRule(Rule):
    terms: tuple[Term, ...] = ()


@dataclass(frozen=True)
class ConditionalRule(Rule):
    terms: tuple[Term, ...] = ()  # replacement: a short explanation to offer
    # Each different word a term matches needs its own explanation (a pattern for any
    # unknown abbreviation: OST and UNC are two terms), not only the term's first match.
    per_match: bool = False


@dataclass(frozen=True)
class OccurrenceRule(Rule):
    per: str = "sentence"
    count: str = "words"  # "words" or a pattern
    counter: re.Pattern[str] | None = None
    warning_above: float | None = None
    error_above: float | None = None


@dataclass(frozen=True)
class ReadabilityRule(Rule):
    min_words: int = 100
    warning_above: float | None = None
    error_above: float | None = None


@dataclass(frozen=True)
class StructureRule(Rule):
    check: str = ""
    options: Mapping[str, Any] = field(default_factory=dict)


def case_sensitive(pattern: str) -> bool:
    """Smart case: a pattern with a capital letter (outside escapes) matches case exactly."""
    return any(char.isupper() for char in re.sub(r"\\.", "", pattern))


def expand_lists(pattern: str, lists: Mapping[str, Iterable[str]]) -> str:
    """Replace `{name}` with an alternation of the rule's list `name`."""

    def expand(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in lists:
            return match.group(0)
        words = sorted(lists[name], key=len, reverse=True)  # longest first: "log in" before "log"
        return "(?:" + "|".join(words) + ")"

    return _LIST_NAME.sub(expand, pattern)


def compile_pattern(
    pattern: str, lists: Mapping[str, Iterable[str]], nonword: bool, where: str
) -> re.Pattern[str]:
    """A rule pattern, matched as whole words unless the rule says `nonword: true`."""
    expanded = expand_lists(pattern, lists)
    if not nonword:
        expanded = rf"(?<![\w-])(?:{expanded})(?![\w-])"
    flags = 0 if case_sensitive(pattern) else re.IGNORECASE
    try:
        return re.compile(expanded, flags)
    except re.error as error:
        raise RuleError(f"{where}: the pattern {pattern!r} is not valid ({error}).") from None


def _union(patterns: Iterable[str], lists: Mapping[str, Iterable[str]], nonword: bool) -> Prefilter:
    """Patterns that match wherever any of the rule's patterns does: two alternations (any
    case, exact case) are ten times faster than trying each pattern on every piece of text."""
    groups: dict[bool, list[str]] = {True: [], False: []}
    for pattern in patterns:
        groups[case_sensitive(pattern)].append(expand_lists(pattern, lists))
    compiled = []
    for exact, parts in groups.items():
        if not parts:
            continue
        joined = "|".join(f"(?:{part})" for part in parts)
        if not nonword:
            joined = rf"(?<![\w-])(?:{joined})(?![\w-])"
        compiled.append(re.compile(joined, 0 if exact else re.IGNORECASE))
    return tuple(compiled)


def _strings(value: Any, where: str, name: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(item, str | int | float) for item in value):
        return tuple(str(item) for item in value)
    raise RuleError(f"{where}: `{name}` must be a list of text.")


def _mapping(value: Any, where: str, name: str) -> dict[str, str]:
    if not isinstance(value, dict) or not value:
        raise RuleError(f"{where}: `{name}` must be a list of `pattern: replacement` lines.")
    return {str(key): "" if item is None else str(item) for key, item in value.items()}


def _number(data: dict[str, Any], name: str, where: str) -> float | None:
    value = data.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise RuleError(f"{where}: `{name}` must be a number.")
    return float(value)


def rule_from_data(rule_id: str, data: Any, source: Path) -> Rule:
    """Validate one rule's YAML and compile its patterns; every mistake is one sentence."""
    where = source.as_posix()
    if not isinstance(data, dict):
        raise RuleError(f"{where}: a rule file must be `key: value` lines.")
    kind = data.get("extends")
    if kind not in RULE_TYPES:
        raise RuleError(f"{where}: `extends` must be one of {', '.join(RULE_TYPES)}.")
    unknown = sorted(set(data) - _COMMON - _FIELDS[kind])
    if unknown:
        raise RuleError(f"{where}: `{unknown[0]}` is not a field of a {kind} rule.")
    for required in ("family", "message", "description"):
        if not isinstance(data.get(required), str) or not data[required].strip():
            raise RuleError(f"{where}: `{required}` is missing.")
    level = data.get("level", "warning")
    if level not in SEVERITIES:
        raise RuleError(f"{where}: `level` must be error or warning.")
    scope = frozenset(_strings(data.get("scope"), where, "scope")) or DEFAULT_SCOPE
    if scope - SCOPES:
        raise RuleError(f"{where}: `scope` may only name {', '.join(sorted(SCOPES))}.")
    ignore = frozenset(_strings(data.get("ignore", ["quotes", "bold"]), where, "ignore"))
    if ignore - IGNORABLE:
        raise RuleError(f"{where}: `ignore` may only name quotes, bold and names.")
    pages = data.get("pages", "all")
    if pages not in PAGES:
        raise RuleError(f"{where}: `pages` must be one of {', '.join(PAGES)}.")
    examples = data.get("examples") or {}
    if not isinstance(examples, dict):
        raise RuleError(f"{where}: `examples` must have `bad` and `good` lists.")
    raw_lists = data.get("lists") or {}
    if not isinstance(raw_lists, dict):
        raise RuleError(f"{where}: `lists` must map a name to a list of words.")
    lists = {str(k): _strings(v, where, f"lists.{k}") for k, v in raw_lists.items()}
    suggest = data.get("suggest")
    if suggest is not None and not isinstance(suggest, str):
        raise RuleError(f"{where}: `suggest` must be a line of text.")
    nonword = bool(data.get("nonword", False))
    priority = data.get("priority", 1 if level == "error" else 2)
    if priority not in PRIORITIES or isinstance(priority, bool):
        raise RuleError(f"{where}: `priority` must be 1, 2 or 3 (1 is fixed first).")
    raw_suggest_if = data.get("suggest_if") or {}
    if not isinstance(raw_suggest_if, dict):
        raise RuleError(f"{where}: `suggest_if` must be `pattern: suggestion` lines.")
    suggest_if = tuple(
        (compile_pattern(str(key), lists, True, where), str(value))
        for key, value in raw_suggest_if.items()
    )
    exceptions = tuple(
        compile_pattern(p, lists, nonword, where)
        for p in _strings(data.get("exceptions"), where, "exceptions")
    )
    common: dict[str, Any] = {
        "id": rule_id,
        "type": kind,
        "family": data["family"].strip(),
        "level": level,
        "message": " ".join(data["message"].split()),
        "description": " ".join(data["description"].split()),
        "source": source,
        "suggest": suggest,
        "scope": scope,
        "ignore": ignore,
        "pages": pages,
        "bad": _strings(examples.get("bad"), where, "examples.bad"),
        "good": _strings(examples.get("good"), where, "examples.good"),
        "lists": lists,
        "exceptions": exceptions,
        "suggest_if": suggest_if,
        "priority": priority,
    }
    if kind == "existence":
        tokens = _strings(data.get("tokens"), where, "tokens")
        if not tokens:
            raise RuleError(f"{where}: an existence rule needs `tokens`.")
        compiled = tuple(compile_pattern(t, lists, nonword, where) for t in tokens)
        prefilter = _union(tokens, lists, nonword)
        return ExistenceRule(**common, tokens=compiled, prefilter=prefilter)
    if kind in ("substitution", "conditional"):
        name = "swap" if kind == "substitution" else "terms"
        pairs = _mapping(data.get(name), where, name)
        terms = tuple(
            Term(key, compile_pattern(key, lists, nonword, where), value)
            for key, value in pairs.items()
        )
        prefilter = _union(pairs, lists, nonword)
        if kind == "substitution":
            return SubstitutionRule(**common, terms=terms, prefilter=prefilter)
        per_match = bool(data.get("per_match", False))
        return ConditionalRule(**common, terms=terms, prefilter=prefilter, per_match=per_match)
    if kind == "occurrence":
        per = data.get("per", "sentence")
        if per not in PER:
            raise RuleError(f"{where}: `per` must be one of {', '.join(PER)}.")
        count = str(data.get("count", "words"))
        counter = None if count == "words" else compile_pattern(count, lists, True, where)
        return OccurrenceRule(
            **common,
            per=per,
            count=count,
            counter=counter,
            warning_above=_number(data, "warning_above", where),
            error_above=_number(data, "error_above", where),
        )
    if kind == "readability":
        if data.get("metric", "flesch-kincaid") != "flesch-kincaid":
            raise RuleError(f"{where}: the only `metric` is flesch-kincaid.")
        return ReadabilityRule(
            **common,
            min_words=int(data.get("min_words", 100)),
            warning_above=_number(data, "warning_above", where),
            error_above=_number(data, "error_above", where),
        )
    check = data.get("check")
    if not isinstance(check, str) or not check:
        raise RuleError(f"{where}: a structure rule needs `check`.")
    options = data.get("options") or {}
    if not isinstance(options, dict):
        raise RuleError(f"{where}: `options` must be `key: value` lines.")
    return StructureRule(**common, check=check, options=options)


def read_rule_file(path: Path) -> Any:
    """A rule file's YAML, or one sentence saying where it is broken."""
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise RuleError(yaml_sentence(path.as_posix(), error)) from None


Adjust = Callable[[str, dict[str, Any]], dict[str, Any]]
# A list borrowed from another rule, so one word list serves two rules: `acronyms: from all-caps`.
_BORROWED = re.compile(r"^from ([\w-]+)$")


def _borrow_lists(found: Mapping[str, tuple[Any, Path]]) -> None:
    """Replace each `name: from other-rule` list with other-rule's list of that name."""
    for data, path in found.values():
        lists = data.get("lists") if isinstance(data, dict) else None
        if not isinstance(lists, dict):
            continue
        for name, value in lists.items():
            match = _BORROWED.match(value) if isinstance(value, str) else None
            if match is None:
                continue
            other = found.get(match.group(1), (None, path))[0]
            source = other.get("lists", {}).get(name) if isinstance(other, dict) else None
            if not isinstance(source, list):
                raise RuleError(
                    f"{path.as_posix()}: `lists.{name}` borrows from {match.group(1)}, "
                    f"which has no list called {name}."
                )
            lists[name] = list(source)


def load_rules(folders: Iterable[Path] = (RULES_DIR,), adjust: Adjust | None = None) -> list[Rule]:
    """Every rule of the folders, in file name order; a later folder's rule replaces one.

    `adjust` may change a rule's YAML before it is compiled (the project's settings add
    acronyms and terms that way).
    """
    found: dict[str, tuple[Any, Path]] = {}
    for folder in folders:
        if not folder.is_dir():
            raise RuleError(f"{folder.as_posix()} is not a folder of rule files.")
        for path in sorted(folder.glob("*.yml")):
            found[path.stem] = (read_rule_file(path), path)
    _borrow_lists(found)
    rules = []
    for rule_id, (data, path) in found.items():
        if adjust is not None and isinstance(data, dict):
            data = adjust(rule_id, data)
        rules.append(rule_from_data(rule_id, data, path))
    return rules


def priorities(rules: Iterable[Rule]) -> dict[str, int]:
    """Each rule's priority by id (1 is fixed first), for reports that sort findings."""
    return {rule.id: rule.priority for rule in rules}


def with_level(rule: Rule, level: Severity) -> Rule:
    """The rule at another severity (for graded rules: every finding at that severity)."""
    if isinstance(rule, OccurrenceRule | ReadabilityRule):
        limit = min(x for x in (rule.warning_above, rule.error_above) if x is not None)
        if level == "error":
            return replace(rule, level=level, warning_above=None, error_above=limit)
        return replace(rule, level=level, warning_above=limit, error_above=None)
    return replace(rule, level=level)
