"""The audit log page: filters by user, record, action and date; old and new values."""

from __future__ import annotations

from datetime import UTC, datetime

from crm.audit.models import AuditEntry
from crm.audit.services import record
from crm.core.extensions import db
from tests import factories


def _seed(app):
    with app.app_context():
        alex = factories.user("editor", name="Alex Auditor")
        sam = factories.user("editor", name="Sam Sampler")
        org = factories.organisation("Audit Org")
        contact = factories.contact("Hidden Person")
        record("update", org, alex, {"phone": ("0100", "0200")})
        record("archive", org, sam, {"archived": (False, True)})
        record("update", contact, sam, {"email": ("a@example.org", "b@example.org")})
        old = AuditEntry(
            at=datetime(2025, 3, 4, 12, tzinfo=UTC),
            user_id=alex.id,
            entity_type="organisations",
            entity_id=org.id,
            action="create",
            changes={},
        )
        db.session.add(old)
        db.session.commit()
        return {"alex": alex.id, "sam": sam.id, "org": org.id, "contact": contact.id}


def test_page_shows_changes_with_old_and_new_values(app, client, login_as):
    ids = _seed(app)
    login_as("admin")
    page = client.get("/audit/").get_data(as_text=True)
    assert "Alex Auditor" in page and "Sam Sampler" in page
    assert "0100" in page and "0200" in page
    assert f"/organisations/{ids['org']}" in page
    assert "a@example.org" not in page  # never stored
    assert "personal data: values not kept" in page


def test_filters(app, client, login_as):
    ids = _seed(app)
    login_as("admin")

    def rows(**args):
        page = client.get("/audit/", query_string=args).get_data(as_text=True)
        return page.count('<td data-label="When"')

    assert rows() == 4
    assert rows(user=ids["alex"]) == 2
    assert rows(action="archive") == 1
    assert rows(entity_type="contacts") == 1
    assert rows(entity_type="organisations", entity_id=ids["org"]) == 3
    assert rows(date_to="31/12/2025") == 1
    assert rows(date_from="1 Jan 2026") == 3
    assert rows(date_from="4/3/2025", date_to="4/3/2025") == 1


def test_bad_filter_values_are_explained(client, login_as):
    login_as("admin")
    response = client.get("/audit/", query_string={"date_from": "someday", "entity_id": "x"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "is not a date we recognise" in page
    assert "Enter the record" in page


def test_page_runs_a_fixed_number_of_statements(app, client, login_as, count_queries):
    _seed(app)
    login_as("admin")
    client.get("/audit/")
    with count_queries() as few:
        client.get("/audit/")
    with app.app_context():
        for n in range(20):
            user = factories.user("editor")
            record("update", None, user, {"x": (n, n + 1)}, entity_type="stakes", entity_id=n)
        db.session.commit()
    with count_queries() as many:
        client.get("/audit/")
    assert many["n"] == few["n"]


def test_editors_cannot_see_the_audit_log(client, login_as):
    login_as("editor")
    assert client.get("/audit/").status_code == 403


def test_ids_and_codes_read_as_names_and_labels(app, client, login_as):
    with app.app_context():
        alex = factories.user("editor", name="Alex Auditor")
        sam = factories.user("editor", name="Sam Sampler")
        org = factories.organisation("Named Org")
        record("update", org, alex, {"owner_id": (alex.id, sam.id), "kind": ("charity", "nhs")})
        record("update", org, alex, {"owner_id": (None, 99999)})
        db.session.commit()
    login_as("admin")
    page = client.get("/audit/").get_data(as_text=True)
    assert "Alex Auditor</span>" in page and "Sam Sampler</span>" in page
    assert "NHS body" in page and "Charity" in page
    assert "#99999 (no longer held)" in page


def test_bad_filters_keep_what_was_typed_and_the_rest_still_applies(app, client, login_as):
    ids = _seed(app)
    login_as("admin")
    response = client.get(
        "/audit/",
        query_string={"action": "explode", "entity_type": "organisations", "date_to": "soon"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Action: Choose one of the options in the list." in page
    assert 'value="soon"' in page
    assert page.count('<td data-label="When"') == 3  # the record type still applies
    response = client.get(
        "/audit/",
        query_string={"date_from": "1/3/2026", "date_to": "1/1/2026", "user": ids["alex"]},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "To: The end date is before the start date." in page
    assert page.count('<td data-label="When"') == 1  # who and the start date still apply
    assert client.get("/audit/?user=abc").status_code == 422
