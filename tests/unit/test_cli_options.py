"""`kb lint` names its formats and settings file without loading the linter; they must agree."""

from __future__ import annotations

from portal.cli import lint as lint_command
from portal.writing.lint.report import FORMATS
from portal.writing.lint.settings import SETTINGS_NAME


def test_kb_lint_offers_the_linters_formats_and_settings_file() -> None:
    assert lint_command.FORMATS == FORMATS
    assert lint_command.SETTINGS_NAME == SETTINGS_NAME
