"""Search results as the page shows them: a title, a link, a few facts and a marked snippet.

Segments are (text, matched) pairs; the template escapes every text and wraps the
matched ones in <mark>, so nothing typed or stored is ever trusted as HTML.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import url_for

from crm.core.dates import uk_date, uk_numeric_date
from crm.core.searchtext import SearchQuery, Segment, has_match, phone_digits, snippet
from crm.search.queries import Group, SearchFilters

PLAIN = False


@dataclass
class Hit:
    """One result."""

    title: list[Segment]
    url: str
    facts: list[str] = field(default_factory=list)
    lines: list[list[Segment]] = field(default_factory=list)  # marked extra lines
    badges: list[str] = field(default_factory=list)
    narrow: str = ""  # organisations: the same search within this organisation's records


@dataclass
class ShownGroup:
    kind: str
    label: str
    hits: list[Hit]
    more: bool


def _name_lines(query: SearchQuery, *texts: str) -> list[list[Segment]]:
    """The extra fields (also known as, tags, email) that matched, marked."""
    lines = []
    for text in texts:
        if text:
            segments = snippet(text, query, substring=True)
            if has_match(segments):
                lines.append(segments)
    return lines


def _organisation(o, query: SearchQuery) -> Hit:
    narrow = url_for("search.index", organisation=o.id)
    aliases = ", ".join(o.alias_list)
    tags = ", ".join(o.tag_list)
    return Hit(
        title=snippet(o.name, query, substring=True, width=400),
        url=url_for("organisations.detail", organisation_id=o.id),
        facts=[o.kind_label],
        lines=_name_lines(
            query, f"Also known as {aliases}" if aliases else "", f"Tags: {tags}" if tags else ""
        ),  # fmt: skip
        badges=["Archived"] if o.archived else [],
        narrow=narrow,
    )


def _contact(c, query: SearchQuery) -> Hit:
    facts = [part for part in (c.job_title, c.organisation.name if c.organisation else "") if part]
    lines = _name_lines(query, c.email)
    for phone in (c.phone, c.phone_other):
        if phone and query.digits and query.digits in phone_digits(phone):
            lines.append([(phone, True)])
    return Hit(
        title=snippet(c.name, query, substring=True, width=400),
        url=url_for("contacts.detail", contact_id=c.id),
        facts=facts,
        lines=lines,
        badges=["Archived"] if c.archived else [],
    )


def _proposal(p, query: SearchQuery) -> Hit:
    return Hit(
        title=snippet(p.title, query, width=400),
        url=url_for("proposals.detail", proposal_id=p.id),
        facts=[p.status_label],
        lines=[snippet(p.summary, query)] if p.summary else [],
    )


def _conversation(c, query: SearchQuery) -> Hit:
    names = ", ".join(sorted(o.name for o in c.organisations))
    return Hit(
        title=[(uk_date(c.occurred_on) + (f": {names}" if names else ""), PLAIN)],
        url=url_for("conversations.detail", conversation_id=c.id),
        facts=[c.channel_label, c.outcome_label],
        lines=[snippet(c.summary, query)],
    )


def _follow_up(f, query: SearchQuery) -> Hit:
    if f.conversation_id:
        url = url_for("conversations.detail", conversation_id=f.conversation_id)
    elif f.organisation_id:
        url = url_for("organisations.detail", organisation_id=f.organisation_id)
    elif f.proposal_id:
        url = url_for("proposals.detail", proposal_id=f.proposal_id)
    else:
        url = url_for("followups.index")
    facts = [f"Due {uk_date(f.due_on)}" if f.due_on else "No due date"]
    facts += [record.name for record in (f.organisation,) if record]
    facts += [record.title for record in (f.proposal,) if record]
    return Hit(
        title=snippet(f.description, query),
        url=url,
        facts=facts,
        badges=["Done"] if f.done else [],
    )


SHOW = {
    "organisations": _organisation,
    "contacts": _contact,
    "proposals": _proposal,
    "conversations": _conversation,
    "follow_ups": _follow_up,
}


def group(found: Group, query: SearchQuery) -> ShownGroup:
    """A kind's rows as hits."""
    show = SHOW[found.kind]
    return ShownGroup(found.kind, found.label, [show(row, query) for row in found.rows], found.more)


def args(query: SearchQuery, filters: SearchFilters) -> dict:
    """The search as query-string arguments (links to a kind, the pager), page left out."""
    values = {
        "q": query.text,
        "kind": filters.kind,
        "organisation": filters.organisation,
        "proposal": filters.proposal,
        "date_from": uk_numeric_date(filters.date_from) if filters.date_from else "",
        "date_to": uk_numeric_date(filters.date_to) if filters.date_to else "",
    }
    return {key: value for key, value in values.items() if value not in ("", 0, None)}
