"""Rules 3.5 and 3.6 of DESIGN.md: staying in touch, and how often a partner is asked."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

LOAD_WINDOW_DAYS = 90
# How often an organisation may ask to be kept in touch with: every 1 to 3650 days.
STAY_IN_TOUCH_DAYS = range(1, 3651)
STAY_IN_TOUCH_PROBLEM = "a number of days from 1 to 3650"
LOAD_FLAG_THRESHOLD = 3


# 3.5 Stay in touch


def stay_in_touch_overdue(
    last_reached_on: date | None, cadence_days: int | None, today: date
) -> int | None:
    """Return how many days overdue an organisation is for contact, or None."""
    if cadence_days is None:
        return None
    if cadence_days < 1:
        raise ValueError(f"cadence_days must be at least 1, got {cadence_days}")
    if last_reached_on is None:
        # Never reached: overdue by a whole cadence, so it ranks with real lapses.
        return cadence_days
    overdue = (today - last_reached_on).days - cadence_days
    return overdue if overdue > 0 else None


def overdue_when_reached_before(cadence_days: int, today: date) -> date:
    """The same rule as a cut-off, for a database filter: with this cadence, an organisation
    is overdue when it was last reached before the returned day (or never)."""
    if cadence_days < 1:
        raise ValueError(f"cadence_days must be at least 1, got {cadence_days}")
    return today - timedelta(days=cadence_days)


def stay_in_touch_sort_key(days_overdue: int, name: str) -> tuple[int, str]:
    """Order overdue relationships longest first, then by name."""
    return (-days_overdue, name.casefold())


# 3.6 Consultation load


def consultation_load(asked: Iterable[tuple[int, date]], today: date) -> int:
    """Count distinct proposals an organisation was asked about in the last 90 days."""
    since = today - timedelta(days=LOAD_WINDOW_DAYS)
    return len({proposal_id for proposal_id, day in asked if since < day <= today})


def load_is_high(load: int) -> bool:
    """Whether the organisation is asked about enough proposals to flag."""
    return load >= LOAD_FLAG_THRESHOLD


def load_message(load: int) -> str | None:
    """Return the flag text for a high consultation load, or None."""
    if not load_is_high(load):
        return None
    return (
        f"Asked about {load} proposals in {LOAD_WINDOW_DAYS} days: "
        "small groups get asked a lot. Can one conversation cover several?"
    )


# Key contact of a new stake


@dataclass(frozen=True)
class ContactFact:
    """A current contact of an organisation, as choosing a key contact sees them.

    `key_stakes` is how many of the organisation's stakes already name them key contact.
    """

    contact_id: int
    do_not_contact: bool = False
    key_stakes: int = 0


def default_key_contact(contacts: Iterable[ContactFact]) -> int | None:
    """The key contact a new stake gets: the organisation's only contact that may be
    contacted, else its main contact (the key contact on more of its stakes than anyone
    else); None when there is nobody, or several and no main one, so the user chooses."""
    reachable = [c for c in contacts if not c.do_not_contact]
    if len(reachable) == 1:
        return reachable[0].contact_id
    ranked = sorted(reachable, key=lambda c: -c.key_stakes)
    if ranked and ranked[0].key_stakes > 0 and ranked[0].key_stakes > ranked[1].key_stakes:
        return ranked[0].contact_id
    return None
