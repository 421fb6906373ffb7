def test_login_page_renders(client):
    response = client.get("/login")
    assert response.status_code == 200
    assert b"Log in to Partnerwise" in response.data


def test_pages_need_login(client):
    response = client.get("/organisations/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_editor_sees_lists(client, login_as):
    login_as("editor")
    for path in ("/", "/organisations/", "/contacts/", "/organisations/new", "/contacts/new"):
        response = client.get(path)
        assert response.status_code == 200, path


def test_a_fresh_process_can_query_every_model(database_url):
    """Models are all mapped by create_app itself, not by whatever a test imported first."""
    import subprocess
    import sys

    code = (
        "from crm import create_app\n"
        "from crm.core.config import TestingConfig\n"
        "from crm.core.extensions import db\n"
        "from sqlalchemy import select\n"
        f"app = create_app(TestingConfig, {{'SQLALCHEMY_DATABASE_URI': {database_url!r}}})\n"
        "with app.app_context():\n"
        "    from crm.auth.models import User\n"
        "    db.session.scalars(select(User)).all()\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
