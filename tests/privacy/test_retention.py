"""Retention review: contacts with no conversation for the configured years; bulk erase."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from crm.contacts.models import Contact
from crm.core.dates import today_london, utcnow
from crm.core.extensions import db
from crm.privacy.queries import retention_query, years_before
from crm.settings.models import Settings
from tests import factories


@pytest.fixture(autouse=True)
def _clock(set_today):
    set_today(date(2027, 2, 26))


def _people(app) -> dict[str, int]:
    today = today_london()
    long_ago = utcnow() - timedelta(days=365 * 8)
    with app.app_context():
        quiet = factories.contact("Quiet Since Long Ago", created_at=long_ago)
        factories.conversation([quiet], occurred_on=years_before(today, 7))
        recent = factories.contact("Recently Called", created_at=long_ago)
        factories.conversation([recent], occurred_on=years_before(today, 7))
        factories.conversation([recent], occurred_on=today - timedelta(days=30))
        never = factories.contact("Never Contacted", created_at=long_ago)
        new = factories.contact("New And Not Called Yet")
        deleted_only = factories.contact("Only A Deleted Call", created_at=long_ago)
        factories.conversation([deleted_only], occurred_on=today, deleted_at=utcnow())
        db.session.commit()
        return {
            "quiet": quiet.id,
            "recent": recent.id,
            "never": never.id,
            "new": new.id,
            "deleted_only": deleted_only.id,
        }


def _due(years: int) -> set[int]:
    return {contact.id for contact in db.session.scalars(retention_query(years))}


def test_who_is_due(app):
    people = _people(app)
    with app.app_context():
        assert _due(6) == {people["quiet"], people["never"], people["deleted_only"]}
        assert _due(10) == set()


def test_years_before_handles_leap_days():
    from datetime import date

    assert years_before(date(2028, 2, 29), 6) == date(2022, 2, 28)


def test_page_uses_the_configured_years(app, client, login_as):
    people = _people(app)
    login_as("admin")
    page = client.get("/privacy/retention").get_data(as_text=True)
    assert "last 6 years" in page
    assert "Quiet Since Long Ago" in page and "Never Contacted" in page
    assert "Recently Called" not in page and "New And Not Called Yet" not in page
    with app.app_context():
        db.session.add(Settings(retention_years=9))
        db.session.commit()
    page = client.get("/privacy/retention").get_data(as_text=True)
    assert "last 9 years" in page
    assert "Quiet Since Long Ago" not in page
    assert people


def test_bulk_erase_erases_only_those_due(app, client, login_as):
    people = _people(app)
    login_as("admin")
    response = client.post(
        "/privacy/retention/erase",
        data={"contact_id": [people["quiet"], people["never"], people["recent"]], "confirm": "y"},
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "Erased 2 contacts." in page
    assert "1 no longer due for review" in page
    with app.app_context():
        left = set(db.session.scalars(select(Contact.id)))
    assert people["quiet"] not in left and people["never"] not in left
    assert people["recent"] in left and people["deleted_only"] in left


def test_bulk_erase_needs_a_tick_and_a_choice(app, client, login_as):
    people = _people(app)
    login_as("admin")
    response = client.post("/privacy/retention/erase", data={"contact_id": [people["quiet"]]})
    assert response.status_code == 422
    assert b"Tick the box" in response.data
    response = client.post("/privacy/retention/erase", data={"confirm": "y"})
    assert response.status_code == 422
    assert b"Tick at least one contact" in response.data
    with app.app_context():
        assert db.session.get(Contact, people["quiet"]) is not None


def test_retention_page_runs_a_fixed_number_of_statements(app, client, login_as, count_queries):
    _people(app)
    login_as("admin")
    long_ago = utcnow() - timedelta(days=4000)

    def add(count: int) -> None:
        with app.app_context():
            org = factories.organisation()
            for n in range(count):
                factories.contact(f"Old {n}", organisation=org, created_at=long_ago)
            db.session.commit()

    add(1)
    client.get("/privacy/retention")
    with count_queries() as few:
        client.get("/privacy/retention")
    add(15)
    with count_queries() as many:
        client.get("/privacy/retention")
    assert many["n"] == few["n"]
