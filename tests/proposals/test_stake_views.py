"""Stake pages: add several at once, edit, waive, remove; the organisation page section."""

import re
from datetime import date

import pytest
from sqlalchemy import func, select

from crm.core.extensions import db
from crm.proposals.models import Stake
from tests import factories


@pytest.fixture
def setup(app):
    """A proposal; Mind has a stake (with two people), others are free or archived."""
    with app.app_context():
        proposal = factories.proposal("Social prescribing")
        mind = factories.organisation("Mind in Brent")
        free = factories.organisation("Age UK Brent")
        free2 = factories.organisation("Brent Carers")
        closed = factories.organisation("Closed Group", archived=True)
        other = factories.organisation("Other Org")
        rhian = factories.contact("Rhian Evans", mind, phone="01632 960111")
        factories.contact("Niamh O'Brien", mind)
        outsider = factories.contact("Outsider", other)
        stake = factories.stake(mind, proposal, role="affected")
        db.session.commit()
        return {
            "proposal": proposal.id,
            "stake": stake.id,
            "free": free.id,
            "free2": free2.id,
            "mind": mind.id,
            "closed": closed.id,
            "rhian": rhian.id,
            "outsider": outsider.id,
        }


def _count(app):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Stake))


def _stake(app, stake_id):
    with app.app_context():
        return db.session.get(Stake, stake_id)


def test_add_page_offers_only_active_organisations_without_a_stake(setup, client, login_as):
    login_as("editor")
    text = client.get(f"/proposals/{setup['proposal']}/stakes/new").get_data(as_text=True)
    assert "Age UK Brent" in text and "Brent Carers" in text and "Other Org" in text
    assert "Mind in Brent" not in text.split("<h1")[1]
    assert "Closed Group" not in text


def test_add_several_at_once(app, setup, client, login_as):
    login_as("editor")
    response = client.post(
        f"/proposals/{setup['proposal']}/stakes/new",
        data={
            "organisation_ids": [str(setup["free"]), str(setup["free2"])],
            "role": "delivery_partner",
            "engagement_level": "default",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        levels = db.session.scalars(
            select(Stake.engagement_level).where(
                Stake.organisation_id.in_([setup["free"], setup["free2"]])
            )
        ).all()
    assert levels == ["involve", "involve"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"role": "affected", "engagement_level": "default"}, "Choose at least one organisation."),
        # Someone else added it, or archived it, since the page was shown: said by name.
        (
            {"organisation_ids": ["{mind}"], "role": "affected", "engagement_level": "default"},
            "Already in this proposal: Mind in Brent.",
        ),
        (
            {"organisation_ids": ["{closed}", "{free}"], "role": "affected"},
            "Archived, so not added: Closed Group.",
        ),
        (
            {"organisation_ids": ["999999"], "role": "affected", "engagement_level": "default"},
            "One of those organisations no longer exists.",
        ),
        (
            {"organisation_ids": ["{free}"], "role": "boss", "engagement_level": "default"},
            "Not a valid choice",
        ),
        (
            {"organisation_ids": ["{free}"], "role": "affected", "engagement_level": "loud"},
            "Not a valid choice",
        ),
        (
            {"organisation_ids": ["abc"], "role": "affected", "engagement_level": "default"},
            "could not be coerced",
        ),
    ],
)
def test_add_bad_input(app, setup, client, login_as, data, message):
    login_as("editor")
    data = {
        key: [v.format(**setup) for v in value] if isinstance(value, list) else value
        for key, value in data.items()
    }
    response = client.post(f"/proposals/{setup['proposal']}/stakes/new", data=data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert _count(app) == 1


def test_ticked_boxes_are_kept_on_error(setup, client, login_as):
    login_as("editor")
    response = client.post(
        f"/proposals/{setup['proposal']}/stakes/new",
        data={"organisation_ids": [str(setup["free"])], "role": "boss"},
    )
    assert response.status_code == 422
    assert re.search(
        rf'value="{setup["free"]}" id="org-{setup["free"]}" checked',
        response.get_data(as_text=True),
    )


def _edit_form(**values):
    data = {
        "role": "affected",
        "engagement_level": "default",
        "influence": "4",
        "interest": "5",
        "stance": "supportive",
        "agreement": "not_asked",
        "agreement_date": "",
        "agreement_conditions": "",
        "key_contact_id": "0",
        "notes": "Runs the Tuesday group",
        "version": "1",
    }
    data.update(values)
    return data


def test_edit_offers_only_that_organisations_contacts(app, setup, client, login_as):
    login_as("editor")
    url = f"/proposals/{setup['proposal']}/stakes/{setup['stake']}/edit"
    text = client.get(url).get_data(as_text=True)
    select_html = text.split('id="key_contact_id"')[1].split("</select>")[0]
    assert "Rhian Evans" in select_html and "Niamh O&#39;Brien" in select_html
    assert "Outsider" not in select_html
    # "Default for the role" is chosen, since consult is the default for affected.
    assert re.search(r'<option selected value="default">|<option value="default" selected>', text)
    response = client.post(url, data=_edit_form(key_contact_id=str(setup["rhian"])))
    assert response.status_code == 302
    saved = _stake(app, setup["stake"])
    assert (saved.key_contact_id, saved.influence, saved.stance) == (
        setup["rhian"],
        4,
        "supportive",
    )
    page = client.get(f"/proposals/{setup['proposal']}").get_data(as_text=True)
    assert "Rhian Evans" in page and 'href="tel:01632960111"' in page


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"key_contact_id": "{outsider}"}, "Not a valid choice"),
        ({"agreement": "agreed"}, "Enter the date they agreed."),
        ({"agreement": "agreed", "agreement_date": "1/1/2099"}, "cannot be in the future"),
        ({"agreement": "agreed", "agreement_date": "soon"}, "is not a date we recognise"),
        (
            {"agreement": "agreed_with_conditions", "agreement_date": "1/11/2026"},
            "Say what the conditions are.",
        ),
        ({"influence": "9"}, "Not a valid choice"),
        ({"stance": "angry"}, "Not a valid choice"),
    ],
)
def test_edit_bad_input(app, setup, client, login_as, values, message):
    login_as("editor")
    values = {key: value.format(**setup) for key, value in values.items()}
    url = f"/proposals/{setup['proposal']}/stakes/{setup['stake']}/edit"
    response = client.post(url, data=_edit_form(**values))
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert message in text
    assert "Runs the Tuesday group" in text  # typed values kept
    saved = _stake(app, setup["stake"])
    assert (saved.stance, saved.notes, saved.version) == ("unknown", "", 1)


