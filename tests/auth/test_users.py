"""The users page for admins and the create-admin command."""

from sqlalchemy import select

from crm.audit.models import AuditEntry
from crm.auth.models import User
from crm.core.extensions import db


def test_admin_creates_a_user(app, client, login_as):
    login_as("admin")
    response = client.post(
        "/users/new",
        data={
            "name": "Nia Jenkins",
            "email": "Nia@Example.org",
            "role": "editor",
            "password": "twelve chars or more",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "nia@example.org"))
        assert user.role == "editor"
        assert user.password_hash.startswith("pbkdf2") and "twelve" not in user.password_hash
        assert db.session.scalar(
            select(AuditEntry).where(
                AuditEntry.entity_type == "users", AuditEntry.entity_id == user.id
            )
        )


def test_short_or_common_password_refused_with_input_kept(client, login_as):
    login_as("admin")
    data = {"name": "Nia", "email": "nia@example.org", "role": "viewer", "password": "short"}
    response = client.post("/users/new", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "at least 12 characters" in page
    assert 'value="nia@example.org"' in page
    data["password"] = "password1234"
    response = client.post("/users/new", data=data)
    assert "too easy to guess" in response.get_data(as_text=True)


def test_duplicate_email_refused(app, client, login_as, users):
    login_as("admin")
    with app.app_context():
        taken = db.session.get(User, users["viewer"]).email
    response = client.post(
        "/users/new",
        data={
            "name": "X",
            "email": taken.upper(),
            "role": "viewer",
            "password": "long enough password",
        },
    )
    assert response.status_code == 422
    assert "already exists" in response.get_data(as_text=True)


def test_role_change_ends_that_users_sessions(app, client, login_as, users):
    from tests.conftest import login

    with app.app_context():
        viewer_email = db.session.get(User, users["viewer"]).email
    other = app.test_client()
    login(other, viewer_email)
    login_as("admin")
    response = client.post(
        f"/users/{users['viewer']}/edit",
        data={"name": "Promoted", "role": "editor", "active": "y", "version": "1"},
    )
    assert response.status_code == 302
    assert other.get("/contacts/").status_code == 302


def test_admin_cannot_demote_themself(client, login_as, users):
    login_as("admin")
    response = client.post(
        f"/users/{users['admin']}/edit",
        data={"name": "Me", "role": "viewer", "active": "y", "version": "1"},
    )
    assert response.status_code == 422
    assert "cannot change your own role" in response.get_data(as_text=True)


def test_non_admins_cannot_manage_users(client, login_as, users):
    login_as("editor")
    assert client.get("/users").status_code == 403
    assert client.post("/users/new", data={}).status_code == 403
    assert client.post(f"/users/{users['viewer']}/edit", data={}).status_code == 403


def test_missing_user_is_404(client, login_as):
    login_as("admin")
    assert client.get("/users/999999/edit").status_code == 404


def test_create_admin_command(app, runner):
    result = runner.invoke(
        args=["crm", "create-admin", "Boss@Example.org", "--password", "a long admin password"]
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "boss@example.org"))
        assert user.role == "admin"
    again = runner.invoke(
        args=["crm", "create-admin", "boss@example.org", "--password", "a long admin password"]
    )
    assert again.exit_code != 0
    assert "already exists" in again.output


def test_create_admin_prompts_for_password(app, runner):
    result = runner.invoke(
        args=["crm", "create-admin", "prompted@example.org"],
        input="a long admin password\na long admin password\n",
    )
    assert result.exit_code == 0, result.output
    weak = runner.invoke(args=["crm", "create-admin", "weak@example.org", "--password", "short"])
    assert weak.exit_code != 0
    assert "12 characters" in weak.output
