"""The outbox: every email the app sends is first a row here (DESIGN.md section 11)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.core.db import Base, TimestampMixin, UTCDateTime, enum_check, utcnow
from crm.core.vocabulary import Vocabulary
from crm.rules.vocabulary import MAIL_KINDS

# The states of a message, with the words the Outbox page uses.
STATES = Vocabulary(
    "outbox state",
    (("queued", "Queued"), ("sent", "Sent"), ("failed", "Failed"), ("discarded", "Discarded")),
)

# What a message is for: crm.rules.vocabulary.MAIL_KINDS (unknown kinds are refused by
# queue_mail).
KIND_LABELS = MAIL_KINDS


class OutboxMessage(TimestampMixin, Base):
    """One email to one user or contact, queued, then sent (or failed, or discarded)."""

    __tablename__ = "outbox_messages"
    __table_args__ = (
        enum_check("state", STATES),
        CheckConstraint("(to_user_id IS NULL) <> (to_contact_id IS NULL)", name="one_recipient"),
        # send-mail's claim reads due messages by state and time.
        Index("ix_outbox_messages_state_next_attempt_at", "state", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # A recipient's messages go with them (an erased contact leaves no mail behind).
    to_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    to_contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    # The address and name as they were when queued: the message says what was sent.
    to_address: Mapped[str] = mapped_column(String(320))
    to_name: Mapped[str] = mapped_column(String(200), default="")
    reply_to_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    reply_to: Mapped[str] = mapped_column(String(600), default="")
    from_name: Mapped[str] = mapped_column(String(200), default="")
    subject: Mapped[str] = mapped_column(String(300))
    text_body: Mapped[str] = mapped_column(Text)
    html_body: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(40))
    about_type: Mapped[str | None] = mapped_column(String(40))
    about_id: Mapped[int | None]
    automatic: Mapped[bool] = mapped_column(default=False)
    unsubscribe_url: Mapped[str | None] = mapped_column(String(600))
    message_id: Mapped[str] = mapped_column(String(250), unique=True)
    state: Mapped[str] = mapped_column(String(20), default="queued")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # A claim by one send-mail run: until lease_until passes, no other run takes it.
    claimed_by: Mapped[str | None] = mapped_column(String(40))
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str] = mapped_column(String(500), default="")
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    to_user = relationship("User", foreign_keys=[to_user_id], lazy="raise")
    to_contact = relationship("Contact", foreign_keys=[to_contact_id], lazy="raise")
    created_by = relationship("User", foreign_keys="OutboxMessage.created_by_id", lazy="raise")

    @property
    def state_label(self) -> str:
        return STATES.label(self.state, self.state)

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind.replace("_", " ").capitalize())

    def __repr__(self) -> str:
        return f"<OutboxMessage {self.id} {self.kind} {self.state}>"
