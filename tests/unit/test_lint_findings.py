"""What the prose rules' findings say: the line and column of the word, kind messages with an
alternative, and when a rule speaks (first use, once per guide, never in code)."""

from __future__ import annotations

from portal.writing.lint.engine import lint_markdown
from tests.support.lint import lint, prose_rules, rules_hit


def test_columns_point_at_the_word() -> None:
    text = "# Title\n\nFirst, simply **save**, then reboot the PC.\n"
    found = {f.rule: (f.line, f.column) for f in lint(text)}
    assert found["condescension"] == (3, 8)
    assert found["jargon"] == (3, 30)
    line = text.splitlines()[2]
    assert line[7:13] == "simply" and line[29:35] == "reboot"


def test_columns_inside_tabs_tables_and_admonitions() -> None:
    text = (
        '=== "Windows"\n'
        "\n"
        "    1. Open the app.\n"
        "    2. Reboot the laptop.\n"
        "\n"
        "| If | Then |\n"
        "| --- | --- |\n"
        "| It hangs | Simply wait |\n"
        "\n"
        '!!! note "Note"\n'
        "\n"
        "    Do NOT unplug it.\n"
    )
    found = {f.rule: (f.line, f.column) for f in lint(text)}
    assert found["jargon"] == (4, 8)
    assert found["condescension"] == (8, 14)
    assert found["all-caps"] == (12, 8)


def test_messages_are_kind_and_offer_an_alternative() -> None:
    (finding,) = [f for f in lint("Reboot the laptop.") if f.rule == "jargon"]
    assert finding.severity == "error"
    assert finding.message == "“Reboot” is IT jargon that many readers won’t know."
    assert finding.suggestion == "Restart"  # the capital follows the word it replaces
    assert str(finding) == (
        "<text>:1:1: error jargon: “Reboot” is IT jargon that many readers won’t know. "
        "(try: Restart)"
    )


def test_explain_terms_only_speaks_at_the_first_use() -> None:
    text = "Connect to the VPN.\n\nThe VPN is a private tunnel.\n\nUse the VPN daily.\n"
    found = [f for f in lint(text) if f.rule == "explain-terms"]
    assert [(f.line, f.column) for f in found] == [(1, 16)]
    assert found[0].suggestion == "VPN (a private tunnel to the office network)"


def test_explain_terms_ignores_headings_when_the_body_explains() -> None:
    text = "# Connect to the VPN\n\nThe VPN is a private tunnel to the office network.\n"
    assert "explain-terms" not in rules_hit(text)


def test_explain_terms_skips_index_pages() -> None:
    findings = lint_markdown("Wi-Fi, internet and VPN\n", prose_rules(), is_guide=False)
    assert "explain-terms" not in {f.rule for f in findings}


def test_exclamation_is_reported_once_at_the_first_one_too_many() -> None:
    found = [f for f in lint("Yes! Good!\n\nGreat!\n") if f.rule == "exclamation"]
    assert [(f.line, f.column, f.message) for f in found] == [
        (1, 10, "This guide has 3 exclamation marks; calm text reassures a worried reader.")
    ]


def test_sentence_length_grades_warning_and_error() -> None:
    long = " ".join(["word"] * 30) + "."
    very_long = " ".join(["word"] * 40) + "."
    levels = {f.severity for f in lint(long) if f.rule == "sentence-length"}
    assert levels == {"warning"}
    (error,) = [f for f in lint(very_long) if f.rule == "sentence-length"]
    assert error.severity == "error"
    assert error.message.startswith("This sentence has 40 words; aim for 35 or fewer")


def test_paragraph_length() -> None:
    paragraph = " ".join(["Restart the laptop now."] * 20)  # 80 words
    (found,) = [f for f in lint(paragraph) if f.rule == "paragraph-length"]
    assert found.severity == "warning"
    assert "80 words" in found.message


def test_readability_needs_100_words_and_grades_the_guide() -> None:
    hard = (
        "Organisational authentication infrastructure necessitates periodic credential "
        "modification, consequently administrators configure expiration policies. "
    )
    short = lint(hard)
    assert "readability" not in {f.rule for f in short}
    long = lint("# Title\n\n" + hard * 9)
    (grade,) = [f for f in long if f.rule == "readability"]
    assert grade.severity == "error"
    assert (grade.line, grade.column) == (1, 3)
    assert "Flesch-Kincaid" in grade.message
    plain = lint("# Title\n\n" + "Turn it off. Wait ten seconds. Turn it on again. " * 12)
    assert "readability" not in {f.rule for f in plain}


def test_nothing_in_code_blocks_is_ever_flagged() -> None:
    text = (
        "```\nSimply reboot the SERVER via the URL!!! Click here.\n```\n\n"
        "    Simply reboot the SERVER, obviously!!!\n"
    )
    assert lint(text) == []
