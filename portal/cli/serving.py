"""`kb serve`: the site, search and the API on a real WSGI server."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from portal.cli.support import content_option, err, load_config, out


@click.command()
@content_option
@click.option(
    "--site",
    "site_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Folder of the built site (default: $KB_SITE_DIR or ./site).",
)
@click.option("--host", default=None, help="Address to listen on (default: $KB_HOST or 127.0.0.1).")
@click.option("--port", type=int, default=None, help="Port (default: $KB_PORT or 8000).")
@click.option(
    "--workers",
    type=int,
    default=None,
    help="Worker processes (default: $KB_WORKERS or 1); above 1 runs gunicorn.",
)
@click.option(
    "--dev",
    is_flag=True,
    help="Live preview for writers: rebuilds into $KB_VAR_DIR/preview on every save, and open "
    "pages refresh by themselves and show their guide's writing check.",
)
def serve(
    content_dir: Path | None,
    site_dir: Path | None,
    host: str | None,
    port: int | None,
    workers: int | None,
    dev: bool,
) -> None:
    """Serve the site and the portal on a real WSGI server (gunicorn with --workers above 1)."""
    overrides = {
        "content_dir": content_dir,
        "site_dir": site_dir,
        "host": host,
        "port": str(port) if port is not None else None,
        "workers": str(workers) if workers is not None else None,
    }
    config = load_config(**overrides)
    from portal.web import serving

    command = "kb serve"
    if dev:
        from portal.web.preview.running import is_reloader_child, previewed_config

        # The preview serves its own build, never the published site.
        config = load_config(**{**overrides, **previewed_config(config)})
        command = "kb serve --dev"
    if not (dev and is_reloader_child()):  # the reloader's child inherits the bound port
        serving.ensure_port_free(config.host, config.port, command)
    if config.workers > 1 and not dev:
        serving.count_metrics_across_workers(config.var_dir)
    from portal.web.app import create_app
    from portal.web.services import services

    # Built here first, so a wrong setting or a store to migrate shows before any fork.
    app = create_app(config)

    def say(line: str) -> None:
        out.print(line, markup=False)
        sys.stdout.flush()

    if dev:
        from portal.web.preview.running import serve_preview

        serve_preview(app, config, say)
        return
    if not (config.site_dir / "index.html").is_file():
        err.print(
            f"[yellow]warning: {config.site_dir} has no built site yet; run `kb build`.[/yellow]"
        )

    if config.workers == 1:
        serving.serve_with_waitress(app, config, say)
        return
    # Database connections must not cross a fork (SQLite's locks and PostgreSQL's sockets
    # would be shared with the workers): each worker builds its own app and connections.
    services(app).store.dispose()
    del app
    serving.serve_with_gunicorn(config, say)
