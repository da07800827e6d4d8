"""`kb purge`: apply the retention period (the portal also does it at every start)."""

from __future__ import annotations

import click

from portal.cli.support import load_config, out, plain_errors
from portal.store.database import Store, StoreUnavailable


@click.command()
@click.option(
    "--days",
    type=click.IntRange(min=1),
    default=None,
    help="Keep this many days (default: $KB_RETENTION_DAYS, 180).",
)
@plain_errors
def purge(days: int | None) -> None:
    """Delete feedback, searches and clicks older than the retention period."""
    config = load_config()
    keep = days or config.retention_days
    store = Store(config.store_url)
    try:
        removed = store.purge(keep)
    except StoreUnavailable as error:
        raise click.ClickException(
            f"The store at {store.describe()} cannot be reached, so nothing was deleted ({error})."
        ) from None
    finally:
        store.dispose()
    out.print(
        f"Kept the last {keep} days in {store.describe()}: deleted {removed['feedback']} "
        f"answer(s), {removed['searches']} search(es) and {removed['clicks']} click(s).",
        markup=False,
    )
