"""Every word of the domain, defined once: stored values in order, with their labels.

Models build their CHECK constraints from these, forms their choices, imports
their validation, and pages and PDFs their labels. tests/rules/test_vocabulary.py
fails when a copy drifts (a constraint in the database, a rule's table, a label).
"""

from __future__ import annotations

from crm.core.vocabulary import Vocabulary

ORGANISATION_KINDS = Vocabulary(
    "organisation kind",
    (
        ("community_group", "Voluntary or community group"),
        ("charity", "Charity"),
        ("peer_support", "Peer-support group"),
        ("nhs", "NHS body"),
        ("local_authority", "Local authority"),
        ("primary_care", "GP or primary care"),
        ("housing", "Housing"),
        ("faith_group", "Faith group"),
        ("business", "Business"),
        ("other", "Other"),
    ),
)
# How a contact prefers to be reached.
PREFERRED_CHANNELS = Vocabulary(
    "preferred channel",
    (
        ("phone", "Phone"),
        ("email", "Email"),
        ("in_person", "In person"),
        ("video", "Video"),
        ("text", "Text message"),
    ),
)
LAWFUL_BASES = Vocabulary(
    "lawful basis",
    (
        ("legitimate_interests", "Legitimate interests"),
        ("consent", "Consent"),
        ("other", "Other"),
    ),
)
# How a conversation happened.
CHANNELS = Vocabulary(
    "channel",
    (
        ("call", "Phone call"),
        ("meeting", "Meeting"),
        ("email", "Email"),
        ("video_call", "Video call"),
        ("in_person", "In person"),
        ("event", "Event"),
        ("text", "Text message"),
        ("written_response", "Written response"),  # an answer on the partner page
    ),
)
OUTCOMES = Vocabulary(
    "outcome",
    (("reached", "Reached"), ("no_answer", "No answer"), ("left_message", "Left message")),
)
STANCES = Vocabulary(
    "stance",
    (
        ("unknown", "Unknown"),
        ("supportive", "Supportive"),
        ("neutral", "Neutral"),
        ("concerned", "Concerned"),
        ("opposed", "Opposed"),
    ),
)
STATUSES = Vocabulary(
    "status",
    (
        ("idea", "Idea"),
        ("consulting", "Consulting"),
        ("drafting", "Drafting"),
        ("in_review", "In review"),
        ("submitted", "Submitted"),
        ("decided", "Decided"),
        ("withdrawn", "Withdrawn"),
    ),
)
STAKE_ROLES = Vocabulary(
    "role",
    (
        ("lead", "Lead"),
        ("co_producer", "Co-producer"),
        ("delivery_partner", "Delivery partner"),
        ("funder", "Funder"),
        ("decision_maker", "Decision maker"),
        ("affected", "Affected"),
        ("informed", "Informed"),
    ),
)
# IAP2's spectrum of public participation, least to most.
ENGAGEMENT_LEVELS = Vocabulary(
    "engagement level",
    (
        ("inform", "Inform"),
        ("consult", "Consult"),
        ("involve", "Involve"),
        ("collaborate", "Collaborate"),
        ("empower", "Empower"),
    ),
)
AGREEMENTS = Vocabulary(
    "agreement",
    (
        ("not_asked", "Not asked"),
        ("asked", "Asked"),
        ("agreed", "Agreed"),
        ("agreed_with_conditions", "Agreed with conditions"),
        ("declined", "Declined"),
    ),
)
# Moving on without being ready (rule 3.3): the heading each kind gets in the report.
OVERRIDE_KINDS = Vocabulary(
    "override",
    (
        ("drafting", "Drafted before consulting"),
        ("submission", "Submitted without agreement"),
    ),
)
# Where a stake stands on being consulted (rule 3.1), as the checklist says it.
CONSULT_STATES = Vocabulary(
    "consult state",
    (
        ("not_yet", "Not yet"),
        ("attempted", "Tried"),
        ("consulted", "Consulted"),
        ("waived", "Waived"),
    ),
)
NATIONS = Vocabulary(
    "UK nation",
    (
        ("england", "England"),
        ("wales", "Wales"),
        ("scotland", "Scotland"),
        ("northern_ireland", "Northern Ireland"),
    ),
)
AUDIT_ACTIONS = Vocabulary(
    "audit action",
    (
        ("create", "Created"),
        ("update", "Updated"),
        ("archive", "Archived"),
        ("restore", "Restored"),
        ("delete", "Deleted"),
        ("erase", "Erased"),
        ("status_change", "Status changed"),
        ("override", "Override"),
        ("waive", "Waived"),
        ("import", "Imported"),
        ("login", "Logged in"),
        ("merge", "Merged"),
    ),
)

