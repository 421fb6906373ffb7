"""Two people editing one organisation: the second save is refused and told what changed."""

from __future__ import annotations

import re
from html import unescape

from crm.core.extensions import db
from crm.organisations.models import Organisation
from tests import factories
from tests.conftest import login


def form_fields(html: str) -> dict[str, str]:
    """The values of a page's inputs, selects and textareas, as a browser would send them."""
    data = {}
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        if not name or 'type="checkbox"' in tag and "checked" not in tag:
            continue
        value = re.search(r'value="([^"]*)"', tag)
        data[name.group(1)] = unescape(value.group(1)) if value else ""
    for name, body in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        data[name] = unescape(body).lstrip("\n")
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option[^>]*value="([^"]*)"[^>]*selected', body) or re.search(
            r'<option[^>]*value="([^"]*)"', body
        )
        data[name] = unescape(chosen.group(1)) if chosen else ""
    return data


def _two_editors(app, users):
    with app.app_context():
        second = factories.user(role="editor", name="Robin Second", email="robin@example.org")
        organisation = factories.organisation(
            "Cafe Cymru", phone="01632 960000", area_served="North ward"
        )
        db.session.commit()
        first_email = db.session.get(type(second), users["editor"]).email
        ids = organisation.id
    first, other = app.test_client(), app.test_client()
    login(first, first_email)
    login(other, "robin@example.org")
    return first, other, ids


def test_second_save_is_refused_with_what_changed_and_input_kept(app, users):
    alex, robin, org_id = _two_editors(app, users)
    url = f"/organisations/{org_id}/edit"
    alex_form = form_fields(alex.get(url).get_data(as_text=True))
    robin_form = form_fields(robin.get(url).get_data(as_text=True))

    alex_form["phone"] = "01632 961111"
    assert alex.post(url, data=alex_form).status_code == 302

    robin_form["area_served"] = "South ward"
    response = robin.post(url, data=robin_form)
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Not saved" in page
    assert "changed this organisation while you were editing" in page
    # What changed: the field, the value when Robin opened the form, the value saved now.
    assert "Main phone" in page and "01632 960000" in page and "01632 961111" in page
    # Robin's typed value is still in the form.
    assert 'value="South ward"' in page
    with app.app_context():
        saved = db.session.get(Organisation, org_id)
        assert saved.phone == "01632 961111"  # Alex's save stands
        assert saved.area_served == "North ward"  # Robin's was not written

    # The field Robin had not touched now shows Alex's value; Robin's own change is kept.
    again = form_fields(page)
    assert again["area_served"] == "South ward"
    assert again["phone"] == "01632 961111"
    assert "your change, kept" in page
    # Saving again, having seen the message, keeps both changes.
    assert robin.post(url, data=again).status_code == 302
    with app.app_context():
        saved = db.session.get(Organisation, org_id)
        assert (saved.area_served, saved.phone) == ("South ward", "01632 961111")


def test_stale_message_names_who_saved(app, users):
    alex, robin, org_id = _two_editors(app, users)
    url = f"/organisations/{org_id}/edit"
    robin_form = form_fields(robin.get(url).get_data(as_text=True))
    alex_form = form_fields(alex.get(url).get_data(as_text=True))
    alex_form["name"] = "Caffi Cymru"
    alex.post(url, data=alex_form)
    page = robin.post(url, data=robin_form).get_data(as_text=True)
    assert "Editor User" in page  # the factory name of the first editor
    assert "Caffi Cymru" in page


def test_saving_with_the_current_version_works(app, client, login_as):
    login_as("editor")
    with app.app_context():
        org_id = factories.organisation("Solo Org").id
        db.session.commit()
    url = f"/organisations/{org_id}/edit"
    data = form_fields(client.get(url).get_data(as_text=True))
    data["phone"] = "01632 960123"
    assert client.post(url, data=data).status_code == 302
    data2 = form_fields(client.get(url).get_data(as_text=True))
    assert data2["version"] == "2"


def test_a_save_racing_past_the_check_is_refused_by_the_database(app, users):
    """Both passed the version check; the UPDATE ... WHERE version = n stops the second."""
    import pytest
    from sqlalchemy import text
    from sqlalchemy.orm.exc import StaleDataError

    from crm.organisations import services

    with app.app_context():
        org_id = factories.organisation("Race Org").id
        db.session.commit()
    with app.app_context():
        organisation = db.session.get(Organisation, org_id)
        version = organisation.version
        # Another save lands after this request loaded the row (raw SQL, so the
        # loaded object still holds the old version, as a racing worker's would).
        bump = text("UPDATE organisations SET version = version + 1 WHERE id = :i")
        db.session.execute(bump, {"i": org_id})
        with pytest.raises(StaleDataError):
            services.update_organisation(organisation, {"phone": "1"}, None, version=version)
            db.session.flush()
        db.session.rollback()


def test_a_partial_update_keeps_the_owner(app, users):
    """Imports update some fields only; the owner must not be cleared by them."""
    from crm.organisations import services

    with app.app_context():
        organisation = factories.organisation("Owned Org", owner_id=users["editor"])
        services.update_organisation(
            organisation, {"phone": "01632 960999"}, None, version=organisation.version
        )
        db.session.commit()
        assert db.session.get(Organisation, organisation.id).owner_id == users["editor"]
