"""Project promises: the README keeps its two commands and its settings table current."""

from __future__ import annotations

from portal.config import settings_table
from tests.support.files import ROOT


def test_readme_shows_the_two_commands_and_current_settings() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "make run" in readme and "make test" in readme
    assert settings_table() in readme, "README settings table is out of date: run `kb settings`"


def test_build_outputs_are_ignored() -> None:
    ignored = (ROOT / ".gitignore").read_text().split()
    # `site` is a symbolic link to the current build (git never sees a link as a folder, so no
    # trailing slash), and its builds are kept beside it in `site.builds/`.
    for output in ("/site", "/site.builds/", "/var/", "/.venv/"):
        assert output in ignored
