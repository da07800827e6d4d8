"""Prose rules: what each must flag and must not flag (tables in proselint's style)."""

from __future__ import annotations

from functools import cache

import pytest

from portal.writing.lint.engine import lint_markdown
from portal.writing.lint.findings import Finding
from portal.writing.lint.rules import Rule, StructureRule
from portal.writing.lint.settings import LintSettings, configured_rules


@cache
def all_rules() -> tuple[Rule, ...]:
    return tuple(configured_rules(LintSettings()))


def prose_rules() -> list[Rule]:
    return [rule for rule in all_rules() if not isinstance(rule, StructureRule)]


def lint(text: str) -> list[Finding]:
    return lint_markdown(text if text.endswith("\n") else text + "\n", prose_rules())


def rules_hit(text: str) -> set[str]:
    return {finding.rule for finding in lint(text)}


# --- every rule's own examples -------------------------------------------------------------

PROSE = [rule for rule in prose_rules() if rule.bad or rule.good]


@pytest.mark.parametrize("rule", PROSE, ids=[r.id for r in PROSE])
def test_rule_examples_behave_as_documented(rule: Rule) -> None:
    assert rule.bad and rule.good, "every rule needs bad and good examples for the writing guide"
    for bad in rule.bad:
        assert rule.id in rules_hit(bad), f"{rule.id} should flag: {bad}"
    for good in rule.good:
        assert rule.id not in rules_hit(good), f"{rule.id} should not flag: {good}"


# --- flagged / not flagged, per family --------------------------------------------------------

FLAGGED = [
    ("jargon", "If the laptop keeps rebooting, plug it in."),
    ("jargon", "Enter your SSID."),
    ("jargon", "Copy it to a flash drive."),
    ("jargon", "Paste the URL here."),
    ("jargon", "Ask us to escalate it."),
    ("jargon", "Open the context menu."),
    ("explain-terms", "Clear the cache and try again."),
    ("explain-terms", "Your MFA prompt did not arrive."),
    ("explain-terms", "The firewall blocks the app."),
    ("plain-words", "Utilise the search box."),
    ("plain-words", "Approximately ten minutes later, try again."),
    ("plain-words", "Close other apps, e.g. Teams."),
    ("condescension", "Simply restart your laptop."),
    ("condescension", "It's that simple."),
    ("condescension", "Clearly, the printer is out of paper."),
    ("just", "Just restart the app."),
    ("blame", "You failed to enter the code."),
    ("blame", "That is user error."),
    ("blame", "You should have saved it."),
    ("helpdesk-slang", "A classic PEBKAC."),
    ("helpdesk-slang", "It was a layer 8 problem."),
    ("passive-voice", "The laptop must be restarted."),
    ("passive-voice", "Your files will be deleted after 30 days."),
    ("passive-voice", "The printer is managed by the facilities team."),
    ("passive-voice", "The update was installed overnight."),
    ("passive-voice", "The screen should be turned off first."),
    ("all-caps", "Do NOT unplug it."),
    ("all-caps", "IMPORTANT: save first."),
    ("exclamation", "Done! Great! Well done."),
    ("link-text", "The steps are [here](guide.md)."),
    ("link-text", "[Click here](guide.md) to start."),
    ("link-text", "Read [more](guide.md)."),
    ("sentence-length", " ".join(["word"] * 26) + "."),
]

NOT_FLAGGED = [
    ("jargon", "Restart your laptop and sign in."),
    ("jargon", "Select **Log in**, then **Reboot now**."),  # the screen's words, in bold
    ("jargon", 'If it says "Authentication failed", check your password.'),  # quoted screen text
    ("jargon", "Type `reboot` in the box."),  # code is never checked
    ("jargon", "Open https://login.example.com/reboot to sign in."),  # addresses neither
    ("jargon", "Write to it-login@example.com if you need help."),
    ("jargon", "Open the Microsoft Authenticator app."),  # a product name, not "authenticate"
    ("jargon", "A patch of damp can damage the printer."),
    ("explain-terms", "The VPN is a private tunnel to the office network."),
    ("explain-terms", "Restart your router (the box from your internet provider)."),
    ("explain-terms", "Restart your router – the box from your internet provider."),
    ("explain-terms", "Restart the router, the box from your internet provider."),
    ("explain-terms", "It may download a driver. A driver is a small program."),
    ("explain-terms", "Restart your router. That is the box from your internet provider."),
    ("explain-terms", "A private tunnel to the office network (VPN) keeps you safe."),
    ("explain-terms", "A private tunnel called a VPN keeps you safe."),
    ("explain-terms", "See [connect to the VPN](connect-to-vpn.md)."),
    ("explain-terms", "*[DNS]: the internet's phonebook\n\nCheck the DNS settings."),
    ("plain-words", "Use the search box before the meeting."),
    ("plain-words", "A password is required."),
    ("condescension", "Choose a password that is easy to remember."),
    ("condescension", "Weak passwords make you an easy target."),
    ("condescension", "Label the box clearly."),
    ("condescension", "Criminals can easily guess a short password."),
    ("just", "Save it, just in case."),
    ("just", "The file is just over 20 MB."),
    ("blame", "Did you get a code you didn't ask for?"),
    ("blame", "If the code has not arrived, ask for a new one."),
    ("passive-voice", "Your laptop is connected to the Wi-Fi."),
    ("passive-voice", "Your account is locked."),
    ("passive-voice", "The file is read-only."),
    ("passive-voice", "The printer is turned off."),
    ("passive-voice", "Your files are backed up to OneDrive."),
    ("passive-voice", "The battery may be worn out."),
    ("passive-voice", "Your laptop must be connected to the internet."),
    ("passive-voice", "It is indeed red."),
    ("all-caps", "Plug the USB stick into the PC and type the PIN."),
    ("all-caps", 'The screen says "PRESS ANY KEY".'),
    ("all-caps", "Press `CTRL` and `ALT`."),
    ("exclamation", "You did it! The printer works again."),
    ("exclamation", "Type `!!` in the box."),
    ("link-text", "See [how to restart your computer](restart.md)."),
    ("link-text", "Stay here until it finishes."),
    ("sentence-length", " ".join(["word"] * 25) + "."),
    (
        "sentence-length",  # a linked label and its description read as two parts
        "- [Fix a printer that will not print, even after a restart](p.md): "
        + " ".join(["word"] * 20)
        + ".",
    ),
]


@pytest.mark.parametrize(("rule", "text"), FLAGGED, ids=[f"{r}:{t[:30]}" for r, t in FLAGGED])
def test_flagged(rule: str, text: str) -> None:
    assert rule in rules_hit(text)


@pytest.mark.parametrize(
    ("rule", "text"), NOT_FLAGGED, ids=[f"{r}:{t[:30]}" for r, t in NOT_FLAGGED]
)
def test_not_flagged(rule: str, text: str) -> None:
    assert rule not in rules_hit(text)


# --- positions, messages and suggestions --------------------------------------------------------


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
