"""Rows for proposals, their milestones, status changes and stakes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from crm.rules import MUST_CONSULT_LEVELS, default_engagement
from crm.scale import names
from crm.scale.world import BIG_PROPOSAL_STAKES, Weighted, World

PATH = ("idea", "consulting", "drafting", "in_review", "submitted", "decided")
ROLES = Weighted.of(
    {
        "co_producer": 8,
        "delivery_partner": 15,
        "funder": 5,
        "decision_maker": 5,
        "affected": 45,
        "informed": 22,
    }
)
STANCES = Weighted.of({"supportive": 45, "neutral": 30, "concerned": 18, "opposed": 7})
AGREEMENTS = {
    "early": Weighted.of({"not_asked": 70, "asked": 25, "agreed": 5}),
    "drafting": Weighted.of(
        {"not_asked": 10, "asked": 40, "agreed": 40, "agreed_with_conditions": 10}
    ),
    "late": Weighted.of(
        {"not_asked": 10, "asked": 10, "agreed": 60, "agreed_with_conditions": 15, "declined": 5}
    ),
}
AGREEMENT_STAGE = {
    "idea": "early",
    "consulting": "early",
    "withdrawn": "early",
    "drafting": "drafting",
    "in_review": "drafting",
    "submitted": "late",
    "decided": "late",
}


@dataclass
class StakePlan:
    """What the conversation builder needs to know about one stake."""

    organisation_id: int
    key_contact_id: int | None
    stance: str
    must_consult: bool


@dataclass
class ProposalPlan:
    """One proposal's dates and stakes, for its conversations."""

    id: int
    consultation_start: date
    deadline: date
    status: str
    big: bool
    stakes: list[StakePlan] = field(default_factory=list)


@dataclass
class Work:
    """Every row of the proposal side, plus the plans."""

    proposals: list[dict] = field(default_factory=list)
    milestones: list[dict] = field(default_factory=list)
    status_changes: list[dict] = field(default_factory=list)
    stakes: list[dict] = field(default_factory=list)
    plans: list[ProposalPlan] = field(default_factory=list)


def weekday(day: date) -> date:
    """The day, or the Monday after it when it falls at a weekend."""
    return day + timedelta(days=(7 - day.weekday()) % 7) if day.weekday() >= 5 else day


def status_for(world: World, start: date, deadline: date) -> str:
    """A plausible status for a proposal with these dates, as of today."""
    rng, today = world.rng, world.today
    if start > today:
        return "idea"
    if deadline >= today:
        return rng.choice(("consulting", "consulting", "consulting", "drafting", "idea"))
    if deadline >= today - timedelta(days=45):
        return rng.choice(("in_review", "submitted", "drafting"))
    return rng.choice(("decided",) * 15 + ("submitted",) * 2 + ("withdrawn",) * 3)


def stake_counts(world: World) -> list[int]:
    """Stakes per proposal: the first has exactly 100 (for the benchmark), the rest share."""
    count, total = world.scale.proposals, world.scale.stakes
    available = len(world.active_org_ids)
    big = min(BIG_PROPOSAL_STAKES, available, total)
    if count == 1:
        return [big]
    weights = [world.rng.uniform(0.3, 1.7) for _ in range(count - 1)]
    rest = total - big
    counts = [big] + [min(available, int(rest * w / sum(weights))) for w in weights]
    short, index = total - sum(counts), 0
    while short > 0 and any(c < available for c in counts[1:]):
        slot = 1 + index % (count - 1)
        if counts[slot] < available:
            counts[slot] += 1
            short -= 1
        index += 1
    return counts


