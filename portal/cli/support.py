"""What every `kb` command shares: consoles, settings with plain errors, `--content`."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from portal.config import Config, ConfigError

err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)


def load_config(**overrides: Any) -> Config:
    """Settings from the environment and the command's options, or every mistake listed."""
    try:
        return Config.load(**{k: v for k, v in overrides.items() if v is not None})
    except ConfigError as error:
        for message in error.errors:
            err.print(f"[red]kb:[/red] {message}")
        raise SystemExit(2) from None


def content_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """`--content DIR` on every command, falling back to KB_CONTENT_DIR."""
    return click.option(
        "--content",
        "content_dir",
        type=click.Path(path_type=Path, file_okay=False),
        default=None,
        help="Folder of Markdown guides (default: $KB_CONTENT_DIR or ./content).",
    )(command)


def plain_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn any unexpected failure into one sentence and exit 1, never a traceback."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except (click.ClickException, click.exceptions.Exit, SystemExit, KeyboardInterrupt):
            raise
        except OSError as error:
            raise click.ClickException(
                f"{error.strerror or error} ({error.filename or 'no file name'})."
            ) from None
        except Exception as error:  # a last line of defence for people, not a control path
            raise click.ClickException(f"Something unexpected went wrong: {error}.") from None

    return wrapper
