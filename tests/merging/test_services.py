"""Merging two organisations, and two contacts: every reference moves, audited, or nothing does."""

from datetime import date

import pytest
from sqlalchemy import func, select

from crm.audit.models import AuditEntry
from crm.auth.models import User
from crm.contacts.models import Contact
from crm.conversations.models import ConversationContact, conversation_organisations
from crm.coproduction.models import NamingConsent, ResponseAnswer, ResponseRequest
from crm.core.extensions import db
from crm.followups.models import FollowUp
from crm.mail.models import OutboxMessage
from crm.merging import plans, services
from crm.organisations.models import Organisation
from crm.proposals.models import Stake
from tests import factories


def _merge_organisations(ids):
    actor = db.session.get(User, ids["actor"])
    token = plans.organisation_plan(ids["kept"], ids["other"]).token
    services.merge_organisations(ids["kept"], ids["other"], token, actor)
    db.session.commit()


def _links(organisation_id):
    table = conversation_organisations
    return set(
        db.session.scalars(
            select(table.c.conversation_id).where(table.c.organisation_id == organisation_id)
        )
    )


def test_the_preview_counts_everything_that_will_move(app, twins):
    with app.app_context():
        plan = plans.organisation_plan(twins["kept"], twins["other"])
        assert plan.count == {
            "contacts": 1,
            "conversations": 2,
            "stakes in proposals": 2,
            "follow-ups": 1,
            "requests to answer in writing": 1,
            "written answers": 1,
            "consents to be named": 1,
            "also-known-as names": 1,
            "tags": 1,
        }
        assert plan.combined == ["Social prescribing action plan"]
        assert plan.details == ["What they do", "Phone"]
        moves = {move.label: move.note for move in plan.moves}
        assert moves["conversations"] == "1 already with both: listed once"
        assert moves["also-known-as names"] == "Riverside Peer Support"


def test_every_reference_to_the_duplicate_moves_to_the_one_kept(app, twins):
    with app.app_context():
        _merge_organisations(twins)
        kept, other = twins["kept"], twins["other"]
        assert db.session.get(Contact, twins["dafydd"]).organisation_id == kept
        assert _links(kept) == {twins["both"], twins["theirs"]}
        assert _links(other) == set()
        assert db.session.get(FollowUp, twins["follow_up"]).organisation_id == kept
        assert db.session.get(Stake, twins["moved_stake"]).organisation_id == kept
        assert db.session.get(Stake, twins["other_stake"]) is None
        assert db.session.get(NamingConsent, twins["consent"]).stake_id == twins["kept_stake"]
        assert db.session.get(ResponseRequest, twins["request"]).stake_id == twins["kept_stake"]
        assert db.session.get(ResponseAnswer, twins["answer"]).request_id == twins["request"]
        # Nothing anywhere still points at the duplicate.
        for model, column in (
            (Contact, Contact.organisation_id),
            (Stake, Stake.organisation_id),
            (FollowUp, FollowUp.organisation_id),
        ):
            assert db.session.scalar(select(func.count()).where(column == other)) == 0, model
        organisation = db.session.get(Organisation, kept)
        assert organisation.last_reached_on == date(2026, 11, 20)


def test_stakes_in_the_same_proposal_are_combined_by_the_rule(app, twins):
    with app.app_context():
        _merge_organisations(twins)
        stake = db.session.get(Stake, twins["kept_stake"])
        assert stake.role == "co_producer"
        assert stake.engagement_level == "empower"
        assert (stake.influence, stake.interest) == (5, 4)
        assert stake.stance == "supportive"
        assert (stake.agreement, stake.agreement_date) == ("agreed", date(2026, 11, 3))
        assert stake.key_contact_id == twins["sian"]
        assert stake.notes == "Ours\n\nTheirs"
        assert stake.waiver_reason == "Met at the forum"


def test_the_kept_organisation_gains_the_name_tags_and_details_it_lacked(app, twins):
    with app.app_context():
        _merge_organisations(twins)
        kept = db.session.get(Organisation, twins["kept"])
        assert kept.alias_list == ["RPS", "Riverside Peer Support"]
        assert kept.tag_list == ["peer support", "mental health"]
        assert kept.phone == "01632 960001"
        assert kept.website == "https://riverside.example"
        other = db.session.get(Organisation, twins["other"])
        assert other.archived and other.archived_at is not None
        assert other.description.startswith("Merged into Riverside on ")
        assert other.description.endswith("Peer-led groups.")


