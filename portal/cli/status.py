"""`kb status`: show, post or clear the announcement from a terminal or a script."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

from portal.cli.support import load_config, opened_store, out
from portal.config import Config
from portal.guides.vocabulary import ANNOUNCEMENT_CHARS

if TYPE_CHECKING:  # the store is loaded by the commands that use it, never by `kb --help`
    from portal.store.database import Announcement


def _describe(announcement: Announcement) -> str:
    posted = announcement.posted_at.strftime("%Y-%m-%d %H:%M")
    return f"“{announcement.message}” (posted {posted} UTC)"


def _while_down(config: Config, what: str) -> str:
    return (
        f"{what}. While it is down, the status file decides what readers see: {config.status_path}."
    )


@click.group(invoke_without_command=True)
@click.option(
    "--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.pass_context
def status(context: click.Context, output: str) -> None:
    """Show the announcement at the top of every page; `set` and `clear` change it."""
    if context.invoked_subcommand is not None:
        return
    from portal.announcements.board import StatusFile, as_json, newest

    config = load_config()
    from_file = StatusFile(config.status_path).read()
    with opened_store(
        config, _while_down(config, "the dashboard's announcement is unknown")
    ) as store:
        from_store = store.current_announcement()
    shown = newest(from_file, from_store)
    if output == "json":
        click.echo(json.dumps(as_json(shown), ensure_ascii=False))
        return
    if shown is None:
        out.print("Readers see no announcement.")
    else:
        source = "the status file" if shown.source == "file" else "the dashboard"
        out.print(f"Readers see {_describe(shown)}, from {source}.", markup=False)
    dashboard = _describe(from_store) if from_store else "none"
    out.print(f"  Dashboard and `kb status set`: {dashboard}", markup=False)
    in_file = _describe(from_file) if from_file else "none"
    out.print(f"  Status file {config.status_path}: {in_file}", markup=False)


@status.command(
    "set",
    help=f"Post an announcement (up to {ANNOUNCEMENT_CHARS} characters), "
    "replacing the one shown now.",
)
@click.argument("words", nargs=-1, required=True)
def set_status(words: tuple[str, ...]) -> None:
    from portal.announcements.board import checked

    config = load_config()
    message = checked(" ".join(words))
    with opened_store(config, _while_down(config, "nothing was posted")) as store:
        store.post_announcement(message)
    out.print(
        f"Posted. Every page of the help center shows it within a minute: “{message}”",
        markup=False,
    )


@status.command("clear")
def clear_status() -> None:
    """Take the dashboard's announcement down (a status file's stays until it is emptied)."""
    from portal.announcements.board import StatusFile

    config = load_config()
    with opened_store(config, _while_down(config, "nothing was cleared")) as store:
        cleared = store.clear_announcement()
    if cleared:
        out.print("Cleared. Pages stop showing it within a minute.")
    else:
        out.print("There was no announcement from the dashboard or `kb status set` to clear.")
    from_file = StatusFile(config.status_path).read()
    if from_file is not None:
        out.print(
            f"The status file {config.status_path} still has one, so readers see it: "
            f"“{from_file.message}”. Empty or delete the file to take it down.",
            markup=False,
        )
