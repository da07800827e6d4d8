"""Prose rules: what each must flag and must not flag, by its own examples and by tables per
family (in proselint's style). Where and how they say it is in test_lint_findings.py."""

from __future__ import annotations

import pytest

from portal.writing.lint.rules import Rule
from tests.support.lint import prose_rules, rules_hit

# Every rule's own bad and good examples, the ones the writing guide shows.
PROSE = [rule for rule in prose_rules() if rule.bad or rule.good]


@pytest.mark.parametrize("rule", PROSE, ids=[r.id for r in PROSE])
def test_rule_examples_behave_as_documented(rule: Rule) -> None:
    assert rule.bad and rule.good, "every rule needs bad and good examples for the writing guide"
    for bad in rule.bad:
        assert rule.id in rules_hit(bad), f"{rule.id} should flag: {bad}"
    for good in rule.good:
        assert rule.id not in rules_hit(good), f"{rule.id} should not flag: {good}"


# Flagged and not flagged, per family.
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
