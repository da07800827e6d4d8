"""Prose rules: what each must flag and must not flag, by its own examples and by tables per
family (in proselint's style). Where and how they say it is in test_lint_findings.py."""

from __future__ import annotations

import pytest

from portal.writing.lint.rules import Rule
from tests.support.lint import lint, prose_rules, rules_hit

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
    ("jargon", "Your credentials are saved in Credential Manager."),  # the word outside the name
    ("jargon", "Reboot Windows and try again."),  # a sentence's first word starts no name
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
    ("blame", "You failed to follow the steps."),
    ("blame", "Staff who failed to restart lost their work."),
    ("blame", "People who fail to update their laptop lose access."),
    ("blame", "If you had read the guide properly, this would not happen."),
    ("blame", "If only you had checked it carefully, the file would be safe."),
    ("blame", "Had you followed the instructions, it would work."),
    ("blame", "If you had read the message, you would know."),
    ("blame", "The service desk will not help users who have not done this first."),
    ("blame", "We won't help anyone who hasn't restarted first."),
    ("blame", "IT cannot support staff who didn't install the update."),
    ("blame", "You forgot to plug it in."),
    ("blame", "You ought to have saved it."),
    # Reproach in its many wordings: fault words, "told you" markers, weariness, rhetorical
    # questions, counterfactuals about the reader's past, help withheld or delayed.
    ("blame", "Staff who lose their badge have only themselves to blame."),
    ("blame", "The printer jammed again, and that is entirely their fault."),
    ("blame", "Some colleagues never bother to lock their screens."),
    ("blame", "If you had bothered to restart, it would work."),
    ("blame", "We are getting tired of unlocking the same accounts."),
    ("blame", "As we have explained several times, the guest Wi-Fi is separate."),
    ("blame", "We have reminded everyone three times about the update."),
    ("blame", "Even though IT warned about this, the files were lost."),
    ("blame", "Why haven't you installed the update yet?"),
    ("blame", "Had you saved a copy, the report would not be lost."),
    ("blame", "No one would need a new password if they wrote the old one down."),
    ("blame", "Everyone should understand how to forward an email by now."),
    ("blame", "We reject tickets from users who have not attached a screenshot."),
    ("blame", "Late requests are put to the back of the queue."),
    ("blame", "Please don't be surprised when the laptop is wiped."),
    ("helpdesk-slang", "A classic PEBKAC."),
    ("helpdesk-slang", "It was a layer 8 problem."),
    ("passive-voice", "The laptop must be restarted."),
    ("passive-voice", "Your files will be deleted after 30 days."),
    ("passive-voice", "The printer is managed by the facilities team."),
    ("passive-voice", "The update was installed overnight."),
    ("passive-voice", "The screen should be turned off first."),
    ("passive-voice", "Your laptop should be locked every time you walk away."),
    ("passive-voice", "The docking station must be connected before you turn on the screens."),
    ("abbreviations", "Copy the path from the ZRT box."),
    ("abbreviations", "Open the settings via XKCD."),
    ("exclamation-alarm", "Never share your password!"),
    ("exclamation-alarm", "WAIT! The update is still running."),
    ("plain-words", "The app will terminate the session."),
    ("jargon", "Outlook asks you to re-authenticate."),
    ("jargon", "Install the Teams client from Software Center."),
    ("link-text", "Open [https://example.com/form](https://example.com/form)."),
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
    # "Just" meaning a moment ago is about time, not about how hard a step is.
    ("just", "Your new badge has just been printed."),
    ("just", "The printers just moved to the second floor."),
    ("just", "If you've just reset your password, wait a minute."),
    # Neutral wordings near the reproach patterns.
    ("blame", "Why don't you try the steps below?"),
    ("blame", "Sorry to bother you with another update."),
    ("blame", "We told you about the new Wi-Fi in the welcome email."),
    ("blame", "As we said in step 2, keep the laptop plugged in."),
    ("blame", "If you had Outlook open, you would have to close it first."),
    ("blame", "Your request goes to the service desk queue."),
    ("blame", "Nobody needs to book the room if it is free."),
    ("blame", "Did you get a code you didn't ask for?"),
    ("blame", "If the code has not arrived, ask for a new one."),
    # Saying what happened, in a neutral condition, is not blame.
    ("blame", "If you forgot it, reset it."),
    ("blame", "If you forgot your password, reset it on the sign-in page."),
    ("blame", "In case you forgot to save, look in Recent files."),
    ("blame", "If you deleted it by mistake, look in the Recycle Bin."),
    ("blame", "If you made a mistake in the form, start again."),
    ("blame", "If the update failed to install, restart your laptop."),
    ("blame", "If you had Outlook open, save your work first."),
    ("blame", "If you'd like to set it up correctly, read on."),
    ("blame", "The service desk can't help with personal phones."),
    ("blame", "The service desk can help people who don't have an account yet."),
    ("blame", "We are glad to help anyone who has not done this before."),
    ("jargon", "Open Credential Manager."),  # an app's name, not jargon
    ("jargon", "Open Credential Manager and select Windows Credentials."),
    ("plain-words", "Open Software Center and find the app."),
    ("plain-words", "Open the Print Assistant app."),
    ("plain-words", "Plug it into the VIA port."),  # capitals: an acronym, not the word "via"
    ("passive-voice", "Your laptop is connected to the Wi-Fi."),
    ("passive-voice", "Your account is locked."),
    ("passive-voice", "The file is read-only."),
    ("passive-voice", "The printer is turned off."),
    ("passive-voice", "Your files are backed up to OneDrive."),
    ("passive-voice", "The battery may be worn out."),
    ("passive-voice", "Your laptop must be connected to the internet."),
    ("passive-voice", "It is indeed red."),
    ("passive-voice", "If your phone is lost, tell us the same day."),
    ("passive-voice", "In case you are asked for a code, check your phone."),
    ("passive-voice", "Please don't be worried about the message."),
    ("passive-voice", "You need to be signed in before you open the app."),
    ("abbreviations", "Plug the USB stick into the PC and type the PIN."),
    ("abbreviations", "Do NOT turn it off, and WAIT."),
    ("abbreviations", "Delete the OST file (Outlook's offline copy of your email)."),
    ("all-caps", "Delete the OST file."),  # an abbreviation to explain, not shouting
    ("exclamation-alarm", "Wait until it says **Done!**"),
    ("exclamation-alarm", "Your laptop won't stop restarting!"),  # not a warning or an order
    ("jargon", "Our client is pleased with the new laptops."),  # a customer, not an app
    ("all-caps", "Plug the USB stick into the PC and type the PIN."),
    ("all-caps", 'The screen says "PRESS ANY KEY".'),
    ("all-caps", "Press `CTRL` and `ALT`."),
    ("exclamation", "You did it! The printer works again."),  # one, for good news
    ("exclamation-alarm", "You did it! The printer works again."),
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


