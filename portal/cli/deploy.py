"""`kb nginx-headers`: the portal's security headers for nginx, which serves site/ on its own."""

from __future__ import annotations

from pathlib import Path

import click

from portal.cli.support import out
from portal.errors import CommandError


@click.command("nginx-headers")
@click.argument("sites", nargs=-1, type=click.Path(path_type=Path, file_okay=False))
def nginx_headers(sites: tuple[Path, ...]) -> None:
    """Print nginx `add_header` lines for the built SITES (run it for every release).

    Given two sites (the one served now and the next), the Content-Security-Policy allows the
    inline scripts of both, for the moment the release switches from one to the other.
    """
    from portal.web.security import nginx_header_lines

    if not sites or not all((site / "index.html").is_file() for site in sites):
        raise CommandError("Give the folder of a built site, such as: kb nginx-headers site")
    out.print(f"# Security headers for {', '.join(str(s.resolve()) for s in sites)}.", markup=False)
    out.print("\n".join(nginx_header_lines(list(sites))), markup=False)
