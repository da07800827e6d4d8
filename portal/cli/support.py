"""What every `kb` command shares: consoles, settings, `--content`, and errors said in one place."""

from __future__ import annotations

import contextlib
import importlib
import os
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.console import Console

from portal.config import Config
from portal.errors import CommandError, PlainhelpError

if TYPE_CHECKING:
    from portal.store.database import Store

err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)


def load_config(**overrides: Any) -> Config:
    """Settings from the environment and the command's options; a ConfigError lists every one."""
    return Config.load(**{k: v for k, v in overrides.items() if v is not None})


@contextlib.contextmanager
def opened_store(config: Config, unreachable: str) -> Iterator[Store]:
    """The store for one command, closed afterwards; unreachable, it says so in one sentence.

    `unreachable` ends the sentence "The store at ... cannot be reached, so ...".
    """
    from portal.store.database import Store, StoreUnavailable

    store = Store(config.store_url)
    try:
        yield store
    except StoreUnavailable as error:
        raise CommandError(
            f"The store at {store.describe()} cannot be reached, so {unreachable}",
            details=[str(error)],
        ) from None
    finally:
        store.dispose()


def content_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """`--content DIR` on every command, falling back to KB_CONTENT_DIR."""
    return click.option(
        "--content",
        "content_dir",
        type=click.Path(path_type=Path, file_okay=False),
        default=None,
        help="Folder of Markdown guides (default: $KB_CONTENT_DIR or ./content).",
    )(command)


def _debugging(context: click.Context) -> bool:
    root = context.find_root()
    return bool(root.params.get("debug")) or os.environ.get("KB_LOG_LEVEL", "").lower() == "debug"


def _say(error: BaseException, message: str, details: list[str], debug: bool) -> None:
    if debug:
        err.print("".join(traceback.format_exception(error)), markup=False, style="dim")
    for line in details:
        err.print(f"kb: {line}", markup=False, style="red")
    err.print(f"Error: {message}", markup=False, style="red")


class KbGroup(click.Group):
    """Renders every failure of every command in one place: one plain sentence and an exit code.

    `--debug` or KB_LOG_LEVEL=debug adds the traceback. Commands named in `lazy` (name to
    "module:attribute") are imported only when used, so `kb lint` never loads the store.
    """

    def __init__(self, *args: Any, lazy: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = lazy or {}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy and cmd_name not in self.commands:
            module, attribute = self.lazy[cmd_name].split(":")
            command = getattr(importlib.import_module(module), attribute)
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            raise click.Abort() from None
        except PlainhelpError as error:
            _say(error, error.message, error.details, _debugging(ctx))
            ctx.exit(error.exit_code)
        except OSError as error:
            where = f" ({error.filename})" if error.filename else ""
            _say(error, f"{error.strerror or error}{where}.", [], _debugging(ctx))
            ctx.exit(1)
        except Exception as error:  # the last line of defence for people, not a control path
            hint = "" if _debugging(ctx) else " Run the command again with --debug to see why."
            _say(error, f"Something unexpected went wrong: {error}.{hint}", [], _debugging(ctx))
            ctx.exit(1)