def suggestions(text: str, rule: str) -> list[str | None]:
    return [f.suggestion for f in lint(text) if f.rule == rule]


@pytest.mark.parametrize("text", ["Turn on ZQ sync.", "Sync it with XPQR first."])
def test_a_short_word_in_capitals_is_never_offered_in_small_letters(text: str) -> None:
    """It may be an acronym the list does not know yet: offer to add it instead."""
    (suggestion,) = suggestions(text, "all-caps")
    assert suggestion is not None
    assert "is an acronym, add it to `acronyms:` in .kblint.yml" in suggestion
    word = next(w for w in text.rstrip(".").split() if w.isupper())
    assert suggestion != word.lower()


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Open the XPQR settings.", "XPQR"),
        ("Send it via XKCD.", "XKCD"),
        ("Delete the OST file, then the OST backup.", "OST"),
    ],
)
def test_an_unknown_abbreviation_naming_a_thing_is_explained_once(text: str, word: str) -> None:
    """After "the", "via" and the like it names a thing: explain it, once; never shouting."""
    found = [f for f in lint(text) if f.rule in ("abbreviations", "all-caps")]
    assert [f.rule for f in found] == ["abbreviations"]
    assert f"“{word}”" in found[0].message
    assert found[0].suggestion and "`acronyms:` in .kblint.yml" in found[0].suggestion


def test_each_unknown_abbreviation_is_explained_on_its_own() -> None:
    found = [f for f in lint("Copy the OST file to the UNC path.") if f.rule == "abbreviations"]
    assert sorted(f.message.split("“")[1].split("”")[0] for f in found) == ["OST", "UNC"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Do NOT turn it off.", ["not"]),
        ("SAVE YOUR WORK FIRST.", ["save", "your", "work", "first"]),
        ("IMPORTANT: back up your files.", ["important"]),
    ],
)
def test_shouting_is_offered_in_small_letters(text: str, expected: list[str]) -> None:
    assert suggestions(text, "all-caps") == expected


def test_known_acronyms_are_not_shouting() -> None:
    assert suggestions("Outlook uses MAPI and IMAP to reach the mail server.", "all-caps") == []


def test_a_swap_never_rewrites_a_word_in_a_name() -> None:
    assert suggestions("Open Credential Manager.", "jargon") == []
    assert suggestions("Type your credentials.", "jargon") == ["username and password"]


def test_priorities_say_what_to_fix_first() -> None:
    from portal.writing.lint.rules import priorities
    from tests.support.lint import all_rules

    order = priorities(all_rules())
    assert order["blame"] == order["template-text"] == order["front-matter"] == 1
    assert order["template-sections"] == 2
    assert order["plain-words"] == order["passive-voice"] == 3
    assert set(order.values()) <= {1, 2, 3}
