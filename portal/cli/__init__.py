"""The `kb` command: one tool for writers and operators; every failure is one plain sentence."""

from __future__ import annotations

import click

from portal.cli.support import KbGroup

COMMANDS = {
    "new": "portal.cli.building:new",
    "lint": "portal.cli.lint:lint",
    "build": "portal.cli.building:build",
    "index": "portal.cli.building:index",
    "search": "portal.cli.searching:search",
    "serve": "portal.cli.serving:serve",
    "report": "portal.cli.report:report",
    "purge": "portal.cli.store:purge",
    "backup": "portal.cli.store:backup",
    "restore": "portal.cli.store:restore",
    "status": "portal.cli.status:status",
    "settings": "portal.cli.settings:settings",
    "nginx-headers": "portal.cli.deploy:nginx_headers",
}


@click.group(cls=KbGroup, lazy=COMMANDS, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="plainhelp")
@click.option("--debug", is_flag=True, help="Show the full traceback when something goes wrong.")
def main(debug: bool) -> None:
    """Plainhelp: write, build, search and serve the IT help center."""
