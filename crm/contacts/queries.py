"""Read side for contacts: the list with search and filters; the detail page."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from crm.contacts.models import Contact
from crm.core.extensions import db
from crm.core.fulltext import TextIndex, backend
from crm.core.searchtext import parse_query
from crm.organisations.models import Organisation
from crm.organisations.queries import NAME_INDEX as ORGANISATION_NAMES

SORTS = {"name": "Name", "organisation": "Organisation", "recent": "Recently added"}
# Names and emails in a trigram index, the phones' digits beside them (migration s34rch000018).
NAME_INDEX = TextIndex(
    table="contacts",
    sqlite_index="search_contact_names",
    pg_text="crm_fold(contacts.name_key || ' ' || contacts.email)",
    short_text="contacts.name_key || ' ' || lower(contacts.email)",
    phones="phones",
    pg_phones="(crm_digits(contacts.phone) || ' ' || crm_digits(contacts.phone_other))",
    sqlite_columns=("name_key", "email", "phones"),
    sqlite_content="search_contact_source",
)


@dataclass
class ContactFilters:
    """What the contacts list was asked for."""

    q: str = ""
    organisation: int | None = None
    channel: str = ""
    archived: bool = False
    sort: str = "name"

    @property
    def filtered(self) -> bool:
        """Whether anything narrows the list (an empty list then means "none match")."""
        return bool(self.q or self.organisation or self.channel or self.archived)

    def as_args(self) -> dict:
        """The filters as query-string arguments."""
        args = {
            "q": self.q,
            "organisation": self.organisation or "",
            "channel": self.channel,
            "sort": self.sort,
        }
        if self.archived:
            args["archived"] = "1"
        return {key: value for key, value in args.items() if value not in ("", None)}


def list_query(filters: ContactFilters) -> Select:
    """Contacts with their organisation, filtered and sorted."""
    # `=`, not `IS`: lets the (archived, name_key) index give the order.
    query = select(Contact).where(Contact.archived == filters.archived)
    if filters.q or filters.sort == "organisation":
        # Search and sort need the join anyway: load the names from it.
        query = query.outerjoin(Organisation, Contact.organisation_id == Organisation.id)
        query = query.options(contains_eager(Contact.organisation))
    else:
        # An eager join is left out of the count, so counting stays an index-only scan
        # (joining 20,000 contacts to their organisations to count them was most of the page).
        query = query.options(joinedload(Contact.organisation))
    if filters.q:
        # Every word in the name or email, or in their organisation's names (both indexed);
        # a phone number in any spacing.
        typed = parse_query(filters.q + " ")
        engine = backend()
        in_organisation = select(Organisation.id).where(engine.matches(ORGANISATION_NAMES, typed))
        query = query.where(
            or_(
                engine.matches(NAME_INDEX, typed),
                Contact.organisation_id.in_(in_organisation),
            )
        )
    if filters.organisation:
        query = query.where(Contact.organisation_id == filters.organisation)
    if filters.channel:
        query = query.where(Contact.preferred_channel == filters.channel)
    if filters.sort == "organisation":
        query = query.order_by(Organisation.name_key.nulls_last(), Contact.name_key, Contact.id)
    elif filters.sort == "recent":
        query = query.order_by(Contact.created_at.desc(), Contact.id.desc())
    else:
        query = query.order_by(Contact.name_key, Contact.id)
    return query


def organisation_name(organisation_id: int | None) -> str | None:
    """The name of the organisation the list is filtered by, if any."""
    if organisation_id is None:
        return None
    return db.session.scalar(select(Organisation.name).where(Organisation.id == organisation_id))


def organisation_choices(include_id: int | None = None) -> list[tuple[int, str]]:
    """Active organisations for pickers (plus the current one if archived)."""
    query = select(Organisation.id, Organisation.name).where(
        or_(Organisation.archived.is_(False), Organisation.id == (include_id or -1))
    )
    rows = db.session.execute(query.order_by(Organisation.name_key))
    return [(row.id, row.name) for row in rows]


def detail(contact_id: int) -> Contact:
    """One contact with their organisation (404 when missing)."""
    return db.first_or_404(
        select(Contact).where(Contact.id == contact_id).options(selectinload(Contact.organisation))
    )


def active_contacts() -> Select:
    """Contacts not archived, with their organisations (joined, for sorting by them)."""
    return (
        select(Contact)
        .outerjoin(Organisation, Contact.organisation_id == Organisation.id)
        .where(Contact.archived.is_(False))
        .options(joinedload(Contact.organisation))
    )


def contact_choices() -> list[tuple[int, str]]:
    """Active contacts as (id, "Name (Organisation)") for the list filter."""
    return [
        (c.id, f"{c.name} ({c.organisation.name})" if c.organisation else c.name)
        for c in db.session.scalars(active_contacts().order_by(func.lower(Contact.name)))
    ]
