"""Merging duplicates: what the one kept ends up with (DESIGN.md section 4, "merge two").

When two organisations are merged and both had a stake in the same proposal, the two
stakes become one, the kept organisation's, by `combine_stakes`:

- role: the kept stake's (a person chose it for that organisation);
- engagement level: the higher on the IAP2 spectrum, so a partner that must be
  consulted (rule 3.2) or must sign off (3.3) under either record still must;
- influence and interest: the higher of each (the map should not understate a partner);
- stance: the kept stake's, unless it is unknown and the other one's is known;
- agreement: the more advanced (not asked < asked < an answer); between two answers
  the later one wins (agreed, with conditions, or declined: what they said last),
  with its date and conditions; a tie keeps the kept stake's;
- waiver: the kept stake's; when only the other was waived, its waiver (reason, who,
  when) carries over, so a partner waived stays waived;
- key contact: the kept stake's, unless it has none, then the other's (that person
  moves to the kept organisation with the merge);
- notes: both, kept first, joined by a blank line (the same text only once).

Whether a partner is consulted (rule 3.1) needs no rule here: it is worked out from
conversations, and the merge moves every conversation to the organisation kept.

Two contacts merged become the kept one by `combine_contacts`: the kept contact's
details win; a detail the kept one lacks is taken from the other; notes are joined;
"do not contact" on either stays on; consent recorded only on the other carries over
(with its date), since it is the stronger record of what the person said.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from crm.rules.vocabulary import ENGAGEMENT_LEVELS

AGREEMENT_STEP = {
    "not_asked": 0,
    "asked": 1,
    "agreed": 2,
    "agreed_with_conditions": 2,
    "declined": 2,
}
LEVEL_STEP = {level: step for step, level in enumerate(ENGAGEMENT_LEVELS)}


@dataclass(frozen=True)
class StakeFacts:
    """The fields of a stake a merge combines."""

    role: str
    engagement_level: str
    influence: int | None = 3
    interest: int | None = 3
    stance: str = "unknown"
    agreement: str = "not_asked"
    agreement_date: date | None = None
    agreement_conditions: str = ""
    key_contact_id: int | None = None
    notes: str = ""
    waiver_reason: str | None = None
    waived_by_id: int | None = None
    waived_at: datetime | None = None


def join_notes(first: str, second: str) -> str:
    """Both texts, first then second, separated by a blank line; the same text only once."""
    first, second = (first or "").strip(), (second or "").strip()
    if not second or second == first:
        return first
    if not first:
        return second
    return f"{first}\n\n{second}"


def _later_answer(kept: StakeFacts, other: StakeFacts) -> StakeFacts:
    """The stake whose agreement wins: the more advanced, then the later answer."""
    kept_step, other_step = AGREEMENT_STEP[kept.agreement], AGREEMENT_STEP[other.agreement]
    if other_step != kept_step:
        return other if other_step > kept_step else kept
    if (
        other_step == 2
        and other.agreement_date
        and (kept.agreement_date is None or other.agreement_date > kept.agreement_date)
    ):
        return other
    return kept


def _higher(first: int | None, second: int | None) -> int | None:
    """The higher rating; a rated stake beats an unrated one (None), two unrated stay None."""
    rated = [value for value in (first, second) if value is not None]
    return max(rated, default=None)


def combine_stakes(kept: StakeFacts, other: StakeFacts) -> StakeFacts:
    """The one stake two duplicates' stakes in the same proposal become (rule above)."""
    answer = _later_answer(kept, other)
    waiver = kept if kept.waived_at is not None or other.waived_at is None else other
    level = max(kept.engagement_level, other.engagement_level, key=LEVEL_STEP.__getitem__)
    return replace(
        kept,
        engagement_level=level,
        influence=_higher(kept.influence, other.influence),
        interest=_higher(kept.interest, other.interest),
        stance=other.stance if kept.stance == "unknown" else kept.stance,
        agreement=answer.agreement,
        agreement_date=answer.agreement_date,
        agreement_conditions=answer.agreement_conditions,
        key_contact_id=kept.key_contact_id or other.key_contact_id,
        notes=join_notes(kept.notes, other.notes),
        waiver_reason=waiver.waiver_reason,
        waived_by_id=waiver.waived_by_id,
        waived_at=waiver.waived_at,
    )


# Contact details the kept contact takes from the other when it has none.
CONTACT_FILL = ("organisation_id", "job_title", "email", "phone", "phone_other", "best_times")


def combine_contacts(kept: dict, other: dict) -> dict:
    """The kept contact's new values (only those that change) after merging `other` into it.

    Both are dicts with CONTACT_FILL, notes, do_not_contact, lawful_basis, consent_date
    and lawful_basis_note; a second phone the kept contact lacks becomes its other phone.
    """
    values = fill_blanks(kept, other, CONTACT_FILL)
    phone = values.get("phone", kept.get("phone"))
    if other.get("phone") and other["phone"] != phone and not kept.get("phone_other"):
        values.setdefault("phone_other", other["phone"])
    notes = join_notes(kept.get("notes", ""), other.get("notes", ""))
    if notes != (kept.get("notes") or "").strip():
        values["notes"] = notes
    if other.get("do_not_contact") and not kept.get("do_not_contact"):
        values["do_not_contact"] = True
    if other.get("lawful_basis") == "consent" and kept.get("lawful_basis") != "consent":
        values["lawful_basis"] = "consent"
        values["consent_date"] = other.get("consent_date")
        values["lawful_basis_note"] = other.get("lawful_basis_note", "")
    return values


# Organisation details the kept organisation takes from the other when it has none; tags
# and also-known-as names are joined (the other's name becomes an also-known-as name).
ORGANISATION_FILL = (
    "description",
    "website",
    "phone",
    "email",
    "address",
    "area_served",
    "owner_id",
    "stay_in_touch_days",
)


def fill_blanks(kept: dict, other: dict, fields: tuple[str, ...]) -> dict:
    """{field: other's value} for each field the kept record lacks and the other has."""
    return {field: other[field] for field in fields if not kept.get(field) and other.get(field)}
