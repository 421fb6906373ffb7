"""The call sheet and the engagement summary as a board and a caller read them on the demo
(issue 14, points 2, 3, 5 and 6)."""

from __future__ import annotations

import re
from io import BytesIO

import pypdf
import pytest

from crm.checklists import callsheet, queries
from crm.reports.call_sheet import call_sheet_pdf
from crm.reports.proposal_summary import build_proposal_summary
from tests.checklists.conftest import TODAY


def _pages(data: bytes) -> list[str]:
    """Each page's text with runs of white space made single spaces."""
    reader = pypdf.PdfReader(BytesIO(data))
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


def _sheet(demo) -> tuple[callsheet.CallSheet, list[str]]:
    sheet = callsheet.call_sheet(queries.detail(demo.proposal), TODAY)
    return sheet, _pages(call_sheet_pdf(sheet))


def _texts(app, demo) -> tuple[str, str]:
    """The call sheet's and the engagement summary's text, read in their own context."""
    with app.app_context():
        _sheet_data, pages = _sheet(demo)
        summary = " ".join(_pages(build_proposal_summary(demo.proposal, TODAY)))
    return " ".join(pages), summary


def _page_of(pages: list[str], text: str) -> int:
    found = [i for i, page in enumerate(pages) if text in page]
    assert found, f"{text!r} is not in the PDF"
    return found[0]


def test_each_partners_block_stays_on_one_page(ctx, demo):
    sheet, pages = _sheet(demo)
    assert len(sheet.to_call) == 5
    for entry in sheet.to_call:
        name = entry.organisation.name
        first = _page_of(pages, f"{name} State:")
        ask = _page_of(pages, f"Ask what would make this work for {name}.")
        last_note = " ".join(entry.notes[-1].summary.split()[:6]) if entry.notes else None
        assert ask == first, name
        if last_note:
            assert _page_of(pages, last_note) == first, name


def test_the_last_page_is_a_whole_section_not_a_few_orphan_rows(ctx, demo):
    sheet, pages = _sheet(demo)
    heading = _page_of(pages, "Everyone else")
    for entry in sheet.others:
        assert _page_of(pages, entry.organisation.name + " ") >= heading
        assert entry.organisation.name in pages[heading], entry.organisation.name


def test_the_proposal_is_quoted_in_whole_sentences(ctx, demo):
    sheet, pages = _sheet(demo)
    quote = callsheet.summary_sentence(sheet.proposal)
    assert quote.endswith((".", "!", "?")) and "…" not in quote
    text = " ".join(pages)
    assert "Network,…" not in text
    assert f"Explain the proposal in two sentences: {quote}" in text


def test_call_sheet_sentences_are_composed(app, demo, client, login_as):
    login_as("viewer")
    page = client.get(f"/proposals/{demo.proposal}/call-sheet").get_data(as_text=True)
    checklist = client.get(f"/proposals/{demo.proposal}/checklist").get_data(as_text=True)
    text, _summary = _texts(app, demo)
    assert "best Best" not in text and not re.search("; best (?!times:)", text)
    assert "Prefers phone; best times: Saturdays at the school, or weekday evenings." in text
    assert "Acknowledge the earlier tries (tried twice, last Fri 20 Nov)" in text
    assert "(Tried" not in text
    assert "best Best" not in page and "(Tried" not in page
    assert "Prefers phone; best times: Saturdays at the school, or weekday evenings." in page
    assert not re.search("; best (?!times:)", checklist)
    assert "Prefers phone; best times:" in checklist


def test_overdue_follow_ups_are_flagged_in_both_pdfs(ctx, demo):
    _sheet_data, pages = _sheet(demo)
    flagged = "Overdue: was due Wed 25 Nov 2026"
    assert flagged in " ".join(pages)
    summary = " ".join(_pages(build_proposal_summary(demo.proposal, TODAY)))
    assert flagged in summary
    # Not yet due: the date alone.
    assert "Overdue: was due Mon 30 Nov 2026" not in summary
    assert re.search(r"Mon 30 Nov 2026 Send Kwame", summary)


def test_waivers_tries_and_inform_stakes_read_the_same_in_pdf_and_page(app, demo, client, login_as):
    login_as("viewer")
    page = client.get(f"/proposals/{demo.proposal}/checklist").get_data(as_text=True)
    sheet_text, summary = _texts(app, demo)
    for text in (summary, sheet_text):
        assert "Waived: Dr Jenkins asked" in text  # the reason
        assert "(Alex Morgan, Fri 20 Nov 2026)" in text  # who waived, and when
        assert "Send the draft (inform only, no call needed)" in text
    assert "Tried twice, last Fri 20 Nov" in summary
    # The wider Consulted column takes no room a stakeholder table word needs.
    for word in ("Supportive", "Co-producer", "Collaborate", "Agreement", "Concerned"):
        assert word in summary
    assert "Send the draft" in page and "Tried twice, last Fri 20 Nov" in page
    assert "Alex Morgan, Fri 20 Nov 2026" in page


@pytest.mark.parametrize("extra", [0, 2, 8, 14, 18, 30])
def test_the_everyone_else_list_never_leaves_a_few_rows_on_a_page(ctx, demo, extra):
    from crm.core.extensions import db
    from crm.proposals.models import Proposal
    from crm.reports.tables import MIN_ROWS
    from tests import factories

    proposal = db.session.get(Proposal, demo.proposal)
    for number in range(extra):
        factories.stake(
            factories.organisation(f"Informed Group {number:02d}"), proposal, "informed"
        )
    db.session.commit()
    sheet, pages = _sheet(demo)
    heading = _page_of(pages, "Everyone else")
    on_page: dict[int, int] = {}
    for entry in sheet.others:
        page = _page_of(pages[heading:], entry.organisation.name + " ") + heading
        on_page[page] = on_page.get(page, 0) + 1
    assert min(on_page) == heading  # the heading sits with its first rows
    assert all(count >= MIN_ROWS for count in on_page.values()) or len(on_page) == 1, on_page


def test_the_organisation_page_says_why_who_and_when_a_stake_was_waived(client, login_as, demo):
    login_as("viewer")
    gp = demo.organisations["Eastbrook GP Federation"]
    page = client.get(f"/organisations/{gp}").get_data(as_text=True)
    assert "Waived</span>" in page
    assert "Dr Jenkins asked at the action group" in page
    assert "(Alex Morgan, Fri 20 Nov 2026)" in page


def test_no_heading_is_left_at_a_pages_foot_on_any_demo_call_sheet(ctx, demo):
    from sqlalchemy import select

    from crm.core.extensions import db
    from crm.proposals.models import Proposal

    for proposal_id in db.session.scalars(select(Proposal.id)):
        sheet = callsheet.call_sheet(queries.detail(proposal_id), TODAY)
        pages = _pages(call_sheet_pdf(sheet))
        if sheet.others:
            heading = _page_of(pages, "Everyone else")
            assert sheet.others[0].organisation.name in pages[heading], proposal_id
