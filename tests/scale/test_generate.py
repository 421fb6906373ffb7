"""`flask crm generate`: counts, repeatability, realism, and a usable database afterwards."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest
from sqlalchemy import func, select, text
from werkzeug.security import generate_password_hash

from crm.auth.models import User
from crm.contacts.models import Contact
from crm.conversations.models import Conversation, ConversationContact
from crm.core.extensions import db
from crm.core.text import fold
from crm.followups.models import FollowUp
from crm.organisations.models import Organisation
from crm.proposals.models import Milestone, Proposal, Stake
from crm.scale.directory import ADMIN_EMAIL, PASSWORD
from crm.scale.generate import SCALES, GenerateError, generate
from crm.scale.world import Scale
from tests import factories
from tests.conftest import _empty_tables, login

TODAY = date(2026, 11, 28)
FAST_HASH = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")
# Enough organisations for the benchmark's proposal with exactly 100 stakes.
HUNDRED = Scale(
    organisations=120,
    contacts=400,
    conversations=1_500,
    proposals=4,
    stakes=160,
    follow_ups=60,
    users=4,
)


def _fingerprint() -> str:
    """A digest of every generated row, to compare two runs."""
    digest = hashlib.sha256()
    for table in db.metadata.sorted_tables:
        order = list(table.primary_key.columns)
        for row in db.session.execute(select(table).order_by(*order)):
            digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


def test_counts_match_the_scale_and_links_hold(ctx):
    counts = generate(HUNDRED, 5, TODAY, FAST_HASH)
    assert counts["organisations"] == 120
    assert counts["contacts"] == 400
    assert counts["conversations"] == 1_500
    assert counts["proposals"] == 4
    assert counts["stakes"] == 160
    assert counts["follow_ups"] == 60
    assert db.session.scalar(select(func.count()).select_from(Conversation)) == 1_500
    # Proposal 1 is the benchmark's: exactly 100 stakes, consulting now, one deadline.
    assert db.session.scalar(select(func.count()).where(Stake.proposal_id == 1)) == 100
    assert db.session.get(Proposal, 1).status == "consulting"
    deadlines = select(func.count()).where(
        Milestone.proposal_id == 1, Milestone.is_submission_deadline.is_(True)
    )
    assert db.session.scalar(deadlines) == 1
    # Every conversation involves an organisation or a person; most involve one or two people.
    people = db.session.execute(
        select(ConversationContact.conversation_id, func.count()).group_by(
            ConversationContact.conversation_id
        )
    ).all()
    assert sum(1 for _id, n in people if n <= 2) / 1_500 > 0.8
    # History runs over five years up to the given day.
    first, last = db.session.execute(
        select(func.min(Conversation.occurred_on), func.max(Conversation.occurred_on))
    ).one()
    assert first >= date(2021, 11, 28) and last <= TODAY
    assert (last - first).days > 4 * 365


def test_derived_columns_are_set_and_the_orm_reads_the_rows(ctx):
    generate(SCALES["tiny"], 2, TODAY, FAST_HASH)
    organisation = db.session.scalars(select(Organisation).limit(1)).one()
    assert organisation.name_key == fold(organisation.name)
    assert organisation.created_at.tzinfo is not None
    contacts = db.session.scalars(select(Contact)).all()
    assert all(person.name_key == fold(person.name) for person in contacts)
    assert {person.lawful_basis for person in contacts} <= {
        "legitimate_interests",
        "consent",
        "other",
    }
    assert all(person.phone == "" or person.phone[0] == "0" for person in contacts)  # text
    follow_up = db.session.scalars(select(FollowUp).limit(1)).one()
    assert isinstance(follow_up.created_at.date(), date)
    assert db.session.scalar(select(User.role).where(User.email == ADMIN_EMAIL)) == "admin"


def test_names_include_accents_from_welsh_irish_and_polish(ctx):
    generate(HUNDRED, 1, TODAY, FAST_HASH)
    names = " ".join(db.session.scalars(select(Contact.name)))
    assert any(letter in names for letter in "ŷâ") or "Siân" in names
    assert any(letter in names for letter in "áéíóú")
    assert any(letter in names for letter in "łżśćę")


def test_same_seed_same_data_other_seed_other_data(app):
    with app.app_context():
        generate(SCALES["tiny"], 7, TODAY, FAST_HASH)
        first = _fingerprint()
    _empty_tables(app)
    with app.app_context():
        generate(SCALES["tiny"], 7, TODAY, FAST_HASH)
        assert _fingerprint() == first
    _empty_tables(app)
    with app.app_context():
        generate(SCALES["tiny"], 8, TODAY, FAST_HASH)
        assert _fingerprint() != first


def test_refuses_a_database_with_data(ctx):
    factories.organisation("Already Here")
    db.session.commit()
    with pytest.raises(GenerateError, match="already has organisations"):
        generate(SCALES["tiny"], 1, TODAY, FAST_HASH)


def test_new_records_get_fresh_ids_after_generating(app, client):
    """Ids were set explicitly; PostgreSQL's sequences must have been moved past them."""
    with app.app_context():
        generate(SCALES["tiny"], 1, TODAY, FAST_HASH)
        highest = db.session.scalar(select(func.max(Organisation.id)))
    login(client, ADMIN_EMAIL, PASSWORD)
    response = client.post(
        "/organisations/new", data={"name": "Brand New Group", "kind": "other", "owner_id": "0"}
    )
    assert response.status_code == 302
    with app.app_context():
        created = db.session.scalar(
            select(Organisation).where(Organisation.name == "Brand New Group")
        )
        assert created.id > highest
        assert client.get(f"/organisations/{created.id}").status_code == 200


def test_command_generates_once_and_prints_the_log_in(app, runner):
    result = runner.invoke(args=["crm", "generate", "--scale", "tiny", "--today", "2026-11-28"])
    assert result.exit_code == 0, result.output
    assert ADMIN_EMAIL in result.output and PASSWORD in result.output
    assert "organisations" in result.output and "rows" in result.output
    again = runner.invoke(args=["crm", "generate", "--scale", "tiny"])
    assert again.exit_code != 0
    assert "already has" in again.output
    with app.app_context():
        assert db.session.scalar(text("SELECT COUNT(*) FROM organisations")) == 30
