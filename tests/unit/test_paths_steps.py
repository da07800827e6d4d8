"""A troubleshooter's step is checked against the tree before it is counted: every field good,
missing, of the wrong type, too long or naming something the tree does not have; every refusal
is one plain sentence, and what is kept is the tree's own words for where the reader went."""

from __future__ import annotations

from typing import Any

import pytest

from portal.guides.articles import load_content
from portal.guides.troubleshooters import Troubleshooter, troubleshooters_of
from portal.readers.steps import CheckedStep, StepError, parse_step
from tests.support.paths import (
    COMPUTER,
    DESK,
    JAM,
    PRINTER,
    SLOW,
    SLOW_SECTION,
    TREE,
    step,
    write_content,
)


@pytest.fixture(scope="module")
def trees(tmp_path_factory: pytest.TempPathFactory) -> list[Troubleshooter]:
    content = load_content(write_content(tmp_path_factory.mktemp("paths") / "content"))
    assert content.errors == []
    found = troubleshooters_of(content)
    assert {tree.path for tree in found} >= {TREE}
    return found


GOOD: list[tuple[dict[str, Any], CheckedStep]] = [
    (step(["start"]), CheckedStep(TREE, ("start",), "shown", "")),
    (step(COMPUTER), CheckedStep(TREE, ("start", "computer"), "shown", "")),
    (step(PRINTER, "guide", JAM), CheckedStep(TREE, ("start", "printer"), "guide", JAM)),
    # The answer's section is kept as the tree links to it, whether sent or not.
    (
        step(COMPUTER, "guide", f"{SLOW}#{SLOW_SECTION}"),
        CheckedStep(TREE, ("start", "computer"), "guide", f"{SLOW}#{SLOW_SECTION}"),
    ),
    (
        step(COMPUTER, "guide", f"/{SLOW}/"),
        CheckedStep(TREE, ("start", "computer"), "guide", f"{SLOW}#{SLOW_SECTION}"),
    ),
    # "Still stuck?" on the guide the answer led to: the guide, as the tree links to it.
    (
        step(COMPUTER, "desk", f"{SLOW}#where-the-reader-was"),
        CheckedStep(TREE, ("start", "computer"), "desk", f"{SLOW}#{SLOW_SECTION}"),
    ),
    # An answer that leads to the service desk, in the tree.
    (step(["start"], "desk"), CheckedStep(TREE, ("start",), "desk", "")),
    (step(PRINTER, "desk"), CheckedStep(TREE, ("start", "printer"), "desk", "")),
    # The contact page is the service desk however it is sent.
    (step(PRINTER, "desk", DESK), CheckedStep(TREE, ("start", "printer"), "desk", "")),
    (step(PRINTER, "guide", DESK), CheckedStep(TREE, ("start", "printer"), "desk", "")),
    # "Still stuck?" on the troubleshooter's own page, at any question.
    (step(COMPUTER, "desk", TREE), CheckedStep(TREE, ("start", "computer"), "desk", TREE)),
    # The tree's path in another case, or as its address.
    (step(["start"], tree=TREE.upper()), CheckedStep(TREE, ("start",), "shown", "")),
    (step(["start"], tree=f"/{TREE}/"), CheckedStep(TREE, ("start",), "shown", "")),
    # Without "ending" and "guide": a question shown.
    ({"troubleshooter": TREE, "questions": ["start"]}, CheckedStep(TREE, ("start",), "shown", "")),
]


@pytest.mark.parametrize(("body", "kept"), GOOD)
def test_a_good_step_is_kept_as_the_tree_has_it(
    trees: list[Troubleshooter], body: dict[str, Any], kept: CheckedStep
) -> None:
    assert parse_step(body, trees) == kept


def without(field: str) -> dict[str, Any]:
    body = step(COMPUTER)
    del body[field]
    return body


def changed(**fields: Any) -> dict[str, Any]:
    return {**step(COMPUTER), **fields}


