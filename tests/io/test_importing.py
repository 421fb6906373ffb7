"""The import service: samples, matching, updates, duplicates, all-or-nothing, audit."""

import pytest
from sqlalchemy import func, select

from crm.audit.models import AuditEntry
from crm.contacts.models import Contact
from crm.core.extensions import db
from crm.io.importing import ImportOptions, ImportRefused, import_table
from crm.io.mapping import guess_mapping
from crm.io.reading import Limits, read_table
from crm.organisations.models import Organisation
from tests import factories
from tests.io.helpers import sample

ORGANISATION_NAMES = {
    "Riverside Peer Support Network",
    "Northgate Social Prescribing",
    "Hillview Wellbeing Café",
    "Mind in Eastbrook",
    "Eastbrook Borough Council – Public Health",
    "Eastbrook & Vale NHS Foundation Trust",
    "Canolfan Cymraeg Eastbrook",
    "St Brigid's Parish Hall",
}


def run(kind, data, filename="file.csv", mapping=None, actor=None, dry_run=False, **options):
    """Import bytes through the service with the guessed mapping; commits unless a dry run."""
    table = read_table(data, filename, Limits())
    guesses = mapping or guess_mapping(table.headers, kind)
    chosen = {header: key for header, key in zip(table.headers, guesses, strict=True) if key}
    report = import_table(
        table.frame,
        table.lines,
        chosen,
        ImportOptions(kind=kind, filename=filename, **options),
        actor,
        dry_run=dry_run,
    )
    db.session.rollback() if dry_run else db.session.commit()
    return report


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def contacts_by_name() -> dict[str, Contact]:
    return {c.name: c for c in db.session.scalars(select(Contact))}


def test_organisations_sample(ctx):
    report = run("organisations", sample("organisations.csv"), "organisations.csv")
    assert report.counts()["created"] == 8
    organisations = {o.name: o for o in db.session.scalars(select(Organisation))}
    assert set(organisations) == ORGANISATION_NAMES
    riverside = organisations["Riverside Peer Support Network"]
    assert riverside.kind == "peer_support"
    assert riverside.phone == "01632 960001"
    assert riverside.email == "hello@riverside-peers.example.org"
    assert riverside.area_served == "Riverside; Eastbrook"
    assert riverside.tags == "peer support,mental health"
    assert organisations["Hillview Wellbeing Café"].kind == "community_group"
    # An unknown type is imported as Other, with a note on its row.
    assert organisations["Canolfan Cymraeg Eastbrook"].kind == "other"
    assert report.warning_rows[0].line == 8


def check_contacts_sample(expected_count: int) -> None:
    people = contacts_by_name()
    assert len(people) == expected_count
    assert people["Gwenllian ap Rhys"].phone == "07700900124"
    assert people["Siobhán Ó Súilleabháin"].phone == "+44 7700 900125"
    assert people["Dermot NA"].phone == "07700 900126"
    assert people["Null Achebe"].phone == ""
    assert people["Dermot NA"].preferred_channel == "in_person"
    assert people["Priya Raman"].email == "p.raman@eastbrook.example.gov.uk"
    assert people["Siobhán Ó Súilleabháin"].notes == "Part-time Mon-Wed"
    assert all(p.lawful_basis == "legitimate_interests" for p in people.values())
    organisations = {o.id: o.name for o in db.session.scalars(select(Organisation))}
    assert organisations[people["Dermot NA"].organisation_id] == "Hillview Wellbeing Café"
    assert organisations[people["Priya Raman"].organisation_id] == (
        "Eastbrook Borough Council – Public Health"
    )
    assert people["Chloë O'Brien"].organisation_id is None
    assert count(Organisation) == 8  # linked by name, none added


@pytest.mark.parametrize(
    ("filename", "expected"),
    [("contacts.csv", 8), ("contacts.xlsx", 8), ("contacts-windows-1252.csv", 6)],
)
def test_contacts_samples(ctx, filename, expected):
    run("organisations", sample("organisations.csv"))
    report = run("contacts", sample(filename), filename)
    assert report.counts()["created"] == expected
    check_contacts_sample(expected)
    if expected == 8:
        assert contacts_by_name()["Siân Llŷr"].phone == "07700 900123"
        assert contacts_by_name()["Łukasz Żak"].preferred_channel == "video"


