"""Each storage setting is in force on a new connection."""

import threading

import pytest
from sqlalchemy import text

from crm.core.extensions import db

# These are SQLite's own settings (PRAGMAs, BEGIN IMMEDIATE, the file's bytes).
sqlite_only = pytest.mark.database("sqlite", reason="SQLite connection settings")


@sqlite_only
def test_sqlite_pragmas_on_a_new_connection(ctx):
    db.engine.dispose()
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert (
            conn.exec_driver_sql("PRAGMA busy_timeout").scalar()
            == ctx.config["SQLITE_BUSY_TIMEOUT_MS"]
        )


@sqlite_only
def test_sqlite_transactions_begin_immediate(ctx):
    """A transaction holds the write lock from its start, so another writer waits its turn."""
    statements = []
    from sqlalchemy import event

    def capture(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", capture)
    try:
        with db.engine.begin() as conn:
            conn.execute(text("SELECT 1"))
    finally:
        event.remove(db.engine, "before_cursor_execute", capture)
    assert statements[0] == "BEGIN IMMEDIATE"


def test_foreign_keys_are_enforced(ctx):
    from sqlalchemy.exc import IntegrityError

    from crm.contacts.models import Contact

    db.session.add(Contact(name="Orphan", organisation_id=999_999))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_concurrent_increments_are_not_lost(ctx):
    """Two threads read-modify-write the same row; BEGIN IMMEDIATE (or PG row locks) keeps every update."""
    from crm.settings.models import Settings

    db.session.add(Settings(default_min_window=0))
    db.session.commit()
    engine = db.engine
    postgres = engine.dialect.name == "postgresql"

    def bump(times):
        for _ in range(times):
            with engine.begin() as conn:
                lock = " FOR UPDATE" if postgres else ""
                value = conn.execute(
                    text(f"SELECT default_min_window FROM settings{lock}")
                ).scalar()
                conn.execute(text("UPDATE settings SET default_min_window = :v"), {"v": value + 1})

    threads = [threading.Thread(target=bump, args=(25,)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert db.session.execute(text("SELECT default_min_window FROM settings")).scalar() == 100


@sqlite_only
def test_sqlite_secure_delete_is_on(ctx):
    """Erased personal data is overwritten in the file, not just unlinked."""
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA secure_delete")).scalar() == 1


def _first_statement(app, method: str) -> str:
    from sqlalchemy import event

    statements = []

    def capture(conn, cursor, statement, *args):
        statements.append(statement)

    with app.test_request_context("/", method=method):
        event.listen(db.engine, "before_cursor_execute", capture)
        try:
            db.session.execute(text("SELECT 1"))
            db.session.rollback()
        finally:
            event.remove(db.engine, "before_cursor_execute", capture)
    return statements[0]


@sqlite_only
def test_reading_requests_do_not_take_the_write_lock(app):
    """GET pages read from a snapshot without queueing behind writers; POSTs take the lock."""
    assert _first_statement(app, "GET") == "BEGIN"
    assert _first_statement(app, "HEAD") == "BEGIN"
    assert _first_statement(app, "POST") == "BEGIN IMMEDIATE"


@sqlite_only
def test_a_reading_request_that_writes_is_caught_in_tests(app):
    from crm.organisations.models import Organisation

    with app.test_request_context("/", method="GET"):
        db.session.add(Organisation(name="Written on a GET", name_key="written on a get"))
        with pytest.raises(RuntimeError, match="GET request wrote"):
            db.session.flush()
        db.session.rollback()


@sqlite_only
def test_write_lock_lets_a_reading_request_write_safely(app):
    from sqlalchemy import select

    from crm.core.storage import write_lock
    from crm.organisations.models import Organisation

    with app.test_request_context("/", method="GET"):
        db.session.execute(select(Organisation.id)).all()  # a read transaction is open
        with write_lock(db.session):
            db.session.add(Organisation(name="Touched", name_key="touched"))
        assert db.session.scalar(select(Organisation.name).where(Organisation.name == "Touched"))
        db.session.rollback()


def _statements_of(app, send) -> list[str]:
    """Every SQL statement (BEGINs included) a request runs, in order."""
    from sqlalchemy import event

    seen: list[str] = []

    def capture(_conn, _cursor, statement, *_args):
        seen.append(" ".join(statement.split()))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", capture)
    try:
        response = send()
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    return response, seen


@sqlite_only
def test_a_form_post_holds_the_write_lock_only_for_its_save(app, client, login_as):
    """Checking the form and loading its choices take no lock; the save takes it to commit."""
    from tests import factories

    login_as("editor")
    with app.app_context():
        organisation_id = factories.organisation("Holds No Lock").id
        db.session.commit()
    fields = {
        "name": "Ffion Lock",
        "organisation_id": str(organisation_id),
        "preferred_channel": "phone",
        "lawful_basis": "legitimate_interests",
    }
    response, seen = _statements_of(app, lambda: client.post("/contacts/new", data=fields))
    assert response.status_code == 302
    assert seen[0] == "BEGIN"  # a reader while the form is checked
    lock = seen.index("BEGIN IMMEDIATE")
    writes = [i for i, s in enumerate(seen) if s.upper().startswith(("INSERT", "UPDATE"))]
    assert lock < min(writes)
    # The chosen organisation is checked under the lock; the list of them is never read.
    assert not [s for s in seen if "ORDER BY organisations.name_key" in s]
    assert any(s.startswith("SELECT organisations.") for s in seen[lock:])

    refused, seen = _statements_of(app, lambda: client.post("/contacts/new", data={"name": ""}))
    assert refused.status_code == 422
    assert "BEGIN IMMEDIATE" not in seen  # a form shown again with its errors never queues
    assert [s for s in seen if "ORDER BY organisations.name_key" in s]  # its choices, to show
