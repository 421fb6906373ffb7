"""Organisation pages: find, add, edit, archive, restore; viewers change nothing."""

from sqlalchemy import func, select

from crm.audit.models import AuditEntry
from crm.core.extensions import db
from crm.organisations.models import Organisation
from tests import factories

VALID = {
    "name": "Riverside Peer Support Network",
    "kind": "peer_support",
    "phone": "01632 960001",
    "email": "Hello@Riverside.example.org",
    "tags": "Peer support, mental health, peer support",
    "owner_id": "0",
    "stay_in_touch_days": "30",
}


def test_editor_adds_an_organisation(app, client, login_as):
    login_as("editor")
    response = client.post("/organisations/new", data=VALID)
    assert response.status_code == 302
    with app.app_context():
        org = db.session.scalar(select(Organisation))
        assert org.name == "Riverside Peer Support Network"
        assert org.phone == "01632 960001"
        assert org.email == "hello@riverside.example.org"
        assert org.tags == "peer support,mental health"
        assert org.stay_in_touch_days == 30
        entry = db.session.scalar(
            select(AuditEntry).where(AuditEntry.entity_type == "organisations")
        )
        assert entry.action == "create" and entry.changes["name"][1] == org.name
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'href="tel:01632960001"' in page
    assert "mailto:hello@riverside.example.org" in page


def test_bad_input_gets_messages_and_keeps_what_was_typed(app, client, login_as):
    login_as("editor")
    data = dict(VALID, name="", email="not-an-email", website="riverside", stay_in_touch_days="0")
    response = client.post("/organisations/new", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Enter the organisation&#39;s name." in page or "Enter the organisation's name." in page
    assert "Enter an email address like info@example.org." in page
    assert "Enter a full web address" in page
    assert "from 1 to 3650" in page
    assert 'value="not-an-email"' in page
    assert 'value="01632 960001"' in page
    assert "Please fix these to continue" in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Organisation)) == 0


def test_duplicate_name_refused_ignoring_case_and_spaces(app, client, login_as):
    login_as("editor")
    with app.app_context():
        factories.organisation("Mind in Eastbrook")
        db.session.commit()
    response = client.post("/organisations/new", data=dict(VALID, name="  mind   in EASTBROOK "))
    assert response.status_code == 422
    assert "already exists" in response.get_data(as_text=True)


def test_search_by_part_of_name_email_or_tag(app, client, login_as):
    login_as("viewer")
    with app.app_context():
        factories.organisation(
            "Hillview Wellbeing Café", email="cafe@hillview.example.org", tags="drop-in"
        )
        factories.organisation("Northgate Social Prescribing", tags="social prescribing")
        factories.organisation("St Brigid's 100% Parish_Hall")
        db.session.commit()
    for query, expected, absent in [
        ("wellbeing", "Hillview Wellbeing Café", "Northgate"),
        ("CAFÉ", "Hillview Wellbeing Café", "Northgate"),
        ("hillview.example", "Hillview Wellbeing Café", "Northgate"),
        ("prescrib", "Northgate Social Prescribing", "Hillview"),
        ("100%", "Parish_Hall", "Hillview"),
        ("_", "Parish_Hall", "Northgate"),
    ]:
        page = client.get("/organisations/", query_string={"q": query}).get_data(as_text=True)
        assert expected in page, query
        assert absent not in page, query
    page = client.get("/organisations/", query_string={"q": "zzz"}).get_data(as_text=True)
    assert "No organisations match" in page


def test_filter_by_kind_and_archived_with_count(app, client, login_as):
    login_as("viewer")
    with app.app_context():
        factories.organisation("Council", kind="local_authority")
        factories.organisation("Charity A", kind="charity")
        factories.organisation("Old Charity", kind="charity", archived=True)
        db.session.commit()
    page = client.get("/organisations/?kind=charity").get_data(as_text=True)
    assert "Charity A" in page and "Council" not in page and "Old Charity" not in page
    assert "of 1 organisation" in page
    page = client.get("/organisations/?archived=1").get_data(as_text=True)
    assert "Old Charity" in page and "Charity A" not in page


def test_pagination_and_sort(app, client, login_as):
    login_as("viewer")
    with app.app_context():
        for n in range(55):
            factories.organisation(f"Group {n:02d}")
        db.session.commit()
    first = client.get("/organisations/").get_data(as_text=True)
    assert "Showing 1–50 of 55" in first
    assert "Group 00" in first and "Group 50" not in first
    second = client.get("/organisations/?page=2").get_data(as_text=True)
    assert "Showing 51–55 of 55" in second and "Group 54" in second
    beyond = client.get("/organisations/?page=99").get_data(as_text=True)
    assert "Showing 51–55 of 55" in beyond
    assert client.get("/organisations/?page=abc").status_code == 200
    assert client.get("/organisations/?sort=last_contact").status_code == 200


