"""Editing and soft-deleting conversations: who may, what changes, what disappears."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from crm.audit.models import AuditEntry
from crm.auth.models import User
from crm.contacts.models import Contact
from crm.conversations import queries
from crm.conversations.models import Conversation, ConversationContact
from crm.core.extensions import db
from crm.organisations.models import Organisation
from crm.proposals.models import Stake
from tests import factories
from tests.hostile.forms import with_version
from tests.logbook.conftest import log_data


@pytest.fixture
def logged(app, client, login_as, world) -> int:
    """A conversation logged by the editor through the form; returns its id."""
    login_as("editor")
    assert client.post("/conversations/new", data=log_data(world)).status_code == 302
    client.post("/logout")
    with app.app_context():
        return db.session.scalars(select(Conversation.id)).one()


def _other_editor(app) -> str:
    with app.app_context():
        other = factories.user(role="editor")
        db.session.commit()
        return other.email


@pytest.mark.parametrize("path", ["edit", "delete"])
def test_only_the_logger_or_an_admin_may_change_it(app, client, login_as, logged, path):
    from tests.conftest import login

    url = f"/conversations/{logged}/{path}"
    login(client, _other_editor(app))
    assert client.get(url).status_code == 403
    assert client.post(url, data={}).status_code == 403
    client.post("/logout")

    login_as("viewer")
    assert client.get(url).status_code == 403
    client.post("/logout")

    login_as("admin")
    assert client.get(url).status_code == 200
    client.post("/logout")

    login_as("editor")
    assert client.get(url).status_code == 200


def test_edit_links_show_only_for_those_allowed(app, client, login_as, logged, world):
    from tests.conftest import login

    login_as("editor")
    assert f"/conversations/{logged}/edit" in client.get(f"/contacts/{world.ann}").get_data(
        as_text=True
    )
    client.post("/logout")
    login(client, _other_editor(app))
    page = client.get(f"/contacts/{world.ann}").get_data(as_text=True)
    assert "Both happy to co-produce" in page
    assert f"/conversations/{logged}/edit" not in page


def test_edit_form_is_prefilled_and_saves_changes(app, client, login_as, logged, world):
    login_as("editor")
    page = client.get(f"/conversations/{logged}/edit").get_data(as_text=True)
    assert "Both happy to co-produce" in page
    assert "Add a follow-up" not in page  # follow-ups are edited on their own page
    # Mind and the cafe follow from Ann and Bryn, so neither shows as added directly.
    assert f'name="organisation_ids" value="{world.mind}"' not in page

    data = log_data(
        world,
        contact_ids=[str(world.ann), str(world.ciara)],
        outcome="reached",
        summary="Ann and Ciara, not Bryn.",
        channel="meeting",
        next=f"/organisations/{world.mind}",
    )
    response = client.post(
        f"/conversations/{logged}/edit",
        data=with_version(client, f"/conversations/{logged}/edit", data),
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/organisations/{world.mind}"
    with app.app_context():
        conversation = queries.conversation(logged)
        assert conversation.summary == "Ann and Ciara, not Bryn."
        assert conversation.channel == "meeting"
        assert sorted(p.contact_id for p in conversation.participants) == sorted(
            [world.ann, world.ciara]
        )
        # Bryn's organisation no longer follows.
        assert [o.id for o in conversation.organisations] == [world.mind]
        entry = db.session.scalars(
            select(AuditEntry).where(
                AuditEntry.entity_type == "conversations", AuditEntry.action == "update"
            )
        ).one()
        assert entry.changes["channel"] == ["call", "meeting"]
        assert entry.changes["contact_ids"] == [[world.ann, world.bryn], [world.ann, world.ciara]]
    assert "Ann and Ciara" not in client.get(f"/organisations/{world.cafe}").get_data(as_text=True)


def test_edit_bad_input_is_422_and_changes_nothing(app, client, login_as, logged, world):
    login_as("editor")
    data = log_data(world, contact_ids=None, summary="Changed")
    response = client.post(
        f"/conversations/{logged}/edit",
        data=with_version(client, f"/conversations/{logged}/edit", data),
    )
    assert response.status_code == 422
    assert "Choose at least one person or organisation." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Conversation, logged).summary.startswith("Both happy")


def test_edit_keeps_erased_people_and_people_archived_since(app, client, login_as, logged, world):
    with app.app_context():
        # Erasure (another feature) sets contact_id to NULL; archiving hides Ann from pickers.
        db.session.execute(
            ConversationContact.__table__.update()
            .where(ConversationContact.contact_id == world.bryn)
            .values(contact_id=None)
        )
        db.session.get(Contact, world.ann).archived = True
        db.session.commit()
    login_as("editor")
    page = client.get(f"/organisations/{world.mind}").get_data(as_text=True)
    assert "erased contact" in page
    data = log_data(world, contact_ids=[str(world.ann)], summary="Edited after erasure.")
    response = client.post(
        f"/conversations/{logged}/edit",
        data=with_version(client, f"/conversations/{logged}/edit", data),
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        conversation = queries.conversation(logged)
        ids = sorted((p.contact_id or 0) for p in conversation.participants)
        assert ids == [0, world.ann]


def test_edit_stance_change_updates_the_stakes(app, client, login_as, logged, world):
    login_as("editor")
    data = log_data(world, **{f"stance-{world.proposal}": "concerned"})
    assert (
        client.post(
            f"/conversations/{logged}/edit",
            data=with_version(client, f"/conversations/{logged}/edit", data),
        ).status_code
        == 302
    )
    with app.app_context():
        assert db.session.get(Stake, world.cafe_stake).stance == "concerned"


def test_soft_delete_hides_it_everywhere(app, client, login_as, logged, world):
    login_as("editor")
    page = client.get(f"/conversations/{logged}/delete").get_data(as_text=True)
    assert "Delete this conversation?" in page
    response = client.post(
        f"/conversations/{logged}/delete", data={"next": f"/contacts/{world.ann}"}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/contacts/{world.ann}"
    for path in (
        f"/organisations/{world.mind}",
        f"/organisations/{world.cafe}",
        f"/contacts/{world.ann}",
        f"/contacts/{world.bryn}",
        "/conversations/",
        f"/conversations/timeline/proposal/{world.proposal}",
    ):
        assert "Both happy to co-produce" not in client.get(path).get_data(as_text=True), path
    assert client.get(f"/conversations/{logged}/edit").status_code == 404
    with app.app_context():
        conversation = db.session.get(Conversation, logged)
        assert conversation.deleted_at is not None
        assert conversation.deleted_by_id == db.session.scalar(
            select(User.id).where(User.role == "editor")
        )
        entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "delete")).one()
        assert entry.entity_id == logged
        # It no longer counts as the organisation's last contact.
        mind = db.session.get(Organisation, world.mind)
        assert (mind.last_contact_on, mind.last_reached_on) == (None, None)


def test_admin_may_delete_anyones(app, client, login_as, logged):
    login_as("admin")
    assert client.post(f"/conversations/{logged}/delete").status_code == 302
    with app.app_context():
        assert db.session.get(Conversation, logged).deleted_at is not None


def test_missing_conversation_is_404(client, login_as, world):
    login_as("admin")
    assert client.get("/conversations/424242/edit").status_code == 404
    assert client.post("/conversations/424242/delete").status_code == 404


def test_delete_needs_post(app, client, login_as, logged):
    login_as("editor")
    client.get(f"/conversations/{logged}/delete")
    with app.app_context():
        assert db.session.get(Conversation, logged).deleted_at is None


def test_conversation_date_shown_newest_first(app, client, login_as, world):
    with app.app_context():
        ann = db.session.get(Contact, world.ann)
        factories.conversation([ann], occurred_on=date(2026, 1, 5), summary="January chat")
        factories.conversation([ann], occurred_on=date(2026, 3, 5), summary="March chat")
        factories.conversation([ann], occurred_on=date(2026, 2, 5), summary="February chat")
        db.session.commit()
    login_as("viewer")
    page = client.get(f"/contacts/{world.ann}").get_data(as_text=True)
    assert page.index("March chat") < page.index("February chat") < page.index("January chat")
