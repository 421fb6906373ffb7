"""The merge pages: choose, preview, confirm; bad input gets a 4xx and writes nothing."""

import re

import pytest
from sqlalchemy import func, select

from crm.audit.models import AuditEntry
from crm.contacts.models import Contact
from crm.core.extensions import db
from crm.organisations.models import Organisation
from tests import factories


def _token(page: str) -> str:
    return re.search(r'name="token"[^>]*value="([0-9a-f]+)"', page).group(1)


def _audit_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(AuditEntry))


def test_the_organisation_page_links_to_the_merge_for_editors_only(app, client, login_as, twins):
    login_as("viewer")
    page = client.get(f"/organisations/{twins['kept']}").get_data(as_text=True)
    assert "Merge a duplicate into this one" not in page
    assert client.get(f"/merge/organisations/{twins['kept']}").status_code == 403
    client.post("/logout")
    login_as("editor")
    page = client.get(f"/organisations/{twins['kept']}").get_data(as_text=True)
    assert f'href="/merge/organisations/{twins["kept"]}"' in page


@pytest.mark.parametrize("role", ["editor", "admin"])
def test_preview_then_confirm_merges_two_organisations(app, client, login_as, twins, role):
    login_as(role)
    chooser = client.get(f"/merge/organisations/{twins['kept']}").get_data(as_text=True)
    assert "Likely duplicates" in chooser and "Riverside Peer Support" in chooser
    response = client.get(f"/merge/organisations/{twins['kept']}?other={twins['other']}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<strong>1 contact</strong>" in page
    assert "<strong>2 conversations</strong>" in page
    assert "Stakes combined into one" in page and "Social prescribing action plan" in page
    response = client.post(
        f"/merge/organisations/{twins['kept']}",
        data={"other": twins["other"], "token": _token(page)},
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/organisations/{twins['kept']}")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Merged Riverside Peer Support into Riverside." in page
    assert "Dafydd Rees" in page
    with app.app_context():
        assert db.session.get(Organisation, twins["other"]).archived
    archived = client.get(f"/organisations/{twins['other']}").get_data(as_text=True)
    assert f'This record was merged into <a href="/organisations/{twins["kept"]}">' in archived


def test_viewers_cannot_merge(app, client, login_as, twins):
    login_as("viewer")
    response = client.post(
        f"/merge/organisations/{twins['kept']}", data={"other": twins["other"], "token": "x"}
    )
    assert response.status_code == 403
    with app.app_context():
        assert not db.session.get(Organisation, twins["other"]).archived


def test_merging_into_itself_is_a_400_with_a_message(app, client, login_as, twins):
    login_as("editor")
    response = client.get(f"/merge/organisations/{twins['kept']}?other={twins['kept']}")
    assert response.status_code == 400
    assert "cannot be merged into itself" in response.get_data(as_text=True)
    before = _audit_count(app)
    response = client.post(
        f"/merge/organisations/{twins['kept']}", data={"other": twins["kept"], "token": "x"}
    )
    assert response.status_code == 400
    assert _audit_count(app) == before


def test_an_archived_duplicate_is_refused(app, client, login_as, twins):
    login_as("editor")
    with app.app_context():
        db.session.get(Organisation, twins["other"]).archived = True
        db.session.commit()
    response = client.get(f"/merge/organisations/{twins['kept']}?other={twins['other']}")
    assert response.status_code == 400
    assert "Riverside Peer Support is archived" in response.get_data(as_text=True)


def test_nonsense_and_missing_choices_are_4xx(app, client, login_as, twins):
    login_as("editor")
    assert client.get(f"/merge/organisations/{twins['kept']}?other=abc").status_code == 400
    assert client.get(f"/merge/organisations/{twins['kept']}?other=99999").status_code == 404
    assert client.get("/merge/organisations/99999").status_code == 404
    assert client.post(f"/merge/organisations/{twins['kept']}", data={}).status_code == 400
    assert client.get(f"/merge/widgets/{twins['kept']}").status_code == 404


def test_a_stale_preview_is_a_409_that_shows_the_new_preview(app, client, login_as, twins):
    login_as("editor")
    page = client.get(f"/merge/organisations/{twins['kept']}?other={twins['other']}")
    token = _token(page.get_data(as_text=True))
    with app.app_context():
        factories.contact(
            "Late Addition", organisation=db.session.get(Organisation, twins["other"])
        )
        db.session.commit()
    before = _audit_count(app)
    response = client.post(
        f"/merge/organisations/{twins['kept']}", data={"other": twins["other"], "token": token}
    )
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Something changed since the preview" in page
    assert "<strong>2 contacts</strong>" in page
    assert _token(page) != token
    assert _audit_count(app) == before
    with app.app_context():
        assert not db.session.get(Organisation, twins["other"]).archived


def test_preview_then_confirm_merges_two_contacts(app, client, login_as, twins):
    login_as("editor")
    with app.app_context():
        twin = factories.contact(
            "Dafydd Rees", organisation=db.session.get(Organisation, twins["other"])
        )
        db.session.commit()
        twin_id = twin.id
    page = client.get(f"/contacts/{twin_id}").get_data(as_text=True)
    assert f'href="/merge/contacts/{twin_id}"' in page
    chooser = client.get(f"/merge/contacts/{twin_id}").get_data(as_text=True)
    likely = chooser.split('label="Likely duplicates"')[1].split("</optgroup>")[0]
    assert ">Dafydd Rees (Riverside Peer Support), d@example.org<" in likely
    assert "Siân Jones (Riverside)" in chooser.split("</optgroup>")[1]
    page = client.get(f"/merge/contacts/{twin_id}?other={twins['dafydd']}").get_data(as_text=True)
    assert "<strong>2 conversations</strong>" in page
    assert "Duplicate, archived after the merge: Dafydd Rees" in page
    response = client.post(
        f"/merge/contacts/{twin_id}", data={"other": twins["dafydd"], "token": _token(page)}
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Contact, twins["dafydd"]).archived


def test_the_preview_page_reads_a_fixed_number_of_statements(
    app, client, login_as, twins, count_queries
):
    login_as("editor")
    url = f"/merge/organisations/{twins['kept']}?other={twins['other']}"
    client.get(url)
    with count_queries() as small:
        assert client.get(url).status_code == 200
    with app.app_context():
        other = db.session.get(Organisation, twins["other"])
        for n in range(5):
            person = factories.contact(f"More {n}", organisation=other)
            factories.conversation([person])
            factories.stake(other, factories.proposal())
        factories.organisation("Riverside Again")
        db.session.commit()
    with count_queries() as big:
        assert client.get(url).status_code == 200
    assert big["n"] == small["n"]
    # Session and user (2), both organisations (1), the counts (1), the combined stakes (1),
    # the namesakes (1), the choices (1).
    assert small["n"] == 7, small["statements"]


def test_the_audit_log_names_where_a_merged_record_went(app, client, login_as, twins):
    login_as("admin")
    page = client.get(f"/merge/organisations/{twins['kept']}?other={twins['other']}")
    client.post(
        f"/merge/organisations/{twins['kept']}",
        data={"other": twins["other"], "token": _token(page.get_data(as_text=True))},
    )
    log = client.get("/audit/").get_data(as_text=True)
    assert '<dt>Merged into</dt>\n        <dd><span class="audit-new">Riverside</span>' in log
    assert (
        '<dt>Merged from</dt>\n        <dd><span class="audit-new">Riverside Peer Support<' in log
    )


def test_people_with_the_same_name_at_both_are_pointed_out(app, client, login_as, twins):
    login_as("editor")
    with app.app_context():
        kept = db.session.get(Organisation, twins["kept"])
        factories.contact("DAFYDD REES", organisation=kept)
        db.session.commit()
    page = client.get(f"/merge/organisations/{twins['kept']}?other={twins['other']}")
    page = page.get_data(as_text=True)
    assert "Both have someone called DAFYDD REES." in page
    response = client.post(
        f"/merge/organisations/{twins['kept']}",
        data={"other": twins["other"], "token": _token(page)},
        follow_redirects=True,
    )
    assert "Now merge the two records of DAFYDD REES." in response.get_data(as_text=True)
