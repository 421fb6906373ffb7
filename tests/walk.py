"""Walking every route of the app: records to point URLs at, signed-in clients, snapshots.

Used by the access-policy, CSRF, GET-changes-nothing and page-markup tests, so
they cover every endpoint, including ones added later, without a list to keep.
A URL argument `<x_id>` gets the id of a real record of the table whose singular
name is x (organisation_id -> organisations); other arguments get a value from
ARG_VALUES, or a harmless placeholder. A feature whose URLs take a special
argument (a calendar token, say) adds it to ARG_VALUES.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import date

from flask import Flask
from sqlalchemy import select
from werkzeug.routing import AnyConverter, IntegerConverter, Rule

from crm.audit.services import record
from crm.auth.models import User, UserSession
from crm.coproduction.models import ResponseRequest
from crm.coproduction.tokens import token_hash
from crm.core.db import utcnow
from crm.core.extensions import db
from crm.drafts.models import Draft
from crm.followups.models import FollowUp
from crm.mail.outbox import queue_mail
from crm.proposals.models import Milestone, StatusChange
from crm.settings.models import Settings
from tests import factories

MISSING_ID = 987_654
TOUCHED = ("user_sessions", "last_seen_at")  # updated by every signed-in request, by design
# Also written by reading pages, by design: the partner page counts every request against
# its rate limits and notes when a partner first opened their link.
READ_WRITES = {("partner_page_hits", None), ("response_requests", "opened_at")}
PARTNER_TOKEN = "w" * 43  # the walk's partner link (a made-up but well-formed token)
# Extra argument values: name -> function(world) -> value.
ARG_VALUES: dict[str, Callable[[dict], object]] = {
    "token": lambda world: world.get("calendar_token", "not-a-token"),
    "link": lambda world: world.get("partner_token", "not-a-token"),
}
SKIP_ENDPOINTS_PREFIXES = ("static", "bootstrap.")


def _singular(table: str) -> str:
    if table.endswith("ies"):
        return table[:-3] + "y"
    if table.endswith("s"):
        return table[:-1]
    return table


def build_world() -> dict:
    """One record of every kind, linked up; returns {argument name: id} plus extras."""
    target = factories.user(role="editor", name="Target User")
    organisation = factories.organisation("Walk Organisation")
    contact = factories.contact("Walk Contact", organisation=organisation, email="walk@example.org")
    proposal = factories.proposal("Walk Proposal")
    stake = factories.stake(organisation, proposal, key_contact_id=contact.id)
    conversation = factories.conversation([contact], summary="Walk conversation")
    follow_up = FollowUp(description="Call back", contact_id=contact.id, due_on=date(2026, 12, 1))
    milestone = Milestone(proposal_id=proposal.id, name="Board", due_on=date(2026, 12, 10))
    change = StatusChange(
        proposal_id=proposal.id,
        from_status="idea",
        to_status="consulting",
        changed_at=utcnow(),
    )
    draft = Draft(
        proposal_id=proposal.id,
        number=1,
        source="txt",
        filename="plan.txt",
        content=b"Walk Organisation will co-produce the plan.",
        text="Walk Organisation will co-produce the plan.",
    )
    db.session.add_all([follow_up, milestone, change, Settings(), draft])
    db.session.flush()
    partner_request = ResponseRequest(
        stake_id=stake.id,
        contact_id=contact.id,
        draft_id=draft.id,
        respond_by=date(2099, 1, 1),
        token_hash=token_hash(PARTNER_TOKEN),
    )
    db.session.add(partner_request)
    target.calendar_token = secrets.token_urlsafe(16)
    entry = record("update", organisation, None, {"phone": ("1", "2")})
    db.session.flush()
    ids = {
        "users": target.id,
        "organisations": organisation.id,
        "contacts": contact.id,
        "proposals": proposal.id,
        "stakes": stake.id,
        "conversations": conversation.id,
        "follow_ups": follow_up.id,
        "milestones": milestone.id,
        "status_changes": change.id,
        "audit_entries": entry.id,
        "requests": partner_request.id,
    }
    world: dict = {
        "calendar_token": target.calendar_token,
        "number": draft.number,
        "partner_token": PARTNER_TOKEN,
    }
    for table, record_id in ids.items():
        singular = _singular(table)
        world[f"{singular}_id"] = record_id
        world[f"{singular.replace('_', '')}_id"] = record_id
    world["entry_id"] = entry.id
    email = queue_mail(subject="Walk", text="Walk email", to_contact=contact, kind="test")
    db.session.flush()
    world["message_id"] = email.id
    world["followup_id"] = follow_up.id
    return world


def url_for_rule(rule: Rule, world: dict) -> str:
    """The rule's path with every argument filled in."""
    values = {}
    for name in rule.arguments:
        converter = rule._converters.get(name)
        if name in ARG_VALUES:
            values[name] = ARG_VALUES[name](world)
        elif isinstance(converter, AnyConverter):
            values[name] = sorted(converter.items)[0]
        elif isinstance(converter, IntegerConverter) or name.endswith("_id"):
            values[name] = world.get(name, MISSING_ID)
        else:
            values[name] = world.get(name, "x")
    for name, value in (rule.defaults or {}).items():
        values.setdefault(name, value)
    built = rule.build(values, append_unknown=False)
    return built[1] if built else rule.rule


def routes(app: Flask) -> list[tuple[str, Rule, str]]:
    """(endpoint, rule, method) for every routed endpoint, static files aside."""
    found = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.endpoint, r.rule)):
        if rule.endpoint.startswith(SKIP_ENDPOINTS_PREFIXES):
            continue
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            found.append((rule.endpoint, rule, method))
    return found


def sign_in(client, user_id: int) -> None:
    """Give a test client a valid server-side session for a user (no log-in form)."""
    user = db.session.get(User, user_id)
    session_row = UserSession(id=secrets.token_urlsafe(32), user_id=user.id)
    db.session.add(session_row)
    db.session.commit()
    with client.session_transaction() as session:
        session.clear()
        session["sid"] = session_row.id
        session["sv"] = user.session_version
        session["_user_id"] = str(user.id)
        session["_fresh"] = True


def snapshot() -> dict[str, list]:
    """Every row of every table (session touch times aside), to compare before and after."""
    rows = {}
    for table in db.metadata.sorted_tables:
        if (table.name, None) in READ_WRITES:
            continue
        columns = [
            c
            for c in table.columns
            if (table.name, c.name) != TOUCHED and (table.name, c.name) not in READ_WRITES
        ]
        query = select(*columns).order_by(*table.primary_key.columns)
        rows[table.name] = [tuple(row) for row in db.session.execute(query)]
    return rows
