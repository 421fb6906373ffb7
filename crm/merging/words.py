"""The words of the merge preview: what moves, and which details are filled in."""

SINGULAR = {
    "contacts": "contact",
    "conversations": "conversation",
    "stakes in proposals": "stake in a proposal",
    "follow-ups": "follow-up",
    "requests to answer in writing": "request to answer in writing",
    "written answers": "written answer",
    "consents to be named": "consent to be named",
    "also-known-as names": "also-known-as name",
    "tags": "tag",
    "stakes with them as key contact": "stake with them as key contact",
    "stakes that lose their key contact": "stake that loses its key contact",
    "emails": "email",
}

ORGANISATION_LABELS = {
    "description": "What they do",
    "website": "Website",
    "phone": "Phone",
    "email": "Email",
    "address": "Address",
    "area_served": "Area served",
    "owner_id": "Relationship owner",
    "stay_in_touch_days": "Stay in touch",
}

CONTACT_LABELS = {
    "organisation_id": "Organisation",
    "job_title": "Role or job title",
    "email": "Email",
    "phone": "Phone",
    "phone_other": "Other phone",
    "best_times": "Best times to reach",
    "notes": "Notes (joined)",
    "do_not_contact": "Do not contact",
    "lawful_basis": "Consent (with its date)",
}
