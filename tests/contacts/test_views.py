"""Contact pages: add to an organisation, find, edit, archive; phones stay text."""

from sqlalchemy import func, select

from crm.contacts.models import Contact
from crm.core.extensions import db
from crm.organisations.models import Organisation
from tests import factories


def _org(app, name="Northgate Social Prescribing", **values):
    with app.app_context():
        org = factories.organisation(name, **values)
        db.session.commit()
        return org.id


def _valid(org_id, **changes):
    data = {
        "name": "Siobhán Ó Súilleabháin",
        "organisation_id": str(org_id),
        "job_title": "Link worker manager",
        "email": "Siobhan@Northgate-SP.example.org",
        "phone": "07700 900125",
        "preferred_channel": "phone",
        "best_times": "Mon-Wed mornings",
        "lawful_basis": "legitimate_interests",
    }
    data.update(changes)
    return data


def test_add_a_contact_to_an_organisation(app, client, login_as):
    login_as("editor")
    org_id = _org(app)
    form = client.get(f"/contacts/new?organisation={org_id}").get_data(as_text=True)
    assert f'<option selected value="{org_id}">' in form
    response = client.post("/contacts/new", data=_valid(org_id, phone="07700900125"))
    assert response.status_code == 302
    with app.app_context():
        contact = db.session.scalar(select(Contact))
        assert contact.name == "Siobhán Ó Súilleabháin"
        assert contact.phone == "07700900125"  # leading zero kept: phones are text
        assert contact.email == "siobhan@northgate-sp.example.org"
        assert contact.organisation_id == org_id
        assert contact.lawful_basis == "legitimate_interests"
    detail = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'href="tel:07700900125"' in detail
    org_page = client.get(f"/organisations/{org_id}").get_data(as_text=True)
    assert "Siobhán Ó Súilleabháin" in org_page


def test_individual_without_organisation(app, client, login_as):
    login_as("editor")
    response = client.post("/contacts/new", data=_valid(0, name="Chloë O'Brien", email=""))
    assert response.status_code == 302
    page = client.get("/contacts/").get_data(as_text=True)
    assert "Chloë O&#39;Brien" in page and "Individual" in page


def test_bad_input_messages_and_values_kept(app, client, login_as):
    login_as("editor")
    org_id = _org(app)
    data = _valid(
        org_id,
        name=" ",
        email="siobhan@",
        phone="call reception",
        lawful_basis="consent",
        consent_date="31/02/2026",
    )
    response = client.post("/contacts/new", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Enter the person" in page
    assert "Enter an email address like name@example.org." in page
    assert "A phone number needs digits" in page
    assert "is not a date we recognise" in page
    assert 'value="31/02/2026"' in page and 'value="call reception"' in page
    data = _valid(org_id, lawful_basis="consent", consent_date="")
    assert "Enter the date they gave consent." in client.post("/contacts/new", data=data).get_data(
        as_text=True
    )
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Contact)) == 0


def test_unknown_or_archived_organisation_refused(app, client, login_as):
    login_as("editor")
    archived = _org(app, "Old Group", archived=True)
    for org_id in (archived, 999999):
        response = client.post("/contacts/new", data=_valid(org_id))
        assert response.status_code == 422


def test_consent_with_date_accepts_uk_dates(app, client, login_as):
    login_as("editor")
    org_id = _org(app)
    response = client.post(
        "/contacts/new", data=_valid(org_id, lawful_basis="consent", consent_date="3 Nov 2026")
    )
    assert response.status_code == 302
    with app.app_context():
        assert str(db.session.scalar(select(Contact.consent_date))) == "2026-11-03"


def test_search_and_filter(app, client, login_as):
    login_as("viewer")
    with app.app_context():
        north = factories.organisation("Northgate Social Prescribing")
        cafe = factories.organisation("Hillview Wellbeing Café")
        factories.contact("Łukasz Żak", north, email="lukasz.zak@evft.example.nhs.uk")
        factories.contact(
            "Dermot NA", cafe, email="dermot@hillview.example.org", preferred_channel="in_person"
        )
        db.session.commit()
        north_id = north.id
    assert "Łukasz Żak" in client.get("/contacts/?q=żak").get_data(as_text=True)
    page = client.get("/contacts/?q=evft.example").get_data(as_text=True)
    assert "Łukasz Żak" in page and "Dermot NA" not in page
    page = client.get("/contacts/?q=hillview wellbeing").get_data(as_text=True)
    assert "Dermot NA" in page and "Łukasz" not in page
    page = client.get(f"/contacts/?organisation={north_id}").get_data(as_text=True)
    assert "Łukasz Żak" in page and "Dermot NA" not in page
    page = client.get("/contacts/?channel=in_person").get_data(as_text=True)
    assert "Dermot NA" in page and "Łukasz" not in page


def test_list_query_count_is_fixed(app, client, login_as, count_queries):
    login_as("viewer")
    with app.app_context():
        org = factories.organisation("A")
        factories.contact(organisation=org)
        db.session.commit()
    with count_queries() as small:
        client.get("/contacts/")
    with app.app_context():
        for n in range(30):
            factories.contact(organisation=factories.organisation(f"Org {n}"))
        db.session.commit()
    with count_queries() as big:
        client.get("/contacts/")
    assert small["n"] == big["n"] <= 8


def test_edit_archive_restore_and_stale(app, client, login_as):
    login_as("editor")
    org_id = _org(app)
    with app.app_context():
        contact_id = factories.contact("Priya Raman", db.session.get(Organisation, org_id)).id
        db.session.commit()
    response = client.post(
        f"/contacts/{contact_id}/edit", data=_valid(org_id, name="Priya Raman", version="1")
    )
    assert response.status_code == 302
    stale = client.post(
        f"/contacts/{contact_id}/edit", data=_valid(org_id, name="Priya R.", version="1")
    )
    assert stale.status_code == 409
    assert 'value="Priya R."' in stale.get_data(as_text=True)
    assert client.post(f"/contacts/{contact_id}/archive").status_code == 302
    assert ">Priya Raman</a>" not in client.get("/contacts/").get_data(as_text=True)
    assert ">Priya Raman</a>" in client.get("/contacts/?archived=1").get_data(as_text=True)
    assert client.post(f"/contacts/{contact_id}/restore").status_code == 302


def test_viewer_cannot_change_contacts(app, client, login_as):
    login_as("viewer")
    with app.app_context():
        contact_id = factories.contact("Someone").id
        db.session.commit()
    assert client.get("/contacts/new").status_code == 403
    assert client.post("/contacts/new", data={}).status_code == 403
    assert client.post(f"/contacts/{contact_id}/edit", data={}).status_code == 403
    assert client.post(f"/contacts/{contact_id}/archive").status_code == 403
    assert client.post(f"/contacts/{contact_id}/restore").status_code == 403


def test_missing_contact_is_404(client, login_as):
    login_as("viewer")
    assert client.get("/contacts/31337").status_code == 404


def test_the_form_reads_as_a_form_a_hint_and_its_limit_as_two_sentences(app, client, login_as):
    """The organisation is a drop-down that looks like one; a hint ends before the limit."""
    import re

    login_as("editor")
    page = client.get("/contacts/new").get_data(as_text=True)
    select = re.search(r'<select[^>]*name="organisation_id"[^>]*>', page).group(0)
    assert "form-select" in select
    assert "e.g. Mornings; not Fridays. Up to 200 characters." in page
