"""Kept values (organisations' contact dates, stakes' consultation facts) equal a full
recomputation by the rules after random sequences of every write that can change them:
logs, edits, deletes, organisation merges, erasures, retention, imports, stakes added,
consultation-start edits and waivers."""

from __future__ import annotations

import importlib.util
import random
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, text, update

from crm import rules
from crm.audit.models import AuditEntry
from crm.contacts.models import Contact
from crm.conversations import queries
from crm.conversations.models import Conversation, ConversationProposal, conversation_organisations
from crm.core.extensions import db
from crm.logbook import services as logbook
from crm.merging.plans import MergeRefused, organisation_plan
from crm.merging.services import merge_organisations
from crm.ops.reindex import reindex
from crm.organisations.models import Organisation
from crm.privacy.services import erase_contact, erase_contacts
from crm.proposals import services as proposals
from crm.proposals import stakes as stake_services
from crm.proposals.models import Proposal, Stake
from crm.proposals.queries import stake_rows_for
from tests import factories
from tests.conversations.test_contact_dates import _kept as kept_dates
from tests.conversations.test_contact_dates import _recomputed as recomputed_dates
from tests.io.test_importing import run as run_import

START = date(2026, 3, 2)


def recomputed_states() -> dict[int, rules.ConsultState]:
    """Each stake's consult state from every live conversation, by the rule (no kept value)."""
    links = conversation_organisations.c
    facts = defaultdict(list)
    query = (
        select(
            ConversationProposal.proposal_id,
            links.organisation_id,
            Conversation.occurred_on,
            Conversation.outcome,
        )
        .join(Conversation, Conversation.id == ConversationProposal.conversation_id)
        .join(conversation_organisations, links.conversation_id == Conversation.id)
        .where(Conversation.deleted_at.is_(None))
    )
    for proposal_id, organisation_id, occurred_on, outcome in db.session.execute(query):
        facts[(proposal_id, organisation_id)].append(rules.ConversationFact(occurred_on, outcome))
    stakes = db.session.execute(
        select(Stake, Proposal.consultation_start).join(Proposal, Proposal.id == Stake.proposal_id)
    )
    return {
        stake.id: rules.consult_state(
            facts.get((stake.proposal_id, stake.organisation_id), ()), start, stake.waived
        )
        for stake, start in stakes
    }


def kept_states() -> dict[int, rules.ConsultState]:
    """Each stake's consult state as the pages read it (the kept facts)."""
    every = db.session.scalars(select(Proposal)).all()
    return {row.stake.id: row.consult for rows in stake_rows_for(every).values() for row in rows}


def assert_kept_equal_recomputed() -> None:
    db.session.expire_all()
    assert kept_dates() == recomputed_dates()
    assert kept_states() == recomputed_states()


