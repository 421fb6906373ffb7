"""Consent to be named (DESIGN.md section 10), as pure functions over plain values."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from crm.coproduction.passages import Comparison, compare
from crm.drafts.text import paragraphs
from crm.rules.vocabulary import (
    ANSWER_AGREEMENTS,
    ANSWER_NAMING,
    ANSWER_STANCES,
    NAMING_CONSENTS,
    NAMING_STATES,
    REQUEST_STATES,
)

CONSENT_LABELS = NAMING_CONSENTS
NAMING_LABELS = NAMING_STATES
NAMING_OK = frozenset({"agreed", "agreed_with_changes"})

# An answer's agreement as the stake records it; "need more time" leaves it asked.
STAKE_AGREEMENT = {
    "agree": "agreed",
    "agree_with_conditions": "agreed_with_conditions",
    "decline": "declined",
    "need_more_time": "asked",
}
NAMING_CONSENT = {"yes": "agreed", "yes_with_wording": "agreed_with_changes", "no": "declined"}
ANSWER_LABELS = {
    "stances": ANSWER_STANCES,
    "agreements": ANSWER_AGREEMENTS,
    "naming": ANSWER_NAMING,
}
REQUEST_LABELS = REQUEST_STATES
# A link keeps working this long after the response-by date (to read the answer, download the
# receipt, or answer late), then says nothing at all.
LINK_GRACE_DAYS = 14


@dataclass(frozen=True)
class Consent:
    """A recorded answer about being named: on which version, which passages, what wording."""

    state: str
    draft_number: int
    passages: tuple[str, ...]
    wording: str
    decided_on: date


@dataclass(frozen=True)
class NamingState:
    """A named partner's consent on the latest draft, and how its passages have moved."""

    state: str
    consent: Consent | None
    comparison: Comparison | None
    asked: bool

    @property
    def label(self) -> str:
        return NAMING_LABELS[self.state]

    @property
    def ok(self) -> bool:
        """Whether this consent lets the proposal be submitted (rule 3.3 as grown)."""
        return self.state in NAMING_OK


def naming_state(current: tuple[str, ...], consent: Consent | None, asked: bool) -> NamingState:
    """The consent state for passages naming a partner now, given their latest answer.

    Consent given on any version holds while every passage naming them now is one they
    saw or the wording they asked for; otherwise it is "changed since they agreed".
    """
    if consent is None:
        return NamingState("asked" if asked else "not_asked", None, None, asked)
    if consent.state not in CONSENT_LABELS:
        raise ValueError(f"Unknown consent: {consent.state!r}")
    if consent.state == "declined":
        return NamingState("declined", consent, None, asked)
    agreed = consent.passages + tuple(paragraphs(consent.wording))
    comparison = compare(agreed, current)
    state = consent.state if comparison.intact else "changed"
    return NamingState(state, consent, comparison, asked)


def request_state(
    *,
    revoked: bool,
    answered: bool,
    opened: bool,
    sent: bool,
    respond_by: date,
    today: date,
) -> str:
    """A request's state: revoked, answered, expired, opened, sent or not sent."""
    if revoked:
        return "revoked"
    if answered:
        return "answered"
    if today > respond_by:
        return "expired"
    if opened:
        return "opened"
    return "sent" if sent else "not_sent"


def link_works(revoked: bool, respond_by: date, today: date) -> bool:
    """Whether a partner's link still opens: not revoked, up to the response-by date + 14 days."""
    return not revoked and today <= respond_by + timedelta(days=LINK_GRACE_DAYS)


def may_answer(respond_by: date, today: date, answered: bool) -> bool:
    """Answers can be given and changed until the response-by date; a first answer late too."""
    return today <= respond_by or not answered


# Response time and partner governance (DESIGN.md 3.4 as grown by section 10)

REVISE_DAYS = 3  # working days the author keeps after the answers, to revise the draft


