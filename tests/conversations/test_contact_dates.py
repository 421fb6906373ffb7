"""Each organisation's kept last-contact dates equal a full recomputation, whatever happens."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from crm.conversations import queries
from crm.conversations.models import Conversation, conversation_organisations
from crm.conversations.services import refresh_contact_dates
from crm.core.extensions import db
from crm.logbook import services as logbook
from crm.organisations.models import Organisation
from tests import factories

START = date(2026, 3, 2)


def _recomputed() -> dict[int, tuple[date | None, date | None]]:
    """What the dates would be if the whole log were read again."""

    def latest(reached: bool):
        query = (
            select(conversation_organisations.c.organisation_id, func.max(Conversation.occurred_on))
            .join(Conversation, Conversation.id == conversation_organisations.c.conversation_id)
            .where(Conversation.deleted_at.is_(None))
            .group_by(conversation_organisations.c.organisation_id)
        )
        if reached:
            query = query.where(Conversation.outcome == "reached")
        return dict(db.session.execute(query).tuples().all())

    any_, reached = latest(False), latest(True)
    ids = db.session.scalars(select(Organisation.id)).all()
    return {i: (any_.get(i), reached.get(i)) for i in ids}


def _kept() -> dict[int, tuple[date | None, date | None]]:
    rows = db.session.execute(
        select(Organisation.id, Organisation.last_contact_on, Organisation.last_reached_on)
    )
    return {i: (a, r) for i, a, r in rows}


@pytest.mark.parametrize("seed", range(6))
def test_kept_dates_match_the_log_after_random_logs_edits_and_deletes(ctx, seed):
    rng = random.Random(seed)
    orgs = [factories.organisation(f"Org {n}") for n in range(4)]
    people = [factories.contact(f"Person {n}", rng.choice(orgs)) for n in range(6)]
    factories.contact("Someone on their own", None)
    db.session.commit()
    live: list[int] = []
    for _step in range(25):
        action = rng.choice(("log", "log", "edit", "delete"))
        data = {
            "occurred_on": START + timedelta(days=rng.randrange(200)),
            "occurred_at": None,
            "channel": rng.choice(("call", "email", "meeting")),
            "outcome": rng.choice(("reached", "no_answer", "left_message")),
            "summary": "Talked.",
            "contact_ids": [p.id for p in rng.sample(people, rng.randint(0, 2))],
            "organisation_ids": [o.id for o in rng.sample(orgs, rng.randint(1, 2))],
        }
        if action == "log" or not live:
            live.append(logbook.log_conversation(data, actor=None).id)
        elif action == "edit":
            conversation = queries.conversation(rng.choice(live))
            logbook.update_conversation(conversation, data, None, conversation.version)
        else:
            gone = live.pop(rng.randrange(len(live)))
            logbook.delete_conversation(queries.conversation(gone), actor=None)
        db.session.commit()
        assert _kept() == _recomputed()


def test_a_full_refresh_repairs_every_organisation(ctx):
    org = factories.organisation("Riverside")
    factories.conversation(organisations=[org], occurred_on=START)
    db.session.execute(
        Organisation.__table__.update().values(last_contact_on=None, last_reached_on=None)
    )
    refresh_contact_dates(None)
    assert _kept() == _recomputed() == {org.id: (START, START)}


def test_refreshing_does_not_make_an_open_edit_form_stale(ctx):
    org = factories.organisation("Riverside")
    db.session.commit()
    version = org.version
    factories.conversation(organisations=[org], occurred_on=START)
    db.session.commit()
    db.session.refresh(org)
    assert org.version == version
