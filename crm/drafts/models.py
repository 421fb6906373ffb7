"""A draft version of a proposal: the original file (kept in the database) and its text."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from crm.core.db import Base, TimestampMixin, enum_check
from crm.rules.vocabulary import DRAFT_SOURCES

SOURCES = DRAFT_SOURCES
FILE_SOURCES = tuple(source for source in SOURCES if source != "pasted")
MEDIA_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "pdf": "application/pdf",
    "txt": "text/plain; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
}


class Draft(TimestampMixin, Base):
    """Version `number` of a proposal's draft; `created_by` uploaded it."""

    __tablename__ = "drafts"
    __table_args__ = (UniqueConstraint("proposal_id", "number"), enum_check("source", SOURCES))

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(10))
    filename: Mapped[str] = mapped_column(String(255), default="")
    size: Mapped[int] = mapped_column(Integer, default=0)
    sha256: Mapped[str] = mapped_column(String(64), default="")
    # The original file; deferred so lists and the names check never load the bytes.
    content: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    # Paragraphs separated by blank lines (crm/drafts/text.py).
    text: Mapped[str] = mapped_column(Text)
    note: Mapped[str] = mapped_column(Text, default="")

    proposal = relationship("Proposal", lazy="raise")
    created_by = relationship("User", foreign_keys="Draft.created_by_id", lazy="raise")

    @property
    def source_label(self) -> str:
        return SOURCES.get(self.source, self.source)

    @property
    def has_file(self) -> bool:
        return self.source != "pasted"

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES.get(self.source, "application/octet-stream")