@dataclass(frozen=True)
class Governance:
    """How an organisation decides: its arrangement and its decision meetings."""

    name: str
    decides_by: str  # unknown, none, manager, trustees
    meeting_week: int | None = None  # 1-4, 5 = last
    meeting_weekday: int | None = None  # 0 = Monday
    meeting_dates: tuple[date, ...] = ()

    @property
    def needs_a_meeting(self) -> bool:
        return self.decides_by == "trustees"


@dataclass(frozen=True)
class Notice:
    """A warning in plain words about a response-by date."""

    code: str
    message: str


def monthly_meeting(year: int, month: int, week: int, weekday: int) -> date:
    """The `week`th (5 = last) `weekday` of a month, e.g. the second Tuesday."""
    if week == 5:
        last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (week - 1))


def meetings_between(governance: Governance, start: date, end: date) -> list[date]:
    """Decision meetings from `start` to `end` inclusive, listed dates and the monthly rule."""
    found = {day for day in governance.meeting_dates if start <= day <= end}
    if governance.meeting_week and governance.meeting_weekday is not None:
        year, month = start.year, start.month
        while date(year, month, 1) <= end:
            day = monthly_meeting(year, month, governance.meeting_week, governance.meeting_weekday)
            if start <= day <= end:
                found.add(day)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return sorted(found)


def next_meeting(governance: Governance, after: date, horizon_days: int = 400) -> date | None:
    """The first decision meeting on or after `after` (within about a year), or None."""
    found = meetings_between(governance, after, after + timedelta(days=horizon_days))
    return found[0] if found else None


def _long(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def meeting_notice(governance: Governance, today: date, respond_by: date) -> Notice | None:
    """A warning when an organisation that needs its trustees' or board's approval has no
    decision meeting between today and the response-by date."""
    if not governance.needs_a_meeting:
        return None
    if meetings_between(governance, today, respond_by):
        return None
    upcoming = next_meeting(governance, today)
    if upcoming is None:
        return Notice(
            "no_meeting_known",
            f"{governance.name} needs its trustees' or board's approval, and no meeting date "
            "is recorded: ask when they next meet.",
        )
    return Notice(
        "meeting_after",
        f"{governance.name}'s trustees or board next meet on {_long(upcoming)}, after your "
        f"response-by date ({_long(respond_by)}).",
    )


def add_working_days(day: date, n: int, calendar) -> date:
    """The date `n` working days after `day` (a checklists.workdays.WorkCalendar)."""
    while n > 0:
        day += timedelta(days=1)
        n -= calendar.is_working_day(day)
    return day


def default_response_by(deadline: date | None, today: date, window: int, calendar) -> date:
    """The deadline less a few working days for the author to revise; with no deadline, or
    when that has passed, the proposal's minimum window from today."""
    if deadline is not None:
        by = calendar.subtract_working_days(deadline, REVISE_DAYS)
        if by > today:
            return by
        if deadline > today:
            return deadline
    return add_working_days(today, max(window, 1), calendar)


def response_notices(
    today: date,
    respond_by: date,
    window: int,
    calendar,
    governance: Governance | None = None,
    deadline: date | None = None,
) -> list[Notice]:
    """Warnings about a response-by date: too few working days, a closure or holidays in
    the time to answer, after the deadline, and no decision meeting before it."""
    notices = []
    days = calendar.working_days_between(today, respond_by)
    if days < window:
        notices.append(
            Notice(
                "short",
                f"They get {days} working day{'s' if days != 1 else ''} to answer; this "
                f"proposal's minimum is {window}.",
            )
        )
    span = [today + timedelta(days=i) for i in range(1, (respond_by - today).days + 1)]
    if any(calendar.in_closure(day) for day in span):
        over = "Christmas" if any((d.month, d.day) == (12, 25) for d in span) else "a closure"
        notices.append(
            Notice("closure", f"The time to answer runs over {over}: people may be away.")
        )
    if deadline is not None and respond_by > deadline:
        notices.append(
            Notice(
                "after_deadline",
                f"The response-by date is after the submission deadline ({_long(deadline)}).",
            )
        )
    if governance is not None:
        notice = meeting_notice(governance, today, respond_by)
        if notice is not None:
            notices.append(notice)
    return notices
