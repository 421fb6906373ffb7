"""Which columns hold personal data: every column of every table, classified once.

PERSONAL: the value itself can identify or describe a living person (names,
contact details, addresses of people, free text that may mention people,
network addresses, browser strings). NOT_PERSONAL: ids, flags, dates, choices
from fixed lists, organisations' own details, settings.

What uses it:
- the audit log keeps old and new values only for NOT_PERSONAL columns; for
  PERSONAL ones it records that the field changed (so erasure never needs to
  touch an audit row, and the audit log holds no personal data);
- the subject access export and erasure tests check their coverage against it;
- tests/privacy/test_classification.py fails on any column missing here.

A pure module with no app imports, so it may be imported from anywhere.
"""

from __future__ import annotations

PERSONAL = "personal"
NOT_PERSONAL = "not personal"

# Columns every table has (crm.core.db mixins); a table's own entry overrides these.
COMMON = {
    "id": NOT_PERSONAL,
    "created_at": NOT_PERSONAL,
    "updated_at": NOT_PERSONAL,
    "created_by_id": NOT_PERSONAL,
    "version": NOT_PERSONAL,
}

CLASSIFICATION: dict[str, dict[str, str]] = {
    "contacts": {
        "name": PERSONAL,
        "name_key": PERSONAL,  # the name folded for search
        "organisation_id": NOT_PERSONAL,
        "job_title": PERSONAL,
        "email": PERSONAL,
        "phone": PERSONAL,
        "phone_other": PERSONAL,
        "preferred_channel": NOT_PERSONAL,
        "best_times": PERSONAL,
        "notes": PERSONAL,
        "lawful_basis": NOT_PERSONAL,
        "consent_date": NOT_PERSONAL,
        "lawful_basis_note": PERSONAL,
        "do_not_contact": NOT_PERSONAL,
        "archived": NOT_PERSONAL,
        "archived_at": NOT_PERSONAL,
    },
    "users": {
        "name": PERSONAL,
        "email": PERSONAL,
        "password_hash": NOT_PERSONAL,  # a secret, never shown or audited
        "role": NOT_PERSONAL,
        "active": NOT_PERSONAL,
        "last_login_at": NOT_PERSONAL,
        "session_version": NOT_PERSONAL,
        "calendar_token": NOT_PERSONAL,  # a secret, never shown in the audit log
        "email_digest": NOT_PERSONAL,
    },
    # An organisation's own name and switchboard details describe the organisation.
    "organisations": {
        "name": NOT_PERSONAL,
        "name_key": NOT_PERSONAL,
        "kind": NOT_PERSONAL,
        "description": NOT_PERSONAL,
        "website": NOT_PERSONAL,
        "phone": NOT_PERSONAL,
        "email": NOT_PERSONAL,
        "address": NOT_PERSONAL,
        "area_served": NOT_PERSONAL,
        "tags": NOT_PERSONAL,
        "aliases": NOT_PERSONAL,
        "decides_by": NOT_PERSONAL,
        "meeting_week": NOT_PERSONAL,
        "meeting_weekday": NOT_PERSONAL,
        "meeting_dates": NOT_PERSONAL,
        "owner_id": NOT_PERSONAL,
        "stay_in_touch_days": NOT_PERSONAL,
        "last_contact_on": NOT_PERSONAL,
        "last_reached_on": NOT_PERSONAL,
        "archived": NOT_PERSONAL,
        "archived_at": NOT_PERSONAL,
    },
    "conversations": {
        "occurred_on": NOT_PERSONAL,
        "occurred_at": NOT_PERSONAL,
        "channel": NOT_PERSONAL,
        "outcome": NOT_PERSONAL,
        "summary": PERSONAL,  # free text about what people said
        "logged_by_id": NOT_PERSONAL,
        "deleted_at": NOT_PERSONAL,
        "deleted_by_id": NOT_PERSONAL,
    },
    "conversation_contacts": {"conversation_id": NOT_PERSONAL, "contact_id": NOT_PERSONAL},
    "conversation_organisations": {
        "conversation_id": NOT_PERSONAL,
        "organisation_id": NOT_PERSONAL,
    },
    "conversation_proposals": {
        "conversation_id": NOT_PERSONAL,
        "proposal_id": NOT_PERSONAL,
        "stance": NOT_PERSONAL,
    },
    "follow_ups": {
        "description": PERSONAL,  # "Call Sian back about ..."
        "due_on": NOT_PERSONAL,
        "owner_id": NOT_PERSONAL,
        "done": NOT_PERSONAL,
        "done_at": NOT_PERSONAL,
        "conversation_id": NOT_PERSONAL,
        "organisation_id": NOT_PERSONAL,
        "contact_id": NOT_PERSONAL,
        "proposal_id": NOT_PERSONAL,
    },
    "proposals": {
        "title": NOT_PERSONAL,
        "summary": NOT_PERSONAL,
        "status": NOT_PERSONAL,
        "author_id": NOT_PERSONAL,
        "decision_body": NOT_PERSONAL,
        "consultation_start": NOT_PERSONAL,
        "min_window_days": NOT_PERSONAL,
    },
    "milestones": {
        "proposal_id": NOT_PERSONAL,
        "name": NOT_PERSONAL,
        "due_on": NOT_PERSONAL,
        "is_submission_deadline": NOT_PERSONAL,
    },
    "stakes": {
        "organisation_id": NOT_PERSONAL,
        "proposal_id": NOT_PERSONAL,
        "role": NOT_PERSONAL,
        "influence": NOT_PERSONAL,
        "interest": NOT_PERSONAL,
        "engagement_level": NOT_PERSONAL,
        "stance": NOT_PERSONAL,
        "agreement": NOT_PERSONAL,
        "agreement_date": NOT_PERSONAL,
        "agreement_conditions": PERSONAL,  # free text may name people
        "key_contact_id": NOT_PERSONAL,
        "notes": PERSONAL,
        "waiver_reason": PERSONAL,
        "waived_by_id": NOT_PERSONAL,
        "waived_at": NOT_PERSONAL,
        "consulted_on": NOT_PERSONAL,
        "attempts": NOT_PERSONAL,
        "last_attempt_on": NOT_PERSONAL,
        "last_conversation_on": NOT_PERSONAL,
    },
    "status_changes": {
        "proposal_id": NOT_PERSONAL,
        "from_status": NOT_PERSONAL,
        "to_status": NOT_PERSONAL,
        "changed_by_id": NOT_PERSONAL,
        "changed_at": NOT_PERSONAL,
        "override_kind": NOT_PERSONAL,
        "override_reason": PERSONAL,
        "outstanding": NOT_PERSONAL,  # organisation ids and names
    },
    # A draft is the author's document: its text and file may name people.
    "drafts": {
        "proposal_id": NOT_PERSONAL,
        "number": NOT_PERSONAL,
        "source": NOT_PERSONAL,
        "filename": PERSONAL,
        "size": NOT_PERSONAL,
        "sha256": NOT_PERSONAL,
        "content": PERSONAL,
        "text": PERSONAL,
        "note": PERSONAL,
    },
    "naming_consents": {
        "stake_id": NOT_PERSONAL,
        "draft_id": NOT_PERSONAL,
        "state": NOT_PERSONAL,
        "passages": PERSONAL,  # draft text, which may name people
        "wording": PERSONAL,
        "decided_on": NOT_PERSONAL,
        "note": PERSONAL,
        "answer_id": NOT_PERSONAL,
    },
    "response_requests": {
        "stake_id": NOT_PERSONAL,
        "contact_id": NOT_PERSONAL,
        "draft_id": NOT_PERSONAL,
        "message": PERSONAL,
        "respond_by": NOT_PERSONAL,
        "share_whole_draft": NOT_PERSONAL,
        "token_hash": NOT_PERSONAL,  # a hash of a secret, never shown
        "sent_at": NOT_PERSONAL,
        "sent_via": NOT_PERSONAL,
        "opened_at": NOT_PERSONAL,
        "revoked_at": NOT_PERSONAL,
        "revoked_by_id": NOT_PERSONAL,
    },
    "response_answers": {
        "request_id": NOT_PERSONAL,
        "submitted_at": NOT_PERSONAL,
        "responder_name": PERSONAL,
        "responder_role": PERSONAL,
        "contact_id": NOT_PERSONAL,
        "stance": NOT_PERSONAL,
        "stance_comments": PERSONAL,
        "agreement": NOT_PERSONAL,
        "agreement_detail": PERSONAL,
        "naming": NOT_PERSONAL,
        "naming_wording": PERSONAL,
        "late": NOT_PERSONAL,
        "conversation_id": NOT_PERSONAL,
    },
    "partner_page_hits": {
        "key": NOT_PERSONAL,  # a hash of a secret
        "address": PERSONAL,
        "at": NOT_PERSONAL,
    },
    "settings": {
        "uk_nation": NOT_PERSONAL,
        "closure_periods": NOT_PERSONAL,
        "default_min_window": NOT_PERSONAL,
        "retention_years": NOT_PERSONAL,
    },
    # The audit log holds no personal data by construction (crm/audit/services.py
    # redacts PERSONAL values; summaries must be written without names).
    "audit_entries": {
        "at": NOT_PERSONAL,
        "user_id": NOT_PERSONAL,
        "entity_type": NOT_PERSONAL,
        "entity_id": NOT_PERSONAL,
        "action": NOT_PERSONAL,
        "summary": NOT_PERSONAL,
        "changes": NOT_PERSONAL,
    },
    # Messages hold names, addresses and words written to people.
    "outbox_messages": {
        "to_user_id": NOT_PERSONAL,
        "to_contact_id": NOT_PERSONAL,
        "to_address": PERSONAL,
        "to_name": PERSONAL,
        "reply_to_user_id": NOT_PERSONAL,
        "reply_to": PERSONAL,
        "from_name": PERSONAL,
        "subject": PERSONAL,
        "text_body": PERSONAL,
        "html_body": PERSONAL,
        "kind": NOT_PERSONAL,
        "about_type": NOT_PERSONAL,
        "about_id": NOT_PERSONAL,
        "automatic": NOT_PERSONAL,
        "unsubscribe_url": NOT_PERSONAL,  # a signed link with a user id, no name
        "message_id": NOT_PERSONAL,
        "state": NOT_PERSONAL,
        "attempts": NOT_PERSONAL,
        "next_attempt_at": NOT_PERSONAL,
        "claimed_by": NOT_PERSONAL,  # host and process of a sender
        "lease_until": NOT_PERSONAL,
        "last_error": PERSONAL,  # a server's answer may quote the address
        "sent_at": NOT_PERSONAL,
    },
    "digest_runs": {"user_id": NOT_PERSONAL, "day": NOT_PERSONAL, "message_id": NOT_PERSONAL},
    "user_sessions": {
        "user_id": NOT_PERSONAL,
        "last_seen_at": NOT_PERSONAL,
        "revoked_at": NOT_PERSONAL,
        "user_agent": PERSONAL,
    },
    "login_attempts": {
        "email": PERSONAL,
        "address": PERSONAL,
        "at": NOT_PERSONAL,
        "succeeded": NOT_PERSONAL,
    },
}


# Keys some audit entries carry that are not columns, and hold no personal data.
AUDIT_ONLY_NOT_PERSONAL = frozenset({"ref"})  # an import's random reference (no names)


def classify(table: str, column: str) -> str | None:
    """PERSONAL, NOT_PERSONAL, or None when the column has not been classified."""
    if column in AUDIT_ONLY_NOT_PERSONAL:
        return NOT_PERSONAL
    if table not in CLASSIFICATION:
        return None
    return CLASSIFICATION[table].get(column) or COMMON.get(column)