def test_the_merge_is_audited(app, twins):
    with app.app_context():
        _merge_organisations(twins)
        entries = db.session.scalars(
            select(AuditEntry).where(AuditEntry.user_id == twins["actor"])
        ).all()
        by = {(e.entity_type, e.entity_id, e.action) for e in entries}
        assert ("organisations", twins["kept"], "merge") in by
        assert ("organisations", twins["other"], "merge") in by
        assert ("contacts", twins["dafydd"], "update") in by
        assert ("conversations", twins["both"], "update") in by
        assert ("conversations", twins["theirs"], "update") in by
        assert ("stakes", twins["kept_stake"], "update") in by
        assert ("stakes", twins["other_stake"], "delete") in by
        assert ("stakes", twins["moved_stake"], "update") in by
        assert ("follow_ups", twins["follow_up"], "update") in by
        assert ("naming_consents", twins["consent"], "update") in by
        assert ("response_requests", twins["request"], "update") in by
        kept_entry = next(
            e for e in entries if e.entity_id == twins["kept"] and e.action == "merge"
        )
        assert kept_entry.changes["merged_from"] == [None, twins["other"]]
        assert "2 conversations" in kept_entry.summary
        other_entry = next(
            e for e in entries if e.entity_id == twins["other"] and e.action == "merge"
        )
        assert other_entry.changes["merged_into"] == [None, twins["kept"]]
        assert other_entry.changes["archived"] == [False, True]


@pytest.mark.parametrize(
    ("change", "status"),
    [("self", 400), ("archived_other", 400), ("archived_kept", 400), ("stale", 409)],
)
def test_bad_merges_are_refused_and_write_nothing(app, twins, change, status):
    with app.app_context():
        actor = db.session.get(User, twins["actor"])
        kept_id, other_id = twins["kept"], twins["other"]
        token = plans.organisation_plan(kept_id, other_id).token
        if change == "self":
            other_id = kept_id
        elif change == "stale":
            factories.conversation(organisations=[db.session.get(Organisation, other_id)])
            db.session.commit()
        else:
            target = kept_id if change == "archived_kept" else other_id
            db.session.get(Organisation, target).archived = True
            db.session.commit()
        before = db.session.scalar(select(func.count()).select_from(AuditEntry))
        with pytest.raises(plans.MergeRefused) as refused:
            services.merge_organisations(kept_id, other_id, token, actor)
        db.session.rollback()
        assert refused.value.status == status
        assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == before
        assert db.session.get(Contact, twins["dafydd"]).organisation_id == twins["other"]


def test_a_failure_part_way_leaves_nothing_half_merged(app, twins, monkeypatch):
    with app.app_context():

        def broken(*args):
            raise RuntimeError("the database went away")

        monkeypatch.setattr(services, "refresh_contact_dates", broken)
        with pytest.raises(RuntimeError):
            _merge_organisations(twins)
        db.session.rollback()
        assert db.session.get(Contact, twins["dafydd"]).organisation_id == twins["other"]
        assert db.session.get(Stake, twins["other_stake"]) is not None
        assert not db.session.get(Organisation, twins["other"]).archived
        assert _links(twins["other"]) == {twins["both"], twins["theirs"]}
        assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == 0


# Contacts


def _merge_contacts(ids, kept, other):
    actor = db.session.get(User, ids["actor"])
    token = plans.contact_plan(kept, other).token
    services.merge_contacts(kept, other, token, actor)
    db.session.commit()


