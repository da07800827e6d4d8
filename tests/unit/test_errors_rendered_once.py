"""One error family: the CLI and the web layer each render every PlainhelpError in one place."""

from __future__ import annotations

import ast
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from flask import Flask

from portal.cli import main
from portal.cli.support import KbGroup
from portal.config import ConfigError
from portal.errors import CommandError, PlainhelpError, Unavailable
from portal.web.app import plain_error

ROOT = Path(__file__).resolve().parents[2]


def _group() -> click.Group:
    @click.group(cls=KbGroup)
    @click.option("--debug", is_flag=True)
    def cli(debug: bool) -> None:
        """A group like `kb`."""

    @cli.command()
    def refused() -> None:
        raise CommandError("There is no search index in var; run `kb index`.")

    @cli.command()
    def settings() -> None:
        raise ConfigError(["KB_PORT is 'x', but it must be a whole number."])

    @cli.command()
    def disk() -> None:
        raise FileNotFoundError(2, "No such file or directory", "guides/missing.md")

    @cli.command()
    def bug() -> None:
        raise ZeroDivisionError("division by zero")

    return cli


def test_a_plainhelp_error_is_one_sentence_and_its_exit_code() -> None:
    result = CliRunner().invoke(_group(), ["refused"])
    assert result.exit_code == 1
    assert result.output == "Error: There is no search index in var; run `kb index`.\n"
    result = CliRunner().invoke(_group(), ["settings"])
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        "kb: KB_PORT is 'x', but it must be a whole number.",
        "Error: A setting needs fixing; `kb settings` lists what each one takes.",
    ]


def test_file_system_errors_name_the_file() -> None:
    result = CliRunner().invoke(_group(), ["disk"])
    assert result.exit_code == 1
    assert result.output == "Error: No such file or directory (guides/missing.md).\n"


def test_a_bug_is_one_sentence_and_debug_shows_the_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("KB_LOG_LEVEL", raising=False)
    quiet = CliRunner().invoke(_group(), ["bug"])
    assert quiet.exit_code == 1
    assert "Traceback" not in quiet.output
    assert quiet.output == (
        "Error: Something unexpected went wrong: division by zero. "
        "Run the command again with --debug to see why.\n"
    )
    loud = CliRunner().invoke(_group(), ["--debug", "bug"])
    assert loud.exit_code == 1
    assert "Traceback (most recent call last)" in loud.output
    assert "ZeroDivisionError: division by zero" in loud.output
    monkeypatch.setenv("KB_LOG_LEVEL", "debug")
    by_setting = CliRunner().invoke(_group(), ["bug"])
    assert "Traceback (most recent call last)" in by_setting.output


def test_the_real_kb_renders_domain_errors_the_same_way(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["lint", "--config", str(tmp_path / "none.yml")])
    assert result.exit_code == 1
    assert result.output == f"Error: The settings file {tmp_path / 'none.yml'} does not exist.\n"
    result = CliRunner().invoke(main, ["new", "!!!", "--section", "x", "--content", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_every_error_class_is_a_plainhelp_error() -> None:
    """No error class of our own may stand outside the family."""
    outside = []
    for path in [*(ROOT / "portal").rglob("*.py"), *(ROOT / "search").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and node.name.endswith(("Error", "Unavailable")):
                bases = {getattr(b, "id", getattr(b, "attr", "")) for b in node.bases}
                family = {"PlainhelpError", "Unavailable", "CommandError", "ConfigError"}
                if not bases & family and node.name != "PlainhelpError":
                    outside.append(f"{path.relative_to(ROOT)}: {node.name}")
    assert outside == []


def test_the_web_layer_answers_api_errors_in_json_with_their_status() -> None:
    app = Flask(__name__)
    with app.test_request_context("/api/search"):
        body, status, headers = plain_error(PlainhelpError('"limit" must be 1 to 50.'))
        assert (status, body.get_json(), headers) == (
            400,
            {"error": '"limit" must be 1 to 50.'},
            {},
        )

    class IndexGone(Unavailable):
        reader_message = "Search is being rebuilt. Please try again in a minute."

    with app.test_request_context("/api/search"):
        body, status, headers = plain_error(IndexGone("no index in /srv/var (internal detail)"))
        assert status == 503 and headers == {"Retry-After": "30"}
        assert body.get_json() == {
            "error": "Search is being rebuilt. Please try again in a minute."
        }
    with app.test_request_context("/a/page"):
        body, status, _ = plain_error(IndexGone("detail"))
        assert status == 503 and body.mimetype == "text/plain"
        assert body.get_data(as_text=True) == IndexGone.reader_message
