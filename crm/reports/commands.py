"""`flask crm report proposal|call-sheet|organisation|overview [ID] -o FILE`."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext
from werkzeug.exceptions import NotFound

from crm.core.dates import today_london

KINDS = ("proposal", "call-sheet", "organisation", "overview")


def _call_sheet(proposal_id: int, today) -> bytes:
    """The call sheet, built by the checklists feature (merged separately)."""
    try:
        from crm.checklists.callsheet import call_sheet
        from crm.reports.call_sheet import call_sheet_pdf
    except ImportError as error:
        raise click.ClickException(
            f"The call sheet is not available in this build ({error})."
        ) from error
    from crm.proposals.queries import detail

    proposal = detail(proposal_id)  # NotFound when missing
    return call_sheet_pdf(call_sheet(proposal, today))


def _build(kind: str, record_id: int | None) -> bytes:
    today = today_london()
    if kind == "overview":
        from crm.reports.overview import build_overview

        return build_overview(today)
    if record_id is None:
        raise click.UsageError(f"`report {kind}` needs the record's ID.")
    if kind == "call-sheet":
        return _call_sheet(record_id, today)
    if kind == "proposal":
        from crm.reports.proposal_summary import build_proposal_summary

        return build_proposal_summary(record_id, today)
    from crm.reports.organisation_summary import build_organisation_summary

    return build_organisation_summary(record_id, today)


@click.command("report")
@click.argument("kind", type=click.Choice(KINDS))
@click.argument("record_id", type=int, required=False)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Where to write the PDF.",
)
@with_appcontext
def report_command(kind: str, record_id: int | None, output: Path) -> None:
    """Write a report as a PDF file."""
    try:
        pdf = _build(kind, record_id)
    except NotFound as error:
        raise click.ClickException(
            f"There is no {kind.replace('-', ' ')} with ID {record_id}."
        ) from error
    output.write_bytes(pdf)
    click.echo(f"Wrote {output} ({len(pdf):,} bytes).")


COMMANDS = (report_command,)
