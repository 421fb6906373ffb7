"""`flask crm send-mail`: deliver what the outbox holds."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from crm.mail.delivery import send_due


@click.command("send-mail")
@with_appcontext
@click.option("--limit", type=click.IntRange(min=1), help="Send at most this many, then stop.")
@click.option(
    "--lease",
    type=click.FloatRange(min=0.1),
    help="Seconds a claimed message is held for this run (default MAIL_LEASE_SECONDS).",
)
@click.option("--batch", type=click.IntRange(min=1), help="Messages claimed at a time.")
def send_mail_command(limit: int | None, lease: float | None, batch: int | None) -> None:
    """Send the queued email that is due (over MAIL_URL, or as .eml files in instance/mail/).

    Safe to run from cron on several servers at once: each message is claimed by one
    run. Exits with status 1 when the mail server could not be used (the messages stay
    queued and go with a later run).
    """
    from crm.core.cli import require_schema

    require_schema()
    if batch:
        current_app.config["MAIL_BATCH"] = batch
    report = send_due(limit=limit, lease_seconds=lease)
    click.echo(
        f"Sent {report.sent}; to retry later {report.retrying}; failed {report.failed}; "
        f"not sent as the recipient may no longer be mailed {report.discarded}."
    )
    for line in report.errors[:20]:
        click.echo(f"  {line}", err=True)
    if report.problem:
        raise click.ClickException(
            f"Could not use the mail server ({report.problem}). Unsent messages stay queued."
        )


COMMANDS = (send_mail_command,)
