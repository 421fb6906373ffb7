"""The call sheet as a PDF: who to ring about a proposal, what to say, what happened before."""

from __future__ import annotations

from flask import Blueprint, Response

from crm.checklists import callsheet, queries
from crm.checklists.callsheet import CallEntry, CallSheet, state_text
from crm.core.access import allow
from crm.core.dates import today_london, uk_date, utcnow
from crm.proposals.timeline import NO_DEADLINE
from crm.reports.pdf import build_pdf, escape, heading, keep, markup, para, spacer
from crm.reports.tables import due_cell, section_with, table
from crm.rules.vocabulary import CHANNELS, OUTCOMES

bp = Blueprint("call_sheet_pdf", __name__, url_prefix="/proposals")


def _line(label: str, value: object) -> object:
    """'<b>Label:</b> value' with the value escaped."""
    return markup(f"<b>{escape(label)}:</b> {escape(value)}")


def _entry(entry: CallEntry, today) -> list:
    """The flowables of one partner to call."""
    contact = entry.contact
    who = contact.name if contact else "No named contact: ring the organisation"
    if contact and contact.job_title:
        who += f", {contact.job_title}"
    parts = [
        heading(entry.organisation.name, 3),
        _line("State", state_text(entry.item.row)),
        _line("Call", f"{who} · {entry.phone or 'no number on file'}"),
    ]
    if contact:
        parts.append(para(f"{contact.preference}."))
    for person in entry.do_not_contact:
        parts.append(_line("Do not contact", f"{person.name} asked not to be contacted"))
    parts.append(_line("Their stake", entry.stake_line))
    if entry.in_writing:
        parts.append(_line("In writing", entry.in_writing))
    if entry.item.load_message:
        parts.append(_line("Load", entry.item.load_message))
    if entry.prompts:
        parts.append(markup("<b>For the call:</b>"))
        parts += [para(f"{n}. {text}") for n, text in enumerate(entry.prompts, 1)]
    rows = [
        [
            uk_date(n.occurred_on),
            f"{CHANNELS.get(n.channel, n.channel)}, {OUTCOMES.get(n.outcome, n.outcome).lower()}",
            n.summary,
        ]
        for n in entry.notes
    ]
    parts.append(
        table(["Date", "How", "Notes"], rows, [26, 34, 118], empty="No conversations yet.")
    )
    if entry.follow_ups:
        parts.append(
            table(
                ["Follow-up", "Due", "Owner"],
                [
                    [f.description, due_cell(f.due_on, today), f.owner.name if f.owner else ""]
                    for f in entry.follow_ups
                ],
                [102, 40, 36],
            )
        )
    parts.append(spacer(3))
    return parts


def call_sheet_pdf(sheet: CallSheet) -> bytes:
    """The call sheet as an A4 PDF (DejaVu fonts, user text escaped)."""
    timeline = sheet.checklist.timeline
    today = sheet.checklist.today
    by = uk_date(timeline.consult_by) if timeline.consult_by else NO_DEADLINE
    deadline = uk_date(timeline.deadline) if timeline.deadline else NO_DEADLINE
    story = [
        _line("Consult by", by),
        _line("Submission deadline", deadline),
        _line("Readiness", sheet.checklist.readiness_line),
    ]
    story += [para(w.message, "callout") for w in timeline.warnings]
    story += [heading("What the proposal is"), para(sheet.proposal.summary or sheet.proposal.title)]
    story.append(heading(f"Still to call ({len(sheet.to_call)})"))
    if not sheet.to_call:
        story.append(para("Nobody left to call before drafting."))
    # One partner's block on one page; the next starts a page if it does not fit.
    story += [keep(*_entry(entry, today)) for entry in sheet.to_call]
    others = table(
        ["Organisation", "Engagement", "State"],
        [
            [e.organisation.name, e.stake_line.split(" · ")[1], state_text(e.item.row)]
            for e in sheet.others
        ],
        [70, 30, 78],
        empty="Nobody else.",
        bold_first=True,
    )
    # A short list moves to the next page whole rather than leaving a few rows there.
    story += section_with("Everyone else", others)
    if sheet.proposal_follow_ups:
        follow_ups = table(
            ["Follow-up", "Due"],
            [[f.description, due_cell(f.due_on, today)] for f in sheet.proposal_follow_ups],
            [140, 38],
        )
        story += section_with("Open follow-ups on the proposal", follow_ups)
    return build_pdf(
        f"Call sheet: {sheet.proposal.title}",
        f"Partners to ring before drafting · consult by {by}",
        story,
        utcnow(),
    )


@bp.route("/<int:proposal_id>/call-sheet.pdf")
@allow("viewer")
def download(proposal_id: int):
    proposal = queries.detail(proposal_id)
    data = call_sheet_pdf(callsheet.call_sheet(proposal, today_london()))
    name = f"call-sheet-{proposal.id}.pdf"
    return Response(
        iter([data]),
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
