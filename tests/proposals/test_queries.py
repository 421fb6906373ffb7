"""stake_rows: the consult state of every stake from the conversation log, in two statements."""

from datetime import date

import pytest

from crm.core.db import utcnow
from crm.core.extensions import db
from crm.proposals import queries
from tests import factories
from tests.proposals.builders import milestone, talk


def _state(proposal, organisation):
    rows = {row.organisation.id: row for row in queries.stake_rows(proposal)}
    return rows[organisation.id]


def test_reached_conversation_about_the_proposal_consults(ctx):
    proposal = factories.proposal()
    org = factories.organisation("Mind")
    factories.stake(org, proposal, role="affected")
    talk(org, proposal, "no_answer", on=date(2026, 10, 5))
    talk(org, proposal, "reached", on=date(2026, 10, 9))
    row = _state(proposal, org)
    assert row.state == "consulted"
    assert row.consult.consulted_on == date(2026, 10, 9)
    assert row.consult.attempts == 1
    assert row.fact.organisation_name == "Mind"
    assert row.must_consult and not row.needs_sign_off


def test_conversations_that_do_not_count(ctx):
    proposal = factories.proposal()
    other = factories.proposal()
    org = factories.organisation("Mind")
    elsewhere = factories.organisation("Age UK")
    factories.stake(org, proposal)
    talk(org, proposal, on=date(2026, 9, 30))  # before the consultation start
    talk(org, other)  # about another proposal
    talk(elsewhere, proposal)  # with another organisation
    talk(org, proposal, deleted=True)  # deleted
    factories.conversation(organisations=[org])  # about no proposal
    row = _state(proposal, org)
    assert row.state == "not_yet"
    assert row.consult.last_conversation_on is None


def test_attempts_only(ctx):
    proposal = factories.proposal()
    org = factories.organisation()
    factories.stake(org, proposal)
    talk(org, proposal, "no_answer", on=date(2026, 11, 2))
    talk(org, proposal, "left_message", on=date(2026, 11, 3))
    row = _state(proposal, org)
    assert row.state == "attempted"
    assert row.attempts == "Tried twice, last Tue 3 Nov"


def test_waiver_and_consultation(ctx):
    proposal = factories.proposal()
    waived = factories.organisation("Waived")
    both = factories.organisation("Both")
    for org in (waived, both):
        factories.stake(org, proposal, waiver_reason="Closed for refit", waived_at=utcnow())
    talk(both, proposal)
    assert _state(proposal, waived).state == "waived"
    assert _state(proposal, both).state == "consulted"


def test_rows_are_ordered_by_name_and_carry_the_key_contact(ctx):
    proposal = factories.proposal()
    zed = factories.organisation("Zed Housing")
    abc = factories.organisation("abc Café")
    person = factories.contact("Siân Jones", zed, phone="01632 960123")
    factories.stake(zed, proposal, key_contact_id=person.id)
    factories.stake(abc, proposal)
    db.session.expire_all()
    rows = queries.stake_rows(proposal)
    assert [row.organisation.name for row in rows] == ["abc Café", "Zed Housing"]
    assert rows[1].key_contact.name == "Siân Jones"
    assert rows[1].stake.key_contact is rows[1].key_contact
    assert rows[0].key_contact is None
    assert [fact.organisation_name for fact in queries.stake_facts(rows)] == [
        "abc Café",
        "Zed Housing",
    ]


@pytest.mark.parametrize("n", [2, 20])
def test_stake_rows_take_one_statement(ctx, count_queries, n):
    proposal = factories.proposal()
    for i in range(n):
        org = factories.organisation()
        person = factories.contact(organisation=org)
        factories.stake(org, proposal, key_contact_id=person.id)
        talk(org, proposal, "reached" if i % 2 else "no_answer")
    db.session.commit()
    proposal_id = proposal.id
    db.session.expire_all()
    proposal = db.session.get(type(proposal), proposal_id)
    with count_queries() as counter:
        rows = queries.stake_rows(proposal)
        states = [(row.state, row.key_contact.name, row.organisation.name) for row in rows]
    assert len(states) == n
    assert counter["n"] == 1, counter["statements"]


def test_stake_rows_without_stakes(ctx):
    assert queries.stake_rows(factories.proposal()) == []
    assert queries.stake_rows_for([]) == {}


def test_proposal_summaries(ctx):
    ready = factories.proposal("Ready")
    behind = factories.proposal("Behind")
    org = factories.organisation()
    factories.stake(org, ready)
    factories.stake(org, behind)
    talk(org, ready)
    milestone(ready, "Board", date(2026, 12, 15), deadline=True)
    milestone(ready, "Steering group", date(2026, 12, 1))
    summaries = {s.proposal.title: s for s in queries.proposal_summaries(date(2026, 11, 20))}
    assert summaries["Ready"].draft.ready
    assert summaries["Ready"].deadline == date(2026, 12, 15)
    # 10 working days back from Tue 15 Dec 2026.
    assert summaries["Ready"].consult_by == date(2026, 12, 1)
    assert not summaries["Behind"].draft.ready
    assert summaries["Behind"].deadline is None and summaries["Behind"].consult_by is None
