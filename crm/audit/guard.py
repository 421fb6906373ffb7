"""The audit log is append-only: the app never updates or deletes an audit row."""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.orm import Session

from crm.audit.models import AuditEntry


class AuditLogIsAppendOnly(RuntimeError):
    """Raised when code tries to change or remove an audit entry."""


def _check_flush(session: Session, _context, _instances) -> None:
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, AuditEntry) and (obj in session.deleted or session.is_modified(obj)):
            raise AuditLogIsAppendOnly("audit entries are never updated or deleted")


def _check_statement(state) -> None:
    if state.is_update or state.is_delete:
        table = getattr(state.statement, "table", None)
        if getattr(table, "name", None) == AuditEntry.__tablename__:
            raise AuditLogIsAppendOnly("audit entries are never updated or deleted")


def install() -> None:
    """Listen on every ORM session (idempotent)."""
    if not event.contains(Session, "before_flush", _check_flush):
        event.listen(Session, "before_flush", _check_flush)
        event.listen(Session, "do_orm_execute", _check_statement)
