"""The privacy block on a contact's page (admins see the export and erase actions)."""

from crm.core.pages import section


@section("contact", "privacy/_contact_section.html", order=90)
def contact_privacy(contact) -> dict:
    """Only the contact itself is needed: the template decides what an admin sees."""
    return {"contact": contact}
