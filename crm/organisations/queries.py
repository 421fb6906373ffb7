"""Read side for organisations: the list with search, filters and sort; the detail page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, and_, false, or_, select
from sqlalchemy.orm import joinedload, selectinload

from crm import rules
from crm.core.dates import today_london
from crm.core.extensions import db
from crm.core.fulltext import TextIndex, matches
from crm.core.pages import row_facts_for
from crm.core.searchtext import parse_query
from crm.organisations.models import Organisation

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
    overdue: bool = False  # stay in touch (rule 3.5): past their cadence
    sort: str = "name"

    @property
    def filtered(self) -> bool:
        """Whether anything narrows the list (an empty list then means "none match")."""
        return bool(self.q or self.kind or self.owner or self.archived)

    def as_args(self) -> dict:
        """The filters as query-string arguments (for pagination and export links)."""
        args = {"q": self.q, "kind": self.kind, "owner": self.owner or "", "sort": self.sort}
        if self.archived:
            args["archived"] = "1"
        if self.overdue:
            args["overdue"] = "1"
        return {key: value for key, value in args.items() if value not in ("", None)}


# Names, also-known-as, tags and email in a trigram index (migration s34rch000018).
NAME_INDEX = TextIndex(
    table="organisations",
    sqlite_index="search_organisation_names",
    pg_text="crm_fold(organisations.name_key || ' ' || organisations.aliases || ' ' "
    "|| organisations.tags || ' ' || organisations.email)",
    short_text="organisations.name_key || ' ' || lower(organisations.aliases) || ' ' "
    "|| organisations.tags || ' ' || lower(organisations.email)",
    sqlite_columns=("name_key", "aliases", "tags", "email"),
)


def like_pattern(text: str) -> str:
    """A LIKE pattern for 'contains', with the wildcards in user text escaped."""
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def list_query(filters: OrganisationFilters) -> Select:
    """Organisations with their owner, filtered and sorted; page_facts adds the counts."""
    query = select(Organisation).options(joinedload(Organisation.owner))
    # `= false`, not `IS false`: an equality lets both databases walk the
    # (archived, name_key) index in order instead of sorting every row.
    query = query.where(Organisation.archived == filters.archived)
    if filters.q:
        # Every word somewhere in the name, also-known-as, tags or email: the trigram index.
        query = query.where(matches(NAME_INDEX, parse_query(filters.q + " ")))
    if filters.kind:
        query = query.where(Organisation.kind == filters.kind)
    if filters.owner:
        query = query.where(Organisation.owner_id == filters.owner)
    if filters.overdue:
        query = query.where(overdue_clause(today_london()))
    if filters.sort == "last_contact":
        query = query.order_by(
            Organisation.last_contact_on.asc().nulls_first(), Organisation.name_key
        )
    elif filters.sort == "recent":
        query = query.order_by(
            Organisation.last_contact_on.desc().nulls_last(), Organisation.name_key
        )
    else:
        query = query.order_by(Organisation.name_key, Organisation.id)
    return query


def overdue_clause(today: date):
    """Rule 3.5 as a WHERE clause: past the cadence since last reached, or never reached.

    One cut-off per cadence in use (rules.overdue_when_reached_before; one statement to
    find the cadences, usually a handful), so the filter needs no date arithmetic in SQL
    and says exactly what the rule says on both databases.
    """
    cadences = db.session.scalars(
        select(Organisation.stay_in_touch_days)
        .where(Organisation.stay_in_touch_days.is_not(None))
        .distinct()
    ).all()
    if not cadences:
        return false()
    return or_(
        *(
            and_(
                Organisation.stay_in_touch_days == cadence,
                or_(
                    Organisation.last_reached_on.is_(None),
                    Organisation.last_reached_on
                    < rules.overdue_when_reached_before(cadence, today),
                ),
            )
            for cadence in sorted(cadences)
        )
    )


@dataclass(frozen=True)
class Facts:
    """What the list shows about one organisation beyond its own columns."""

    contacts: int = 0
    last_contact: date | None = None
    days_overdue: int | None = None  # stay in touch (rule 3.5)


def page_facts(organisations: list[Organisation]) -> dict[int, Facts]:
    """Active contacts, last contact date and days overdue for one page (one statement)."""
    extra = row_facts_for("organisations", [org.id for org in organisations])
    today = today_london()
    return {
        org.id: Facts(
            extra[org.id].get("contacts", 0),
            org.last_contact_on,
            rules.stay_in_touch_overdue(org.last_reached_on, org.stay_in_touch_days, today),
        )
        for org in organisations
    }


def detail(organisation_id: int) -> Organisation:
    """One organisation with its owner and contacts loaded (404 when missing)."""
    return db.first_or_404(
        select(Organisation)
        .where(Organisation.id == organisation_id)
        # The owner in the same statement (one row); contacts in one more.
        .options(joinedload(Organisation.owner), selectinload(Organisation.contacts))
    )
