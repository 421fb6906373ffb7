"""Partnership overview (DESIGN.md 5.4): proposals, organisations, conversations by channel."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd
from sqlalchemy import select

from crm import rules
from crm.conversations.models import Conversation
from crm.core.dates import uk_date, utcnow
from crm.core.extensions import db
from crm.organisations.models import Organisation
from crm.proposals import queries as proposal_queries
from crm.proposals.models import Proposal
from crm.proposals.timeline import NO_DEADLINE, timelines_of
from crm.reports.charts import monthly_bars
from crm.reports.months import last_months, month_label
from crm.reports.pdf import build_pdf, heading, keep, para, section
from crm.reports.tables import table
from crm.rules import lifecycle
from crm.rules.vocabulary import CHANNELS, ORGANISATION_KINDS


@dataclass(frozen=True)
class Overview:
    """The overview's tables and chart series."""

    today: date
    proposals: list[dict]
    organisations: pd.DataFrame
    months: list[str]
    series: dict[str, list[int]]

    @property
    def chart_description(self) -> str:
        """The chart's text alternative: totals per month and per channel."""
        if not self.series:
            return "Conversations per month by channel: none in the last 12 months."
        months = "; ".join(
            f"{month}: {sum(values[i] for values in self.series.values())}"
            for i, month in enumerate(self.months)
        )
        channels = "; ".join(f"{name}: {sum(values)}" for name, values in self.series.items())
        return (
            f"Conversations per month by channel, last 12 months. By month: {months}. "
            f"By channel: {channels}."
        )


def active_proposals(today: date) -> list[dict]:
    """Open proposals with readiness and timeline (five statements)."""
    proposals = db.session.scalars(
        select(Proposal)
        .where(Proposal.status.in_(lifecycle.OPEN))
        .order_by(Proposal.title, Proposal.id)
    ).all()
    rows = proposal_queries.stake_rows_for(proposals)
    facts = {p.id: proposal_queries.stake_facts(rows[p.id]) for p in proposals}
    unconsulted = {p_id: len(rules.ready_to_draft(f).outstanding) for p_id, f in facts.items()}
    timelines = timelines_of(proposals, today, unconsulted)
    return [
        {
            "proposal": proposal,
            "deadline": timelines[proposal.id].deadline,
            "consult_by": timelines[proposal.id].consult_by,
            "readiness": rules.readiness_line(facts[proposal.id]),
        }
        for proposal in proposals
    ]


def organisations_frame(today: date) -> pd.DataFrame:
    """Active organisations with last contact, last reached and days overdue (one statement)."""
    rows = db.session.execute(
        select(
            Organisation.name,
            Organisation.kind,
            Organisation.stay_in_touch_days,
            Organisation.last_contact_on,
            Organisation.last_reached_on,
        )
        .where(Organisation.archived.is_(False))
        .order_by(Organisation.name_key)
    ).all()
    frame = pd.DataFrame(rows, columns=["name", "kind", "cadence", "last_contact", "last_reached"])
    frame["overdue"] = [
        rules.stay_in_touch_overdue(reached, int(cadence) if pd.notna(cadence) else None, today)
        for reached, cadence in zip(frame["last_reached"], frame["cadence"], strict=True)
    ]
    frame["kind_label"] = frame["kind"].map(lambda k: ORGANISATION_KINDS.get(k, k))
    return frame.sort_values(["kind_label", "name"], key=lambda s: s.str.casefold(), kind="stable")


def channel_months(today: date) -> tuple[list[str], dict[str, list[int]]]:
    """Conversations per month by channel, last 12 months: pandas pivot (one statement)."""
    firsts = last_months(today)
    rows = db.session.execute(
        select(Conversation.occurred_on, Conversation.channel).where(
            Conversation.deleted_at.is_(None),
            Conversation.occurred_on >= firsts[0],
            Conversation.occurred_on <= today,
        )
    ).all()
    labels = [month_label(first) for first in firsts]
    if not rows:
        return labels, {}
    frame = pd.DataFrame(rows, columns=["day", "channel"])
    frame["month"] = [date(d.year, d.month, 1) for d in frame["day"]]
    pivot = (frame.groupby(["month", "channel"]).size().unstack("channel", fill_value=0)).reindex(
        firsts, fill_value=0
    )
    order = [c for c in CHANNELS if c in pivot.columns]
    return labels, {CHANNELS[c]: [int(v) for v in pivot[c]] for c in order}


def report_data(today: date) -> Overview:
    """Read the overview."""
    months, series = channel_months(today)
    return Overview(today, active_proposals(today), organisations_frame(today), months, series)


def _when(value) -> str:
    return uk_date(value) if value is not None and not pd.isna(value) else "Never"


def _touch(overdue, cadence) -> str:
    if pd.notna(overdue):
        return f"{int(overdue)} days overdue"
    return f"On track (every {int(cadence)} days)" if pd.notna(cadence) else "No cadence set"


def build_story(data: Overview) -> list:
    """The report's flowables after the title block."""
    story = section("Active proposals")
    story.append(
        table(
            ["Proposal", "Status", "Readiness", "Consult by", "Deadline"],
            [
                [
                    row["proposal"].title,
                    row["proposal"].status_label,
                    row["readiness"],
                    _when(row["consult_by"]) if row["consult_by"] else NO_DEADLINE,
                    _when(row["deadline"]) if row["deadline"] else NO_DEADLINE,
                ]
                for row in data.proposals
            ],
            [50, 20, 52, 28, 28],
            "No active proposals.",
            bold_first=True,
        )
    )
    story.append(
        keep(heading("Conversations per month by channel"), monthly_bars(data.months, data.series))
    )
    frame = data.organisations
    story += section("Organisations by kind")
    if frame.empty:
        story.append(para("No active organisations.", "small"))
    for kind, group in frame.groupby("kind_label", sort=True):
        overdue = int(group["overdue"].notna().sum())
        title = f"{kind} ({len(group)})" + (f", {overdue} overdue" if overdue else "")
        rows = [
            [
                r.name,
                _when(r.last_contact),
                _when(r.last_reached),
                _touch(r.overdue, r.cadence),
            ]
            for r in group.itertuples()
        ]
        story += section(title, 3)
        story.append(
            table(
                ["Organisation", "Last contact", "Last reached", "Stay in touch"],
                rows,
                [70, 36, 36, 36],
                bold_first=True,
            )
        )
    return story


def build_pdf_from(data: Overview, now: datetime | None = None) -> bytes:
    """Render already-read overview data."""
    subtitle = f"Active proposals, organisations and conversations · as of {uk_date(data.today)}"
    return build_pdf("Partnership overview", subtitle, build_story(data), now or utcnow())


def build_overview(today: date, now: datetime | None = None) -> bytes:
    """The partnership overview as PDF bytes."""
    return build_pdf_from(report_data(today), now)
