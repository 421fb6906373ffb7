"""Rows for conversations (with their links) and follow-ups, made in batches."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from crm.scale import names
from crm.scale.work import ProposalPlan
from crm.scale.world import Weighted, World

BATCH = 20_000
CHANNELS = Weighted.of(
    {
        "call": 35,
        "email": 25,
        "meeting": 15,
        "video_call": 10,
        "in_person": 8,
        "event": 4,
        "text": 3,
    }
)
CALL_OUTCOMES = Weighted.of({"reached": 60, "no_answer": 22, "left_message": 18})
OTHER_OUTCOMES = Weighted.of({"reached": 95, "left_message": 5})
PROPOSAL_CHANNELS = Weighted.of({"call": 60, "meeting": 15, "email": 15, "video_call": 10})
PROPOSAL_OUTCOMES = Weighted.of({"reached": 65, "no_answer": 20, "left_message": 15})


@dataclass
class Batch:
    """Rows for one batch of conversations."""

    conversations: list[dict] = field(default_factory=list)
    participants: list[dict] = field(default_factory=list)
    organisations: list[dict] = field(default_factory=list)
    proposals: list[dict] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.conversations)


@dataclass
class Lead:
    """A conversation that a follow-up may come from."""

    conversation_id: int
    day: date
    organisation_id: int | None
    contact_id: int | None
    proposal_id: int | None


def add_conversation(
    world: World,
    batch: Batch,
    day: date,
    org_ids: list[int],
    contact_ids: list[int],
    channel: str,
    outcome: str,
) -> int:
    """Append one conversation and its participant and organisation links; returns its id."""
    rng = world.rng
    conversation_id = next(world.conversation_ids)
    logged_by = world.pick_editor()
    at = time(rng.randrange(8, 18), rng.choice((0, 15, 30, 45))) if rng.random() < 0.6 else None
    logged = world.stamp(day, at.hour if at else 17)
    deleted = rng.random() < 0.003
    batch.conversations.append(
        {
            "id": conversation_id,
            "occurred_on": day,
            "occurred_at": at,
            "channel": channel,
            "outcome": outcome,
            "summary": names.summary(rng) if outcome == "reached" else "",
            "logged_by_id": logged_by,
            "deleted_at": logged if deleted else None,
            "deleted_by_id": logged_by if deleted else None,
            "created_at": logged,
            "updated_at": logged,
            "created_by_id": logged_by,
        }
    )
    for contact_id in contact_ids:
        batch.participants.append(
            {
                "id": next(world.participant_ids),
                "conversation_id": conversation_id,
                "contact_id": contact_id,
            }
        )
    for org_id in org_ids:
        batch.organisations.append({"conversation_id": conversation_id, "organisation_id": org_id})
    return conversation_id


def proposal_conversations(world: World, plans: list[ProposalPlan], leads: list[Lead]) -> Batch:
    """Calls and meetings about proposals, with the partners who hold a stake in them."""
    rng = world.rng
    batch = Batch()
    for plan in plans:
        if plan.status == "idea" or plan.consultation_start > world.today:
            continue
        last = min(world.today, plan.deadline + timedelta(days=10))
        for stake in plan.stakes:
            if plan.big:
                count = rng.randint(3, 8)  # the benchmark's checklist has a long history
            else:
                count = rng.choice((0, 1, 1, 2, 2, 3)) if stake.must_consult else rng.randrange(2)
            for _ in range(count):
                outcome = world.pick(PROPOSAL_OUTCOMES)
                people = [stake.key_contact_id] if stake.key_contact_id else []
                day = world.day_between(plan.consultation_start, last)
                conversation_id = add_conversation(
                    world,
                    batch,
                    day,
                    [stake.organisation_id],
                    people,
                    world.pick(PROPOSAL_CHANNELS),
                    outcome,
                )
                heard = stake.stance if outcome == "reached" and rng.random() < 0.6 else None
                batch.proposals.append(
                    {"conversation_id": conversation_id, "proposal_id": plan.id, "stance": heard}
                )
                if rng.random() < 0.1:
                    leads.append(
                        Lead(
                            conversation_id,
                            day,
                            stake.organisation_id,
                            stake.key_contact_id,
                            plan.id,
                        )
                    )
    return batch


def everyday_conversations(world: World, count: int, leads: list[Lead]) -> Iterator[Batch]:
    """The day-to-day log: mostly one or two people at one organisation, in batches."""
    rng = world.rng
    lead_chance = min(1.0, 1.5 * world.scale.follow_ups / max(1, world.scale.conversations))
    batch = Batch()
    for _ in range(count):
        day = world.day_between(world.start, world.today, recent_bias=True)
        channel = world.pick(CHANNELS)
        outcome = world.pick(CALL_OUTCOMES if channel == "call" else OTHER_OUTCOMES)
        if world.individual_ids and rng.random() < 0.03:
            org_ids, people = [], [rng.choice(world.individual_ids)]
        else:
            org_ids = [world.pick_org()]
            staff = world.contacts_by_org.get(org_ids[0], [])
            wanted = 1 if rng.random() < 0.68 else (2 if rng.random() < 0.75 else 0)
            people = rng.sample(staff, min(wanted, len(staff)))
            if rng.random() < 0.06:  # a meeting or event with a second partner
                other = world.pick_org()
                if other != org_ids[0]:
                    org_ids.append(other)
                    extra = world.contacts_by_org.get(other, [])
                    people += rng.sample(extra, min(1, len(extra)))
        conversation_id = add_conversation(world, batch, day, org_ids, people, channel, outcome)
        if rng.random() < lead_chance:
            leads.append(
                Lead(
                    conversation_id,
                    day,
                    org_ids[0] if org_ids else None,
                    people[0] if people else None,
                    None,
                )
            )
        if len(batch) >= BATCH:
            yield batch
            batch = Batch()
    if batch.conversations:
        yield batch


def follow_ups(world: World, leads: list[Lead]) -> list[dict]:
    """Actions owed: most from conversations; old ones mostly done."""
    rng, today = world.rng, world.today
    rows = []
    chosen = rng.sample(leads, min(len(leads), world.scale.follow_ups * 3 // 4))
    while len(chosen) < world.scale.follow_ups:
        day = world.day_between(world.start, today, recent_bias=True)
        chosen.append(Lead(0, day, world.pick_org(), None, None))
    chosen.sort(key=lambda lead: (lead.day, lead.conversation_id))
    for number, lead in enumerate(chosen, start=1):
        due = lead.day + timedelta(days=rng.randrange(2, 30))
        done = rng.random() < (0.93 if due < today - timedelta(days=14) else 0.3)
        topic = rng.choice(names.SUMMARY_TOPICS)
        rows.append(
            {
                "id": number,
                "description": f"{rng.choice(names.FOLLOW_UP_ACTIONS)} {topic}",
                "due_on": due if rng.random() < 0.9 else None,
                "owner_id": world.pick_editor(),
                "done": done,
                "done_at": world.stamp(min(due, today), 12) if done else None,
                "conversation_id": lead.conversation_id or None,
                "organisation_id": lead.organisation_id,
                "contact_id": lead.contact_id,
                "proposal_id": lead.proposal_id,
                "created_at": world.stamp(lead.day, 17),
                "updated_at": world.stamp(lead.day, 17),
                "created_by_id": None,
            }
        )
    return rows
