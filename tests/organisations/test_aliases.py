"""Also-known-as names: typed on the form, imported from a column, exported, shown."""

from __future__ import annotations

from sqlalchemy import select

from crm.core.extensions import db
from crm.io.mapping import guess_mapping
from crm.organisations.models import Organisation
from tests import factories
from tests.io.test_importing import run


def test_aliases_are_saved_one_per_line_without_repeats_or_the_name(app, client, login_as):
    login_as("editor")
    data = {
        "name": "Riverside Peer Support Network",
        "kind": "peer_support",
        "owner_id": "0",
        "aliases": "Riverside\n riverside ; RPSN\nRiverside Peer Support Network\n\n",
    }
    response = client.post("/organisations/new", data=data)
    assert response.status_code == 302
    with app.app_context():
        org = db.session.scalar(select(Organisation))
        assert org.alias_list == ["Riverside", "RPSN"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Also known as" in page and "Riverside, RPSN" in page


def test_unusable_aliases_are_refused_with_the_typed_text_kept(app, client, login_as):
    login_as("editor")
    data = {"name": "Riverside", "kind": "peer_support", "owner_id": "0", "aliases": "R\nRPSN"}
    response = client.post("/organisations/new", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "too short to find in a draft" in page and "RPSN" in page


def test_import_maps_an_aka_column_and_export_writes_it_back(ctx, client, login_as):
    assert guess_mapping(["Organisation", "AKA"], "organisations") == ["name", "aliases"]
    csv = "Organisation,Short names\nRiverside Peer Support Network,Riverside; RPSN\n"
    run("organisations", csv.encode())
    org = db.session.scalar(select(Organisation))
    assert org.alias_list == ["Riverside", "RPSN"]
    run("organisations", b"Organisation,Acronym\nRiverside Peer Support Network,RPSN\n")
    db.session.refresh(org)
    assert org.alias_list == ["RPSN"]
    factories.user(role="viewer", email="v@example.org")
    db.session.commit()
    login_as("viewer")
    exported = client.get("/organisations/export.csv").get_data(as_text=True)
    assert "Also known as" in exported.splitlines()[0]
    assert "RPSN" in exported