BAD: list[tuple[Any, str]] = [
    # Not one object, or fields it does not take.
    ([1], "one JSON object"),
    ("start", "one JSON object"),
    (None, "one JSON object"),
    ({**step(["start"]), "ip": "10.0.0.1"}, "fields we do not accept: ip"),
    # troubleshooter: missing, wrong type, empty, too long, bad characters, unknown.
    (without("troubleshooter"), 'which troubleshooter this step is in with "troubleshooter"'),
    (changed(troubleshooter=5), '"troubleshooter"'),
    (changed(troubleshooter=["x"]), '"troubleshooter"'),
    (changed(troubleshooter="  / "), '"troubleshooter"'),
    (changed(troubleshooter="t/" + "a" * 200), "at most 200 characters"),
    (changed(troubleshooter="../../etc/passwd"), "letters, digits"),
    (changed(troubleshooter="troubleshoot/a b"), "letters, digits"),
    (changed(troubleshooter="troubleshoot/nowhere"), "no troubleshooter at that address"),
    (changed(troubleshooter=JAM), "no troubleshooter at that address"),  # a guide, not a tree
    # questions: missing, wrong types, empty, too many, bad ids, not a way through the tree.
    (without("questions"), '"questions" must list the question ids'),
    (changed(questions="start"), '"questions" must list'),
    (changed(questions=[]), '"questions" must list'),
    (changed(questions={"0": "start"}), '"questions" must list'),
    (changed(questions=["start", *["computer"] * 8]), "at most 8 questions"),
    (changed(questions=["start", 3]), "question ids"),
    (changed(questions=["start", None]), "question ids"),
    (changed(questions=["start", "-computer"]), "question ids"),
    (changed(questions=["start", "com.puter"]), "question ids"),
    (changed(questions=["start", "c" * 65]), "up to 64 characters"),
    (changed(questions=["computer"]), 'begin with the first question, "start"'),
    (changed(questions=["start", "start"]), "the same question twice"),
    (changed(questions=["start", "scanner"]), 'no question "scanner"'),
    (changed(questions=["start", "computer", "printer"]), 'No answer to "computer" leads to'),
    # ending: a word it does not know, or the wrong type.
    (changed(ending="finished"), '"ending" must be null, "guide" or "desk"'),
    (changed(ending=True), '"ending" must be null'),
    (changed(ending=["guide"]), '"ending" must be null'),
    # guide: with no ending, missing where it is needed, wrong type, too long, bad characters,
    # or a guide no answer of the last question leads to.
    (changed(guide=SLOW), '"guide" goes with an ending'),
    (changed(ending="guide"), 'which guide this step ended at in "guide"'),
    (changed(ending="guide", guide=7), 'which guide this step ended at in "guide"'),
    (changed(ending="guide", guide="/"), 'which guide this step ended at in "guide"'),
    (changed(ending="guide", guide="c/" + "a" * 300), "up to 300 characters"),
    (changed(ending="guide", guide="computer/slow?x=1"), "a guide's path"),
    (changed(ending="guide", guide="computer/slow#a b"), "a guide's path"),
    (changed(ending="guide", guide=JAM), 'No answer to "computer" leads to that guide'),
    (changed(ending="guide", guide=TREE), 'No answer to "computer" leads to that guide'),
    (changed(ending="desk", guide=JAM), 'No answer to "computer" leads to that guide'),
    (changed(ending="desk"), 'No answer to "computer" leads to the service desk'),
]


@pytest.mark.parametrize(("body", "says"), BAD)
def test_a_bad_step_is_refused_in_one_plain_sentence(
    trees: list[Troubleshooter], body: Any, says: str
) -> None:
    with pytest.raises(StepError) as refused:
        parse_step(body, trees)
    message = str(refused.value)
    assert says in message, message
    assert message.endswith(".") and "\n" not in message
    assert refused.value.status == 400


def test_nothing_but_the_trees_own_words_is_kept(trees: list[Troubleshooter]) -> None:
    """Whatever section a reader was reading when they asked for a person, the tree's is kept."""
    sent = step(COMPUTER, "desk", f"{SLOW}#my-name-is-alex")
    kept = parse_step(sent, trees)
    assert "alex" not in repr(kept)


def test_with_no_troubleshooters_every_step_is_refused() -> None:
    with pytest.raises(StepError, match="no troubleshooter at that address"):
        parse_step(step(["start"]), [])
