"""The partner's receipt: a PDF of the answer they gave on the partner page."""

from __future__ import annotations

from datetime import datetime

from crm.coproduction.partner import PartnerView
from crm.coproduction.rules import ANSWER_LABELS
from crm.core.dates import uk_date, uk_datetime
from crm.core.pages import provider
from crm.reports.pdf import build_pdf, para, section
from crm.reports.tables import table


@provider("partner_receipt_pdf")
def build_receipt(view: PartnerView, generated: datetime) -> bytes:
    """Their latest answer, earlier ones, and what they were shown, as PDF bytes."""
    answer = view.latest
    rows = [
        ["Proposal", view.proposal.title],
        ["For", view.organisation.name],
        ["Answered by", answer.responder],
        ["Sent", uk_datetime(answer.submitted_at)],
        ["Answer by", uk_date(view.request.respond_by)],
    ]
    if view.draft is not None:
        rows.append(["Draft version", str(view.draft.number)])
    story = [table(["", ""], rows, [40, 138], bold_first=True)]
    story += section("Your answer")
    answers = [
        ["Your view", ANSWER_LABELS["stances"][answer.stance], answer.stance_comments],
        ["Agreement", ANSWER_LABELS["agreements"][answer.agreement], answer.agreement_detail],
    ]
    if answer.naming:
        answers.append(
            ["Being named", ANSWER_LABELS["naming"][answer.naming], answer.naming_wording]
        )
    story.append(
        table(["Question", "Answer", "Your words"], answers, [34, 50, 94], bold_first=True)
    )
    if view.passages:
        story += section("What the draft said about you")
        story += [para(text, "callout") for text in view.passages]
    if len(view.answers) > 1:
        story += section("Your earlier answers")
        story.append(
            table(
                ["Sent", "View", "Agreement", "Being named"],
                [
                    [
                        uk_datetime(earlier.submitted_at),
                        ANSWER_LABELS["stances"][earlier.stance],
                        ANSWER_LABELS["agreements"][earlier.agreement],
                        ANSWER_LABELS["naming"].get(earlier.naming or "", ""),
                    ]
                    for earlier in view.answers[:-1]
                ],
                [40, 30, 50, 58],
            )
        )
    return build_pdf(
        f"Your answer: {view.proposal.title}",
        f"Written response from {view.organisation.name}",
        story,
        generated,
    )
