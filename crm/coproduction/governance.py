"""Partner governance on pages: who cannot decide before the response-by date (DESIGN.md 10)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from crm.coproduction.rules import Governance, Notice, default_response_by, meeting_notice


def governance_of(organisation) -> Governance:
    """The rules' view of how an organisation decides (its columns, no statement)."""
    return Governance(
        organisation.name,
        organisation.decides_by,
        organisation.meeting_week,
        organisation.meeting_weekday,
        tuple(organisation.meeting_date_list),
    )


def decision_notices(
    rows: Iterable,
    today: date,
    deadline: date | None,
    window: int,
    calendar,
    respond_by: dict[int, date] | None = None,
) -> dict[int, Notice]:
    """{stake_id: warning} for stakes whose organisation needs its trustees' or board's
    approval and has no decision meeting before the response-by date (the open request's,
    else the suggested one)."""
    suggested = default_response_by(deadline, today, window, calendar)
    found = {}
    for row in rows:
        by = (respond_by or {}).get(row.stake.id, suggested)
        notice = meeting_notice(governance_of(row.organisation), today, by)
        if notice is not None:
            found[row.stake.id] = notice
    return found
