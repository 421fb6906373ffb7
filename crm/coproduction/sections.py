"""Co-production sections on the draft and proposal pages (crm.hooks), and what they show."""

from __future__ import annotations

from datetime import timedelta

from crm.coproduction import names, queries
from crm.coproduction.governance import governance_of
from crm.coproduction.passages import word_diff
from crm.coproduction.rules import ANSWER_LABELS, NAMING_LABELS, meetings_between
from crm.core.dates import today_london
from crm.core.pages import section
from crm.drafts import queries as draft_queries
from crm.rules.vocabulary import STAKE_ROLES as ROLES

BADGES = {
    "agreed": "text-bg-success",
    "agreed_with_changes": "text-bg-success",
    "asked": "text-bg-info",
    "not_asked": "text-bg-danger",
    "declined": "text-bg-dark",
    "changed": "text-bg-warning",
    "not_partner": "text-bg-warning",
}


def marked(report: queries.NamesReport, organisation_id: int, passages) -> list[list]:
    """Each passage as (text, is this organisation's name) pieces."""
    return [names.highlight(text, report.directory, organisation_id) for text in passages]


def changes(partner: queries.NamedPartner) -> list[dict]:
    """What changed in the passages since they agreed, as word diffs and new passages."""
    comparison = partner.naming.comparison
    if comparison is None or comparison.intact:
        return []
    shown = [{"kind": "changed", "diff": word_diff(old, new)} for old, new in comparison.changed]
    shown += [{"kind": "added", "text": text} for text in comparison.added]
    return shown


def report_context(report: queries.NamesReport | None, proposal) -> dict:
    """What the names templates need: the report, marked passages, diffs and labels."""
    if report is None:
        return {"report": None, "proposal": proposal}
    return {
        "report": report,
        "proposal": proposal,
        "marked": {
            p.organisation.id: marked(report, p.organisation.id, p.mention.passages)
            for p in report.named
        }
        | {
            o.organisation_id: marked(report, o.organisation_id, o.mention.passages)
            for o in report.others
        },
        "changes": {p.organisation.id: changes(p) for p in report.named},
        "labels": NAMING_LABELS,
        "badges": BADGES,
        "roles": ROLES,
    }


@section("draft", "coproduction/_draft_names.html", order=10, uses=("proposal",))
def draft_names(draft, proposal=None) -> dict:
    """Who this version names, their consent, who it names without a stake, who it leaves out."""
    proposal = proposal or draft_queries.version(draft.proposal_id, draft.number).proposal
    latest = draft_queries.latest(draft.proposal_id)
    context = report_context(queries.names_report(proposal, draft), proposal)
    context["is_latest"] = latest is not None and latest.id == draft.id
    return context


@section("proposal", "coproduction/_proposal_requests.html", order=22)
def proposal_requests(proposal) -> dict:
    """Requests to answer in writing, with their states and latest answers."""
    return {
        "proposal": proposal,
        "rows": queries.request_rows(proposal.id, today_london()),
        "answer_labels": ANSWER_LABELS,
    }


@section("proposal", "coproduction/_proposal_naming.html", order=21, uses=("stake_rows",))
def proposal_naming(proposal, stake_rows=None) -> dict:
    """The latest draft's names check in one card on the proposal page."""
    draft = draft_queries.latest(proposal.id)
    report = queries.names_report(proposal, draft, stake_rows) if draft else None
    return report_context(report, proposal)


@section("organisation", "coproduction/_organisation_governance.html", order=15)
def organisation_governance(organisation) -> dict:
    """How the organisation decides and its next three decision meetings."""
    today = today_london()
    upcoming = meetings_between(governance_of(organisation), today, today + timedelta(days=200))
    return {"organisation": organisation, "next_meetings": upcoming[:3]}