def test_same_values_whichever_file_they_came_from(ctx):
    run("organisations", sample("organisations.csv"))
    run("contacts", sample("contacts.csv"), "contacts.csv")
    columns = (
        "name",
        "organisation_id",
        "job_title",
        "email",
        "phone",
        "preferred_channel",
        "notes",
    )
    before = {
        c.email: tuple(getattr(c, k) for k in columns) for c in db.session.scalars(select(Contact))
    }
    for filename in ("contacts.xlsx", "contacts-windows-1252.csv"):
        report = run("contacts", sample(filename), filename)
        assert report.created == report.updated == 0, filename
        assert report.unchanged == len(report.rows)
    after = {
        c.email: tuple(getattr(c, k) for k in columns) for c in db.session.scalars(select(Contact))
    }
    assert after == before


def test_dry_run_writes_nothing(ctx):
    report = run("organisations", sample("organisations.csv"), dry_run=True)
    assert report.created == 8 and not report.written
    assert count(Organisation) == 0
    assert count(AuditEntry) == 0


def test_contacts_without_their_organisations_are_refused_and_nothing_is_written(ctx):
    with pytest.raises(ImportRefused) as refused:
        run("contacts", sample("contacts.csv"))
    db.session.rollback()
    report = refused.value.report
    assert report.skipped == 7  # all but the individual with no organisation
    assert (
        "no organisation called “Canolfan Cymraeg Eastbrook”" in report.problem_rows[0].problems[0]
    )
    assert count(Contact) == 0 and count(AuditEntry) == 0


def test_create_missing_organisations(ctx):
    factories.organisation("Mind in Eastbrook")
    db.session.commit()
    report = run("contacts", sample("contacts.csv"), create_missing_organisations=True)
    assert report.created == 8
    assert len(report.new_organisations) == 6
    assert count(Organisation) == 7
    made = db.session.scalar(
        select(Organisation).where(Organisation.name == "Hillview Wellbeing Café")
    )
    assert made.kind == "other"
    assert contacts_by_name()["Dermot NA"].organisation_id == made.id


def test_skip_invalid_imports_the_rest(ctx):
    data = (
        b"Name,Email,Prefers\n"
        b"Ada Lovelace,ada@example.org,Phone\n"
        b",nobody@example.org,Phone\n"
        b"Bob,not-an-email,Phone\n"
        b"Cy,cy@example.org,Carrier pigeon\n"
        b"Di,di@example.org,Email\n"
    )
    report = run("contacts", data, skip_invalid=True)
    assert report.created == 2 and report.skipped == 3
    reasons = {row.line: row.problems for row in report.problem_rows}
    assert reasons[3] == ["Name: this row has no name."]
    assert reasons[4] == ["Email: “not-an-email” is not an email address."]
    assert reasons[5][0].startswith("Prefers: “Carrier pigeon” is not one of Phone, Email")
    assert set(contacts_by_name()) == {"Ada Lovelace", "Di"}


def test_duplicates_within_the_file_are_reported(ctx):
    data = b"Name,Email\nAda,ada@example.org\nAda again,ADA@example.org\nBob,bob@example.org\n"
    with pytest.raises(ImportRefused) as refused:
        run("contacts", data)
    db.session.rollback()
    [row] = refused.value.report.problem_rows
    assert row.line == 3
    assert row.problems == ["Same email as line 2: each email may appear once in a file."]
    organisations = b"Organisation\nMind  in Eastbrook\nmind in eastbrook\n"
    with pytest.raises(ImportRefused) as refused:
        run("organisations", organisations)
    assert refused.value.report.problem_rows[0].problems[0].startswith("Same name as line 2")


