"""The demo partnership: it loads, holds together, and tells the origin story by the rules."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from crm.auth.models import User
from crm.contacts.models import Contact
from crm.conversations.models import (
    Conversation,
    ConversationContact,
    ConversationProposal,
    conversation_organisations,
)
from crm.core.extensions import db
from crm.demo.loader import DEMO_USERS, demo_hint, load_demo
from crm.demo.season import FEWEST, MOST
from crm.followups.models import FollowUp
from crm.logbook.stances import latest_stances_heard
from crm.organisations.models import Organisation
from crm.proposals.models import Milestone, Proposal, Stake, StatusChange
from crm.rules import (
    ConversationFact,
    StakeFact,
    WorkCalendar,
    consult_by,
    consult_state,
    consultation_load,
    load_is_high,
    ready_to_draft,
    ready_to_submit,
    stay_in_touch_overdue,
    timeline,
)
from crm.settings.models import Settings

# The dates the demo is loaded on here, with the season that squeezes its window (if any).
SEASONS = {date(2026, 11, 28): "Christmas", date(2027, 7, 1): None, date(2026, 12, 10): "Christmas"}
TODAYS = list(SEASONS)
CENTRAL = (
    "Riverside Peer Support Network",
    "Northgate Social Prescribing",
    "Hillview Wellbeing Café",
)
ENGLAND = WorkCalendar("england")


@pytest.fixture(params=TODAYS, ids=str)
def loaded(request, ctx):
    """The demo loaded for a pinned today; returns that today."""
    load_demo(today=request.param)
    db.session.commit()
    return request.param


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def proposal_titled(start: str) -> Proposal:
    return db.session.scalars(select(Proposal).where(Proposal.title.startswith(start))).one()


def deadline_of(proposal: Proposal) -> date:
    return db.session.scalars(
        select(Milestone.due_on).where(
            Milestone.proposal_id == proposal.id, Milestone.is_submission_deadline.is_(True)
        )
    ).one()


def facts_by_org(proposal: Proposal) -> dict[int, list[ConversationFact]]:
    """The conversations about a proposal, by organisation involved."""
    rows = db.session.execute(
        select(conversation_organisations.c.organisation_id, Conversation)
        .join(Conversation, Conversation.id == conversation_organisations.c.conversation_id)
        .join(ConversationProposal, ConversationProposal.conversation_id == Conversation.id)
        .where(ConversationProposal.proposal_id == proposal.id, Conversation.deleted_at.is_(None))
    ).all()
    facts: dict[int, list[ConversationFact]] = defaultdict(list)
    for org_id, conversation in rows:
        facts[org_id].append(ConversationFact(conversation.occurred_on, conversation.outcome))
    return facts


def states(proposal: Proposal, as_of_start: bool = True):
    """{organisation name: (stake, ConsultState)} by the pure rules."""
    facts = facts_by_org(proposal)
    rows = db.session.execute(
        select(Stake, Organisation.name)
        .join(Organisation, Organisation.id == Stake.organisation_id)
        .where(Stake.proposal_id == proposal.id)
    ).all()
    return {
        name: (
            stake,
            consult_state(
                facts.get(stake.organisation_id, []),
                proposal.consultation_start,
                stake.waived_at is not None,
            ),
        )
        for stake, name in rows
    }


def stake_facts(proposal: Proposal) -> list[StakeFact]:
    return [
        StakeFact(stake.organisation_id, name, stake.engagement_level, state.state, stake.agreement)
        for name, (stake, state) in states(proposal).items()
    ]


def org_named(name: str) -> Organisation:
    return db.session.scalars(select(Organisation).where(Organisation.name == name)).one()


def conversations_with(org: Organisation) -> list[Conversation]:
    return db.session.scalars(
        select(Conversation)
        .join(conversation_organisations)
        .where(conversation_organisations.c.organisation_id == org.id)
    ).all()


def test_counts_and_integrity(loaded):
    assert count(User) == len(DEMO_USERS) == 4
    assert {role for _e, _p, role, _n in DEMO_USERS} == {"admin", "editor", "viewer"}
    assert all(len(password) >= 12 for _e, password, _r, _n in DEMO_USERS)
    assert 18 <= count(Organisation) <= 22
    assert 38 <= count(Contact) <= 45
    assert 120 <= count(Conversation) <= 200
    assert count(Proposal) == 3
    assert 8 <= count(FollowUp) <= 14
    assert count(Settings) == 1
    settings = db.session.scalars(select(Settings)).one()
    assert (settings.uk_nation, settings.default_min_window, settings.retention_years) == (
        "england",
        10,
        6,
    )
    org_ids = set(db.session.scalars(select(Organisation.id)))
    for contact in db.session.scalars(select(Contact)):
        assert contact.organisation_id is None or contact.organisation_id in org_ids
        assert contact.created_by_id is not None
    # Every conversation has people or organisations, happened by today, and was logged
    # by a demo user who can edit.
    editors = set(db.session.scalars(select(User.id).where(User.role != "viewer")))
    for conversation in db.session.scalars(select(Conversation)):
        assert conversation.occurred_on <= loaded
        assert conversation.occurred_on > loaded - timedelta(days=370)
        assert conversation.logged_by_id in editors
        assert conversation.created_by_id == conversation.logged_by_id
    assert count(ConversationContact) > count(Conversation)
    # Key contacts belong to the organisation they are key contact for.
    for stake in db.session.scalars(select(Stake)):
        key = db.session.get(Contact, stake.key_contact_id)
        assert key.organisation_id == stake.organisation_id


def test_people_and_partners_are_written_exactly(loaded):
    names = set(db.session.scalars(select(Contact.name)))
    for name in ("Siân Llŷr", "Gwenllian ap Rhys", "Siobhán Ó Súilleabháin", "Łukasz Żak",
                 "Chloë O'Brien", "Grzegorz Kołodziej", "Katarzyna Dąbrowska"):  # fmt: skip
        assert name in names
    canolfan = org_named("Canolfan Cymraeg Eastbrook")
    assert canolfan.address.startswith("Tŷ'r Dŵr")
    assert org_named("Eastbrook Borough Council – Public Health").kind == "local_authority"
    assert org_named("Hillview Wellbeing Café").phone == "01632 960003"
    chloe = db.session.scalars(select(Contact).where(Contact.name == "Chloë O'Brien")).one()
    assert chloe.organisation_id is None
    assert chloe.lawful_basis == "consent" and chloe.consent_date < loaded
    assert count_where(Contact.do_not_contact.is_(True)) == 1
    assert count_where(Contact.lawful_basis == "consent") == 2
    for phone in db.session.scalars(select(Contact.phone).where(Contact.phone != "")):
        assert phone.startswith(("01632 960", "07700 900")), phone


def count_where(condition) -> int:
    return db.session.scalar(select(func.count()).select_from(Contact).where(condition))


def test_action_plan_leaves_a_few_working_days_to_consult(loaded):
    plan = proposal_titled("Social prescribing and peer support")
    assert plan.status == "consulting"
    assert plan.decision_body == "Health and Wellbeing Board"
    assert plan.min_window_days == 10
    assert db.session.get(User, plan.author_id).name == "Alex Morgan"
    deadline = deadline_of(plan)
    assert ENGLAND.is_working_day(deadline)
    by = consult_by(deadline, plan.min_window_days, ENGLAND)
    assert FEWEST <= ENGLAND.working_days_between(loaded, by) <= MOST
    assert plan.consultation_start < by < deadline
    # In late autumn the window between the last day to ask and the deadline runs over
    # Christmas; in summer it is plainly short.
    line = timeline(deadline, 10, loaded, ENGLAND, unconsulted=6)
    squeeze = [w.message for w in line.warnings if w.code == "holiday_squeeze"]
    if SEASONS[loaded] == "Christmas":
        assert squeeze and "Christmas" in squeeze[0]
    else:
        assert not squeeze
    assert "too_late" not in {w.code for w in line.warnings}
    later = db.session.scalars(
        select(Milestone.due_on).where(
            Milestone.proposal_id == plan.id, Milestone.is_submission_deadline.is_(False)
        )
    ).all()
    assert len(later) == 2
    assert all(day > deadline for day in later)
    # Consultation opened five or six weeks before today.
    assert 33 <= (loaded - plan.consultation_start).days <= 42


def test_late_november_consult_by_is_mid_december(ctx):
    today = date(2026, 11, 28)
    story = load_demo(today=today)
    plan = proposal_titled("Social prescribing and peer support")
    deadline = deadline_of(plan)
    assert deadline == story.deadline == date(2027, 1, 5)  # the first steering group after
    by = consult_by(deadline, plan.min_window_days, ENGLAND)
    assert by == story.consult_by == date(2026, 12, 11)
    line = timeline(deadline, 10, today, ENGLAND, unconsulted=6)
    assert line.working_days_left == 10  # Mon 30 Nov to Fri 11 Dec
    assert [w.code for w in line.warnings] == ["holiday_squeeze"]
    assert demo_hint(story) == (
        "Log in as Alex Morgan (the author) to see whom to call, and by when, before "
        "Christmas: consult partners by Fri 11 Dec 2026, 10 working days away."
    )


def test_after_christmas_the_deadline_is_weeks_away_not_next_winter(ctx):
    today = date(2026, 12, 28)
    story = load_demo(today=today)
    deadline = deadline_of(proposal_titled("Social prescribing"))
    assert deadline == story.deadline
    assert today < deadline < today + timedelta(days=45)
    assert story.season is None
    # No squeeze to show, so the daily reminder names it on the day the demo is loaded.
    assert 3 <= story.working_days_left <= 5
    assert f"in the {story.working_days_left} working days left" in demo_hint(story)


def test_action_plan_states_by_the_rules(loaded):
    plan = proposal_titled("Social prescribing and peer support")
    found = states(plan)
    assert 13 <= len(found) <= 16
    by_state = defaultdict(list)
    for name, (_stake, state) in found.items():
        by_state[state.state].append(name)
    assert len(by_state["consulted"]) >= 3
    assert len(by_state["attempted"]) >= 2
    assert by_state["waived"] == ["Eastbrook GP Federation"]
    assert len(by_state["not_yet"]) >= 1
    # One must-consult partner has never been contacted at all, about anything.
    never = [
        name
        for name in by_state["not_yet"]
        if not conversations_with(org_named(name)) and found[name][0].engagement_level != "inform"
    ]
    assert never == ["Eastbrook Polish Community Association"]
    # The story: the author has not spoken to the organisations the plan is built on.
    central = {name: found[name][1].state for name in CENTRAL}
    assert "consulted" in central.values()
    assert sum(state != "consulted" for state in central.values()) >= 1
    assert central["Northgate Social Prescribing"] == "attempted"
    assert central["Hillview Wellbeing Café"] == "not_yet"
    for name in CENTRAL:
        assert found[name][0].engagement_level == "collaborate"
    waived = found["Eastbrook GP Federation"][0]
    assert waived.waiver_reason and waived.waived_by_id == plan.author_id
    # The meeting where Alex volunteered concerns the plan but came before it opened.
    assert found["Riverside Peer Support Network"][1].consulted_on >= plan.consultation_start
    assert not ready_to_draft(stake_facts(plan)).ready
    assert {stake.agreement for stake, _s in found.values()} <= {"not_asked", "asked"}
    assert len({(s.influence, s.interest) for s, _state in found.values()}) >= 8
    levels = {stake.engagement_level for stake, _s in found.values()}
    assert {"collaborate", "consult", "involve", "inform"} <= levels


def test_follow_ups_for_the_author(loaded):
    plan = proposal_titled("Social prescribing and peer support")
    alex = db.session.scalars(select(User).where(User.name == "Alex Morgan")).one()
    open_items = db.session.scalars(
        select(FollowUp).where(
            FollowUp.proposal_id == plan.id, FollowUp.owner_id == alex.id, FollowUp.done.is_(False)
        )
    ).all()
    assert len(open_items) >= 2
    assert any(item.due_on < loaded for item in open_items)
    call_back = [item for item in open_items if item.description.startswith("Call Siobhán")]
    assert len(call_back) == 1
    assert call_back[0].due_on > loaded and call_back[0].due_on.weekday() == 1
    everyone = db.session.scalars(select(FollowUp)).all()
    assert sum(item.done for item in everyone) >= 2
    assert all(item.done_at is not None for item in everyone if item.done)


def test_overdue_relationships_and_consultation_load(loaded):
    overdue = {}
    for org in db.session.scalars(select(Organisation)):
        reached = [c.occurred_on for c in conversations_with(org) if c.outcome == "reached"]
        days = stay_in_touch_overdue(max(reached, default=None), org.stay_in_touch_days, loaded)
        if days:
            overdue[org.name] = days
    assert set(overdue) == {
        "Northgate Social Prescribing",
        "Hillview Wellbeing Café",
        "Eastbrook Carers' Centre",
    }
    riverside = org_named("Riverside Peer Support Network")
    asked = db.session.execute(
        select(ConversationProposal.proposal_id, Conversation.occurred_on)
        .join(Conversation)
        .join(conversation_organisations)
        .where(conversation_organisations.c.organisation_id == riverside.id)
    ).all()
    assert load_is_high(consultation_load([tuple(row) for row in asked], loaded))


def test_submitted_outline_has_its_lifecycle_and_one_override(loaded):
    outline = proposal_titled("Mental health strategy outline")
    assert outline.status == "submitted"
    milestones = db.session.scalars(select(Milestone).where(Milestone.proposal_id == outline.id))
    assert all(milestone.due_on < loaded for milestone in milestones)
    changes = db.session.scalars(
        select(StatusChange)
        .where(StatusChange.proposal_id == outline.id)
        .order_by(StatusChange.changed_at)
    ).all()
    assert [(c.from_status, c.to_status) for c in changes] == [
        ("idea", "consulting"),
        ("consulting", "drafting"),
        ("drafting", "in_review"),
        ("in_review", "submitted"),
    ]
    overrides = [c for c in changes if c.override_kind]
    assert len(overrides) == 1
    override = overrides[0]
    assert override.override_kind == "drafting"
    assert override.override_reason.startswith("Board papers deadline moved forward")
    outstanding = {item["name"] for item in override.outstanding}
    assert outstanding == {"Eastbrook Carers' Centre", "Hillview Wellbeing Café"}
    # The recorded outstanding organisations are exactly those the rules find unconsulted
    # on the day of the override.
    facts = facts_by_org(outline)
    stakes = db.session.scalars(select(Stake).where(Stake.proposal_id == outline.id)).all()
    day = override.changed_at.date()
    at_override = [
        StakeFact(
            s.organisation_id,
            db.session.get(Organisation, s.organisation_id).name,
            s.engagement_level,
            consult_state(
                [f for f in facts.get(s.organisation_id, []) if f.occurred_on <= day],
                outline.consultation_start,
                False,
            ).state,
            s.agreement,
        )
        for s in stakes
    ]
    left = ready_to_draft(at_override).outstanding
    assert {fact.organisation_name for fact in left} == outstanding
    # Submitted with every co-producer's agreement, one of them with conditions.
    assert ready_to_submit(stake_facts(outline)).ready
    agreements = {s.agreement for s in stakes}
    assert {"agreed", "agreed_with_conditions"} <= agreements
    conditional = [s for s in stakes if s.agreement == "agreed_with_conditions"]
    assert all(s.agreement_conditions and s.agreement_date for s in conditional)


def test_idea_has_no_stakes(loaded):
    idea = proposal_titled("Welsh-language peer support")
    assert idea.status == "idea"
    assert count_stakes(idea) == 0


def count_stakes(proposal: Proposal) -> int:
    return db.session.scalar(
        select(func.count()).select_from(Stake).where(Stake.proposal_id == proposal.id)
    )


def test_demo_command_prints_log_ins_and_refuses_a_non_empty_database(app, runner):
    result = runner.invoke(args=["crm", "demo"])
    assert result.exit_code == 0, result.output
    for email, password, _role, _name in DEMO_USERS:
        assert email in result.output and password in result.output
    assert "Alex Morgan" in result.output
    again = runner.invoke(args=["crm", "demo"])
    assert again.exit_code != 0
    assert "not empty" in again.output
    forced = runner.invoke(args=["crm", "demo", "--force"])
    assert forced.exit_code != 0
    assert "already loaded" in forced.output
    with app.app_context():
        assert count(User) == 4
        assert count(Organisation) == len(set(db.session.scalars(select(Organisation.name))))


def test_demo_force_adds_to_a_database_with_other_data(app, runner, users):
    result = runner.invoke(args=["crm", "demo", "--force"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert count(User) == 3 + 4


def test_init_loads_the_demo_once(app, runner):
    first = runner.invoke(args=["crm", "init"])
    assert first.exit_code == 0, first.output
    assert "Loaded the demo partnership" in first.output
    assert DEMO_USERS[0][0] in first.output
    with app.app_context():
        before = (count(User), count(Organisation), count(Contact), count(Conversation))
    second = runner.invoke(args=["crm", "init"])
    assert second.exit_code == 0, second.output
    assert "Loaded the demo partnership" not in second.output
    assert DEMO_USERS[0][1] in second.output  # the log-ins are shown again
    with app.app_context():
        assert (count(User), count(Organisation), count(Contact), count(Conversation)) == before


def test_a_demo_user_can_log_in(app, client, runner):
    runner.invoke(args=["crm", "demo"])
    email, password, _role, _name = DEMO_USERS[0]
    response = client.post("/login", data={"email": email, "password": password})
    assert response.status_code == 302
    page = client.get("/organisations/")
    assert page.status_code == 200
    assert "Hillview Wellbeing Café" in page.get_data(as_text=True)


def test_every_stance_is_the_one_last_heard(loaded):
    """The demo agrees with the logbook's rule: a stake's stance is the one heard in its
    latest conversation that heard one (Vale Homes: "supportive" in Grzegorz's email)."""
    heard = latest_stances_heard()
    assert heard
    stakes = db.session.scalars(select(Stake)).all()
    for stake in stakes:
        if (stake.proposal_id, stake.organisation_id) in heard:
            assert stake.stance == heard[(stake.proposal_id, stake.organisation_id)]
    plan = proposal_titled("Social prescribing and peer support")
    assert states(plan)["Vale Homes Housing Association"][0].stance == "supportive"
