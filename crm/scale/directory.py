"""Rows for users, organisations and contacts."""

from __future__ import annotations

import itertools
from datetime import timedelta

from crm.organisations.models import name_key
from crm.scale import names
from crm.scale.world import Weighted, World

ADMIN_EMAIL = "admin@scale.partnerwise.example"
PASSWORD = "scale-bench-password"  # noqa: S105 - synthetic data only; printed by the command
USER_ROLES = ("admin", "editor", "editor", "editor", "editor", "editor", "editor", "viewer")
EXTRA_PREFIXES = ("", "North ", "South ", "East ", "West ", "Central ", "Upper ", "Lower ")

CONTACT_CHANNELS = Weighted.of(
    {"phone": 45, "email": 35, "in_person": 8, "video": 7, "text": 5},
)
LAWFUL = Weighted.of({"legitimate_interests": 85, "consent": 10, "other": 5})


def users(world: World, password_hash: str) -> list[dict]:
    """An admin the benchmark logs in as, editors who do the work, a viewer or two."""
    rows = []
    for index in range(world.scale.users):
        user_id = index + 1
        role = USER_ROLES[index % len(USER_ROLES)] if index else "admin"
        name = names.person_name(world.rng)
        email = ADMIN_EMAIL if index == 0 else f"{names.email_local(name)}{user_id}@scale.example"
        rows.append(
            {
                "id": user_id,
                "name": name,
                "email": email,
                "password_hash": password_hash,
                "role": role,
                "active": True,
                "session_version": 1,
                "created_at": world.stamp(world.start, 9),
                "updated_at": world.stamp(world.start, 9),
                "created_by_id": None,
            }
        )
        world.user_ids.append(user_id)
        if role != "viewer":
            world.editor_ids.append(user_id)
    return rows


def organisation_names(world: World, count: int) -> list[tuple[str, str, str]]:
    """Distinct (name, kind, place): every place with every pattern, then with prefixes."""
    pairs = list(itertools.product(names.ORG_PATTERNS, names.PLACES))
    world.rng.shuffle(pairs)
    chosen: list[tuple[str, str, str]] = []
    for prefix in itertools.cycle(EXTRA_PREFIXES):
        for (pattern, kind), place in pairs:
            if len(chosen) == count:
                return chosen
            chosen.append((pattern.format(p=prefix + place), kind, place))
    return chosen


def organisations(world: World) -> list[dict]:
    """Partner organisations; a few are busy (most conversations), most are quiet."""
    rng = world.rng
    rows = []
    cumulative = 0.0
    for index, (name, kind, place) in enumerate(
        organisation_names(world, world.scale.organisations)
    ):
        org_id = index + 1
        domain = names.domain_for(name)
        created = world.day_between(world.start, world.start + timedelta(days=400))
        archived = rng.random() < 0.02
        tags = sorted(rng.sample(names.TAGS, rng.randrange(4)))
        focus = " and ".join(tags[:2]).capitalize() if tags else "Community"
        rows.append(
            {
                "id": org_id,
                "name": name,
                "name_key": name_key(name),  # Core inserts skip the model's @validates
                "kind": kind,
                "description": f"{focus} work in and around {place}.",
                "website": f"https://www.{domain}",
                "phone": names.phone(rng),
                "email": f"info@{domain}" if rng.random() < 0.6 else "",
                "address": f"{rng.randrange(1, 200)} High Street\n{place}",
                "area_served": place,
                "tags": ",".join(tags),
                "owner_id": world.pick_editor() if rng.random() < 0.8 else None,
                "stay_in_touch_days": rng.choice((30, 60, 90, 180)) if rng.random() < 0.3 else None,
                "archived": archived,
                "archived_at": world.stamp(world.today - timedelta(days=90)) if archived else None,
                "version": 1,
                "created_at": world.stamp(created, 10),
                "updated_at": world.stamp(created, 10),
                "created_by_id": None,
            }
        )
        world.org_names[org_id] = name
        world.org_domains[org_id] = domain
        if not archived:
            # Pareto weights, capped: a handful of partners get a call most working days
            # (about 1% of all conversations each), most get a few a year.
            cumulative += min(90.0, rng.paretovariate(1.1))
            world.active_org_ids.append(org_id)
            world.org_cum_weights.append(cumulative)
    return rows


def contacts(world: World) -> list[dict]:
    """People: one or more per organisation, busier organisations have more; a few individuals."""
    rng = world.rng
    rows = []
    seen_emails: set[str] = set()
    orgs = world.active_org_ids
    for index in range(world.scale.contacts):
        contact_id = index + 1
        if rng.random() < 0.03:
            org_id = None
        elif index < len(orgs):
            org_id = orgs[index]  # everyone active has somebody to call
        else:
            org_id = world.pick_org() if rng.random() < 0.5 else rng.choice(orgs)
        name = names.person_name(rng)
        domain = world.org_domains[org_id] if org_id else "example.com"
        email = f"{names.email_local(name)}@{domain}"
        while email in seen_emails:
            email = f"{names.email_local(name)}{rng.randrange(2, 99)}@{domain}"
        seen_emails.add(email)
        basis = world.pick(LAWFUL)
        created = world.day_between(world.start, world.today, recent_bias=True)
        rows.append(
            {
                "id": contact_id,
                "name": name,
                "name_key": name_key(name),
                "organisation_id": org_id,
                "job_title": rng.choice(names.JOB_TITLES) if org_id else "Lived-experience rep",
                "email": email if rng.random() < 0.9 else "",
                "phone": names.phone(rng) if rng.random() < 0.85 else "",
                "phone_other": names.phone(rng) if rng.random() < 0.1 else "",
                "preferred_channel": world.pick(CONTACT_CHANNELS),
                "best_times": rng.choice(names.BEST_TIMES),
                "notes": "",
                "lawful_basis": basis,
                "consent_date": created if basis == "consent" else None,
                "lawful_basis_note": "Public role" if basis == "other" else "",
                "do_not_contact": rng.random() < 0.01,
                "archived": rng.random() < 0.03,
                "archived_at": None,
                "version": 1,
                "created_at": world.stamp(created, 11),
                "updated_at": world.stamp(created, 11),
                "created_by_id": None,
            }
        )
        if org_id is None:
            world.individual_ids.append(contact_id)
        elif not rows[-1]["archived"]:
            world.contacts_by_org.setdefault(org_id, []).append(contact_id)
    for row in rows:
        if row["archived"]:
            row["archived_at"] = row["updated_at"]
    return rows
