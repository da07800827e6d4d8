"""The `kb` command: one tool for writers and operators; every failure is one plain sentence."""

from __future__ import annotations

import click

from portal.cli.building import build, index, new
from portal.cli.deploy import nginx_headers
from portal.cli.lint import lint
from portal.cli.report import report
from portal.cli.searching import search
from portal.cli.serving import serve
from portal.cli.settings import settings
from portal.cli.status import status
from portal.cli.store import backup, purge, restore
from portal.cli.support import KbGroup


@click.group(cls=KbGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="plainhelp")
@click.option("--debug", is_flag=True, help="Show the full traceback when something goes wrong.")
def main(debug: bool) -> None:
    """Plainhelp: write, build, search and serve the IT help center."""


for command in (new, lint, build, index, search, serve, report, purge, backup, restore, status):
    main.add_command(command)
main.add_command(settings)
main.add_command(nginx_headers)