def test_a_contact_merge_moves_every_reference_to_the_person(app, twins):
    with app.app_context():
        kept_org = db.session.get(Organisation, twins["other"])
        twin = factories.contact("Dafydd Rees", organisation=kept_org, phone="07700 900123")
        factories.conversation([twin], occurred_on=date(2026, 11, 20)).participants.append(
            ConversationContact(contact_id=twins["dafydd"])
        )
        db.session.commit()
        twin_id = twin.id
        plan = plans.contact_plan(twin_id, twins["dafydd"])
        assert plan.count == {
            "conversations": 3,
            "stakes with them as key contact": 2,
            "stakes that lose their key contact": 0,
            "follow-ups": 1,
            "emails": 1,
            "requests to answer in writing": 1,
            "written answers": 1,
        }
        assert plan.details == ["Email"]
        _merge_contacts(twins, twin_id, twins["dafydd"])
        dafydd = twins["dafydd"]
        rows = db.session.scalars(select(ConversationContact.contact_id)).all()
        assert dafydd not in rows and rows.count(twin_id) == 3
        assert db.session.get(Stake, twins["other_stake"]).key_contact_id == twin_id
        assert db.session.get(FollowUp, twins["follow_up"]).contact_id == twin_id
        assert db.session.get(OutboxMessage, twins["email"]).to_contact_id == twin_id
        assert db.session.get(ResponseRequest, twins["request"]).contact_id == twin_id
        assert db.session.get(ResponseAnswer, twins["answer"]).contact_id == twin_id
        kept = db.session.get(Contact, twin_id)
        assert kept.email == "d@example.org" and kept.phone == "07700 900123"
        old = db.session.get(Contact, dafydd)
        assert old.archived and old.notes.startswith(f"Merged into contact #{twin_id} on ")
        actions = {
            (e.entity_type, e.entity_id, e.action) for e in db.session.scalars(select(AuditEntry))
        }
        assert ("contacts", twin_id, "merge") in actions
        assert ("contacts", dafydd, "merge") in actions
        assert ("outbox_messages", twins["email"], "update") in actions
        assert ("response_answers", twins["answer"], "update") in actions


def test_a_person_who_moved_jobs_stops_being_key_contact_of_the_old_organisation(app, twins):
    with app.app_context():
        plan = plans.contact_plan(twins["sian"], twins["dafydd"])
        assert plan.count["stakes that lose their key contact"] == 2
        _merge_contacts(twins, twins["sian"], twins["dafydd"])
        assert db.session.get(Stake, twins["other_stake"]).key_contact_id is None
        assert db.session.get(Stake, twins["moved_stake"]).key_contact_id is None
        assert db.session.get(Contact, twins["sian"]).organisation_id == twins["kept"]


def test_a_contact_merge_on_a_stale_preview_writes_nothing(app, twins):
    with app.app_context():
        actor = db.session.get(User, twins["actor"])
        token = plans.contact_plan(twins["sian"], twins["dafydd"]).token
        db.session.get(Contact, twins["dafydd"]).job_title = "Chair"
        db.session.commit()
        with pytest.raises(plans.MergeRefused) as refused:
            services.merge_contacts(twins["sian"], twins["dafydd"], token, actor)
        db.session.rollback()
        assert refused.value.status == 409
        assert not db.session.get(Contact, twins["dafydd"]).archived


def test_a_long_name_is_not_made_an_alias_the_form_would_refuse(app, twins):
    with app.app_context():
        other = db.session.get(Organisation, twins["other"])
        other.name = "Riverside " + "Very Long Name " * 10
        other.aliases = "RPSN\nX"
        db.session.commit()
        _merge_organisations(twins)
        kept = db.session.get(Organisation, twins["kept"])
        assert kept.alias_list == ["RPS", "RPSN"]


def test_erasing_the_kept_contact_erases_the_duplicate_merged_into_them(app, twins):
    """The duplicate is archived with the person's old details: erasing the person (the
    kept contact) erases it too, so nothing of them is left behind."""
    from crm.privacy.services import erase_contact

    with app.app_context():
        kept_org = db.session.get(Organisation, twins["other"])
        twin = factories.contact("Dafydd Rees", organisation=kept_org, phone="07700 900123")
        db.session.commit()
        twin_id, dafydd = twin.id, twins["dafydd"]
        _merge_contacts(twins, twin_id, dafydd)
        assert db.session.get(Contact, dafydd).archived
        erase_contact(db.session.get(Contact, twin_id), db.session.get(User, twins["actor"]))
        db.session.commit()
        assert db.session.get(Contact, twin_id) is None
        assert db.session.get(Contact, dafydd) is None
        erased = db.session.scalars(
            select(AuditEntry.entity_id).where(AuditEntry.action == "erase")
        ).all()
        assert sorted(erased) == sorted([twin_id, dafydd])