class World:
    """Organisations, people and proposals to act on, and what is still live."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.orgs = [factories.organisation(f"Org {n}") for n in range(5)]
        self.people = [factories.contact(f"Person {n}", rng.choice(self.orgs)) for n in range(8)]
        self.proposals = [factories.proposal(f"P{n}", consultation_start=START) for n in range(3)]
        for proposal in self.proposals:
            for org in rng.sample(self.orgs, 3):
                factories.stake(org, proposal, role=rng.choice(("funder", "lead", "informed")))
        self.live: list[int] = []
        db.session.commit()

    def data(self) -> dict:
        rng = self.rng
        outcome = rng.choice(("reached", "no_answer", "left_message"))
        return {
            "occurred_on": START + timedelta(days=rng.randrange(-30, 200)),
            "occurred_at": None,
            "channel": rng.choice(("call", "email", "meeting")),
            "outcome": outcome,
            "summary": "Talked.",
            "contact_ids": [p.id for p in rng.sample(self.people, min(len(self.people), 2))][
                : rng.randint(0, 2)
            ],
            "organisation_ids": [o.id for o in rng.sample(self.orgs, rng.randint(1, 2))],
            "proposals": {
                p.id: ("supportive" if outcome == "reached" and rng.random() < 0.3 else None)
                for p in rng.sample(self.proposals, rng.randint(0, 2))
            },
        }

    def log(self) -> None:
        self.live.append(logbook.log_conversation(self.data(), actor=None).id)

    def edit(self) -> None:
        conversation = queries.conversation(self.rng.choice(self.live))
        logbook.update_conversation(conversation, self.data(), None, conversation.version)

    def delete(self) -> None:
        gone = self.live.pop(self.rng.randrange(len(self.live)))
        logbook.delete_conversation(queries.conversation(gone), actor=None)

    def merge(self) -> bool:
        if len(self.orgs) < 3:
            return False
        kept, other = self.rng.sample(self.orgs, 2)
        try:
            plan = organisation_plan(kept.id, other.id)
            merge_organisations(kept.id, other.id, plan.token, None)
        except MergeRefused:
            return False
        self.orgs.remove(other)
        self.people = list(db.session.scalars(select(Contact).where(Contact.archived.is_(False))))
        return True

    def erase(self) -> bool:
        if len(self.people) < 3:
            return False
        erase_contact(self.people.pop(self.rng.randrange(len(self.people))), None)
        return True

    def retention(self) -> bool:
        if len(self.people) < 4:
            return False
        return erase_contacts([self.people.pop().id, self.people.pop().id], None) == 2

    def import_contacts(self) -> None:
        db.session.commit()
        org = self.rng.choice(self.orgs)
        n = self.rng.randrange(10_000)
        csv = f"Name,Email,Organisation\nNew {n},new{n}@example.org,{org.name}\n"
        run_import("contacts", csv.encode())
        self.people = list(db.session.scalars(select(Contact).where(Contact.archived.is_(False))))

    def move_start(self) -> None:
        proposal = self.rng.choice(self.proposals)
        start = START + timedelta(days=self.rng.randrange(-20, 120))
        proposals.update_proposal(proposal, {"consultation_start": start}, None, proposal.version)

    def waive(self) -> None:
        stake = self.rng.choice(db.session.scalars(select(Stake)).all())
        if stake.waived:
            stake_services.unwaive_stake(stake, None)
        else:
            stake_services.waive_stake(stake, "Closed for the summer", None)

    def add_stake(self) -> bool:
        proposal = self.rng.choice(self.proposals)
        have = set(
            db.session.scalars(select(Stake.organisation_id).filter_by(proposal_id=proposal.id))
        )
        free = [org.id for org in self.orgs if org.id not in have]
        if not free:
            return False
        return bool(stake_services.add_stakes(proposal, free[:1], "affected", None, None))


ACTIONS = (
    ["log"] * 6
    + ["edit"] * 3
    + ["delete"] * 2
    + ["merge", "erase", "retention", "import_contacts", "move_start", "waive", "add_stake"]
)


@pytest.mark.parametrize("seed", range(5))
def test_kept_values_match_a_full_recomputation_after_random_writes(ctx, seed):
    rng = random.Random(seed)
    world = World(rng)
    # Every kind of write at least once, in a random order among random others.
    steps = sorted(set(ACTIONS)) + [rng.choice(ACTIONS) for _ in range(25)]
    rng.shuffle(steps)
    done = []
    for action in steps:
        if action in ("edit", "delete") and not world.live:
            action = "log"
        if getattr(world, action)() is not False:
            done.append(action)
        db.session.commit()
        assert_kept_equal_recomputed()
    assert set(done) == set(ACTIONS), done


def test_reindex_repairs_every_kept_value(ctx):
    world = World(random.Random(7))
    for _step in range(12):
        world.log()
    world.waive()
    db.session.commit()
    right = (recomputed_dates(), recomputed_states())
    db.session.execute(update(Organisation).values(last_contact_on=None, last_reached_on=START))
    db.session.execute(
        update(Stake).values(
            consulted_on=START, attempts=9, last_attempt_on=None, last_conversation_on=None
        )
    )
    db.session.commit()
    assert kept_states() != right[1]
    done = reindex()
    db.session.commit()
    assert done.stakes_changed == len(right[1])
    assert done.contact_dates_changed == len(right[0])
    assert_kept_equal_recomputed()
    assert (kept_dates(), kept_states()) == right


def test_keeping_them_bumps_no_version_and_writes_no_audit_entry(ctx):
    world = World(random.Random(3))
    stake = db.session.scalars(select(Stake)).first()
    version = stake.version
    stake_entries = select(func.count()).where(AuditEntry.entity_type == "stakes")
    entries = db.session.scalar(stake_entries)
    data = world.data() | {
        "occurred_on": START + timedelta(days=10),
        "outcome": "no_answer",
        "organisation_ids": [stake.organisation_id],
        "contact_ids": [],
        "proposals": {stake.proposal_id: None},
    }
    logbook.log_conversation(data, actor=None)
    db.session.commit()
    db.session.refresh(stake)
    assert (stake.attempts, stake.last_attempt_on) == (1, START + timedelta(days=10))
    assert stake.version == version
    assert db.session.scalar(stake_entries) == entries


def test_the_reindex_command_says_what_it_changed(app, runner):
    with app.app_context():
        world = World(random.Random(11))
        for _step in range(6):
            world.log()
        db.session.commit()
        stakes = len(recomputed_states())
        db.session.execute(update(Stake).values(attempts=7))
        db.session.execute(update(Organisation).values(last_contact_on=START))
        db.session.commit()
    result = runner.invoke(args=["crm", "reindex"])
    assert result.exit_code == 0, result.output
    assert "Contact dates: 5 organisations recomputed, " in result.output
    assert f"Consultation facts: {stakes} stakes changed." in result.output
    assert "Search: rebuilt 5 indexes" in result.output
    with app.app_context():
        assert_kept_equal_recomputed()
    again = runner.invoke(args=["crm", "reindex"])
    assert "5 organisations recomputed, 0 changed." in again.output
    assert "Consultation facts: 0 stakes changed." in again.output


def test_the_migration_fills_them_as_the_rule_says(ctx):
    """Migration k3pt0c0nsult fills the stakes of an existing database in SQL: the same
    values as rules.consult_facts."""
    path = Path(__file__).parents[2] / "migrations/versions/k3pt0c0nsult_stake_consultation_kept.py"
    spec = importlib.util.spec_from_file_location("k3pt0c0nsult", path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    world = World(random.Random(5))
    for _step in range(20):
        world.log()
    world.move_start()
    db.session.commit()
    right = recomputed_states()
    db.session.execute(update(Stake).values(consulted_on=None, attempts=0, last_attempt_on=None))
    db.session.execute(text(migration.FILL))
    db.session.commit()
    assert kept_states() == right
