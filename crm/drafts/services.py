"""Use cases for drafts: add a version from a file or pasted text."""

from __future__ import annotations

import hashlib

from sqlalchemy import func, select

from crm.audit.services import record
from crm.core.errors import FieldError
from crm.core.extensions import db
from crm.drafts.extract import Extracted, ExtractionError, from_raw, kind_of
from crm.drafts.models import Draft
from crm.drafts.worker import Limits, extract_isolated

NOTE_MAX = 2000
FILENAME_MAX = 200


def next_number(proposal_id: int) -> int:
    """The number the next version of this proposal's draft gets (1, 2, ...)."""
    latest = db.session.scalar(
        select(func.max(Draft.number)).where(Draft.proposal_id == proposal_id)
    )
    return (latest or 0) + 1


def _latest(proposal_id: int) -> Draft | None:
    return db.session.scalars(
        select(Draft).where(Draft.proposal_id == proposal_id).order_by(Draft.number.desc())
    ).first()


def _clean_filename(filename: str) -> str:
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    name = "".join(ch for ch in name if ch.isprintable())
    if len(name) > FILENAME_MAX:
        stem, _, ending = name.rpartition(".")
        name = f"{stem[: FILENAME_MAX - len(ending) - 1]}.{ending}"
    return name or "draft"


def add_draft(
    proposal,
    *,
    note: str,
    actor,
    filename: str | None = None,
    data: bytes | None = None,
    pasted: str | None = None,
    limits: Limits | None = None,
) -> Draft:
    """Add the next version from a file (read in a limited child process) or pasted text.

    Raises FieldError on "file", "pasted" or "note"; nothing is written then.
    """
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise FieldError("note", f"Keep the note under {NOTE_MAX} characters.")
    pasted = (pasted or "").strip()
    if data is not None and pasted:
        raise FieldError("pasted", "Choose a file or paste the text, not both.")
    if data is None and not pasted:
        raise FieldError("file", "Choose the draft's file, or paste its text below.")
    if data is not None:
        name = _clean_filename(filename or "")
        try:
            source = kind_of(name)
            extracted: Extracted = extract_isolated(data, name, limits or Limits())
        except ExtractionError as error:
            raise FieldError("file", error.message) from None
        digest = hashlib.sha256(data).hexdigest()
    else:
        name, source, digest = "", "pasted", ""
        try:
            extracted = from_raw(pasted)
        except ExtractionError as error:
            raise FieldError("pasted", error.message) from None
    latest = _latest(proposal.id)
    if latest is not None and latest.text == extracted.text:
        raise FieldError(
            "file" if data is not None else "pasted",
            f"This text is the same as version {latest.number}, so no new version was added.",
        )
    draft = Draft(
        proposal_id=proposal.id,
        number=(latest.number if latest else 0) + 1,
        source=source,
        filename=name,
        size=len(data) if data is not None else len(pasted.encode("utf-8")),
        sha256=digest,
        content=data,
        text=extracted.text,
        note=note,
        created_by_id=getattr(actor, "id", None),
    )
    db.session.add(draft)
    record(
        "create",
        draft,
        actor,
        {
            "proposal_id": (None, proposal.id),
            "number": (None, draft.number),
            "source": (None, source),
            "size": (None, draft.size),
            "note": (None, note),
        },
        summary=f"Draft version {draft.number} added",
    )
    return draft