# Co-production (DESIGN.md section 10).
# How an organisation decides whether to back a proposal.
DECIDES_BY = Vocabulary(
    "decision arrangement",
    (
        ("unknown", "Not recorded"),
        ("none", "No formal approval needed"),
        ("manager", "A manager or director decides"),
        ("trustees", "Its trustees or board must approve"),
    ),
)
# Where a draft's text came from: a file of one of these kinds, or pasted into the form.
DRAFT_SOURCES = Vocabulary(
    "draft source",
    (
        ("docx", "Word document"),
        ("odt", "OpenDocument text"),
        ("pdf", "PDF"),
        ("txt", "Text file"),
        ("md", "Markdown file"),
        ("pasted", "Pasted text"),
    ),
)
# What a partner said about being named in a draft version (stored per answer).
NAMING_CONSENTS = Vocabulary(
    "consent to be named",
    (
        ("agreed", "Yes, name us"),
        ("agreed_with_changes", "Yes, with this wording"),
        ("declined", "No, do not name us"),
    ),
)
# A named partner's consent on the latest draft (worked out by the rules, never stored).
NAMING_STATES = Vocabulary(
    "naming state",
    (
        ("not_asked", "Not asked"),
        ("asked", "Asked"),
        ("agreed", "Agreed"),
        ("agreed_with_changes", "Agreed with changes"),
        ("declined", "Declined: do not name us"),
        ("changed", "Changed since they agreed: ask again"),
        ("not_partner", "Named, but has no stake in this proposal"),
    ),
)
# The partner page's three questions.
ANSWER_STANCES = Vocabulary(
    "answered stance",
    (
        ("supportive", "Supportive"),
        ("neutral", "Neutral"),
        ("concerned", "Concerned"),
        ("opposed", "Opposed"),
    ),
)
ANSWER_AGREEMENTS = Vocabulary(
    "answered agreement",
    (
        ("agree", "We agree"),
        ("agree_with_conditions", "We agree, with conditions"),
        ("decline", "We do not agree"),
        ("need_more_time", "We need more time"),
    ),
)
ANSWER_NAMING = Vocabulary(
    "answered naming",
    (
        ("yes", "Yes, you may name us"),
        ("yes_with_wording", "Yes, with this wording"),
        ("no", "No, do not name us"),
    ),
)
SENT_VIA = Vocabulary(
    "sent by",
    (("app_mail", "Sent by Partnerwise"), ("own_mail", "Sent from the officer's own email")),
)
REQUEST_STATES = Vocabulary(
    "request state",
    (
        ("not_sent", "Not sent"),
        ("sent", "Sent"),
        ("opened", "Opened"),
        ("answered", "Answered"),
        ("expired", "Expired"),
        ("revoked", "Revoked"),
    ),
)

# What an email in the outbox is for (the label says why the recipient got it).
MAIL_KINDS = Vocabulary(
    "kind of email",
    (
        ("digest", "Daily digest"),
        ("test", "Test message"),
        ("response_request", "Request to answer in writing"),
        ("written_response", "A partner answered in writing"),
    ),
)
