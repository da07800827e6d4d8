"""`kb search`: the help center's search from a terminal, as text or JSON."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import click

from portal.cli.indexing import ensure_index
from portal.cli.support import content_option, load_config, out
from portal.errors import CommandError


@click.command()
@click.argument("query")
@click.option("--limit", "-n", type=click.IntRange(1, 50), default=10, show_default=True)
@click.option("--section", default=None, help="Only guides in this section.")
@click.option(
    "--lang", default=None, help="The reader's language (fr, pt-BR); else the site's default."
)
@click.option(
    "--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@content_option
def search(
    query: str,
    limit: int,
    section: str | None,
    lang: str | None,
    output: str,
    content_dir: Path | None,
) -> None:
    """Search the guides the way the help center does."""
    from search import Engine, current_index

    config = load_config(content_dir=content_dir)
    ensure_index(config.content_dir, config.var_dir)
    folder = current_index(config.var_dir)
    if folder is None:
        raise CommandError(f"There is no search index in {config.var_dir}; run `kb index`.")
    engine = Engine(folder)
    response = engine.search(query, limit=limit, section=section, lang=lang)
    if output == "json":
        click.echo(json.dumps([hit.as_dict() for hit in response.results], ensure_ascii=False))
        return
    if response.did_you_mean:
        out.print(f"Did you mean: {response.did_you_mean}", markup=False)
    if response.narrowing:
        # The question a reader is asked back when their words name nothing specific.
        out.print(response.narrowing["question"], markup=False)
        for choice in response.narrowing["choices"]:
            out.print(f"  - {choice['label']}  {choice['url']}", markup=False)
        out.print("")
    if not response.results:
        out.print("Nothing matched. Try other words, or contact the service desk.")
        return
    for number, hit in enumerate(response.results, start=1):
        out.print(f"{number}. {hit.title}  {hit.url}  (score {hit.score:.2f})", markup=False)
        out.print(f"   {html.unescape(re.sub(r'</?mark>', '', hit.snippet))}", markup=False)