def test_list_query_count_is_fixed(app, client, login_as, count_queries):
    login_as("viewer")
    with app.app_context():
        owner = factories.user()
        for n in range(3):
            org = factories.organisation(f"Small {n}", owner_id=owner.id)
            factories.contact(organisation=org)
        db.session.commit()
    with count_queries() as small:
        client.get("/organisations/")
    with app.app_context():
        for n in range(40):
            org = factories.organisation(f"Big {n}", owner_id=factories.user().id)
            factories.contact(organisation=org)
        db.session.commit()
    with count_queries() as big:
        client.get("/organisations/")
    assert small["n"] == big["n"]
    assert big["n"] <= 8


def test_edit_archive_restore(app, client, login_as):
    login_as("editor")
    with app.app_context():
        org_id = factories.organisation("Carers Centre").id
        db.session.commit()
    form = client.get(f"/organisations/{org_id}/edit").get_data(as_text=True)
    assert 'name="version" type="hidden" value="1"' in form
    response = client.post(
        f"/organisations/{org_id}/edit",
        data=dict(VALID, name="Eastbrook Carers Centre", version="1"),
    )
    assert response.status_code == 302
    assert client.post(f"/organisations/{org_id}/archive").status_code == 302
    assert ">Eastbrook Carers Centre</a>" not in client.get("/organisations/").get_data(
        as_text=True
    )
    assert client.post(f"/organisations/{org_id}/restore").status_code == 302
    assert ">Eastbrook Carers Centre</a>" in client.get("/organisations/").get_data(as_text=True)
    with app.app_context():
        actions = db.session.scalars(
            select(AuditEntry.action).where(AuditEntry.entity_id == org_id).order_by(AuditEntry.id)
        ).all()
        assert actions == ["update", "archive", "restore"]


def test_stale_edit_is_refused_and_input_kept(app, client, login_as):
    login_as("editor")
    with app.app_context():
        org_id = factories.organisation("Carers Centre").id
        db.session.commit()
    assert (
        client.post(
            f"/organisations/{org_id}/edit", data=dict(VALID, name="First save", version="1")
        ).status_code
        == 302
    )
    response = client.post(
        f"/organisations/{org_id}/edit", data=dict(VALID, name="Second save", version="1")
    )
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Not saved:" in page and "changed this organisation while you were editing" in page
    assert 'value="Second save"' in page
    with app.app_context():
        assert db.session.get(Organisation, org_id).name == "First save"


def test_viewer_cannot_change_anything(app, client, login_as):
    login_as("viewer")
    with app.app_context():
        org_id = factories.organisation("Carers Centre").id
        db.session.commit()
    assert client.get("/organisations/new").status_code == 403
    assert client.post("/organisations/new", data=VALID).status_code == 403
    assert client.get(f"/organisations/{org_id}/edit").status_code == 403
    assert client.post(f"/organisations/{org_id}/edit", data=VALID).status_code == 403
    assert client.post(f"/organisations/{org_id}/archive").status_code == 403
    assert client.post(f"/organisations/{org_id}/restore").status_code == 403
    page = client.get(f"/organisations/{org_id}").get_data(as_text=True)
    assert "Edit" not in page.split("<main", 1)[1].split("Details", 1)[0]


def test_missing_organisation_is_a_404_page(client, login_as):
    login_as("editor")
    for path in ("/organisations/424242", "/organisations/424242/edit"):
        response = client.get(path)
        assert response.status_code == 404
        assert "Not found" in response.get_data(as_text=True)
    assert client.post("/organisations/424242/archive").status_code == 404
    assert client.get("/organisations/not-a-number").status_code == 404


def test_get_does_not_archive(client, login_as, app):
    login_as("editor")
    with app.app_context():
        org_id = factories.organisation("Carers Centre").id
        db.session.commit()
    assert client.get(f"/organisations/{org_id}/archive").status_code == 405


def test_a_name_over_the_limit_is_refused_in_words_not_cut(app, client, login_as):
    """A pasted 5,000-character name: the page says the limit, the browser does not cut it
    silently (no maxlength), and the server refuses it, keeping what was typed."""
    login_as("editor")
    form = client.get("/organisations/new").get_data(as_text=True)
    assert "maxlength" not in form
    assert "Up to 200 characters." in form
    long_name = "Riverside" * 556  # 5,004 characters, no spaces
    response = client.post("/organisations/new", data={**VALID, "name": long_name})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "This is 5,004 characters long; shorten it to 200 or fewer." in page
    assert long_name in page
    with app.app_context():
        assert db.session.scalar(select(func.count(Organisation.id))) == 0


def test_a_name_that_folds_longer_than_its_column_is_saved(app, client, login_as):
    """ "Æ" folds to "ae": a 200-character name's search key would be 400 (PostgreSQL
    refused it); the key is cut to the column instead."""
    login_as("editor")
    response = client.post("/organisations/new", data={**VALID, "name": "Æ" * 200})
    assert response.status_code == 302
    contact = {"name": "Æ" * 200, "organisation_id": "0", "preferred_channel": "phone"}
    response = client.post(
        "/contacts/new", data={**contact, "lawful_basis": "legitimate_interests"}
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
