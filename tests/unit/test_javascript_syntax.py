"""`python -m tests.javascript_syntax` (part of `make lint`): every script of the theme parses,
and a broken one is named with its line and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.javascript_syntax import THEME, check, javascript_files, main


def test_the_real_theme_parses(capsys: pytest.CaptureFixture[str]) -> None:
    files = javascript_files([THEME])
    names = {path.relative_to(THEME).as_posix() for path in files}
    # The page scripts, the search box and the intranet box are all checked.
    assert {
        "assets/plainhelp.js",
        "assets/intranet-box.js",
        "assets/javascripts/plainhelp-feedback.js",
        "assets/javascripts/plainhelp-box.js",
    } <= names
    assert check(files) == []
    assert main([]) == 0
    assert f"{len(files)} JavaScript file(s) parse." in capsys.readouterr().out


def test_a_broken_file_is_named_with_line_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "good.js").write_text('(function () {\n  "use strict";\n  var a = 1;\n})();\n')
    nested = tmp_path / "javascripts"
    nested.mkdir()
    (nested / "broken.js").write_text("var a = 1;\nfunction f( {\n  return a;\n}\n")
    (tmp_path / "notes.txt").write_text("not a script {")
    assert main([str(tmp_path)]) == 1
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert len(lines) == 1
    shown, line, column, message = lines[0].rsplit(":", 3)
    assert shown == str(nested / "broken.js")
    assert (line, column.isdigit(), message.strip()) == ("3", True, "Unexpected identifier")
    assert "1 of 2 JavaScript file(s) do not parse." in err


def test_one_file_can_be_checked_and_a_missing_path_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = tmp_path / "unclosed.js"
    script.write_text('var words = "never closed;\n')
    assert main([str(script)]) == 1
    assert capsys.readouterr().out.startswith(f"{script}:1:")
    assert main([str(tmp_path / "missing")]) == 2
