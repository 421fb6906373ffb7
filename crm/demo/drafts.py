"""The demo's first draft of the action plan, who it names, and how partners decide.

Version 1 names the three organisations of the story. Northgate agreed to be named by
email; Riverside was asked in writing and its trustees have not met yet; Hillview has
never seen it. The checklist shows exactly that problem.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from crm.coproduction import names
from crm.coproduction.models import NamingConsent, ResponseRequest
from crm.coproduction.rules import default_response_by
from crm.coproduction.tokens import new_token
from crm.core.extensions import db
from crm.demo.context import Demo
from crm.drafts.extract import from_raw
from crm.drafts.models import Draft
from crm.proposals.models import Proposal, Stake
from crm.rules.workdays import WorkCalendar

# Short names people use, so the names check finds "Riverside's mentors" too.
ALIASES = {
    "riverside": "Riverside",
    "northgate": "Northgate SP",
    "icb": "ICB",
    "trust": "EVFT",
    "cvs": "Eastbrook CVS\nCVS",
    "canolfan": "the Canolfan",
}
# The draft as the author wrote it (a plain text file beside this module).
VERSION_1 = (Path(__file__).parent / "action_plan_v1.txt").read_text(encoding="utf-8")


def _governance(demo: Demo) -> None:
    """A mix of decision arrangements: trustees meeting monthly, listed board dates, managers."""
    orgs = demo.orgs
    for key, aliases in ALIASES.items():
        orgs[key].aliases = aliases
    orgs["riverside"].decides_by = "trustees"  # a registered charity's trustees, monthly
    orgs["riverside"].meeting_week, orgs["riverside"].meeting_weekday = 2, 1  # second Tuesday
    orgs["carers"].decides_by = "trustees"
    orgs["carers"].meeting_week, orgs["carers"].meeting_weekday = 5, 2  # last Wednesday
    orgs["mind"].decides_by = "trustees"
    orgs["mind"].meeting_dates = "\n".join(
        (demo.today + timedelta(days=days)).isoformat() for days in (-20, 70, 160)
    )
    orgs["northgate"].decides_by = "manager"
    orgs["hillview"].decides_by = "none"
    orgs["council"].decides_by = "manager"
    orgs["trust"].decides_by = "trustees"
    orgs["trust"].meeting_week, orgs["trust"].meeting_weekday = 1, 3  # first Thursday


def build(demo: Demo, proposal: Proposal, deadline) -> Draft:
    """Version 1 of the action plan, Northgate's consent and the request to Riverside."""
    _governance(demo)
    alex, mal = demo.users["alex"], demo.users["mal"]
    written = demo.day(6)
    draft = Draft(
        proposal_id=proposal.id,
        number=1,
        source="pasted",
        text=from_raw(VERSION_1).text,
        size=len(VERSION_1.encode()),
        note="First draft, written after the action group.",
        created_by_id=alex.id,
        created_at=demo.stamp(written, 16),
        updated_at=demo.stamp(written, 16),
    )
    db.session.add(draft)
    db.session.flush()
    directory = names.Directory.build(
        names.Organisation(org.id, org.name, tuple(a for a in org.aliases.split("\n") if a))
        for org in demo.orgs.values()
    )
    found = names.check(draft.text.split("\n\n"), directory)
    stakes = {stake.organisation_id: stake for stake in proposal_stakes(proposal)}
    northgate = stakes[demo.orgs["northgate"].id]
    db.session.add(
        NamingConsent(
            stake_id=northgate.id,
            draft_id=draft.id,
            state="agreed",
            passages=list(found[demo.orgs["northgate"].id].passages),
            decided_on=demo.day(2),
            note="Hannah replied to the draft by email: happy for Northgate to be named.",
            created_by_id=alex.id,
            created_at=demo.stamp(demo.day(2), 11),
            updated_at=demo.stamp(demo.day(2), 11),
        )
    )
    riverside = stakes[demo.orgs["riverside"].id]
    sent = demo.day(5)
    _token, hashed = new_token()  # the link went to Gwenllian; nobody keeps it
    respond_by = default_response_by(deadline, demo.today, 10, WorkCalendar("england"))
    db.session.add(
        ResponseRequest(
            stake_id=riverside.id,
            contact_id=demo.contacts["gwenllian"].id,
            draft_id=draft.id,
            message="Gwenllian, here is the first draft. Could the trustees say whether they "
            "are happy for Riverside to be named as it stands, and on the two conditions?",
            respond_by=max(respond_by, demo.today + timedelta(days=1)),
            token_hash=hashed,
            sent_at=demo.stamp(sent, 14),
            sent_via="own_mail",
            opened_at=demo.stamp(demo.day(3), 9),
            created_by_id=mal.id,
            created_at=demo.stamp(sent, 13),
            updated_at=demo.stamp(sent, 14),
        )
    )
    return draft


def proposal_stakes(proposal: Proposal):
    """The proposal's stakes (just added in this transaction)."""
    return db.session.scalars(select(Stake).where(Stake.proposal_id == proposal.id)).all()
