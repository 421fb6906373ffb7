"""The call sheet: one set of data for the page and the PDF."""

from __future__ import annotations

import json
import re

from crm.checklists import callsheet, queries
from crm.core.extensions import db
from crm.proposals.models import Proposal
from crm.reports.call_sheet import call_sheet_pdf
from tests.checklists.conftest import TODAY
from tests.reports.helpers import pdf_fonts, pdf_text

HILLVIEW = "Hillview Wellbeing Café"


def _sheet(proposal_id: int) -> callsheet.CallSheet:
    return callsheet.call_sheet(queries.detail(proposal_id), TODAY)


def test_to_call_lists_the_outstanding_partners_with_prompts(ctx, demo):
    sheet = _sheet(demo.proposal)
    names = [e.organisation.name for e in sheet.to_call]
    assert set(names[:2]) == {HILLVIEW, "Eastbrook Polish Community Association"}
    assert len(names) == 5  # 2 not yet, 3 tried
    for entry in sheet.to_call:
        assert entry.item.row.must_consult and entry.state in ("not_yet", "attempted")
        assert len(entry.prompts) >= 3
        assert any(p.startswith("Explain the proposal in two sentences: ") for p in entry.prompts)
        assert any(
            f"Ask what would make this work for {entry.organisation.name}" in p
            for p in entry.prompts
        )
        assert any("consult by Fri 11 Dec 2026" in p for p in entry.prompts)
        assert len(entry.notes) <= 3
    tried = [e for e in sheet.to_call if e.state == "attempted"]
    assert tried and all(e.prompts[0].startswith("Acknowledge the earlier tries") for e in tried)
    assert {e.organisation.name for e in sheet.others} >= {
        "Mind in Eastbrook",
        "Eastbrook GP Federation",
    }


def test_do_not_contact_people_are_flagged_never_suggested(ctx, demo):
    sheet = _sheet(demo.proposal)
    for entry in sheet.entries:
        assert entry.contact is None or not entry.contact.do_not_contact
    hillview = next(e for e in sheet.entries if e.organisation.name == HILLVIEW)
    assert [p.name for p in hillview.do_not_contact] == ["Gareth Lloyd"]
    assert hillview.contact is not None and hillview.contact.name != "Gareth Lloyd"


def test_page_pdf_and_command_agree_on_states_and_dates(app, client, runner, login_as, demo):
    login_as("viewer")
    data = json.loads(runner.invoke(args=["crm", "checklist", str(demo.proposal), "--json"]).output)
    page = client.get(f"/proposals/{demo.proposal}/call-sheet").get_data(as_text=True)
    response = client.get(f"/proposals/{demo.proposal}/call-sheet.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    text = " ".join(pdf_text(response.data).split())
    for document in (page, text):
        assert "Fri 11 Dec 2026" in document and "Tue 5 Jan 2027" in document
        assert "runs over Christmas" in document
    with app.app_context():
        sheet = _sheet(demo.proposal)
        expected = {e.organisation.name: callsheet.state_text(e.item.row) for e in sheet.entries}
    assert {s["organisation"] for s in data["stakes"]} == set(expected)
    for stake in data["stakes"]:
        words = expected[stake["organisation"]]
        assert stake["label"] == words
        expected_start = (
            "Send the draft"
            if not stake["must_consult"] and stake["state"] != "consulted"
            else {
                "consulted": "Consulted",
                "waived": "Waived",
                "attempted": "Tried",
                "not_yet": "Not yet",
            }[stake["state"]]
        )
        assert words.startswith(expected_start)
        short = " ".join(words.split()[:4])
        assert short in text, (stake["organisation"], short)
        assert short.replace("'", "&#39;") in page
    # Links to ring straight from the phone.
    assert re.search(r'href="tel:\d+"', page)
    assert "Gareth Lloyd asked not to be contacted" in page
    assert "Gareth Lloyd asked not to be contacted" in text
    assert pdf_fonts(response.data) <= {"DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique"}


def test_markup_in_user_text_does_not_break_the_pdf(ctx, demo):
    proposal = db.session.get(Proposal, demo.proposal)
    proposal.summary = "<b>unclosed & <i>odd</font> text"
    db.session.commit()
    text = pdf_text(call_sheet_pdf(_sheet(demo.proposal)))
    assert "<b>unclosed & <i>odd</font> text" in text
