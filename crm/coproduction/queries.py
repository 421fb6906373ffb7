"""Read side of co-production: the names check of a draft against the directory and stakes,
each named partner's consent, and the naming facts that ready-to-submit needs.

`names_report(proposal, draft, rows)` runs a fixed number of statements: the directory
(crm/coproduction/directory.py: one statement, or two when organisations changed), the latest
consent per stake (one) and the stakes asked in writing (one, from requests.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from flask import g, has_request_context
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from crm import rules as checklist_rules
from crm.coproduction import names
from crm.coproduction.directory import directory
from crm.coproduction.models import NamingConsent, ResponseAnswer, ResponseRequest
from crm.coproduction.rules import (
    NAMING_LABELS,
    REQUEST_LABELS,
    Consent,
    NamingState,
    naming_state,
    request_state,
)
from crm.core.extensions import db
from crm.core.pages import provided, provider
from crm.drafts import queries as draft_queries
from crm.drafts.models import Draft
from crm.drafts.text import split
from crm.organisations.models import Organisation
from crm.proposals import queries as proposal_queries
from crm.proposals.models import Proposal, Stake
from crm.proposals.queries import StakeRow


def latest_consents(stake_ids: Sequence[int]) -> dict[int, NamingConsent]:
    """{stake_id: its latest consent to be named} with the draft and recorder (one statement)."""
    if not stake_ids:
        return {}
    consents = db.session.scalars(
        select(NamingConsent)
        .where(NamingConsent.stake_id.in_(list(stake_ids)))
        .options(joinedload(NamingConsent.draft), joinedload(NamingConsent.created_by))
        .order_by(NamingConsent.created_at, NamingConsent.id)
    )
    return {consent.stake_id: consent for consent in consents}  # later rows win


def as_consent(row: NamingConsent | None) -> Consent | None:
    """The rule's view of a stored consent."""
    if row is None:
        return None
    return Consent(
        row.state, row.draft.number, tuple(row.passages or ()), row.wording, row.decided_on
    )


@dataclass(frozen=True)
class NamedPartner:
    """A partner the draft names, with its passages and consent."""

    row: StakeRow
    mention: names.Mention
    naming: NamingState
    consent: NamingConsent | None

    @property
    def stake(self):
        return self.row.stake

    @property
    def organisation(self):
        return self.row.organisation


@dataclass(frozen=True)
class NamedOther:
    """An organisation the draft names that has no stake in the proposal."""

    organisation_id: int
    name: str
    mention: names.Mention


@dataclass(frozen=True)
class NamesReport:
    """The names check of one draft version against the proposal's stakes."""

    draft: Draft
    named: list[NamedPartner]
    others: list[NamedOther]
    not_named: list[StakeRow]
    directory: names.Directory

    @property
    def counts(self) -> dict[str, int]:
        found: dict[str, int] = {}
        for partner in self.named:
            found[partner.naming.state] = found.get(partner.naming.state, 0) + 1
        return found

    def facts(self) -> list[checklist_rules.NamingFact]:
        """Naming facts for ready-to-submit: every named organisation, partner or not."""
        facts = [
            checklist_rules.NamingFact(
                p.organisation.id, p.organisation.name, p.naming.state, p.naming.ok, p.naming.label
            )
            for p in self.named
        ]
        facts += [
            checklist_rules.NamingFact(
                o.organisation_id, o.name, "not_partner", False, NAMING_LABELS["not_partner"]
            )
            for o in self.others
        ]
        return facts


def asked_in_writing(stake_ids: Sequence[int]) -> set[int]:
    """Stakes with a request to answer in writing still open (crm.hooks provider)."""
    return provided("asked_in_writing", list(stake_ids), default=set()) or set()


def _memo() -> dict:
    """Names reports already worked out in this request, by draft id (readiness and the
    page's sections ask for the same one)."""
    if not has_request_context():
        return {}
    return g.setdefault("_names_reports", {})


def names_report(
    proposal: Proposal, draft: Draft, rows: list[StakeRow] | None = None
) -> NamesReport:
    """Who this draft version names, each named partner's consent, who it does not name.

    `rows` must be all the proposal's stake rows (read here when not given).
    """
    memo = _memo()
    if draft.id in memo:
        return memo[draft.id]
    if rows is None:
        rows = proposal_queries.stake_rows(proposal)
    book = directory()
    memo[draft.id] = report = _report(draft, names.check(split(draft.text), book), rows, book)
    return report


