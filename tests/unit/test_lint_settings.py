"""Project settings (.kblint.yml) and rule files: changes apply, mistakes are one sentence."""

from __future__ import annotations

from pathlib import Path

import pytest

from portal.writing.lint.engine import lint_markdown
from portal.writing.lint.rules import RULES_DIR, RuleError, load_rules, rule_from_data
from portal.writing.lint.settings import (
    SettingsError,
    configured_rules,
    find_settings,
    load_settings,
)
from tests.support.files import ROOT


def rules_from(tmp_path: Path, text: str) -> list:
    path = tmp_path / ".kblint.yml"
    path.write_text(text, encoding="utf-8")
    return configured_rules(load_settings(path))


def findings(rules: list, text: str) -> list[tuple[str, str]]:
    prose = [r for r in rules if r.family != "structure"]
    return [(f.rule, f.severity) for f in lint_markdown(text + "\n", prose)]


def test_the_projects_own_settings_file_loads() -> None:
    assert find_settings(ROOT / "content" / "printing") == ROOT / ".kblint.yml"
    settings = load_settings(ROOT / ".kblint.yml")
    assert len(configured_rules(settings)) == len(load_rules())


def test_turn_rules_and_families_off_or_change_their_level(tmp_path: Path) -> None:
    rules = rules_from(tmp_path, "rules:\n  just: off\n  jargon: warning\n  caps: error\n")
    assert {r.id for r in rules} >= {"jargon", "condescension"}
    assert "just" not in {r.id for r in rules}
    assert findings(rules, "Just reboot it NOW.") == [("jargon", "warning"), ("all-caps", "error")]


def test_graded_rules_take_one_level(tmp_path: Path) -> None:
    rules = rules_from(tmp_path, "rules:\n  sentence-length: error\n")
    assert findings(rules, " ".join(["word"] * 30) + ".") == [("sentence-length", "error")]


def test_acronyms_known_terms_and_extra_terms(tmp_path: Path) -> None:
    text = (
        "acronyms: [GP]\n"
        "known_terms: [router]\n"
        "jargon:\n  intranet: staff website\n"
        "explain:\n  Intune: Intune (the app that keeps work laptops up to date)\n"
    )
    rules = rules_from(tmp_path, text)
    assert findings(rules, "Ask your GP. Restart the router.") == []
    prose = [r for r in rules if r.family != "structure"]
    found = {
        (f.rule, f.suggestion) for f in lint_markdown("Open the intranet. Check Intune.\n", prose)
    }
    assert found == {
        ("jargon", "staff website"),
        ("explain-terms", "Intune (the app that keeps work laptops up to date)"),
    }


def test_a_folder_of_our_own_rules(tmp_path: Path) -> None:
    folder = tmp_path / "lint-rules"
    folder.mkdir()
    (folder / "brand.yml").write_text(
        "extends: substitution\nfamily: plain-words\nlevel: error\n"
        "description: Our name for the intranet.\nmessage: We call it the staff website.\n"
        "swap:\n  hub: staff website\n",
        encoding="utf-8",
    )
    rules = rules_from(tmp_path, "rule_folders: [lint-rules]\n")
    assert findings(rules, "Open the hub.") == [("brand", "error")]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("colour: blue\n", "`colour` is not a setting"),
        ("exlude: []\n", "(did you mean `exclude`?)"),
        ("rules:\n  jargon: loud\n", "the level of `jargon` must be error, warning or off"),
        (
            "rules:\n  jargn: off\n",
            "there is no rule or family called `jargn` (did you mean `jargon`?)",
        ),
        ("acronyms: GP\n", "`acronyms` must be a list"),
        ("rules: [\n", "is not valid YAML on line"),
        ("rule_folders: [missing]\n", "is not a folder of rule files"),
    ],
)
def test_settings_mistakes_are_one_sentence(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(SettingsError) as caught:
        rules_from(tmp_path, text)
    assert message in str(caught.value)
    assert str(caught.value).endswith(".")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"extends": "spelling"}, "`extends` must be one of existence, substitution"),
        ({"extends": "existence", "family": "x", "message": "m"}, "`description` is missing"),
        (
            {
                "extends": "existence",
                "family": "x",
                "message": "m",
                "description": "d",
                "tokens": ["(unclosed"],
            },
            "the pattern '(unclosed' is not valid",
        ),
        (
            {
                "extends": "existence",
                "family": "x",
                "message": "m",
                "description": "d",
                "tokens": ["a"],
                "swap": {"a": "b"},
            },
            "`swap` is not a field of a existence rule",
        ),
        (
            {
                "extends": "occurrence",
                "family": "x",
                "message": "m",
                "description": "d",
                "per": "page",
            },
            "`per` must be one of sentence, paragraph, guide",
        ),
        (
            {
                "extends": "existence",
                "family": "x",
                "message": "m",
                "description": "d",
                "tokens": ["a"],
                "level": "fatal",
            },
            "`level` must be error or warning",
        ),
    ],
)
def test_rule_file_mistakes_are_one_sentence(data: dict, message: str) -> None:
    with pytest.raises(RuleError) as caught:
        rule_from_data("x", data, Path("rules/x.yml"))
    assert message in str(caught.value)
    assert str(caught.value).startswith("rules/x.yml")


def test_every_built_in_rule_is_documented_and_has_examples() -> None:
    rules = load_rules()
    assert {p.stem for p in RULES_DIR.glob("*.yml")} == {r.id for r in rules}
    for rule in rules:
        assert rule.description and rule.bad and rule.good, rule.id


def test_jargon_has_at_least_sixty_it_terms() -> None:
    jargon = [r for r in load_rules() if r.family == "jargon"]
    terms = [term for rule in jargon for term in rule.terms]  # type: ignore[attr-defined]
    assert len(terms) >= 60
    assert all(term.replacement.strip() for term in terms)


def test_every_capitalised_jargon_term_is_a_known_acronym() -> None:
    """So the all-caps rule never scolds a term the jargon rules already explain."""
    rules = {r.id: r for r in load_rules()}
    acronyms = set(rules["all-caps"].lists["acronyms"])
    for rule_id in ("jargon", "explain-terms"):
        for term in rules[rule_id].terms:  # type: ignore[attr-defined]
            for word in term.key.replace("(", " ").replace(")", " ").replace("|", " ").split():
                letters = word.rstrip("s?")
                if len(letters) > 1 and letters.isupper() and letters.isalpha():
                    assert letters in acronyms, (rule_id, term.key)
