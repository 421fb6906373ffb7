"""What goes into a user's daily digest: sections supplied by features.

The digest (crm/reminders) asks every registered provider for its section, for all
users at once, and sends a user a digest only when some section has something to say.
A feature adds a section by registering a provider from a module that create_app
imports (its views or services), for example co-production's written responses:

    # crm/coproduction/digest.py
    from crm.mail.digest import DigestItem, DigestSection, digest_section

    @digest_section(order=30)
    def written_responses(request):
        found = {}  # user_id -> DigestSection, for the users in request.users
        for user_id, responses in responses_since(request.since, request.user_ids).items():
            items = [DigestItem(f"{r.organisation}: {r.summary}", url=request.link(
                "proposals.detail", proposal_id=r.proposal_id)) for r in responses]
            found[user_id] = DigestSection("Written responses received", items)
        return found

A provider runs a fixed number of statements for all the users in the request (not
one per user): a county's digests go out in one run. It lives here, in the records
layer, so features above it may supply sections without importing the reminders.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True)
class DigestItem:
    """One thing to tell the user: a line, optional detail lines, and a link to act on it."""

    text: str
    details: tuple[str, ...] = ()
    url: str | None = None
    url_label: str = "Open"


@dataclass(frozen=True)
class DigestSection:
    """A titled list of items; an empty section is left out of the digest."""

    title: str
    items: Sequence[DigestItem]
    intro: str = ""
    order: int = 50


@dataclass(frozen=True)
class DigestRequest:
    """What a provider is asked about: these users, today, and each one's last digest."""

    today: date
    users: Sequence[Any]  # crm.auth.models.User rows
    since: Mapping[int, datetime | None]  # user id -> when their last digest was queued
    calendar: Any  # crm.rules.WorkCalendar
    link: Callable[..., str]  # link("proposals.detail", proposal_id=3) -> an absolute URL
    extra: dict = field(default_factory=dict)

    @property
    def user_ids(self) -> list[int]:
        return [user.id for user in self.users]


Provider = Callable[[DigestRequest], Mapping[int, DigestSection]]


@dataclass(frozen=True)
class RegisteredProvider:
    """A provider and where its section goes in the digest (lower first)."""

    order: int
    provider: Provider


_PROVIDERS: dict[str, RegisteredProvider] = {}


def digest_section(order: int = 50) -> Callable[[Provider], Provider]:
    """Decorator: register `provider(request) -> {user_id: DigestSection}` for the digest."""

    def register(provider: Provider) -> Provider:
        key = f"{provider.__module__}.{provider.__qualname__}"
        _PROVIDERS[key] = RegisteredProvider(order, provider)
        return provider

    return register


def unregister(provider: Provider) -> None:
    """Remove a provider (tests that add one for a moment)."""
    _PROVIDERS.pop(f"{provider.__module__}.{provider.__qualname__}", None)


def providers() -> list[Provider]:
    """Every registered provider, in digest order."""
    chosen = sorted(_PROVIDERS.items(), key=lambda item: (item[1].order, item[0]))
    return [entry.provider for _key, entry in chosen]
