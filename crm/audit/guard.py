"""The audit log is append-only: the app never updates or deletes an audit row.

One exception, by law: erasure (UK GDPR article 17) may redact a person's name, email or
phone where an audit entry copied them (an organisation's description, say). It goes
through `redaction()` below, used only by crm.audit.services.redact_entries, which
writes its own audit entry saying how many entries it redacted.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy.orm import Session

from crm.audit.models import AuditEntry

REDACTING = "audit_redaction"


class AuditLogIsAppendOnly(RuntimeError):
    """Raised when code tries to change or remove an audit entry."""


@contextmanager
def redaction(session: Session) -> Iterator[None]:
    """Within this block the session may update audit rows (erasure's redaction only)."""
    session.info[REDACTING] = True
    try:
        yield
        session.flush()
    finally:
        session.info.pop(REDACTING, None)


def _check_flush(session: Session, _context, _instances) -> None:
    if session.info.get(REDACTING):
        return
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, AuditEntry) and (obj in session.deleted or session.is_modified(obj)):
            raise AuditLogIsAppendOnly("audit entries are never updated or deleted")


def _check_statement(state) -> None:
    if state.session.info.get(REDACTING) and not state.is_delete:
        return
    if state.is_update or state.is_delete:
        table = getattr(state.statement, "table", None)
        if getattr(table, "name", None) == AuditEntry.__tablename__:
            raise AuditLogIsAppendOnly("audit entries are never updated or deleted")


def install() -> None:
    """Listen on every ORM session (idempotent)."""
    if not event.contains(Session, "before_flush", _check_flush):
        event.listen(Session, "before_flush", _check_flush)
        event.listen(Session, "do_orm_execute", _check_statement)
