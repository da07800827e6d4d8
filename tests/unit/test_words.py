"""The words people read (portal/words.py): counts with their noun, whole percentages, typed text
cleaned of control characters, and broken YAML said in one sentence with its line."""

from __future__ import annotations

import pytest
import yaml

from portal.words import (
    NBSP,
    multi_line,
    one_line,
    percent,
    plural,
    yaml_problem,
    yaml_sentence,
)


def test_counts_say_their_noun_in_the_right_number() -> None:
    assert plural(1, "vote") == "1 vote"
    assert plural(0, "vote") == "0 votes"
    assert plural(1204, "search") == "1,204 searches"
    assert plural(2, "answer") == "2 answers"
    assert plural(3, "box") == "3 boxes"
    assert plural(2, "person", "people") == "2 people"


def test_shares_are_whole_percentages() -> None:
    assert percent(0.0889) == "9 %"
    assert percent(None) == ""
    assert percent(None, missing="–") == "–"
    assert percent(0.49, space=NBSP) == "49\u00a0%"


def test_typed_text_is_cleaned_on_one_line_or_with_its_lines() -> None:
    typed = "  E-mail\tis down\n\nfor  everyone\x00.\x85\x9b\r\n"
    assert one_line(typed) == "E-mail is down for everyone."
    assert multi_line(typed) == "E-mail\tis down\n\nfor  everyone."
    assert multi_line("\x07\x0b\x0cfirst line\x7f\nsecond\x1b line ") == "first line\nsecond line"
    assert one_line("no\u200bchange") == "no\u200bchange"  # only control characters go


def _yaml_error(text: str) -> yaml.YAMLError:
    with pytest.raises(yaml.YAMLError) as caught:
        yaml.safe_load(text)
    return caught.value


def test_broken_yaml_is_one_sentence_with_its_line_and_a_hint() -> None:
    error = _yaml_error("title: ok\ndescription: a: b\n")
    found = yaml_problem(error)
    assert found.line == 2
    assert found.reason == (
        "mapping values are not allowed here (a value with a colon in it needs quotes around it)"
    )
    assert yaml_problem(error, first_line=2).line == 3  # front matter starts on the file's line 2
    assert yaml_sentence("rules/x.yml", error) == (
        "rules/x.yml is not valid YAML on line 2: mapping values are not allowed here "
        "(a value with a colon in it needs quotes around it)."
    )
    odd = _yaml_error("a: \x07\n")  # a character YAML refuses: said, without a line
    assert yaml_problem(odd).reason and "\n" not in yaml_sentence("x.yml", odd)
