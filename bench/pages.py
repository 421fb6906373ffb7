"""What `make bench` measures: one line per page, with its floor and its target.

To benchmark a new page, add a line. {placeholders} are filled from the
generated data by `resolve()`. A line with `waits_for` is skipped (with that
reason in the results) while the app answers it with 404, so pages still
being built can be listed before they exist.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import create_engine, text


@dataclass(frozen=True)
class Page:
    """One benchmarked request and the floor request that fetches the same data."""

    name: str
    app: str  # path on the app
    floor: str  # path on the floor app (bench/floor_app.py)
    kind: str  # list, search, detail, checklist, write, pdf: picks the statement limit
    target: float | None  # the app's median may be at most this many times the floor's
    waits_for: str = ""  # feature not merged yet: skipped while the app answers 404
    method: str = "GET"
    form_from: str = ""  # POST lines: the app page whose form is filled in and sent
    marker: str = ""  # text the app's page must contain to count as the real page
    fill_in: tuple[tuple[str, str], ...] = ()  # POST lines: form fields to type in
    fresh_form: bool = False  # POST lines: fetch the form before each save (edits carry versions)


# Most SQL statements a request may run, by kind (issue 9: lists 5 whatever the page
# size, details 10). The session check at the start of every request is included.
MAX_STATEMENTS = {"list": 5, "search": 5, "detail": 10, "checklist": 10}

PAGES = (
    Page(
        "Dashboard",
        "/",
        "/dashboard?user={admin_id}",
        "detail",
        5,
        waits_for="the dashboard",
        marker="follow",
    ),
    Page("Organisations, first page", "/organisations/", "/organisations", "list", 5),
    Page("Organisations, page 30", "/organisations/?page=30", "/organisations?page=30", "list", 5),
    Page(
        "Organisations, search by part of a name",
        "/organisations/?q={org_name_term}",
        "/organisations?q={org_name_term}",
        "search",
        3,
    ),
    Page(
        "Organisations, search by part of an email",
        "/organisations/?q={org_email_term}",
        "/organisations?q={org_email_term}",
        "search",
        3,
    ),
    Page(
        "Organisation with a long timeline",
        "/organisations/{busy_org}",
        "/organisations/{busy_org}",
        "detail",
        5,
    ),
    Page("Contacts, first page", "/contacts/", "/contacts", "list", 5),
    Page(
        "Contacts, search by part of a name",
        "/contacts/?q={contact_name_term}",
        "/contacts?q={contact_name_term}",
        "search",
        3,
    ),
    Page(
        "Contacts, search by part of an email",
        "/contacts/?q={contact_email_term}",
        "/contacts?q={contact_email_term}",
        "search",
        3,
    ),
    Page(
        "Contact with a long timeline",
        "/contacts/{busy_contact}",
        "/contacts/{busy_contact}",
        "detail",
        5,
    ),
    Page(
        "Proposal with 100 stakes",
        "/proposals/{big_proposal}",
        "/proposals/{big_proposal}",
        "detail",
        5,
        waits_for="proposals",
    ),
    Page(
        "Checklist of that proposal",
        "/proposals/{big_proposal}/checklist",
        "/proposals/{big_proposal}",
        "checklist",
        8,
        waits_for="checklists",
    ),
    Page(
        "Log a conversation (POST, commit, redirect)",
        "/conversations/new",
        "/conversations?contact={busy_contact}&organisation={busy_contact_org}",
        "write",
        4,
        waits_for="conversations",
        method="POST",
        form_from="/conversations/new?contact={busy_contact}",
    ),
    Page(
        "Create a contact (POST, commit, redirect)",
        "/contacts/new",
        "/contacts",
        "write",
        None,
        method="POST",
        form_from="/contacts/new?organisation={busy_contact_org}",
        fill_in=(("name", "Benchmark Person"), ("email", "bench.person@example.org")),
    ),
    Page(
        "Edit an organisation (POST, commit, redirect)",
        "/organisations/{edit_org}/edit",
        "/organisations/{edit_org}",
        "write",
        None,
        method="POST",
        form_from="/organisations/{edit_org}/edit",
        fresh_form=True,  # each thread edits its own organisation (see EDIT_ORGS)
    ),
    Page(
        "Proposal PDF",
        "/proposals/{big_proposal}/report.pdf",
        "/proposals/{big_proposal}",
        "pdf",
        None,
        waits_for="reports",
    ),
)

# The `flask` arguments for the import and report comparisons, run in-process.
IMPORT_COMMAND = (
    "crm",
    "import",
    "{file}",
    "--kind",
    "contacts",
    "--create-missing-organisations",
)
REPORT_COMMAND = ("crm", "report", "organisation", "{busy_org}", "--output", "{file}")

PARAMETERS = {
    "admin_id": "SELECT MIN(id) FROM users WHERE role = 'admin'",
    "busy_org": """SELECT co.organisation_id FROM conversation_organisations co
        JOIN organisations o ON o.id = co.organisation_id WHERE NOT o.archived
        GROUP BY co.organisation_id ORDER BY COUNT(*) DESC, co.organisation_id LIMIT 1""",
    "busy_contact": """SELECT cc.contact_id FROM conversation_contacts cc
        JOIN contacts c ON c.id = cc.contact_id
        WHERE NOT c.archived AND c.organisation_id IS NOT NULL
        GROUP BY cc.contact_id ORDER BY COUNT(*) DESC, cc.contact_id LIMIT 1""",
    "big_proposal": """SELECT proposal_id FROM stakes GROUP BY proposal_id
        HAVING COUNT(*) = 100 ORDER BY proposal_id LIMIT 1""",
}


def resolve(url: str) -> dict[str, str]:
    """Values for the placeholders, read from the generated data."""
    engine = create_engine(url)
    values: dict[str, str] = {}
    with engine.connect() as conn:
        for key, statement in PARAMETERS.items():
            values[key] = str(conn.scalar(text(statement)))
        org = conn.execute(
            text("SELECT name, email FROM organisations WHERE id = :id"), {"id": values["busy_org"]}
        ).one()
        # One organisation per benchmark thread, so concurrent edits do not refuse each other.
        edit_orgs = conn.scalars(
            text("SELECT id FROM organisations WHERE NOT archived ORDER BY id LIMIT 8")
        ).all()
        person = conn.execute(
            text("SELECT name, email, organisation_id FROM contacts WHERE id = :id"),
            {"id": values["busy_contact"]},
        ).one()
    engine.dispose()
    # Part of a name: a word from the middle ("Bolton Carers Centre" -> "Carers"); part of
    # an email: its first characters, as someone half-remembering an address types them.
    words = org.name.split()
    values["org_name_term"] = words[1] if len(words) > 1 else words[0][:5]
    values["org_email_term"] = (org.email or "info@")[:9]
    values["contact_name_term"] = person.name.split()[0][:4]
    values["contact_email_term"] = person.email.split("@")[1][:8] if person.email else "example"
    values["busy_contact_org"] = str(person.organisation_id)
    values["edit_orgs"] = ",".join(str(i) for i in edit_orgs)
    values["edit_org"] = str(edit_orgs[0])
    return values


def fill(template: str, values: dict[str, str]) -> str:
    """A path with its placeholders filled in (URL-quoted)."""
    from urllib.parse import quote

    return template.format(**{key: quote(value) for key, value in values.items()})
