"""The project's linter settings: `.kblint.yml` at the repository root.

Teams differ: one has readers who all know "Wi-Fi calling", another calls its VPN "the
tunnel". The settings file turns rules off or changes how serious they are, adds acronyms
and jargon, lists terms readers already know, skips files, and adds folders of rule files.
"""

from __future__ import annotations

import copy
import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from portal.errors import PlainhelpError
from portal.words import yaml_sentence
from portal.writing.lint.rules import RULES_DIR, Adjust, Rule, RuleError, load_rules, with_level

SETTINGS_NAME = ".kblint.yml"
LEVELS = ("error", "warning", "off")
_KEYS = ("rules", "acronyms", "known_terms", "jargon", "explain", "exclude", "rule_folders")
# The rule each friendly key extends.
JARGON_RULE = "jargon"
EXPLAIN_RULE = "explain-terms"


class SettingsError(PlainhelpError, ValueError):
    """A settings file that cannot be used, explained in one sentence."""


@dataclass(frozen=True)
class LintSettings:
    """What `.kblint.yml` says; the defaults mean "every rule as written"."""

    path: Path | None = None
    levels: Mapping[str, str] = field(default_factory=dict)  # rule id or family -> level
    acronyms: tuple[str, ...] = ()
    known_terms: tuple[str, ...] = ()
    jargon: Mapping[str, str] = field(default_factory=dict)
    explain: Mapping[str, str] = field(default_factory=dict)
    exclude: tuple[str, ...] = ()
    rule_folders: tuple[Path, ...] = ()


def find_settings(start: Path) -> Path | None:
    """The nearest `.kblint.yml` in start or a folder above it."""
    here = start.resolve()
    for folder in (here, *here.parents):
        candidate = folder / SETTINGS_NAME
        if candidate.is_file():
            return candidate
    return None


def _text_list(data: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = data.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
        raise SettingsError(f"{where}: `{key}` must be a list, one item per line starting `- `.")
    return tuple(str(v) for v in value)


def _text_map(data: dict[str, Any], key: str, where: str) -> dict[str, str]:
    value = data.get(key) or {}
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise SettingsError(f"{where}: `{key}` must be `term: plain words` lines.")
    return {str(k): v for k, v in value.items()}


def load_settings(path: Path | None) -> LintSettings:
    """Read and check a settings file; no file means the defaults."""
    if path is None:
        return LintSettings()
    where = path.as_posix()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise SettingsError(yaml_sentence(where, error)) from None
    data = data or {}
    if not isinstance(data, dict):
        raise SettingsError(f"{where}: settings must be `key: value` lines.")
    for key in data:
        if key not in _KEYS:
            close = difflib.get_close_matches(str(key), _KEYS, n=1)
            hint = f" (did you mean `{close[0]}`?)" if close else ""
            raise SettingsError(f"{where}: `{key}` is not a setting{hint}.")
    levels = data.get("rules") or {}
    if not isinstance(levels, dict):
        raise SettingsError(f"{where}: `rules` must be `rule: error|warning|off` lines.")
    clean_levels: dict[str, str] = {}
    for name, level in levels.items():
        level = "off" if level is False else str(level).lower()
        if level not in LEVELS:
            raise SettingsError(f"{where}: the level of `{name}` must be error, warning or off.")
        clean_levels[str(name)] = level
    folders = tuple(
        (path.parent / folder).resolve() for folder in _text_list(data, "rule_folders", where)
    )
    return LintSettings(
        path=path,
        levels=clean_levels,
        acronyms=_text_list(data, "acronyms", where),
        known_terms=_text_list(data, "known_terms", where),
        jargon=_text_map(data, "jargon", where),
        explain=_text_map(data, "explain", where),
        exclude=_text_list(data, "exclude", where),
        rule_folders=folders,
    )


def _adjuster(settings: LintSettings) -> Adjust:
    """Add the project's acronyms and terms to the rules' YAML before it is compiled."""

    def adjust(rule_id: str, data: dict[str, Any]) -> dict[str, Any]:
        data = copy.deepcopy(data)
        lists = data.get("lists")
        if settings.acronyms and isinstance(lists, dict) and "acronyms" in lists:
            lists["acronyms"] = [*lists["acronyms"], *map(re.escape, settings.acronyms)]
        if rule_id == JARGON_RULE and settings.jargon:
            data["swap"] = {**(data.get("swap") or {}), **settings.jargon}
        if rule_id == EXPLAIN_RULE and settings.explain:
            data["terms"] = {**(data.get("terms") or {}), **settings.explain}
        if data.get("family") == "jargon" and settings.known_terms:
            known = [re.escape(term) for term in settings.known_terms]
            data["exceptions"] = [*(data.get("exceptions") or []), *known]
        return data

    return adjust


def configured_rules(settings: LintSettings) -> list[Rule]:
    """The built-in rules plus the project's folders, with the project's changes applied."""
    try:
        rules = load_rules((RULES_DIR, *settings.rule_folders), adjust=_adjuster(settings))
    except RuleError as error:
        raise SettingsError(str(error)) from None
    known = {rule.id for rule in rules} | {rule.family for rule in rules}
    for name in settings.levels:
        if name not in known:
            close = difflib.get_close_matches(name, sorted(known), n=1)
            hint = f" (did you mean `{close[0]}`?)" if close else ""
            where = settings.path.as_posix() if settings.path else SETTINGS_NAME
            raise SettingsError(f"{where}: there is no rule or family called `{name}`{hint}.")
    configured = []
    for rule in rules:
        level = settings.levels.get(rule.id, settings.levels.get(rule.family))
        if level == "off":
            continue
        configured.append(with_level(rule, level) if level else rule)  # type: ignore[arg-type]
    return configured
