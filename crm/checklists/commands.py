"""`flask crm checklist PROPOSAL_ID [--json]`: the pre-drafting checklist in a terminal."""

from __future__ import annotations

import json

import click
from flask.cli import with_appcontext
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from crm.checklists import queries
from crm.checklists.callsheet import state_text
from crm.core.dates import today_london, uk_date
from crm.core.extensions import db
from crm.proposals.models import Proposal
from crm.proposals.timeline import NO_DEADLINE
from crm.rules.vocabulary import ENGAGEMENT_LEVELS


def checklist_data(checklist: queries.Checklist) -> dict:
    """The checklist as plain values (dates ISO), as --json prints it."""
    t = checklist.timeline

    def iso(day):
        return day.isoformat() if day else None

    stakes = []
    for item in checklist.rows:
        row = item.row
        stakes.append(
            {
                "organisation": row.organisation.name,
                "engagement": row.stake.engagement_level,
                "must_consult": row.must_consult,
                "state": row.state,
                "label": row.label.sentence,
                "attempts": row.consult.attempts,
                "consulted_on": iso(row.consult.consulted_on),
                "waiver_reason": row.stake.waiver_reason,
                "last_conversation": {
                    "on": iso(item.last.occurred_on),
                    "outcome": item.last.outcome,
                }
                if item.last
                else None,
            }
        )
    return {
        "proposal": {"id": checklist.proposal.id, "title": checklist.proposal.title},
        "today": iso(checklist.today),
        "consult_by": iso(t.consult_by),
        "deadline": iso(t.deadline),
        "working_days_left": t.working_days_left,
        "working_days_to_deadline": t.working_days_to_deadline,
        "warnings": [{"code": w.code, "title": w.title, "message": w.message} for w in t.warnings],
        "ready_to_draft": checklist.readiness.ready,
        "readiness": checklist.readiness_line,
        "stakes": stakes,
    }


def _text(checklist: queries.Checklist) -> None:
    t = checklist.timeline
    click.echo(checklist.proposal.title)
    click.echo(f"Consult by:        {uk_date(t.consult_by) or NO_DEADLINE}")
    click.echo(f"Deadline:          {uk_date(t.deadline) or NO_DEADLINE}")
    if t.working_days_left is not None:
        click.echo(f"Working days left: {max(t.working_days_left, 0)} to consult by")
    for warning in t.warnings:
        click.echo(f"Warning: {warning.message}")
    ready = "Ready to draft" if checklist.readiness.ready else "Not ready to draft"
    click.echo(f"{ready}: {checklist.readiness_line}")
    for label, items in (("Must consult", checklist.must), ("Inform", checklist.inform)):
        click.echo(f"\n{label}:")
        for item in items:
            row = item.row
            last = (
                f"last {uk_date(item.last.occurred_on)}, {item.last.outcome_label.lower()}"
                if item.last
                else "no conversation yet"
            )
            level = ENGAGEMENT_LEVELS[row.stake.engagement_level]
            click.echo(f"  {row.organisation.name} [{level}] {state_text(row)}; {last}")


@click.command("checklist")
@click.argument("proposal_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print JSON (dates ISO).")
@with_appcontext
def checklist_command(proposal_id: int, as_json: bool) -> None:
    """Show a proposal's pre-drafting checklist."""
    proposal = db.session.scalar(
        select(Proposal)
        .where(Proposal.id == proposal_id)
        .options(joinedload(Proposal.author), selectinload(Proposal.milestones))
    )
    if proposal is None:
        raise click.ClickException(f"No proposal with id {proposal_id}.")
    checklist = queries.checklist(proposal, today_london())
    if as_json:
        click.echo(json.dumps(checklist_data(checklist), indent=2, ensure_ascii=False))
    else:
        _text(checklist)


COMMANDS = (checklist_command,)
