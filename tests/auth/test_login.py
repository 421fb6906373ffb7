"""Log-in, log-out and the session held in the database."""

from crm.auth.models import User
from crm.core.extensions import db
from tests import factories
from tests.conftest import login


def _email(app, user_id):
    with app.app_context():
        return db.session.get(User, user_id).email


def test_every_page_but_login_needs_login(client):
    for path in ("/", "/organisations/", "/contacts/", "/users", "/organisations/new"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.headers["Location"].startswith("/login")


def test_login_with_wrong_password_says_so_and_keeps_email(app, client, users):
    email = _email(app, users["editor"])
    response = client.post("/login", data={"email": email, "password": "wrong password here"})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "do not match an active account" in page
    assert f'value="{email}"' in page


def test_login_is_case_insensitive_on_email_and_redirects_to_next(app, client, users):
    email = _email(app, users["viewer"]).upper()
    response = client.post(
        "/login?next=/contacts/", data={"email": email, "password": factories.PASSWORD}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/contacts/"


def test_login_ignores_offsite_next(app, client, users):
    response = client.post(
        "/login?next=https://evil.example/",
        data={"email": _email(app, users["viewer"]), "password": factories.PASSWORD},
    )
    assert response.headers["Location"] == "/"


def test_logout_ends_the_session_on_the_server(app, client, users):
    login(client, _email(app, users["editor"]))
    stolen = client.get_cookie("session").value
    client.post("/logout")
    replay = app.test_client()
    replay.set_cookie("session", stolen)
    response = replay.get("/organisations/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_deactivated_user_is_logged_out(app, client, users):
    login(client, _email(app, users["editor"]))
    assert client.get("/organisations/").status_code == 200
    with app.app_context():
        from crm.auth.services import update_user

        user = db.session.get(User, users["editor"])
        admin = db.session.get(User, users["admin"])
        update_user(user, user.name, user.role, False, admin, user.version)
        db.session.commit()
    assert client.get("/organisations/").status_code == 302


def test_inactive_user_cannot_log_in(app, client):
    with app.app_context():
        user = factories.user(role="editor", active=False)
        db.session.commit()
        email = user.email
    response = client.post("/login", data={"email": email, "password": factories.PASSWORD})
    assert response.status_code == 200
    assert "do not match an active account" in response.get_data(as_text=True)


def test_too_many_failures_are_refused(app, client, users):
    email = _email(app, users["editor"])
    for _ in range(10):
        client.post("/login", data={"email": email, "password": "not the password!"})
    response = client.post("/login", data={"email": email, "password": factories.PASSWORD})
    assert response.status_code == 429
    assert "Too many failed attempts" in response.get_data(as_text=True)


def test_login_form_bad_input_is_a_message_not_an_error(client):
    response = client.post("/login", data={"email": "", "password": ""})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Enter your email address." in page
    assert "Enter your password." in page


def test_change_own_password_logs_out_other_sessions(app, client, users):
    email = _email(app, users["editor"])
    login(client, email)
    other = app.test_client()
    login(other, email)
    response = client.post(
        "/account/password",
        data={"current": factories.PASSWORD, "password": "a much longer new passphrase"},
    )
    assert response.status_code == 302
    assert other.get("/organisations/").status_code == 302
    fresh = app.test_client()
    login(fresh, email, "a much longer new passphrase")
