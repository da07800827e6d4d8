"""`kb purge`, `kb backup` and `kb restore`: looking after the store from a terminal."""

from __future__ import annotations

from pathlib import Path

import click

from portal.cli.support import load_config, opened_store, out


@click.command()
@click.option(
    "--days",
    type=click.IntRange(min=1),
    default=None,
    help="Keep this many days (default: $KB_RETENTION_DAYS, 180).",
)
@click.option(
    "--completions",
    is_flag=True,
    help="Also delete every completion record (kept until deleted; see docs/privacy.md).",
)
def purge(days: int | None, completions: bool) -> None:
    """Delete feedback, searches, clicks, lessons' answers and troubleshooter steps older than
    the retention period."""
    config = load_config()
    keep = days or config.retention_days
    with opened_store(config, "nothing was deleted.") as store:
        removed = store.purge(keep)
        records = store.delete_completions() if completions else None
    out.print(
        f"Kept the last {keep} days in {store.describe()}: deleted {removed['feedback']} "
        f"answer(s), {removed['searches']} search(es) and {removed['clicks']} click(s), "
        f"{removed['check_answers']} answer(s) to lessons' checks, "
        f"{removed['progress']} lesson progress mark(s) and "
        f"{removed['troubleshooter_steps']} troubleshooter step(s).",
        markup=False,
    )
    if records is not None:
        out.print(f"Deleted {records} completion record(s).", markup=False)


def _store_url() -> str:
    return load_config().store_url


@click.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Replace PATH when it already exists.")
def backup(path: Path, force: bool) -> None:
    """Back up the store to the file PATH, safely while the portal runs.

    For a PostgreSQL store it prints the pg_dump command to use instead.
    """
    from portal.store.backup import (
        PASSWORD_NOTE,
        BackupError,
        backup_sqlite,
        pg_dump_command,
        sqlite_path,
    )

    url = _store_url()
    store = sqlite_path(url)
    if store is None:
        raise BackupError(
            "The store is in PostgreSQL, which has its own backup tool. Run:\n\n"
            f"    {pg_dump_command(url, path)}\n\n{PASSWORD_NOTE}"
        )
    copied = backup_sqlite(store, path.expanduser(), force)
    out.print(
        f"Backed up {store} to {copied.path} ({copied.summary()}; {copied.size / 1000:,.0f} kB).",
        markup=False,
    )


@click.command()
@click.argument("path", type=click.Path(path_type=Path))
def restore(path: Path) -> None:
    """Put a backup made by `kb backup` back in place of the store; the old one is kept.

    For a PostgreSQL store it prints the pg_restore command to use instead.
    """
    from portal.store.backup import (
        PASSWORD_NOTE,
        BackupError,
        pg_restore_command,
        restore_sqlite,
        sqlite_path,
    )

    url = _store_url()
    store = sqlite_path(url)
    if store is None:
        raise BackupError(
            "The store is in PostgreSQL, which has its own restore tool. Run:\n\n"
            f"    {pg_restore_command(url, path)}\n\n{PASSWORD_NOTE}"
        )
    copied = restore_sqlite(path.expanduser(), store, url)
    out.print(f"Restored {path} into {store} ({copied.summary()}).", markup=False)
    if copied.kept:
        out.print(f"The store as it was before is kept in {copied.kept}.", markup=False)
    out.print("If the portal is running, restart it so every worker starts from this store.")
