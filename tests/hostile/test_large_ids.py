"""Integer ids too large for the database are 'not found' on every route, never a 500."""

from __future__ import annotations

from werkzeug.routing import IntegerConverter

from crm.core.extensions import db
from tests.walk import build_world, routes, sign_in, url_for_rule

HUGE = 99999999999999999999  # more than 64 bits: SQLite's driver overflows, PostgreSQL refuses


def test_every_integer_route_answers_404_for_a_huge_id(app, users):
    with app.app_context():
        world = build_world()
        db.session.commit()
        client = app.test_client()
        sign_in(client, users["admin"])
    checked, failures = 0, []
    for endpoint, rule, method in routes(app):
        int_args = [n for n, c in rule._converters.items() if isinstance(c, IntegerConverter)]
        for name in int_args:
            path = url_for_rule(rule, world)
            huge_path = path.replace(f"/{world.get(name, 987_654)}", f"/{HUGE}", 1)
            if str(HUGE) not in huge_path:
                huge_path = url_for_rule(rule, {**world, name: 2**31})
            response = client.open(huge_path, method=method, data={})
            checked += 1
            if response.status_code != 404:
                failures.append((endpoint, method, huge_path, response.status_code))
    assert checked > 30
    assert not failures, failures


def test_the_largest_database_id_is_still_looked_up(client, login_as):
    login_as("viewer")
    assert client.get(f"/organisations/{2**31 - 1}").status_code == 404
    assert client.get(f"/organisations/{2**31}").status_code == 404
    assert client.get(f"/organisations/{HUGE}").status_code == 404


ID_ARGS = (
    "contact_ids",
    "entity_id",
    "offset",
    "organisation",
    "organisation_ids",
    "owner",
    "page",
    "proposal",
    "user",
    "contact",
)


def test_id_and_number_query_arguments_never_crash_a_page(app, users):
    """?page=, ?organisation= and friends: huge numbers and Unicode digits ('²') are ignored."""
    with app.app_context():
        world = build_world()
        db.session.commit()
        client = app.test_client()
        sign_in(client, users["admin"])
    failures = []
    for value in (str(HUGE), "²", "١٢", str(2**31), "-1"):
        query = "&".join(f"{name}={value}" for name in ID_ARGS)
        for endpoint, rule, method in routes(app):
            if method != "GET":
                continue
            path = url_for_rule(rule, world)
            response = client.get(f"{path}?{query}")
            if response.status_code >= 500:
                failures.append((endpoint, value, response.status_code))
    assert not failures, failures
