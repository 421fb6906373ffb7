"""Report downloads, chart images and the overview page: viewers may read, missing ids are 404."""

from datetime import date

import pytest
from sqlalchemy import select

from crm.core.extensions import db
from crm.demo import story
from crm.demo.loader import load_demo
from crm.organisations.models import Organisation
from crm.proposals.models import Proposal
from tests.reports.helpers import pdf_text

TODAY = date(2026, 11, 28)


@pytest.fixture
def demo_ids(app):
    with app.app_context():
        load_demo(today=TODAY)
        db.session.commit()
        proposal = db.session.scalar(select(Proposal.id).where(Proposal.title == story.TITLE))
        organisation = db.session.scalars(select(Organisation.id).order_by(Organisation.id)).first()
    return proposal, organisation


def test_viewer_downloads_each_report(client, login_as, demo_ids):
    proposal_id, organisation_id = demo_ids
    login_as("viewer")
    for path, title in (
        (f"/proposals/{proposal_id}/report.pdf", "Engagement summary"),
        (f"/organisations/{organisation_id}/report.pdf", "Relationship summary"),
        ("/reports/overview.pdf", "Partnership overview"),
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.mimetype == "application/pdf"
        assert response.headers["Content-Disposition"].startswith("attachment;")
        assert response.data.startswith(b"%PDF")
        assert title in pdf_text(response.data)


def test_chart_images_are_svg_and_pages_carry_text_alternatives(client, login_as, demo_ids):
    proposal_id, organisation_id = demo_ids
    login_as("viewer")
    for path in (
        f"/proposals/{proposal_id}/map.svg",
        f"/organisations/{organisation_id}/contacts.svg",
        "/reports/channels.svg",
    ):
        response = client.get(path)
        assert response.status_code == 200
        assert response.mimetype == "image/svg+xml"
        assert b"<svg" in response.data
        assert b"'DejaVu Sans'" in response.data  # a family name browsers know
    page = client.get(f"/proposals/{proposal_id}").get_data(as_text=True)
    assert f"/proposals/{proposal_id}/report.pdf" in page
    assert 'alt="Stakeholder map. 1.' in page
    page = client.get(f"/organisations/{organisation_id}").get_data(as_text=True)
    assert f"/organisations/{organisation_id}/report.pdf" in page
    assert 'alt="Conversations per month over the last 12 months.' in page
    page = client.get("/reports/").get_data(as_text=True)
    assert "/reports/overview.pdf" in page
    assert 'alt="Conversations per month by channel' in page


def test_missing_records_are_404(client, login_as, demo_ids):
    login_as("viewer")
    for path in (
        "/proposals/999999/report.pdf",
        "/proposals/999999/map.svg",
        "/organisations/999999/report.pdf",
        "/organisations/999999/contacts.svg",
    ):
        assert client.get(path).status_code == 404, path


def test_reports_need_a_log_in(client, demo_ids):
    proposal_id, _ = demo_ids
    response = client.get(f"/proposals/{proposal_id}/report.pdf")
    assert response.status_code in (302, 401)


def test_pdf_routes_run_a_fixed_number_of_statements(app, client, login_as, count_queries):
    """Statement counts do not grow with stakes, conversations or follow-ups."""
    from tests import factories

    login_as("viewer")
    counts = []
    for size in (1, 6):
        with app.app_context():
            proposal = factories.proposal()
            organisations = [factories.organisation() for _ in range(size)]
            for organisation in organisations:
                factories.stake(organisation, proposal, role="co_producer")
                person = factories.contact(organisation=organisation)
                factories.conversation(contacts=[person])
            db.session.commit()
            ids = (proposal.id, organisations[0].id)
        with count_queries() as proposal_count:
            assert client.get(f"/proposals/{ids[0]}/report.pdf").status_code == 200
        with count_queries() as organisation_count:
            assert client.get(f"/organisations/{ids[1]}/report.pdf").status_code == 200
        with count_queries() as overview_count:
            assert client.get("/reports/overview.pdf").status_code == 200
        counts.append((proposal_count["n"], organisation_count["n"], overview_count["n"]))
    assert counts[0] == counts[1], counts
