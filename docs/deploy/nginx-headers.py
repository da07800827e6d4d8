"""Print nginx `add_header` lines with the portal's security headers for a built site.

nginx serves site/ without the portal, so it must send the same headers, including the
Content-Security-Policy that lists the site's own inline scripts by hash. Run it for every
release, after `kb build`, with the Python that has Plainhelp installed:

    .venv/bin/python docs/deploy/nginx-headers.py site > nginx-headers.conf

Given two sites (the one served now and the next), the policy allows the scripts of both,
for the moment the release switches from one to the other.
"""

from __future__ import annotations

import sys
from pathlib import Path

from portal.web.security import STATIC_HEADERS, inline_script_hashes, policy


def header_lines(sites: list[Path]) -> list[str]:
    hashes = frozenset().union(*(inline_script_hashes(site) for site in sites))
    headers = {**STATIC_HEADERS, "Content-Security-Policy": policy(hashes)}
    return [f'add_header {name} "{value}" always;' for name, value in headers.items()]


def main() -> None:
    sites = [Path(argument) for argument in sys.argv[1:]]
    if not sites or not all((site / "index.html").is_file() for site in sites):
        sys.exit("Give the folder of a built site, such as: nginx-headers.py site")
    print(f"# Security headers for {', '.join(str(site.resolve()) for site in sites)}.")
    print("\n".join(header_lines(sites)))


if __name__ == "__main__":
    main()
