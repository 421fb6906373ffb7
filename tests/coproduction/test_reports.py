"""The engagement summary's "Named in the draft" and "Written responses", the override line,
and the call sheet's note about partners asked in writing who have not answered."""

from __future__ import annotations

import io

from pypdf import PdfReader

from tests.coproduction.test_partner_page import ANSWER, ask


def _pdf_text(data: bytes) -> str:
    return " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages
    )


def test_the_engagement_summary_shows_the_passage_the_version_and_the_answer(
    app, client, login_as, story
):
    login_as("editor")
    token = ask(client, story)
    app.test_client().post(f"/respond/{token}", data=ANSWER)
    client.post(
        f"/proposals/{story['proposal']}/status/submitted", data={"reason": "Board date moved."}
    )
    text = _pdf_text(client.get(f"/proposals/{story['proposal']}/report.pdf").data)
    assert "Named in the draft (version 1)" in text
    assert "Riverside Peer Support Network: Agreed with changes" in text
    assert (
        "will run the peer groups, and Riverside's mentors will be paid the real Living Wage."
        in text
    )
    assert "on version 1" in text and "by Gwenllian Price (Chair of trustees), in writing" in text
    assert "Hillview Wellbeing Café: Not asked" in text
    assert "Vale Men's Shed: named, but has no stake in this proposal" in text
    assert "Written responses" in text and "Mentors paid the real Living Wage." in text
    assert "(named in the draft: not asked)" in text  # the override's outstanding list


def test_the_call_sheet_says_who_was_asked_in_writing_and_has_not_answered(client, login_as, story):
    login_as("editor")
    ask(client, story)
    page = client.get(f"/proposals/{story['proposal']}/call-sheet").get_data(as_text=True)
    assert "Asked in writing on" in page and "(Gwenllian Price), to answer by" in page
    text = _pdf_text(client.get(f"/proposals/{story['proposal']}/call-sheet.pdf").data)
    assert "Asked in writing on" in text
