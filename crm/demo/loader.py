"""Load the demo partnership of DESIGN.md section 9 (the origin story, in Eastbrook)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from crm.auth.models import User
from crm.auth.services import hash_password
from crm.contacts.models import Contact
from crm.conversations.services import refresh_contact_dates
from crm.core.dates import today_london, uk_date
from crm.core.extensions import db
from crm.demo import earlier, history, story
from crm.demo.context import Demo
from crm.demo.partners import ORGANISATIONS
from crm.demo.people import CONTACTS
from crm.demo.season import Plan
from crm.logbook.stances import settle_stances
from crm.organisations.models import Organisation, name_key
from crm.proposals.consultation import refresh_consultation
from crm.settings.closures import default_closure_rows
from crm.settings.models import Settings

# (email, password, role, name). Alex Morgan is the author from the origin story:
# logging in as Alex shows the problem on the first screen.
DEMO_USERS = [
    ("alex.morgan@demo.example.org", "draft-before-the-deadline", "editor", "Alex Morgan"),
    ("valerie.shah@demo.example.org", "steering-group-admin", "admin", "Valerie Shah"),
    ("mal.hughes@demo.example.org", "bring-people-along", "editor", "Mal Hughes"),
    ("ruth.evans@demo.example.org", "board-papers-to-read", "viewer", "Ruth Evans"),
]
# The keys the other demo modules use for the users above, in the same order.
USER_KEYS = ("alex", "valerie", "mal", "ruth")
DEMO_HINT = "Log in as Alex Morgan (the author) to see whom to call, and by when."


def demo_hint(plan: Plan) -> str:
    """DEMO_HINT with the hurry of the story as loaded: before Christmas, before Easter..."""
    return (
        f"{DEMO_HINT.removesuffix('.')}, {plan.hurry}: consult partners by "
        f"{uk_date(plan.consult_by)}, {plan.working_days_left} working days away."
    )


class DemoClash(RuntimeError):
    """The database already holds demo users or organisations with the demo's names."""


def load_demo(today: date | None = None) -> Plan:
    """Add the demo partnership in the current transaction (the caller commits); returns the
    plan of the story: the deadline chosen from `today` (crm/demo/season.py)."""
    demo = Demo(today or today_london())
    _refuse_clashes()
    _users(demo)
    _settings(demo)
    _organisations(demo)
    _contacts(demo)
    earlier.build(demo)  # first: the story talks about the Welsh-language idea too
    story.build(demo)
    history.build(demo)
    db.session.flush()
    # What the logbook does on each write, for all at once: contact dates, each stake's
    # consultation facts, and each stake's stance is the one last heard in a conversation
    # (the demo's tables give the rest).
    refresh_contact_dates(None)
    refresh_consultation()
    settle_stances()
    db.session.flush()
    return demo.plan


def _refuse_clashes() -> None:
    """Stop before writing anything if the demo's users or organisation names are taken."""
    emails = [email for email, *_rest in DEMO_USERS]
    taken = db.session.scalars(select(User.email).where(func.lower(User.email).in_(emails))).all()
    keys = [name_key(org["name"]) for org in ORGANISATIONS]
    names = db.session.scalars(
        select(Organisation.name).where(
            Organisation.name_key.in_(keys), Organisation.archived.is_(False)
        )
    ).all()
    if taken or names:
        clash = ", ".join(sorted(taken) + sorted(names))
        raise DemoClash(f"The demo is already loaded or its names are in use: {clash}.")


def _users(demo: Demo) -> None:
    """One user per role, plus the author from the story."""
    joined = demo.stamp(demo.today - timedelta(days=420), 9)
    for key, (email, password, role, name) in zip(USER_KEYS, DEMO_USERS, strict=True):
        user = User(
            name=name,
            email=email,
            password_hash=hash_password(password),
            role=role,
            created_at=joined,
            updated_at=joined,
        )
        db.session.add(user)
        demo.users[key] = user
    db.session.flush()
    admin = demo.users["valerie"]
    for user in demo.users.values():
        user.created_by_id = admin.id


def _settings(demo: Demo) -> None:
    """England's holidays, the Christmas closure, a 10-day window, 6 years' retention."""
    if db.session.scalar(select(Settings.id).limit(1)) is not None:
        return  # keep the settings of a database the demo is added to
    db.session.add(
        Settings(
            uk_nation="england",
            closure_periods=default_closure_rows(),
            default_min_window=10,
            retention_years=6,
            created_by_id=demo.users["valerie"].id,
        )
    )


def _organisations(demo: Demo) -> None:
    """The borough's partners, each owned by a demo user."""
    added = demo.stamp(demo.today - timedelta(days=400), 10)
    for data in ORGANISATIONS:
        fields = {k: v for k, v in data.items() if k not in {"key", "owner", "cadence"}}
        org = Organisation(
            **fields,
            name_key=name_key(data["name"]),
            owner_id=demo.users[data["owner"]].id,
            stay_in_touch_days=data["cadence"],
            created_by_id=demo.users["valerie"].id,
            created_at=added,
            updated_at=added,
        )
        db.session.add(org)
        demo.orgs[data["key"]] = org
    db.session.flush()


def _contacts(demo: Demo) -> None:
    """About forty people, some Welsh, Irish and Polish names, two individual partners."""
    added = demo.stamp(demo.today - timedelta(days=395), 11)
    for data in CONTACTS:
        fields = {k: v for k, v in data.items() if k not in {"key", "org", "consent_days_ago"}}
        consent = data.get("consent_days_ago")
        contact = Contact(
            **fields,
            organisation_id=demo.orgs[data["org"]].id if data["org"] else None,
            consent_date=demo.today - timedelta(days=consent) if consent else None,
            created_by_id=demo.users["valerie"].id,
            created_at=added,
            updated_at=added,
        )
        db.session.add(contact)
        demo.contacts[data["key"]] = contact
    db.session.flush()