def test_stale_stake_edit_is_refused_and_input_kept(app, setup, client, login_as):
    login_as("editor")
    url = f"/proposals/{setup['proposal']}/stakes/{setup['stake']}/edit"
    assert client.post(url, data=_edit_form()).status_code == 302
    stale = client.post(url, data=_edit_form(notes="My later note"))
    assert stale.status_code == 409
    assert "My later note" in stale.get_data(as_text=True)
    assert _stake(app, setup["stake"]).notes == "Runs the Tuesday group"


def test_waive_unwaive_and_remove(app, setup, client, login_as):
    login_as("editor")
    base = f"/proposals/{setup['proposal']}/stakes/{setup['stake']}"
    refused = client.post(f"{base}/waive", data={"reason": "  "})
    assert refused.status_code == 422
    assert "Say why this organisation need not be consulted." in refused.get_data(as_text=True)
    assert not _stake(app, setup["stake"]).waived
    assert client.post(f"{base}/waive", data={"reason": "Closed until January"}).status_code == 302
    page = client.get(f"/proposals/{setup['proposal']}").get_data(as_text=True)
    assert "Waived" in page and "Closed until January" in page
    assert client.post(f"{base}/unwaive").status_code == 302
    assert not _stake(app, setup["stake"]).waived
    assert client.post(f"{base}/remove").status_code == 302
    assert _count(app) == 0


def test_waiving_from_the_checklist_goes_back_to_the_checklist(app, setup, client, login_as):
    login_as("editor")
    base = f"/proposals/{setup['proposal']}/stakes/{setup['stake']}"
    back = f"/proposals/{setup['proposal']}/checklist#row-{setup['stake']}"
    refused = client.post(f"{base}/waive", data={"reason": " ", "next": back})
    assert f'name="next" value="{back}"' in refused.get_data(as_text=True)
    response = client.post(f"{base}/waive", data={"reason": "Closed until January", "next": back})
    assert response.headers["Location"] == back
    elsewhere = client.post(f"{base}/unwaive", data={"next": "https://evil.example/"})
    assert elsewhere.headers["Location"].endswith(f"/proposals/{setup['proposal']}#stakes")


def test_organisation_page_lists_its_stakes(app, setup, client, login_as, count_queries):
    with app.app_context():
        proposal = factories.proposal("Older proposal", status="submitted")
        mind = db.session.get(factories.Organisation, setup["mind"])
        factories.stake(
            mind, proposal, role="lead", agreement="agreed", agreement_date=date(2026, 5, 1)
        )
        db.session.commit()
    login_as("viewer")
    with count_queries() as counter:
        text = client.get(f"/organisations/{setup['mind']}").get_data(as_text=True)
    section = text.split("Stakes in proposals (2)")[1]
    assert "Social prescribing" in section and "Older proposal" in section
    assert "Collaborate" in section and "Agreed" in section and "Fri 1 May 2026" in section
    stake_queries = [s for s in counter["statements"] if "FROM stakes" in s]
    assert len(stake_queries) == 1
