"""The search page: grouped, marked, escaped, filtered, and a fixed number of statements."""

from __future__ import annotations

from datetime import date

from crm.core.extensions import db
from tests import factories


def _seed(app, n: int, tag: str = "kestrel", start: int = 0) -> None:
    with app.app_context():
        for i in range(start, start + n):
            org = factories.organisation(f"{tag.title()} Group {i}", tags=tag)
            person = factories.contact(f"{tag.title()} Person {i}", organisation=org)
            plan = factories.proposal(f"{tag.title()} plan {i}", summary=f"About {tag}s")
            factories.conversation([person], summary=f"Talked about the {tag} project {i}")
            from crm.followups.models import FollowUp

            db.session.add(FollowUp(description=f"Chase the {tag} form", organisation_id=org.id,
                                    proposal_id=plan.id, due_on=date(2026, 12, 1)))  # fmt: skip
        db.session.commit()


def test_results_are_grouped_and_marked(app, client, login_as):
    login_as("viewer")
    _seed(app, 2)
    page = client.get("/search?q=kestrel").get_data(as_text=True)
    for heading in ("Organisations", "Contacts", "Proposals", "Conversations", "Follow-ups"):
        assert f'">{heading}</h2>' in page
    assert "<mark>Kestrel</mark> Group" in page
    assert "the <mark>kestrel</mark> project" in page
    assert 'href="/conversations/' in page


def test_typed_and_stored_text_is_escaped(app, client, login_as):
    login_as("viewer")
    with app.app_context():
        factories.conversation(summary='<script>alert("x")</script> heron <b>bold</b>')
        db.session.commit()
    typed = client.get("/search?q=<img+src=x+onerror=alert(1)>").get_data(as_text=True)
    assert "<img src=x" not in typed and "&lt;img src=x onerror=alert(1)&gt;" in typed
    page = client.get("/search?q=heron").get_data(as_text=True)
    assert "<script>alert" not in page and "<b>bold" not in page
    assert "&lt;script&gt;" in page and "<mark>heron</mark>" in page


def test_one_kind_pages_through(app, client, login_as):
    login_as("viewer")
    _seed(app, 7)
    everything = client.get("/search?q=kestrel").get_data(as_text=True)
    assert "All matching conversations" in everything
    first = client.get("/search?q=kestrel&kind=conversations").get_data(as_text=True)
    assert first.count('class="search-hit"') == 7
    assert 'rel="next"' not in first


def test_bad_filters_get_a_message_and_keep_the_search(client, login_as):
    login_as("viewer")
    response = client.get("/search?q=kestrel&date_from=31/02/2026&proposal=abc&kind=nope")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'value="kestrel"' in page


def test_organisation_filter_shows_its_name(app, client, login_as):
    login_as("viewer")
    _seed(app, 2)
    with app.app_context():
        from sqlalchemy import select

        from crm.organisations.models import Organisation

        org = db.session.scalar(select(Organisation).where(Organisation.name == "Kestrel Group 1"))
        org_id = org.id
    everything = client.get("/search?q=kestrel").get_data(as_text=True)
    assert f'href="/search?organisation={org_id}"' in everything
    empty = client.get(f"/search?organisation={org_id}").get_data(as_text=True)
    assert "Type what to look for in Kestrel Group 1’s records" in empty
    page = client.get(f"/search?q=kestrel&organisation={org_id}").get_data(as_text=True)
    assert "Organisation: Kestrel Group 1" in page
    assert "Kestrel Group 0" not in page


def test_every_role_may_search(client, login_as):
    for role in ("viewer", "editor", "admin"):
        login_as(role)
        assert client.get("/search?q=anything").status_code == 200


def test_the_nav_bar_has_the_box(client, login_as):
    login_as("viewer")
    page = client.get("/").get_data(as_text=True)
    assert 'role="search" action="/search"' in page
    assert '<label class="visually-hidden" for="nav-q">Search everything</label>' in page


def test_a_conversation_has_its_own_page(app, client, login_as):
    login_as("viewer")
    with app.app_context():
        talk = factories.conversation(summary="The osprey note")
        db.session.commit()
        talk_id = talk.id
    assert "The osprey note" in client.get(f"/conversations/{talk_id}").get_data(as_text=True)
    assert client.get("/conversations/999999").status_code == 404


def test_statement_count_is_fixed(app, client, login_as, count_queries):
    login_as("viewer")
    _seed(app, 1)
    with count_queries() as small:
        client.get("/search?q=kestrel")
    _seed(app, 12, start=1)
    with count_queries() as big:
        client.get("/search?q=kestrel")
    assert small["n"] == big["n"], big["statements"]
    # user, proposals for the filter, one per kind, the conversations' organisations
    assert big["n"] <= 9, big["statements"]