def proposals(world: World) -> Work:
    """Proposals across the years; proposal 1 is consulting now, with 100 stakes."""
    rng, today = world.rng, world.today
    work = Work()
    milestone_ids = iter(range(1, 10**9))
    change_ids = iter(range(1, 10**9))
    stake_ids = iter(range(1, 10**9))
    for index, stakes in enumerate(stake_counts(world)):
        proposal_id = index + 1
        big = index == 0
        if big:
            start = today - timedelta(days=120)
            deadline = weekday(today + timedelta(days=30))
            status = "consulting"
        else:
            start = world.day_between(world.start + timedelta(days=30), today + timedelta(days=20))
            deadline = weekday(start + timedelta(days=rng.randrange(25, 90)))
            status = status_for(world, start, deadline)
        topic = rng.choice(names.PROPOSAL_TOPICS)
        body = rng.choice(names.DECISION_BODIES)
        work.proposals.append(
            {
                "id": proposal_id,
                "title": f"{topic} {rng.choice(names.PROPOSAL_KINDS)} {start.year}",
                "summary": f"What we propose on {topic.lower()}, and what we need from partners.",
                "status": status,
                "author_id": world.pick_editor(),
                "decision_body": body,
                "consultation_start": start,
                "min_window_days": rng.choice((10, 10, 10, 15, 20)),
                "version": 1,
                "created_at": world.stamp(start - timedelta(days=7), 9),
                "updated_at": world.stamp(start - timedelta(days=7), 9),
                "created_by_id": None,
            }
        )
        dates = [("Draft to steering group", deadline, True)]
        dates.append((body, weekday(deadline + timedelta(days=rng.randrange(14, 42))), False))
        if rng.random() < 0.4:
            dates.append(("Partner workshop", weekday(start + timedelta(days=10)), False))
        for name, due_on, is_deadline in dates:
            work.milestones.append(
                {
                    "id": next(milestone_ids),
                    "proposal_id": proposal_id,
                    "name": name,
                    "due_on": due_on,
                    "is_submission_deadline": is_deadline,
                    **_stamps(world, start),
                }
            )
        _status_changes(world, work, change_ids, proposal_id, status, start, deadline)
        plan = ProposalPlan(proposal_id, start, deadline, status, big)
        work.plans.append(plan)
        for position, org_id in enumerate(rng.sample(world.active_org_ids, stakes)):
            role = "lead" if position == 0 else world.pick(ROLES)
            work.stakes.append(_stake(world, next(stake_ids), plan, org_id, role))
    return work


def _stamps(world: World, day: date) -> dict:
    return {
        "created_at": world.stamp(day, 9),
        "updated_at": world.stamp(day, 9),
        "created_by_id": None,
    }


def _status_changes(world, work, ids, proposal_id, status, start, deadline) -> None:
    """The recorded moves from idea to the proposal's status."""
    path = ("idea", "consulting", "withdrawn") if status == "withdrawn" else PATH
    steps = path[: path.index(status) + 1]
    end = min(world.today, deadline + timedelta(days=40))
    for number, (before, after) in enumerate(zip(steps, steps[1:], strict=False)):
        day = start + (end - start) * number / max(1, len(steps) - 1)
        override = after == "drafting" and world.rng.random() < 0.05
        work.status_changes.append(
            {
                "id": next(ids),
                "proposal_id": proposal_id,
                "from_status": before,
                "to_status": after,
                "changed_by_id": world.pick_editor(),
                "changed_at": world.stamp(day, 14),
                "override_kind": "drafting" if override else None,
                "override_reason": "The board date moved forward." if override else None,
                "outstanding": [],
            }
        )


def _stake(world: World, stake_id: int, plan: ProposalPlan, org_id: int, role: str) -> dict:
    """One stake row, and its plan for conversations."""
    rng = world.rng
    level = default_engagement(role)
    if level != "inform" and rng.random() < 0.1:
        level = rng.choice(("involve", "collaborate", "empower"))
    people = world.contacts_by_org.get(org_id, [])
    key_contact = rng.choice(people) if people and rng.random() < 0.9 else None
    talked = plan.status != "idea" and rng.random() < 0.8
    stance = world.pick(STANCES) if talked else "unknown"
    agreement = world.pick(AGREEMENTS[AGREEMENT_STAGE[plan.status]])
    answered = agreement in {"agreed", "agreed_with_conditions", "declined"}
    latest = min(world.today, plan.deadline)
    waived = plan.status != "idea" and level in MUST_CONSULT_LEVELS and rng.random() < 0.02
    plan.stakes.append(StakePlan(org_id, key_contact, stance, level in MUST_CONSULT_LEVELS))
    return {
        "id": stake_id,
        "organisation_id": org_id,
        "proposal_id": plan.id,
        "role": role,
        "influence": rng.randint(1, 5),
        "interest": rng.randint(1, 5),
        "engagement_level": level,
        "stance": stance,
        "agreement": agreement,
        "agreement_date": world.day_between(plan.consultation_start, latest) if answered else None,
        "agreement_conditions": (
            "Named as a partner in the delivery section."
            if agreement == "agreed_with_conditions"
            else ""
        ),
        "key_contact_id": key_contact,
        "notes": "",
        "waiver_reason": "They asked us to go ahead without them this time." if waived else None,
        "waived_by_id": world.pick_editor() if waived else None,
        "waived_at": world.stamp(latest, 15) if waived else None,
        "version": 1,
        **_stamps(world, plan.consultation_start),
    }
