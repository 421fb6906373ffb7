"""The shared state of one generation run: the seeded random source, dates and ids so far."""

from __future__ import annotations

import bisect
import itertools
import random
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property


@dataclass(frozen=True)
class Scale:
    """How many of each record to generate."""

    organisations: int
    contacts: int
    conversations: int
    proposals: int
    stakes: int
    follow_ups: int
    users: int = 10
    years: int = 5

    def times(self, factor: float) -> Scale:
        """The same shape with every count multiplied (users and years stay)."""
        return replace(
            self,
            organisations=round(self.organisations * factor),
            contacts=round(self.contacts * factor),
            conversations=round(self.conversations * factor),
            proposals=max(1, round(self.proposals * factor)),
            stakes=round(self.stakes * factor),
            follow_ups=round(self.follow_ups * factor),
        )


COUNTY = Scale(
    organisations=2_000,
    contacts=20_000,
    conversations=200_000,
    proposals=300,
    stakes=6_000,
    follow_ups=10_000,
)
SCALES = {
    # tiny is for tests (query counts on small and ten-times-bigger data).
    "tiny": Scale(
        organisations=30,
        contacts=150,
        conversations=600,
        proposals=4,
        stakes=60,
        follow_ups=40,
        users=5,
    ),
    "small": COUNTY.times(0.1),
    "county": COUNTY,
    "large": COUNTY.times(5),
}
BIG_PROPOSAL_STAKES = 100


@dataclass
class World:
    """Everything builders share; ids are assigned here so rows can refer to each other."""

    rng: random.Random
    scale: Scale
    today: date
    user_ids: list[int] = field(default_factory=list)
    editor_ids: list[int] = field(default_factory=list)
    org_names: dict[int, str] = field(default_factory=dict)
    org_domains: dict[int, str] = field(default_factory=dict)
    active_org_ids: list[int] = field(default_factory=list)
    org_cum_weights: list[float] = field(default_factory=list)
    contacts_by_org: dict[int, list[int]] = field(default_factory=dict)
    individual_ids: list[int] = field(default_factory=list)
    conversation_ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    participant_ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    @classmethod
    def create(cls, scale: Scale, seed: int, today: date) -> World:
        """A world seeded for repeatable output."""
        return cls(rng=random.Random(seed), scale=scale, today=today)

    @cached_property
    def start(self) -> date:
        """The first day of the generated history."""
        return self.today - timedelta(days=365 * self.scale.years)

    def day_between(self, first: date, last: date, recent_bias: bool = False) -> date:
        """A day in [first, last], mostly a weekday; recent_bias favours later days."""
        span = max(0, (last - first).days)
        fraction = self.rng.random()
        if recent_bias:
            fraction **= 0.7  # activity grows over the years
        day = first + timedelta(days=round(span * fraction))
        if day.weekday() >= 5 and self.rng.random() < 0.9:
            day = max(first, day - timedelta(days=day.weekday() - 4))  # back to Friday
        return day

    def stamp(self, day: date, hour: int = 17) -> datetime:
        """A UTC timestamp on a day (created_at and the like)."""
        minute = self.rng.randrange(60)
        return datetime.combine(day, time(hour, minute), tzinfo=UTC)

    def pick_org(self) -> int:
        """An active organisation, busy ones more often (a few partners get most calls)."""
        point = self.rng.random() * self.org_cum_weights[-1]
        return self.active_org_ids[bisect.bisect_right(self.org_cum_weights, point)]

    def pick_editor(self) -> int:
        """A user who logs conversations and owns things."""
        return self.rng.choice(self.editor_ids)

    def pick(self, table: Weighted) -> str:
        """One option of a weighted table."""
        point = self.rng.random() * table.cum[-1]
        return table.keys[bisect.bisect_right(table.cum, point)]


@dataclass(frozen=True)
class Weighted:
    """Options with relative weights, prepared for fast repeated picks."""

    keys: tuple[str, ...]
    cum: tuple[float, ...]

    @classmethod
    def of(cls, options: dict[str, float]) -> Weighted:
        """Build from {option: weight}."""
        return cls(tuple(options), tuple(itertools.accumulate(options.values())))
