"""Two people editing one contact: the second is told what changed; nothing is overwritten."""

from __future__ import annotations

from crm.auth.models import User
from crm.contacts.models import Contact
from crm.core.extensions import db
from tests import factories
from tests.conftest import login
from tests.organisations.test_stale_edit import form_fields


def test_two_browsers_editing_a_contact(app, users):
    with app.app_context():
        factories.user(role="editor", email="second@example.org")
        contact = factories.contact("Siân Llŷr", email="sian@example.org", notes="Prefers mornings")
        db.session.commit()
        contact_id = contact.id
        first_email = db.session.get(User, users["editor"]).email
    one, two = app.test_client(), app.test_client()
    login(one, first_email)
    login(two, "second@example.org")
    url = f"/contacts/{contact_id}/edit"
    form_one = form_fields(one.get(url).get_data(as_text=True))
    form_two = form_fields(two.get(url).get_data(as_text=True))

    form_one["email"] = "sian.llyr@example.org"
    form_one["do_not_contact"] = "y"
    assert one.post(url, data=form_one).status_code == 302

    form_two["notes"] = "Prefers afternoons now"
    response = two.post(url, data=form_two)
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "sian@example.org" in page and "sian.llyr@example.org" in page
    assert "Do not contact" in page  # a tick box change is described too (No -> Yes)
    assert "Prefers afternoons now" in page  # the second person's input is kept
    with app.app_context():
        saved = db.session.get(Contact, contact_id)
        assert saved.email == "sian.llyr@example.org"
        assert saved.notes == "Prefers mornings"
        assert saved.do_not_contact is True
    again = form_fields(page)
    assert again["email"] == "sian.llyr@example.org"  # not reverted by the second person
    assert again["do_not_contact"] == "y"
    assert two.post(url, data=again).status_code == 302
    with app.app_context():
        saved = db.session.get(Contact, contact_id)
        assert (saved.email, saved.notes, saved.do_not_contact) == (
            "sian.llyr@example.org",
            "Prefers afternoons now",
            True,
        )


def test_a_forged_snapshot_only_loses_the_details(app, client, login_as):
    login_as("editor")
    with app.app_context():
        contact_id = factories.contact("Person A").id
        db.session.commit()
    url = f"/contacts/{contact_id}/edit"
    data = form_fields(client.get(url).get_data(as_text=True))
    with app.app_context():
        person = db.session.get(Contact, contact_id)
        person.job_title = "Chair"
        db.session.commit()
    data["original"] = "tampered"
    response = client.post(url, data=data)
    assert response.status_code == 409
    assert "They changed details this form does not show" in response.get_data(as_text=True)
