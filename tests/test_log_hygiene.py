"""No personal data in the logs: a unique email and phone go through every feature."""

from __future__ import annotations

import logging

from sqlalchemy import select

from crm.contacts.models import Contact
from crm.core.extensions import db
from crm.organisations.models import Organisation
from tests.conftest import login
from tests.organisations.test_stale_edit import form_fields
from tests.walk import build_world, routes, sign_in, url_for_rule

EMAIL = "log-hygiene-5c1d@example.org"
PHONE = "07700 955 123"
NAME = "Lowri Loghygiene"


def _run_every_feature(app, users):
    editor, admin, stranger = app.test_client(), app.test_client(), app.test_client()
    with app.app_context():
        from crm.auth.models import User

        editor_email = db.session.get(User, users["editor"]).email
    login(editor, editor_email)
    with app.app_context():
        sign_in(admin, users["admin"])

    # Organisations and contacts: create, search, edit, a stale edit, archive, restore.
    editor.post(
        "/organisations/new",
        data={
            "name": "Log Org",
            "kind": "charity",
            "email": EMAIL,
            "phone": PHONE,
            "owner_id": "0",
        },
    )
    with app.app_context():
        org_id = db.session.scalar(select(Organisation.id).where(Organisation.email == EMAIL))
    editor.post(
        "/contacts/new",
        data={
            "name": NAME,
            "email": EMAIL,
            "phone": PHONE,
            "organisation_id": str(org_id),
            "preferred_channel": "phone",
            "lawful_basis": "legitimate_interests",
        },
    )
    with app.app_context():
        contact_id = db.session.scalar(select(Contact.id).where(Contact.email == EMAIL))
    assert contact_id, "the contact was not created"
    for path in ("/contacts/", "/organisations/"):
        editor.get(path, query_string={"q": EMAIL})
    url = f"/contacts/{contact_id}/edit"
    stale = form_fields(editor.get(url).get_data(as_text=True))
    fresh = form_fields(editor.get(url).get_data(as_text=True))
    fresh["notes"] = f"Call on {PHONE} or write to {EMAIL}"
    editor.post(url, data=fresh)
    assert editor.post(url, data=stale).status_code == 409
    editor.post(f"/contacts/{contact_id}/archive")
    editor.post(f"/contacts/{contact_id}/restore")
    editor.post("/contacts/new", data={"name": NAME, "email": "not an email", "phone": "x"})

    # Every page, as an admin, with the unique details searched for.
    with app.app_context():
        world = build_world()
        db.session.commit()
    world.update(contact_id=contact_id, organisation_id=org_id)
    for _endpoint, rule, method in routes(app):
        if method == "GET":
            admin.get(url_for_rule(rule, world), query_string={"q": EMAIL, "page": "2"})

    # Users: an account with the email; failed and rate-limited log-ins with it.
    admin.post(
        "/users/new", data={"name": NAME, "email": EMAIL, "role": "viewer", "password": "short"}
    )
    for _ in range(11):
        stranger.post("/login", data={"email": EMAIL, "password": f"wrong {PHONE}"})
    stranger.post("/login", data={"email": "  " + EMAIL.upper(), "password": "x"})

    # Privacy: the subject access export, then erasure.
    admin.get(f"/privacy/contacts/{contact_id}/export.json")
    admin.get(f"/privacy/contacts/{contact_id}/export.pdf")
    assert (
        admin.post(f"/privacy/contacts/{contact_id}/erase", data={"confirm": "y"}).status_code
        == 302
    )


def test_no_personal_data_in_the_logs(app, users, caplog):
    caplog.set_level(logging.DEBUG)  # every logger, every level
    for name in ("crm", "werkzeug", "flask", "flask_login", "flask_wtf", "alembic"):
        logging.getLogger(name).setLevel(logging.DEBUG)
    _run_every_feature(app, users)
    logged = caplog.text + "\n".join(str(record.args) for record in caplog.records)
    assert "failed log-in from" in logged  # failures are logged...
    for secret in (EMAIL, EMAIL.upper(), PHONE, NAME, "955 123", "5c1d"):
        assert secret not in logged, f"{secret!r} appeared in the logs"  # ...without who
