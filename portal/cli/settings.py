"""`kb settings`: every KB_* setting, with its default or its value now (secrets hidden)."""

from __future__ import annotations

from pathlib import Path

import click

from portal.cli.support import content_option, load_config, out
from portal.config import SETTINGS, settings_table


@click.command()
@content_option
@click.option("--values", is_flag=True, help="Show the value each setting has now.")
def settings(content_dir: Path | None, values: bool) -> None:
    """List every KB_* setting with its default (and, with --values, its value now)."""
    if not values:
        out.print(settings_table(), markup=False)
        return
    config = load_config(content_dir=content_dir)
    for setting in SETTINGS:
        out.print(f"{setting.env}={setting.shown(getattr(config, setting.key))}", markup=False)
