"""Every model, re-exported for Alembic autogenerate and `flask shell`."""

from crm.audit.models import AuditEntry
from crm.auth.models import LoginAttempt, User, UserSession
from crm.contacts.models import Contact
from crm.conversations.models import (
    Conversation,
    ConversationContact,
    ConversationProposal,
    FollowUp,
    conversation_organisations,
)
from crm.coproduction.models import (
    NamingConsent,
    PartnerPageHit,
    ResponseAnswer,
    ResponseRequest,
)
from crm.drafts.models import Draft
from crm.organisations.models import Organisation
from crm.proposals.models import Milestone, Proposal, Stake, StatusChange
from crm.settings.models import Settings

__all__ = [
    "AuditEntry",
    "Contact",
    "Conversation",
    "ConversationContact",
    "ConversationProposal",
    "Draft",
    "FollowUp",
    "LoginAttempt",
    "NamingConsent",
    "PartnerPageHit",
    "ResponseAnswer",
    "ResponseRequest",
    "Milestone",
    "Organisation",
    "Proposal",
    "Settings",
    "Stake",
    "StatusChange",
    "User",
    "UserSession",
    "conversation_organisations",
]
