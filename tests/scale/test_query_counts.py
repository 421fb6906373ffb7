"""Each page runs the same number of SQL statements on small and on ten-times-bigger data."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from bench.extras import counting
from crm import create_app
from crm.contacts.models import Contact
from crm.conversations.models import ConversationContact, conversation_organisations
from crm.core.config import TestingConfig
from crm.core.extensions import db
from crm.organisations.models import Organisation
from crm.scale.directory import ADMIN_EMAIL, PASSWORD
from crm.scale.generate import generate
from crm.scale.world import Scale
from tests.conftest import _empty_tables, login

SMALL = Scale(
    organisations=60,
    contacts=150,
    conversations=600,
    proposals=4,
    stakes=60,
    follow_ups=40,
    users=5,
)
BIG = SMALL.times(10)

# (name, path, the most statements allowed: lists 5 whatever the page size, details 10).
PAGES = [
    ("organisations list", "/organisations/", 5),
    ("organisations list, page 2", "/organisations/?page=2", 5),
    ("organisations search", "/organisations/?q={org_term}", 5),
    ("organisations sorted by last contact", "/organisations/?sort=last_contact", 5),
    ("contacts list", "/contacts/", 5),
    ("contacts list, page 2", "/contacts/?page=2", 5),
    ("contacts search", "/contacts/?q={contact_term}", 5),
    ("contacts of one organisation", "/contacts/?organisation={busy_org}", 5),
    ("organisation detail", "/organisations/{busy_org}", 10),
    ("contact detail", "/contacts/{busy_contact}", 10),
    # + the latest draft for ready-to-submit, the drafts list and the requests in writing
    # (section 10).
    ("proposal detail", "/proposals/{proposal}", 13),
    ("checklist", "/proposals/{proposal}/checklist", 10),
    # + who was asked in writing and has not answered (section 10).
    ("call sheet", "/proposals/{proposal}/call-sheet", 11),
    # Six panels: session 1, calendar 1, calls 3, overdue 1, follow-ups 1, milestones 1, recent 2.
    ("dashboard", "/", 11),  # with the getting-started check (issue 14)
    # Not pages in the sense, but they must not grow with the data either.
    ("proposals list", "/proposals/", 10),
    ("conversations list", "/conversations/", 10),
    ("follow-ups", "/follow-ups/?who=everyone", 10),
    ("proposal engagement summary PDF", "/proposals/{proposal}/report.pdf", 15),
    # Session 1, proposals for the filter 1, five kinds 5, the notes' organisations 1, and
    # the capped count that picks the notes' plan 1.
    ("search, a name", "/search?q={org_term}", 9),
    ("search, two words of the notes", "/search?q=carers+backlog", 9),
    ("search, one kind", "/search?q=carers&kind=conversations", 6),
]


def _values() -> dict:
    """The busiest organisation and person, and search terms that match several rows."""
    busy_org = db.session.scalar(
        select(conversation_organisations.c.organisation_id)
        .group_by(conversation_organisations.c.organisation_id)
        .order_by(func.count().desc())
        .limit(1)
    )
    busy_contact = db.session.scalar(
        select(ConversationContact.contact_id)
        .where(ConversationContact.contact_id.is_not(None))
        .group_by(ConversationContact.contact_id)
        .order_by(func.count().desc())
        .limit(1)
    )
    return {
        "proposal": 1,  # the generator's first proposal has the most stakes and history
        "busy_org": busy_org,
        "busy_contact": busy_contact,
        "org_term": db.session.get(Organisation, busy_org).name.split()[-1],
        "contact_term": db.session.get(Contact, busy_contact).name.split()[0][:3],
    }


def _measure(app, scale: Scale) -> dict[str, tuple[int, int]]:
    """(statements, status) per page on freshly generated data of this scale."""
    hashed = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")
    with app.app_context():
        generate(scale, 3, date(2026, 11, 28), hashed)
        values = _values()
        engine = db.engine
    client = app.test_client()
    login(client, ADMIN_EMAIL, PASSWORD)
    client.get("/")  # settle the session's first-request work
    results = {}
    for name, path, _limit in PAGES:
        with counting(engine) as seen:
            response = client.get(path.format(**values))
        results[name] = (len(seen), response.status_code)
    return results


@pytest.fixture(scope="module")
def counts(database_url):
    """Statement counts per page on SMALL and on BIG data (generated once for the module)."""
    app = create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": database_url})
    _empty_tables(app)
    try:
        small = _measure(app, SMALL)
        _empty_tables(app)
        big = _measure(app, BIG)
    finally:
        _empty_tables(app)
    return small, big


@pytest.mark.parametrize(("name", "path", "limit"), PAGES, ids=[page[0] for page in PAGES])
def test_statement_count_does_not_grow_with_the_data(counts, name, path, limit):
    small, big = counts
    assert small[name][1] == 200 and big[name][1] == 200
    assert small[name][0] == big[name][0], f"{name}: {small[name][0]} vs {big[name][0]}"
    assert big[name][0] <= limit, f"{name} runs {big[name][0]} statements"
