"""Proposal engagement summary (DESIGN.md 5.1): the report a board reads before deciding."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, select

from crm import rules
from crm.conversations import queries as conversation_queries
from crm.conversations.models import Conversation, ConversationProposal
from crm.coproduction import queries as coproduction_queries
from crm.coproduction.rules import NAMING_LABELS
from crm.core.dates import uk_date, utcnow
from crm.core.extensions import db
from crm.drafts import queries as draft_queries
from crm.followups import queries as followup_queries
from crm.followups.models import FollowUp
from crm.proposals import queries as proposal_queries
from crm.proposals.models import Proposal, StatusChange
from crm.proposals.timeline import NO_DEADLINE, timeline_of
from crm.reports.naming_sections import naming_section, responses_section
from crm.reports.pdf import build_pdf, escape, heading, keep, markup, para, section, spacer
from crm.reports.stakeholder_map import MapPoint, map_description, stakeholder_map
from crm.reports.tables import due_cell, table
from crm.rules.vocabulary import AGREEMENTS, ENGAGEMENT_LEVELS, OVERRIDE_KINDS, STAKE_ROLES, STANCES

# A board reads the recent story; the full log stays in the app.
LOG_LIMIT = 150


@dataclass(frozen=True)
class ProposalReport:
    """Everything the proposal summary shows, read in a fixed number of statements."""

    proposal: Proposal
    today: date
    timeline: rules.Timeline
    readiness: str
    rows: list[proposal_queries.StakeRow]
    overrides: list[StatusChange]
    conversations: list[Conversation]
    conversation_total: int
    follow_ups: list[FollowUp]
    names: coproduction_queries.NamesReport | None = None  # the latest draft's names check
    responses: list = field(default_factory=list)  # coproduction_queries.RequestRow

    @property
    def points(self) -> list[MapPoint]:
        """The stakeholder map's points."""
        return [
            MapPoint(
                row.organisation.name, row.stake.influence, row.stake.interest, row.stake.stance
            )
            for row in self.rows
        ]

    @property
    def map_description(self) -> str:
        """The map's text alternative."""
        return map_description(self.points)

    @property
    def sign_offs(self) -> list[proposal_queries.StakeRow]:
        """Collaborate and empower stakes: the co-production sign-off table."""
        return [row for row in self.rows if row.needs_sign_off]


def _unconsulted(rows) -> int:
    return len(rules.ready_to_draft(proposal_queries.stake_facts(rows)).outstanding)


def report_data(proposal_id: int, today: date) -> ProposalReport:
    """Read one proposal's report (404 when missing); statements do not grow with the data."""
    proposal = proposal_queries.detail(proposal_id)
    rows = proposal_queries.stake_rows(proposal)
    draft = draft_queries.latest(proposal.id)
    overrides = [
        change
        for change in proposal_queries.status_history(proposal)
        if change.override_kind is not None
    ]
    conversations, _more = conversation_queries.timeline("proposal", proposal.id, limit=LOG_LIMIT)
    total = db.session.scalar(
        select(func.count(Conversation.id))
        .join(ConversationProposal, ConversationProposal.conversation_id == Conversation.id)
        .where(ConversationProposal.proposal_id == proposal.id, Conversation.deleted_at.is_(None))
    )
    return ProposalReport(
        proposal=proposal,
        today=today,
        timeline=timeline_of(proposal, today, unconsulted=_unconsulted(rows)),
        readiness=rules.readiness_line(proposal_queries.stake_facts(rows)),
        rows=rows,
        overrides=sorted(overrides, key=lambda c: (c.changed_at, c.id)),
        conversations=conversations,
        conversation_total=total or 0,
        follow_ups=followup_queries.open_for("proposal", proposal.id),
        names=coproduction_queries.names_report(proposal, draft, rows) if draft else None,
        responses=coproduction_queries.request_rows(proposal.id, today),
    )


def participant_names(conversation: Conversation) -> str:
    """Who took part; erased people are shown as such, never by a stale name."""
    names = [
        part.contact.name if part.contact is not None else "erased contact"
        for part in conversation.participants
    ]
    return ", ".join(names)


def _facts(data: ProposalReport) -> list:
    p = data.proposal
    pairs = [
        ("Status", p.status_label),
        ("Decision body", p.decision_body or "Not recorded"),
        ("Author", p.author.name if p.author else "Nobody yet"),
        ("Consultation started", uk_date(p.consultation_start)),
        ("Submission deadline", uk_date(data.timeline.deadline) or NO_DEADLINE),
        ("Consult by", uk_date(data.timeline.consult_by) or f"{NO_DEADLINE}, so none"),
    ]
    return [table(["", ""], [[k, v] for k, v in pairs], [45, 133], bold_first=True)]