def test_matches_are_updated_in_mapped_columns_only(ctx, users):
    owner = db.session.get(factories.User, users["editor"])
    person = factories.contact(
        "Ada Lovelace",
        email="ada@example.org",
        phone="01632 960999",
        job_title="Analyst",
        notes="Keep me",
    )
    organisation = factories.organisation(
        "Mind in Eastbrook", phone="01632 960000", website="https://mind.example.org"
    )
    db.session.commit()
    version = person.version
    report = run("contacts", b"Email,Job title,Tel\nADA@Example.org,Engineer,\n", actor=owner)
    assert (report.created, report.updated) == (0, 1)
    db.session.refresh(person)
    assert person.job_title == "Engineer"
    assert person.phone == "01632 960999"  # an empty cell changes nothing
    assert person.notes == "Keep me"  # not mapped, not touched
    assert person.version == version + 1  # open edit forms will see a stale save
    report = run("organisations", b"Org name,Main phone\nMIND IN  EASTBROOK,01632 960123\n")
    assert (report.created, report.updated) == (0, 1)
    db.session.refresh(organisation)
    assert organisation.name == "Mind in Eastbrook"
    assert (organisation.phone, organisation.website) == (
        "01632 960123",
        "https://mind.example.org",
    )
    entry = db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == "update", AuditEntry.entity_id == person.id)
    )
    assert entry.changes == {"job_title": ["(personal data, not kept)"] * 2}  # personal: not kept
    assert entry.user_id == owner.id


def test_archived_records_are_not_matched(ctx):
    factories.organisation("Mind in Eastbrook", archived=True)
    db.session.commit()
    report = run("organisations", b"Organisation\nMind in Eastbrook\n")
    assert report.created == 1
    assert count(Organisation) == 2


def test_first_and_last_name_and_other_fields(ctx):
    data = (
        b"First name,Surname,Email,Lawful basis,Consent date,Do not contact\n"
        b"Ada,Lovelace,ada@example.org,Consent,15/01/2026,yes\n"
        b"Bob,Null,bob@example.org,Consent,,no\n"
        b"Cy,NA,cy@example.org,,,maybe\n"
    )
    report = run("contacts", data, skip_invalid=True)
    assert report.created == 1
    problems = {row.line: row.problems for row in report.problem_rows}
    assert problems[3] == ["Consent given on: needed when the lawful basis is consent."]
    assert problems[4] == ["Do not contact: “maybe” is not yes or no."]
    ada = contacts_by_name()["Ada Lovelace"]
    assert (ada.lawful_basis, ada.consent_date.isoformat(), ada.do_not_contact) == (
        "consent",
        "2026-01-15",
        True,
    )


def test_overlong_values_and_bad_numbers(ctx):
    data = f"Organisation,Stay in touch,Main phone\n{'x' * 201},30,01632\nOk,0,none\n".encode()
    report = run("organisations", data, skip_invalid=True)
    problems = {row.line: row.problems for row in report.problem_rows}
    assert problems[2] == ["Name: is 201 characters long; the most is 200."]
    assert problems[3] == [
        "Stay in touch every (days): “0” is not a number of days from 1 to 3650.",
        "Main phone: “none” has no digits.",
    ]


def test_audit_entry_with_counts(ctx, users):
    actor = db.session.get(factories.User, users["editor"])
    factories.organisation("Mind in Eastbrook")
    db.session.commit()
    run("organisations", sample("organisations.csv"), "organisations.csv", actor=actor)
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "import"))
    assert entry.user_id == actor.id
    assert entry.entity_type == "organisations"
    assert entry.summary == (
        "Imported organisations from organisations.csv: 7 created, 1 updated, "
        "0 unchanged, 0 skipped."
    )
    assert entry.changes["created"] == [None, 7]
    assert entry.changes["updated"] == [None, 1]
    # A file name may name a person, so the audit log does not keep it.
    assert entry.changes["file"] == [None, "(personal data, not kept)"]


def test_our_own_formula_guard_is_removed_on_import(ctx):
    run("contacts", b"Name,Tel\nAda,'+44 7700 900123\n")
    assert contacts_by_name()["Ada"].phone == "+44 7700 900123"


def test_a_phone_that_lost_its_zero_is_imported_with_a_note(ctx):
    report = run("contacts", b"Name,Tel\nAda,7700900123\nBob,07700900124\n")
    assert report.created == 2
    [noted] = report.warning_rows
    assert noted.line == 2
    assert "lost its leading 0" in noted.warnings[0]
    assert contacts_by_name()["Ada"].phone == "7700900123"  # kept as written
