"""The settings page: nation, closures, default window, retention."""

from sqlalchemy import select

from crm.audit.models import AuditEntry
from crm.core.extensions import db
from crm.settings.closures import format_closures, parse_closures
from crm.settings.models import Settings


def test_parse_and_format_closures_round_trip():
    text = "24/12 - 01/01 Christmas closure\n\n1/8 to 14/8 Summer shutdown"
    periods = parse_closures(text)
    assert periods == [
        {"start": "12-24", "end": "01-01", "name": "Christmas closure"},
        {"start": "08-01", "end": "08-14", "name": "Summer shutdown"},
    ]
    assert parse_closures(format_closures(periods)) == periods


def test_bad_closure_lines_name_the_line():
    for text, message in [
        ("24/12 - 01/01 ok\nChristmas", "Line 2"),
        ("31/02 - 01/03 nope", "does not exist"),
    ]:
        try:
            parse_closures(text)
        except ValueError as error:
            assert message in str(error)
        else:
            raise AssertionError(text)


def test_admin_sees_defaults_and_saves(app, client, login_as):
    login_as("admin")
    page = client.get("/settings/").get_data(as_text=True)
    assert "24/12 - 01/01 Christmas closure" in page
    response = client.post(
        "/settings/",
        data={
            "uk_nation": "scotland",
            "closures": "23/12 - 03/01 Winter closure",
            "default_min_window": "15",
            "retention_years": "4",
            "version": "1",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        settings = db.session.scalar(select(Settings))
        assert settings.uk_nation == "scotland"
        assert settings.closure_periods == [
            {"start": "12-23", "end": "01-03", "name": "Winter closure"}
        ]
        assert settings.default_min_window == 15
        assert db.session.scalar(select(AuditEntry).where(AuditEntry.entity_type == "settings"))


def test_bad_settings_keep_input(app, client, login_as):
    login_as("admin")
    response = client.post(
        "/settings/",
        data={
            "uk_nation": "wales",
            "closures": "Christmas",
            "default_min_window": "-1",
            "retention_years": "",
        },
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Line 1" in page and "from 0 to 120" in page and "Enter a number of years." in page
    assert "Christmas</textarea>" in page
    with app.app_context():
        assert db.session.scalar(select(Settings)) is None  # nothing written


def test_only_admins(client, login_as):
    login_as("editor")
    assert client.get("/settings/").status_code == 403
    assert client.post("/settings/", data={}).status_code == 403
