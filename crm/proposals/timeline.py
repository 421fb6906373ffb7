"""A proposal's timeline (rule 3.4), assembled in one place for every page, PDF, feed and command.

The rule itself is `crm.rules.timeline`; this module only gathers its inputs: the
submission deadline (the milestone marked as such), the proposal's window, the
organisation's working-day calendar, today and how many must-consult partners are
still unconsulted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from sqlalchemy import select

from crm import rules
from crm.core.extensions import db
from crm.proposals.models import Milestone, Proposal

# NO_DEADLINE: what every page, PDF and export says when a proposal has no submission
# deadline; defined beside the rule, whose "no deadline" warning is titled with it.
from crm.rules.timing import NO_DEADLINE  # noqa: F401 - re-exported for every page
from crm.settings.queries import work_calendar


def submission_deadline(proposal: Proposal) -> date | None:
    """The deadline from the proposal's loaded milestones (None when none is marked)."""
    return next((m.due_on for m in proposal.milestones if m.is_submission_deadline), None)


def submission_deadlines(proposal_ids: Iterable[int]) -> dict[int, date]:
    """{proposal_id: deadline} for the proposals that have one (one statement)."""
    ids = list(proposal_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        select(Milestone.proposal_id, Milestone.due_on).where(
            Milestone.proposal_id.in_(ids), Milestone.is_submission_deadline.is_(True)
        )
    )
    return dict(rows.tuples().all())


def timeline_of(
    proposal: Proposal,
    today: date,
    unconsulted: int = 0,
    calendar: rules.WorkCalendar | None = None,
) -> rules.Timeline:
    """One proposal's timeline, its milestones loaded (the calendar costs one statement)."""
    return rules.timeline(
        submission_deadline(proposal),
        proposal.min_window_days,
        today,
        calendar or work_calendar(),
        unconsulted,
    )


def timelines_of(
    proposals: Sequence[Proposal],
    today: date,
    unconsulted: Mapping[int, int] | None = None,
    deadlines: Mapping[int, date] | None = None,
    calendar: rules.WorkCalendar | None = None,
) -> dict[int, rules.Timeline]:
    """{proposal_id: timeline} for a list (two statements: deadlines and the calendar)."""
    if deadlines is None:
        deadlines = submission_deadlines(p.id for p in proposals)
    calendar = calendar or work_calendar()
    unconsulted = unconsulted or {}
    return {
        p.id: rules.timeline(
            deadlines.get(p.id), p.min_window_days, today, calendar, unconsulted.get(p.id, 0)
        )
        for p in proposals
    }
