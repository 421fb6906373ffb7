"""Unhandled errors are logged without the data that caused them."""

from __future__ import annotations

import logging

from crm import create_app
from crm.contacts.models import Contact
from crm.core.access import allow
from crm.core.config import TestingConfig
from crm.core.extensions import db
from tests.walk import sign_in

SECRET = "Secret Name 0451"


def test_a_crash_is_logged_without_personal_data(database_url, users, caplog):
    app = create_app(
        TestingConfig, {"SQLALCHEMY_DATABASE_URI": database_url, "PROPAGATE_EXCEPTIONS": False}
    )

    @app.route("/boom", methods=["POST"])
    @allow("viewer", write="viewer")
    def boom():
        db.session.add(Contact(name=SECRET, email="secret0451@example.org", lawful_basis="bad"))
        db.session.flush()  # violates the lawful-basis CHECK constraint
        return "unreachable"

    client = app.test_client()
    with app.app_context():
        sign_in(client, users["viewer"])
    caplog.set_level(logging.DEBUG)
    response = client.post("/boom")
    assert response.status_code == 500
    assert b"Something went wrong on our side" in response.data
    assert "IntegrityError" in caplog.text
    assert "/boom" in caplog.text
    assert "boom" in caplog.text  # the stack shows where
    assert SECRET not in caplog.text
    assert "secret0451" not in caplog.text
    with app.app_context():
        db.engine.dispose()
