"""`flask crm send-reminders`: queue today's daily digests."""

from __future__ import annotations

from datetime import date

import click
from flask.cli import with_appcontext

from crm.core.dates import parse_uk_date, today_london


def _day(_ctx, _param, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return parse_uk_date(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


@click.command("send-reminders")
@with_appcontext
@click.option(
    "--today",
    "day",
    callback=_day,
    help="The day to send for, e.g. 2026-12-07 (default: today in the UK).",
)
def send_reminders_command(day: date | None) -> None:
    """Queue each user's daily digest (at most one per user per day); send-mail delivers them.

    Run it from cron or a systemd timer once a day or more often, on one server or
    many: a user gets one digest a day whatever happens. Users with nothing due get none.
    """
    from crm.core.cli import require_schema
    from crm.reminders.services import send_reminders

    require_schema()
    report = send_reminders(day or today_london())
    click.echo(
        f"Queued {report.queued} digest{'s' if report.queued != 1 else ''}; "
        f"{report.nothing_to_say} with nothing to say; "
        f"{report.already_sent} already queued today."
    )


COMMANDS = (send_reminders_command,)