def _override_sections(data: ProposalReport) -> list:
    story = []
    for kind, title in OVERRIDE_KINDS.items():
        changes = [c for c in data.overrides if c.override_kind == kind]
        story += section(title)
        if not changes:
            story.append(para("No override recorded.", "small"))
            continue
        for change in changes:
            who = change.changed_by.name if change.changed_by else "a former user"
            outstanding = ", ".join(
                str(o.get("name", ""))
                + (
                    " (named in the draft: "
                    f"{NAMING_LABELS.label(o['naming'], o['naming']).lower()})"
                    if o.get("naming")
                    else ""
                )
                for o in change.outstanding or []
            )
            story.append(
                keep(
                    para(f"{uk_date(change.changed_at)} by {who}", "h3"),
                    para(f"Reason: {change.override_reason}", "callout"),
                    para(f"Outstanding at the time: {outstanding or 'none listed'}", "small"),
                )
            )
    return story


def _stake_table(data: ProposalReport):
    rows = [
        [
            row.organisation.name,
            STAKE_ROLES.get(row.stake.role, row.stake.role),
            ENGAGEMENT_LEVELS.get(row.stake.engagement_level, row.stake.engagement_level),
            STANCES.get(row.stake.stance, row.stake.stance),
            AGREEMENTS.get(row.stake.agreement, row.stake.agreement),
            row.label.sentence,
            row.key_contact.name if row.key_contact else "",
        ]
        for row in data.rows
    ]
    header = ["Organisation", "Role", "Level", "Stance", "Agreement", "Consulted", "Contact"]
    return table(header, rows, [33, 23, 22, 21, 23, 32, 24], "No stakes yet.", bold_first=True)


def _log(data: ProposalReport) -> list:
    rows = [
        [
            uk_date(c.occurred_on),
            f"{c.channel_label} · {c.outcome_label}",
            ", ".join(o.name for o in c.organisations),
            participant_names(c),
            c.summary,
        ]
        for c in data.conversations
    ]
    story = section("Conversation log")
    if data.conversation_total > len(data.conversations):
        story.append(
            para(
                f"The {len(data.conversations)} most recent of {data.conversation_total} "
                "conversations; the full log is in Partnerwise.",
                "small",
            )
        )
    header = ["Date", "How", "Organisations", "People", "Summary"]
    story.append(table(header, rows, [24, 24, 32, 30, 68], "No conversations logged yet."))
    return story


def build_story(data: ProposalReport) -> list:
    """The report's flowables after the title block."""
    drawing = stakeholder_map(data.points)
    story = _facts(data)
    story += [spacer(3), markup(f"<b>Readiness:</b> {escape(data.readiness)}", "callout")]
    if data.proposal.milestones:
        story += section("Milestones")
        story.append(
            table(
                ["Milestone", "Due", "Note"],
                [
                    [
                        m.name,
                        uk_date(m.due_on),
                        "Submission deadline" if m.is_submission_deadline else "",
                    ]
                    for m in data.proposal.milestones
                ],
                [100, 40, 38],
            )
        )
    story += [keep(heading("Stakeholder map"), drawing)]
    story += section("Stakeholders") + [_stake_table(data)]
    story += _override_sections(data)
    story += section("Co-production sign-off")
    story.append(
        table(
            ["Organisation", "Level", "Agreement", "Date", "Conditions"],
            [
                [
                    row.organisation.name,
                    ENGAGEMENT_LEVELS.get(row.stake.engagement_level, ""),
                    AGREEMENTS.get(row.stake.agreement, row.stake.agreement),
                    uk_date(row.stake.agreement_date) if row.stake.agreement_date else "",
                    row.stake.agreement_conditions,
                ]
                for row in data.sign_offs
            ],
            [42, 24, 30, 26, 56],
            "No collaborate or empower stakes: no sign-off needed.",
            bold_first=True,
        )
    )
    story += naming_section(data)
    story += responses_section(data)
    story += _log(data)
    story += follow_ups_section(data.follow_ups, data.today)
    return story


def follow_ups_section(follow_ups, today: date | None) -> list:
    """The open follow-ups table both the proposal and the organisation reports end with;
    overdue ones say so."""
    rows = [
        [
            due_cell(f.due_on, today),
            f.description,
            f.owner.name if f.owner else "",
        ]
        for f in follow_ups
    ]
    return section("Open follow-ups") + [
        table(["Due", "What", "Owner"], rows, [40, 100, 38], "No open follow-ups.")
    ]


def map_points(proposal: Proposal, rows: list | None = None) -> list[MapPoint]:
    """The stakeholder map's points for the page's chart (two statements unless given rows)."""
    if rows is None:
        rows = proposal_queries.stake_rows(proposal)
    return [
        MapPoint(row.organisation.name, row.stake.influence, row.stake.interest, row.stake.stance)
        for row in rows
    ]


def build_proposal_summary(proposal_id: int, today: date, now: datetime | None = None) -> bytes:
    """The proposal engagement summary as PDF bytes."""
    return build_pdf_from(report_data(proposal_id, today), now)


def build_pdf_from(data: ProposalReport, now: datetime | None = None) -> bytes:
    """Render already-read report data."""
    p = data.proposal
    subtitle = f"Engagement summary · {p.status_label}"
    if p.decision_body:
        subtitle += f" · for {p.decision_body}"
    return build_pdf(p.title, subtitle, build_story(data), now or utcnow())
