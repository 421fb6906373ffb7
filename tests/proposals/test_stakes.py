"""Stakes through the services: add several, edit, key contact, agreement, waive, remove."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from crm.audit.models import AuditEntry
from crm.core.errors import FieldError, StaleEdit
from crm.core.extensions import db
from crm.proposals import stakes
from crm.proposals.models import Stake
from tests import factories
from tests.proposals.builders import actor

# The app's date in these tests: the agreement dates below are in its past, tomorrow is not.
TODAY = date(2026, 12, 15)


@pytest.fixture(autouse=True)
def _clock(set_today):
    set_today(TODAY)


@pytest.fixture
def editor(ctx, users):
    return actor(users)


def _stakes(proposal):
    return db.session.scalars(select(Stake).where(Stake.proposal_id == proposal.id)).all()


def _audit(action, entity_type="stakes"):
    return db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == action, AuditEntry.entity_type == entity_type)
    ).all()


def test_add_several_with_the_role_default(editor):
    proposal = factories.proposal()
    orgs = [factories.organisation() for _ in range(3)]
    added = stakes.add_stakes(proposal, [o.id for o in orgs], "co_producer", "default", editor)
    assert [s.organisation_id for s in added] == [o.id for o in orgs]
    assert {s.engagement_level for s in added} == {"collaborate"}
    assert len(_audit("create")) == 3


@pytest.mark.parametrize(
    ("role", "level"),
    [
        ("lead", "collaborate"),
        ("delivery_partner", "involve"),
        ("funder", "consult"),
        ("decision_maker", "consult"),
        ("affected", "consult"),
        ("informed", "inform"),
    ],
)
def test_engagement_defaults_from_the_role(editor, role, level):
    proposal = factories.proposal()
    (stake,) = stakes.add_stakes(proposal, [factories.organisation().id], role, None, editor)
    assert stake.engagement_level == level


def test_add_with_a_chosen_level(editor):
    proposal = factories.proposal()
    (stake,) = stakes.add_stakes(
        proposal, [factories.organisation().id], "informed", "empower", editor
    )
    assert stake.engagement_level == "empower"


@pytest.mark.parametrize("problem", ["none", "taken", "archived", "missing", "role", "level"])
def test_add_refuses_bad_input_and_writes_nothing(editor, problem):
    proposal = factories.proposal()
    fine = factories.organisation("Fine")
    taken = factories.organisation("Taken")
    factories.stake(taken, proposal)
    gone = factories.organisation("Gone", archived=True)
    ids, role, level, field = {
        "none": ([], "affected", None, "organisation_ids"),
        "taken": ([fine.id, taken.id], "affected", None, "organisation_ids"),
        "archived": ([fine.id, gone.id], "affected", None, "organisation_ids"),
        "missing": ([fine.id, 9999], "affected", None, "organisation_ids"),
        "role": ([fine.id], "boss", None, "role"),
        "level": ([fine.id], "affected", "shout", "engagement_level"),
    }[problem]
    with pytest.raises(FieldError) as raised:
        stakes.add_stakes(proposal, ids, role, level, editor)
    assert raised.value.field == field
    if problem == "taken":
        assert "Taken" in raised.value.message
    assert len(_stakes(proposal)) == 1


def _edit_data(**values):
    data = {
        "role": "affected",
        "engagement_level": "default",
        "influence": 3,
        "interest": 3,
        "stance": "unknown",
        "agreement": "not_asked",
        "agreement_date": None,
        "agreement_conditions": "",
        "key_contact_id": 0,
        "notes": "",
    }
    data.update(values)
    return data


def test_edit_engagement_default_follows_the_role(editor):
    stake = factories.stake(factories.organisation(), factories.proposal(), role="affected")
    stakes.update_stake(stake, _edit_data(role="lead"), editor, version=stake.version)
    assert stake.engagement_level == "collaborate"
    stakes.update_stake(
        stake, _edit_data(role="lead", engagement_level="inform"), editor, stake.version
    )
    assert stake.engagement_level == "inform"
    entries = _audit("update")
    assert entries[0].changes["engagement_level"] == ["consult", "collaborate"]


def test_key_contact_must_belong_to_the_organisation(editor):
    org = factories.organisation()
    other = factories.organisation()
    mine = factories.contact("Mine", org)
    theirs = factories.contact("Theirs", other)
    loose = factories.contact("Individual")
    stake = factories.stake(org, factories.proposal())
    for person in (theirs, loose):
        with pytest.raises(FieldError) as raised:
            stakes.update_stake(stake, _edit_data(key_contact_id=person.id), editor, stake.version)
        assert raised.value.field == "key_contact_id"
    assert stake.key_contact_id is None
    stakes.update_stake(stake, _edit_data(key_contact_id=mine.id), editor, stake.version)
    assert stake.key_contact_id == mine.id


def test_an_archived_contact_cannot_become_key_contact(editor):
    org = factories.organisation()
    gone = factories.contact("Gone", org, archived=True)
    stake = factories.stake(org, factories.proposal())
    with pytest.raises(FieldError):
        stakes.update_stake(stake, _edit_data(key_contact_id=gone.id), editor, stake.version)


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"agreement": "agreed"}, "agreement_date"),
        (
            {"agreement": "agreed_with_conditions", "agreement_date": date(2026, 11, 1)},
            "agreement_conditions",
        ),
        (
            {"agreement": "agreed", "agreement_date": TODAY + timedelta(days=1)},
            "agreement_date",
        ),
        ({"influence": 6}, "influence"),
        ({"interest": -1}, "interest"),  # 0 and None are "not yet rated"
        ({"stance": "furious"}, "stance"),
        ({"agreement": "maybe"}, "agreement"),
    ],
)
def test_edit_refuses_bad_values(editor, values, field):
    stake = factories.stake(factories.organisation(), factories.proposal())
    with pytest.raises(FieldError) as raised:
        stakes.update_stake(stake, _edit_data(**values), editor, stake.version)
    assert raised.value.field == field
    assert stake.agreement == "not_asked"


def test_agreement_with_conditions_and_after(editor):
    stake = factories.stake(factories.organisation(), factories.proposal())
    stakes.update_stake(
        stake,
        _edit_data(
            agreement="agreed_with_conditions",
            agreement_date=date(2026, 11, 1),
            agreement_conditions="Peer workers are paid",
        ),
        editor,
        stake.version,
    )
    assert stake.agreement_conditions == "Peer workers are paid"
    stakes.update_stake(
        stake,
        _edit_data(
            agreement="agreed", agreement_date=date(2026, 11, 2), agreement_conditions="old"
        ),
        editor,
        stake.version,
    )
    assert stake.agreement_conditions == ""
    stakes.update_stake(
        stake,
        _edit_data(agreement="not_asked", agreement_date=date(2026, 11, 2)),
        editor,
        stake.version,
    )
    assert stake.agreement_date is None


def test_stale_stake_edit(editor):
    stake = factories.stake(factories.organisation(), factories.proposal())
    with pytest.raises(StaleEdit):
        stakes.update_stake(
            stake, _edit_data(stance="supportive"), editor, version=stake.version - 1
        )
    assert stake.stance == "unknown"


def test_waive_needs_a_reason_and_records_who_and_when(editor):
    stake = factories.stake(factories.organisation(), factories.proposal())
    with pytest.raises(FieldError) as raised:
        stakes.waive_stake(stake, "   ", editor)
    assert raised.value.field == "reason"
    assert not stake.waived
    stakes.waive_stake(stake, "Consulted through the forum", editor)
    assert stake.waived and stake.waived_by_id == editor.id
    assert stake.waiver_reason == "Consulted through the forum"
    assert _audit("waive")[0].changes == {"waiver_reason": [None, "(personal data, not kept)"]}
    stakes.unwaive_stake(stake, editor)
    db.session.flush()
    assert not stake.waived and stake.waived_by_id is None and stake.waiver_reason is None
    assert _audit("update")[-1].summary == "Waiver withdrawn"


def test_remove_stake(editor):
    proposal = factories.proposal()
    stake = factories.stake(factories.organisation(), proposal, role="lead")
    stakes.remove_stake(stake, editor)
    db.session.flush()
    assert _stakes(proposal) == []
    assert _audit("delete")[0].changes["role"] == ["lead", None]
