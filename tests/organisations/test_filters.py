"""The organisations list's filter form: what filters, what is refused, and the export."""

import csv
import io
import re

from crm.core.extensions import db
from tests import factories

NAME = re.compile(r'<td data-label="Name"><a href="/organisations/\d+">([^<]+)</a>')


def _world(app, users):
    with app.app_context():
        factories.organisation("Council", kind="local_authority", owner_id=users["editor"])
        factories.organisation("Charity Mine", kind="charity", owner_id=users["editor"])
        factories.organisation("Charity Other", kind="charity", owner_id=users["admin"])
        factories.organisation("Old Charity", kind="charity", archived=True)
        db.session.commit()


def test_kind_owner_and_sort_filter(app, client, login_as, users):
    _world(app, users)
    login_as("viewer")
    response = client.get(f"/organisations/?kind=charity&owner={users['editor']}&sort=recent")
    assert response.status_code == 200
    assert NAME.findall(response.get_data(as_text=True)) == ["Charity Mine"]


def test_bad_values_are_422_with_what_to_fix_and_the_rest_still_applies(
    app, client, login_as, users
):
    _world(app, users)
    login_as("viewer")
    response = client.get("/organisations/?kind=nonsense&q=charity&owner=abc&sort=sideways")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Kind: Choose one of the options in the list." in page
    assert "Owner: Choose from the list." in page
    assert "Sort by: Choose one of the options in the list." in page
    assert 'value="charity"' in page  # the search as typed
    assert 'aria-invalid="true"' in page and 'id="kind-error"' in page
    assert sorted(NAME.findall(page)) == ["Charity Mine", "Charity Other"]  # q still applies
    response = client.get("/organisations/?kind=charity&owner=abc")
    assert response.status_code == 422
    assert re.search(r'<option selected value="charity">', response.get_data(as_text=True))


def test_a_refused_filter_costs_no_extra_statement(app, client, login_as, users, count_queries):
    _world(app, users)
    login_as("viewer")
    client.get("/organisations/")
    with count_queries() as plain:
        client.get("/organisations/?kind=charity")
    with count_queries() as refused:
        assert client.get("/organisations/?kind=nonsense").status_code == 422
    assert refused["n"] == plain["n"]


def test_the_export_reads_the_same_form(app, client, login_as, users):
    _world(app, users)
    login_as("viewer")
    args = f"kind=charity&owner={users['admin']}"
    page = client.get(f"/organisations/?{args}").get_data(as_text=True)
    rows = list(
        csv.DictReader(
            io.StringIO(client.get(f"/organisations/export.csv?{args}").data.decode("utf-8-sig"))
        )
    )
    assert [row["Name"] for row in rows] == NAME.findall(page) == ["Charity Other"]
    refused = client.get("/organisations/export.csv?kind=nonsense")
    assert refused.status_code == 422
    assert "Kind: Choose one of the options in the list." in refused.get_data(as_text=True)
    assert "Nothing was downloaded" in refused.get_data(as_text=True)
