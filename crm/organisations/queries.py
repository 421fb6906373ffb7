"""Read side for organisations: the list with search, filters and sort; the detail page."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import selectinload

from crm.contacts.models import Contact
from crm.conversations.models import Conversation, conversation_organisations
from crm.extensions import db
from crm.organisations.models import KINDS, Organisation
from crm.text import fold

SORTS = {
    "name": "Name",
    "last_contact": "Last contact (oldest first)",
    "recent": "Last contact (newest first)",
}


@dataclass
class OrganisationFilters:
    """What the list page was asked for."""

    q: str = ""
    kind: str = ""
    owner: int | None = None
    archived: bool = False
    sort: str = "name"

    @classmethod
    def from_args(cls, args) -> OrganisationFilters:
        owner = args.get("owner", "")
        return cls(
            q=args.get("q", "").strip()[:200],
            kind=args.get("kind", "") if args.get("kind", "") in KINDS else "",
            owner=int(owner) if owner.isdigit() else None,
            archived=args.get("archived") == "1",
            sort=args.get("sort", "name") if args.get("sort") in SORTS else "name",
        )

    def as_args(self) -> dict:
        """The filters as query-string arguments (for pagination and export links)."""
        args = {"q": self.q, "kind": self.kind, "owner": self.owner or "", "sort": self.sort}
        if self.archived:
            args["archived"] = "1"
        return {key: value for key, value in args.items() if value not in ("", None)}


def last_contact_subquery():
    """Latest conversation date per organisation, as a correlated scalar."""
    return (
        select(func.max(Conversation.occurred_on))
        .join(
            conversation_organisations,
            conversation_organisations.c.conversation_id == Conversation.id,
        )
        .where(
            conversation_organisations.c.organisation_id == Organisation.id,
            Conversation.deleted_at.is_(None),
        )
        .correlate(Organisation)
        .scalar_subquery()
    )


def like_pattern(text: str) -> str:
    """A LIKE pattern for 'contains', with the wildcards in user text escaped."""
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def list_query(filters: OrganisationFilters) -> Select:
    """Organisations with their last contact date, filtered and sorted."""
    last_contact = last_contact_subquery().label("last_contact")
    query = select(Organisation, last_contact).options(selectinload(Organisation.owner))
    query = query.where(Organisation.archived.is_(filters.archived))
    if filters.q:
        pattern = like_pattern(filters.q)
        folded = like_pattern(fold(filters.q))
        query = query.where(
            or_(
                Organisation.name_key.like(folded, escape="\\"),
                Organisation.email.like(pattern, escape="\\"),
                Organisation.tags.like(pattern, escape="\\"),
                Organisation.tags.like(folded, escape="\\"),
            )
        )
    if filters.kind:
        query = query.where(Organisation.kind == filters.kind)
    if filters.owner:
        query = query.where(Organisation.owner_id == filters.owner)
    if filters.sort == "last_contact":
        query = query.order_by(last_contact.asc().nulls_first(), Organisation.name_key)
    elif filters.sort == "recent":
        query = query.order_by(last_contact.desc().nulls_last(), Organisation.name_key)
    else:
        query = query.order_by(Organisation.name_key, Organisation.id)
    return query


def contact_counts(organisation_ids: list[int]) -> dict[int, int]:
    """Active contacts per organisation, for one page of the list (one statement)."""
    if not organisation_ids:
        return {}
    rows = (
        select(Contact.organisation_id, func.count())
        .where(Contact.organisation_id.in_(organisation_ids), Contact.archived.is_(False))
        .group_by(Contact.organisation_id)
    )
    return dict(db.session.execute(rows).all())


def detail(organisation_id: int) -> Organisation:
    """One organisation with its owner and contacts loaded (404 when missing)."""
    return db.first_or_404(
        select(Organisation)
        .where(Organisation.id == organisation_id)
        .options(selectinload(Organisation.owner), selectinload(Organisation.contacts))
    )
