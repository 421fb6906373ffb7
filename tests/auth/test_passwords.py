"""Passwords: 12 characters or more, common ones refused, no composition rules; no default users."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from crm.auth import services
from crm.auth.models import User
from crm.core.extensions import db


@pytest.mark.parametrize(
    "password",
    [
        "short pass",
        "elevenchars",
        "password1234",
        "Password1234",
        "aaaaaaaaaaaaaaaa",
        "123456789012",
    ],
)
def test_weak_passwords_are_refused(password):
    assert services.password_problem(password) is not None


# The examples (accepted by the old 15-entry list) and their cousins.
GUESSABLE = [
    "Password2024",
    "Summer2024!!",
    "1q2w3e4r5t6y",
    "qwerty123456789",
    "Welcome2024!",
    "Liverpool1234",
    "Iloveyou2024",
    "monkeymonkey12",
    "Football2023!",
    "Qwertyuiop123",
    "Passw0rd2024!",
    "Sunshine2024",
    "Password123!",
    "Abcdefgh1234",
    "Letmein2024!",
    "Admin1234567",
    "Winter2023!!",
    "London2024!!",
    "Partnerwise2026",
    "Charlie12345!",
]


@pytest.mark.parametrize("password", GUESSABLE)
def test_guessable_passwords_are_refused_with_a_reason(password):
    problem = services.password_problem(password)
    assert problem is not None
    assert problem.startswith("That password is too easy to guess.")
    assert "words together" in problem


def test_a_password_made_of_the_users_own_name_is_refused(ctx):
    with pytest.raises(services.UserError) as error:
        services.create_user(
            "Rhiannon Pritchard", "rp@example.org", "RhiannonPritchard1", "editor", None
        )
    assert "too easy to guess" in error.value.message


@pytest.mark.parametrize(
    "password",
    ["correct horse battery", "twelve chars", "alllowercasewords", "ŵyn bach yn y cae"],
)
def test_long_passwords_need_no_digits_capitals_or_symbols(password):
    assert services.password_problem(password) is None


def test_create_user_refuses_a_short_password(ctx):
    with pytest.raises(services.UserError) as error:
        services.create_user("Sam", "sam@example.org", "short", "editor", actor=None)
    assert error.value.field == "password"
    assert "12 characters" in error.value.message


def test_passwords_are_stored_with_a_slow_hash(app, monkeypatch):
    from crm import create_app
    from crm.core.config import Config

    monkeypatch.setenv("SECRET_KEY", "x" * 40)  # else a key file would be made in instance/
    production = create_app(Config, {"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    with production.app_context():
        assert services.hash_password("correct horse battery").startswith("scrypt:")


def test_no_default_accounts_without_the_demo(runner, app):
    result = runner.invoke(args=["crm", "init", "--no-demo"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_change_password_page_keeps_the_rules(client, login_as):
    login_as("viewer")
    response = client.post(
        "/account/password",
        data={"current": "correct horse battery staple", "password": "short"},
    )
    assert response.status_code == 422
    assert b"at least 12 characters" in response.data
