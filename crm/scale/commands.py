"""`flask crm generate`: synthetic data for benchmarks and load tests."""

from __future__ import annotations

from datetime import date
from time import perf_counter

import click
from flask.cli import with_appcontext

from crm.core.cli import require_schema
from crm.core.dates import today_london
from crm.scale.world import SCALES


@click.command("generate")
@click.option(
    "--scale",
    "scale_name",
    type=click.Choice(list(SCALES)),
    default="small",
    show_default=True,
    help="county: 2,000 organisations, 20,000 contacts, 200,000 conversations; "
    "small is a tenth of that, large five times it.",
)
@click.option("--seed", type=int, default=1, show_default=True, help="Same seed, same data.")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="The day the history ends (YYYY-MM-DD); defaults to today, so pin it for "
    "byte-for-byte repeatable data.",
)
@click.option("--quiet", is_flag=True, help="Print only the summary.")
@with_appcontext
def generate_command(scale_name: str, seed: int, today, quiet: bool) -> None:
    """Fill an empty database with realistic synthetic data (bulk inserts, repeatable)."""
    from crm.auth.services import hash_password
    from crm.scale.directory import ADMIN_EMAIL, PASSWORD
    from crm.scale.generate import GenerateError, analyze, generate

    require_schema()
    anchor: date = today.date() if today else today_london()
    started = perf_counter()

    def note(table: str, rows: int, seconds: float) -> None:
        if not quiet and rows:
            click.echo(f"  {table:<28}{rows:>9,} rows {seconds:7.2f} s")

    try:
        counts = generate(SCALES[scale_name], seed, anchor, hash_password(PASSWORD), note)
    except GenerateError as error:
        raise click.ClickException(str(error)) from None
    loaded = perf_counter() - started
    analyze()
    click.echo(
        f"Generated the {scale_name} data set (seed {seed}, history to {anchor.isoformat()}) "
        f"in {loaded:.1f} s, plus {perf_counter() - started - loaded:.1f} s to ANALYZE:"
    )
    for table, rows in counts.items():
        click.echo(f"  {table:<28}{rows:>9,}")
    click.echo(f"Log in as {ADMIN_EMAIL} with password {PASSWORD} (every generated user has it).")


COMMANDS = (generate_command,)