def _report(draft, found, rows, book, consents=None, asked=None) -> NamesReport:
    by_org = {row.organisation.id: row for row in rows}
    stake_ids = [row.stake.id for row in rows if row.organisation.id in found]
    consents = latest_consents(stake_ids) if consents is None else consents
    asked = asked_in_writing(stake_ids) if asked is None else asked
    named, others = [], []
    for organisation_id, mention in found.items():
        row = by_org.get(organisation_id)
        if row is None:
            others.append(
                NamedOther(organisation_id, book.titles.get(organisation_id, ""), mention)
            )
            continue
        consent = consents.get(row.stake.id)
        state = naming_state(mention.passages, as_consent(consent), row.stake.id in asked)
        named.append(NamedPartner(row, mention, state, consent))
    named.sort(key=lambda p: p.organisation.name_key)
    others.sort(key=lambda o: o.name.casefold())
    not_named = [row for row in rows if row.organisation.id not in found and row.must_consult]
    return NamesReport(draft, named, others, not_named, book)


@provider("naming_facts")
def naming_facts(
    proposals: list[Proposal], rows: dict[int, list[StakeRow]] | None = None
) -> dict[int, list[checklist_rules.NamingFact]]:
    """{proposal_id: naming facts of its latest draft} (statements do not grow with proposals)."""
    latest = draft_queries.latest_for(p.id for p in proposals)
    if not latest:
        return {}
    with_drafts = [p for p in proposals if p.id in latest]
    if rows is None or any(p.id not in rows for p in with_drafts):
        rows = proposal_queries.stake_rows_for(with_drafts)
    book = directory()
    found = {p.id: names.check(split(latest[p.id].text), book) for p in with_drafts}
    stake_ids = [
        row.stake.id
        for p in with_drafts
        for row in rows[p.id]
        if row.organisation.id in found[p.id]
    ]
    consents = latest_consents(stake_ids)
    asked = asked_in_writing(stake_ids)
    memo = _memo()
    facts = {}
    for p in with_drafts:
        report = _report(latest[p.id], found[p.id], rows[p.id], book, consents, asked)
        memo[report.draft.id] = report
        facts[p.id] = report.facts()
    return facts


@dataclass(frozen=True)
class RequestRow:
    """A request to answer in writing with who it went to, its state and its answers."""

    request: ResponseRequest
    organisation: Organisation
    state: str

    @property
    def state_label(self) -> str:
        return REQUEST_LABELS[self.state]

    @property
    def answers(self) -> list[ResponseAnswer]:
        return list(self.request.answers)

    @property
    def latest(self) -> ResponseAnswer | None:
        return self.request.answers[-1] if self.request.answers else None


def request_rows(proposal_id: int, today: date, stake_id: int | None = None) -> list[RequestRow]:
    """A proposal's requests (or one stake's), newest first, with answers (one statement)."""
    query = (
        select(ResponseRequest, Organisation)
        .join(Stake, Stake.id == ResponseRequest.stake_id)
        .join(Organisation, Organisation.id == Stake.organisation_id)
        .where(Stake.proposal_id == proposal_id)
        .options(
            joinedload(ResponseRequest.contact),
            joinedload(ResponseRequest.draft).load_only(Draft.id, Draft.number),
            joinedload(ResponseRequest.created_by),
            joinedload(ResponseRequest.stake),
            joinedload(ResponseRequest.answers),
        )
        .order_by(ResponseRequest.created_at.desc(), ResponseRequest.id.desc())
    )
    if stake_id is not None:
        query = query.where(ResponseRequest.stake_id == stake_id)
    return [
        RequestRow(item, organisation, state_of(item, today))
        for item, organisation in db.session.execute(query).unique()
    ]


def state_of(item: ResponseRequest, today: date) -> str:
    """The request's state from its columns and loaded answers."""
    return request_state(
        revoked=item.revoked_at is not None,
        answered=bool(item.answers),
        opened=item.opened_at is not None,
        sent=item.sent_at is not None,
        respond_by=item.respond_by,
        today=today,
    )


def requests_by_stake(proposal_id: int, today: date) -> dict[int, list[RequestRow]]:
    """{stake_id: its requests, newest first} for the checklist and call sheet (one statement)."""
    found: dict[int, list[RequestRow]] = {}
    for row in request_rows(proposal_id, today):
        found.setdefault(row.request.stake_id, []).append(row)
    return found
