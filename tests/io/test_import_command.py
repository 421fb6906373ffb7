"""`flask crm import FILE --kind ... [--dry-run]` with each sample file."""

import pytest
from sqlalchemy import func, select

from crm.audit.models import AuditEntry
from crm.contacts.models import Contact
from crm.core.extensions import db
from crm.organisations.models import Organisation
from tests.io.helpers import DATA, sample


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def crm_import(runner, path, kind, *extra):
    return runner.invoke(args=["crm", "import", str(path), "--kind", kind, *extra])


@pytest.fixture
def organisations(app, runner):
    sample("organisations.csv")  # skips when the data folder is missing
    result = crm_import(runner, DATA / "organisations.csv", "organisations")
    assert result.exit_code == 0, result.output
    return result


def test_organisations_by_command(app, organisations):
    output = organisations.output
    assert "Read organisations.csv (CSV, UTF-8): 8 rows." in output
    assert "Main phone -> Main phone (phone)" in output
    assert "E-mail -> Email (email)" in output
    assert "line 8 (warning): Kind: “Faith / community” is not a kind we know" in output
    assert "Done: created 8, updated 0, 0 unchanged, skipped 0." in output
    with app.app_context():
        assert (
            "Eastbrook & Vale NHS Foundation Trust"
            in db.session.scalars(select(Organisation.name)).all()
        )


@pytest.mark.parametrize(
    ("filename", "expected"),
    [("contacts.csv", 8), ("contacts.xlsx", 8), ("contacts-windows-1252.csv", 6)],
)
def test_contacts_by_command(app, runner, organisations, filename, expected):
    result = crm_import(runner, DATA / filename, "contacts")
    assert result.exit_code == 0, result.output
    assert f"created {expected}," in result.output
    with app.app_context():
        people = {c.name: c for c in db.session.scalars(select(Contact))}
    assert people["Gwenllian ap Rhys"].phone == "07700900124"
    assert {"Dermot NA", "Null Achebe"} <= set(people)
    assert people["Chloë O'Brien"].organisation_id is None
    assert people["Dermot NA"].organisation_id is not None


def test_dry_run_writes_nothing(app, runner):
    sample("organisations.csv")
    result = crm_import(runner, DATA / "organisations.csv", "organisations", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Dry run, nothing written: would have created 8" in result.output
    assert count(app, Organisation) == 0 and count(app, AuditEntry) == 0


def test_dry_run_with_problems_fails_without_writing(app, runner):
    sample("contacts.csv")
    result = crm_import(runner, DATA / "contacts.csv", "contacts", "--dry-run")
    assert result.exit_code == 1
    assert "Dry run: 7 rows have problems" in result.output
    assert count(app, Contact) == 0


def test_malformed_file_by_command(app, runner):
    sample("contacts-malformed.csv")
    result = crm_import(runner, DATA / "contacts-malformed.csv", "contacts")
    assert result.exit_code == 1
    assert "Line 3 has 5 fields where the header has 3." in result.output
    assert "Nothing was imported." in result.output
    assert count(app, Contact) == 0


def test_refused_then_skip_invalid_with_skipped_file(app, runner, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("Name,Email\nAda,ada@example.org\nBob,nope\n", encoding="utf-8")
    refused = crm_import(runner, path, "contacts")
    assert refused.exit_code == 1
    assert "line 3: Email: “nope” is not an email address." in refused.output
    assert "Nothing was imported: 1 rows have problems." in refused.output
    assert count(app, Contact) == 0
    out = tmp_path / "skipped.csv"
    done = crm_import(runner, path, "contacts", "--skip-invalid", "--skipped-out", str(out))
    assert done.exit_code == 0, done.output
    assert "created 1, updated 0, 0 unchanged, skipped 1" in done.output
    assert out.read_text(encoding="utf-8-sig").splitlines()[1].startswith("3,Bob,nope,Email:")
    assert count(app, Contact) == 1


def test_create_missing_organisations_and_map_override(app, runner, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("Who,Org name,Extra\nAda,Mind in Eastbrook,Chair\n", encoding="utf-8")
    result = crm_import(
        runner, path, "contacts", "--map", "Who=name", "--map", "Extra=job_title",
        "--create-missing-organisations",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "1 new organisations" in result.output
    with app.app_context():
        person = db.session.scalar(select(Contact))
        assert (person.name, person.job_title) == ("Ada", "Chair")
        assert db.session.get(Organisation, person.organisation_id).name == "Mind in Eastbrook"


def test_mapping_without_a_name_is_refused(app, runner, tmp_path):
    path = tmp_path / "orgs.csv"
    path.write_text("Website\nhttps://example.org\n", encoding="utf-8")
    result = crm_import(runner, path, "organisations")
    assert result.exit_code == 1
    assert "Choose the column that holds the name." in result.output


def test_the_command_is_not_held_to_the_upload_size_limit(app, runner, tmp_path):
    """A file on the server is not an upload: only the row limit applies to the command."""
    app.config["IMPORT_MAX_BYTES"] = 200  # far smaller than the file below
    path = tmp_path / "orgs.csv"
    path.write_text(
        "Name,Type\n" + "".join(f"Big File Charity {n},charity\n" for n in range(40)),
        encoding="utf-8",
    )
    result = crm_import(runner, path, "organisations")
    assert result.exit_code == 0, result.output
    assert count(app, Organisation) == 40
