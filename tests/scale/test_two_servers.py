"""More than one machine: two app servers on different ports, one PostgreSQL database.

A user carries on with the same cookie on either server, a save on one shows
on the other at once, log-out on one ends the session on both, and failed
log-ins on both count together against the limit. The tests in this module
run in order; the rate-limit one is last because it locks the test address out.
"""

from __future__ import annotations

import secrets

import pytest
from sqlalchemy import select

from bench.client import Client
from crm.core.config import Config
from crm.core.extensions import db
from crm.organisations.models import Organisation
from tests import factories
from tests.scale.servers import EDITOR_EMAIL, editor, served

pytestmark = pytest.mark.database(
    "postgresql",
    reason="several servers share one PostgreSQL database; SQLite is one file on one machine. "
    "Run with DATABASE_URL=postgresql://... to test this.",
)


@pytest.fixture(scope="module")
def pair(backend, request):
    """Ports of servers A and B: same database, same SECRET_KEY (as every host must have)."""
    url = request.getfixturevalue("load_db")[0]
    key = secrets.token_hex(32)
    with (
        served(url, workers=2, secret_key=key) as (_a, port_a),
        served(url, workers=2, secret_key=key) as (_b, port_b),
    ):
        yield port_a, port_b


def on(port: int, client: Client) -> Client:
    """The same browser (cookies) pointed at another server."""
    return Client(port, cookies=dict(client.cookies))


def test_a_session_started_on_one_server_works_on_the_other(pair):
    port_a, port_b = pair
    on_a = editor(port_a)
    on_b = on(port_b, on_a)
    response = on_b.get("/organisations/")
    assert response.status == 200
    assert "Organisations" in response.text


def test_a_save_on_one_server_shows_on_the_other_at_once(pair, load_db):
    port_a, port_b = pair
    on_a = editor(port_a)
    form = on_a.form("/organisations/new")
    form.set("name", "Seen Everywhere Trust")
    assert on_a.post("/organisations/new", form.fields).status == 302
    on_b = on(port_b, on_a)
    assert "Seen Everywhere Trust" in on_b.get("/organisations/?q=everywhere").text
    # A form served by B posts fine to A: the CSRF token rides on the shared session.
    form = on_b.form("/organisations/new")
    form.set("name", "Posted Across Ltd")
    assert on(port_a, on_b).post("/organisations/new", form.fields).status == 302
    with load_db[1].app_context():
        names = set(db.session.scalars(select(Organisation.name)))
    assert {"Seen Everywhere Trust", "Posted Across Ltd"} <= names


def test_logging_out_on_one_server_ends_the_session_on_both(pair):
    port_a, port_b = pair
    on_a = editor(port_a)
    old_cookies = dict(on_a.cookies)
    on_b = on(port_b, on_a)
    logout = on_b.form("/organisations/", action_contains="logout")
    assert on_b.post("/logout", logout.fields).status == 302
    for port in (port_a, port_b):
        response = Client(port, cookies=dict(old_cookies)).get("/organisations/")
        assert response.status == 302 and "/login" in response.headers["Location"]


def test_failed_log_ins_on_both_servers_count_together(pair):
    port_a, port_b = pair

    def attempt(port: int, password: str) -> int:
        return Client(port).login(EDITOR_EMAIL, password).status

    half = Config.LOGIN_MAX_FAILURES // 2
    for _ in range(half):
        assert attempt(port_a, "wrong password, try again") == 200
    for _ in range(Config.LOGIN_MAX_FAILURES - half - 1):
        assert attempt(port_b, "still the wrong password") == 200
    # One short of the limit in total (and far from it on each server): still let in.
    assert attempt(port_b, factories.PASSWORD) == 302
    assert attempt(port_a, "one more wrong password") == 200
    # The limit is reached across both servers: both refuse even the right password.
    assert attempt(port_a, factories.PASSWORD) == 429
    assert attempt(port_b, factories.PASSWORD) == 429
