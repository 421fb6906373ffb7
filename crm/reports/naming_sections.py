"""The engagement summary's co-production sections: who is named in the draft and on what
terms (rule 3.7), and the written responses received."""

from __future__ import annotations

from typing import TYPE_CHECKING

from crm.coproduction.rules import ANSWER_LABELS, CONSENT_LABELS
from crm.core.dates import uk_date
from crm.reports.pdf import keep, para, section
from crm.reports.tables import table

if TYPE_CHECKING:  # the summary imports these sections
    from crm.reports.proposal_summary import ProposalReport


def _consent_line(partner, answers: dict) -> str:
    """'Agreed with changes on version 1, Mon 7 Dec 2026, by Gwenllian Price (Chair) in
    writing' or what the officer recorded."""
    consent = partner.consent
    if consent is None:
        return "Not asked yet." if partner.naming.state == "not_asked" else "Asked; no answer yet."
    answer = answers.get(consent.answer_id)
    if answer is not None:
        who = f"by {answer.responder}, in writing"
    else:
        by = consent.created_by.name if consent.created_by else "a former user"
        who = f"recorded by {by}" + (f" ({consent.note})" if consent.note else "")
    line = (
        f"{CONSENT_LABELS[consent.state]}: on version {consent.draft.number}, "
        f"{uk_date(consent.decided_on)}, {who}."
    )
    if consent.wording:
        line += f" Wording asked for: “{consent.wording}”"
    return line


def naming_section(data: ProposalReport) -> list:
    """Named in the draft: each organisation, its passages, the version and answer."""
    report = data.names
    if report is None:
        return section("Named in the draft") + [para("No draft has been added yet.", "small")]
    answers = {a.id: a for row in data.responses for a in row.answers}
    story = section(f"Named in the draft (version {report.draft.number})")
    if not report.named and not report.others:
        story.append(
            para("The latest draft names none of the organisations in Partnerwise.", "small")
        )
    for partner in report.named:
        story.append(
            keep(
                para(f"{partner.organisation.name}: {partner.naming.label}", "h3"),
                *[para(text, "callout") for text in partner.mention.passages],
                para(_consent_line(partner, answers), "small"),
            )
        )
    for other in report.others:
        story.append(
            keep(
                para(f"{other.name}: named, but has no stake in this proposal", "h3"),
                *[para(text, "callout") for text in other.mention.passages],
            )
        )
    return story


def responses_section(data: ProposalReport) -> list:
    """Every written answer received, newest request first, every answer kept."""
    rows = [
        [
            uk_date(answer.submitted_at),
            row.organisation.name,
            answer.responder,
            ANSWER_LABELS["stances"][answer.stance]
            + (f": {answer.stance_comments}" if answer.stance_comments else ""),
            ANSWER_LABELS["agreements"][answer.agreement]
            + (f": {answer.agreement_detail}" if answer.agreement_detail else ""),
            ANSWER_LABELS["naming"].get(answer.naming or "", "")
            + (f": “{answer.naming_wording}”" if answer.naming_wording else ""),
        ]
        for row in data.responses
        for answer in row.answers
    ]
    header = ["Date", "Organisation", "From", "View", "Agreement", "Being named"]
    return section("Written responses") + [
        table(header, rows, [22, 30, 28, 34, 34, 30], "No written responses yet.", bold_first=False)
    ]
