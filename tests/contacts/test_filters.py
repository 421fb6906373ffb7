"""The contacts list's filter form: what filters, what is refused, and the export."""

import csv
import io
import re

from crm.core.extensions import db
from tests import factories

NAME = re.compile(r'<a href="/contacts/\d+">([^<]+)</a>')


def _world(app) -> int:
    with app.app_context():
        north = factories.organisation("Northgate Social Prescribing")
        cafe = factories.organisation("Hillview Wellbeing Café")
        factories.contact("Ann North", north, preferred_channel="email")
        factories.contact("Bryn North", north, preferred_channel="in_person")
        factories.contact("Cath Cafe", cafe, preferred_channel="in_person")
        db.session.commit()
        return north.id


def _names(page: str) -> list[str]:
    return sorted(set(NAME.findall(page)))


def test_organisation_channel_and_sort_filter(app, client, login_as):
    north = _world(app)
    login_as("viewer")
    response = client.get(f"/contacts/?organisation={north}&channel=in_person&sort=recent")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert _names(page) == ["Bryn North"]
    # The organisation drop-down holds the one chosen, labelled and selected.
    assert re.search(rf'<option selected value="{north}">Northgate Social Prescribing', page)
    assert '<label class="form-label" for="organisation">Organisation</label>' in page


def test_bad_values_are_422_with_what_to_fix_and_the_rest_still_applies(app, client, login_as):
    north = _world(app)
    login_as("viewer")
    response = client.get(f"/contacts/?channel=pigeon&organisation={north}&q=north")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Prefers: Choose one of the options in the list." in page
    assert 'value="north"' in page  # the search as typed
    assert _names(page) == ["Ann North", "Bryn North"]  # the organisation and q still apply
    response = client.get("/contacts/?organisation=abc&channel=email&sort=oldest")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Organisation: Choose from the list." in page
    assert "Sort by: Choose one of the options in the list." in page
    assert '<option selected value="email">' in page
    assert _names(page) == ["Ann North"]


def test_the_export_reads_the_same_form(app, client, login_as):
    _world(app)
    login_as("viewer")
    page = client.get("/contacts/?channel=in_person").get_data(as_text=True)
    data = client.get("/contacts/export.csv?channel=in_person").data.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(data)))
    assert sorted(row["Name"] for row in rows) == _names(page) == ["Bryn North", "Cath Cafe"]
    refused = client.get("/contacts/export.xlsx?channel=pigeon")
    assert refused.status_code == 422
    assert "Prefers: Choose one of the options in the list." in refused.get_data(as_text=True)
