"""The benchmark's own parts, so `make bench` does not rot between runs: floor app, forms, results."""

from __future__ import annotations

from datetime import date

import pytest
from werkzeug.security import generate_password_hash

from bench import floor_app, report
from bench.client import parse_forms
from bench.pages import PAGES, fill, resolve
from crm.core.extensions import db
from crm.scale.directory import ADMIN_EMAIL, PASSWORD
from crm.scale.generate import generate
from crm.scale.world import Scale
from tests.conftest import login

SCALE = Scale(
    organisations=110,
    contacts=300,
    conversations=800,
    proposals=3,
    stakes=130,
    follow_ups=20,
    users=3,
)


@pytest.fixture
def generated(app, database_url, monkeypatch):
    """Generated data (with a 100-stake proposal) and the floor app pointed at it."""
    with app.app_context():
        generate(SCALE, 1, date(2026, 11, 28), generate_password_hash(PASSWORD, "pbkdf2:sha256:1"))
        db.engine.dispose()
    monkeypatch.setenv("BENCH_DATABASE_URL", database_url)
    floor_app.app.config.pop("CONNECTION", None)
    yield database_url
    connection = floor_app.app.config.pop("CONNECTION", None)
    if connection is not None:
        connection.close()


def test_every_floor_request_answers_with_the_rows(generated):
    values = resolve(generated)
    assert values["big_proposal"] == "1"
    floor = floor_app.app.test_client()
    assert floor.get("/hello").get_data(as_text=True) == "hello"
    for page in PAGES:
        path = fill(page.floor, values)
        if page.method == "POST":
            response = floor.post(path)
            assert response.status_code == 302, page.name
        else:
            response = floor.get(path)
            assert response.status_code == 200, (page.name, response.get_data(as_text=True)[:300])
            assert response.get_json(), page.name
    organisations = floor.get("/organisations").get_json()
    assert organisations["total"] > 100 and len(organisations["rows"]) == 50
    stakes = floor.get(f"/proposals/{values['big_proposal']}").get_json()["stakes"]
    assert len(stakes) == 100


def test_floor_search_finds_what_the_app_finds(generated, app, client):
    values = resolve(generated)
    term = values["contact_name_term"]
    floor_total = floor_app.app.test_client().get(f"/contacts?q={term}").get_json()["total"]
    login(client, ADMIN_EMAIL, PASSWORD)
    page = client.get(f"/contacts/?q={term}").get_data(as_text=True)
    assert f"of {floor_total} contact" in page


def test_forms_are_read_as_a_browser_would_send_them():
    html = """<form method="post" action="/x">
      <input type="hidden" name="csrf_token" value="tok">
      <input name="name" value="Siân">
      <input type="checkbox" name="dnc" value="y">
      <input type="checkbox" name="keep" value="1" checked>
      <select name="kind"><option value="a">A</option><option value="b" selected>B</option></select>
      <select name="owner"><option value="0">Nobody</option><option value="3">Cat</option></select>
      <textarea name="notes">
Line one</textarea>
      <button type="submit">Save</button>
    </form><form method="get"><input name="q"></form>"""
    forms = parse_forms(html)
    assert [form.method for form in forms] == ["post", "get"]
    fields = dict(forms[0].fields)
    assert fields == {
        "csrf_token": "tok",
        "name": "Siân",
        "keep": "1",
        "kind": "b",
        "owner": "0",
        "notes": "Line one",
    }
    forms[0].set("name", "Llŷr")
    assert forms[0].get("name") == "Llŷr"


def test_results_keep_the_other_database_section(tmp_path):
    path = tmp_path / "RESULTS.md"
    report.splice("SQLite", "## SQLite\nfirst", path)
    report.splice("PostgreSQL", "## PostgreSQL\nsecond", path)
    report.splice("SQLite", "## SQLite\nthird", path)
    text = path.read_text()
    assert "third" in text and "second" in text and "first" not in text
    assert text.startswith("# Benchmark results")


def test_a_write_tail_is_judged_against_its_median_and_250_ms():
    from bench.report import tail_verdict

    steady = [0.010] * 95 + [0.020] * 5  # p95 2x the median, p99 20 ms
    assert tail_verdict(steady).startswith("tail ok")
    stalls = [0.010] * 90 + [0.060] * 10  # p95 6x the median
    assert "tail misses" in tail_verdict(stalls)
    slow_tail = [0.100] * 98 + [0.400] * 2  # p99 400 ms
    assert "tail misses" in tail_verdict(slow_tail)
