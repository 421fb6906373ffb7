"""The origin story: the social prescribing and peer support action plan, mid-consultation."""

from __future__ import annotations

from datetime import date, time, timedelta

from crm.core.extensions import db
from crm.demo import drafts
from crm.demo.context import Demo, weekday_on_or_after, weekday_on_or_before
from crm.demo.season import plan_for
from crm.proposals.models import Milestone, Proposal, Stake, StatusChange
from crm.rules import default_engagement
from crm.settings.queries import work_calendar

TITLE = "Social prescribing and peer support: action plan"
SUMMARY = (
    "A detailed action plan for the Health and Wellbeing Board, following the strategy "
    "outline the Board noted earlier in the year. We propose to start with three organisations "
    "that already work well – Riverside Peer Support Network, Northgate Social Prescribing "
    "and Hillview Wellbeing Café – and join them up: shared learning between the three, one "
    "referral route from link workers into peer support and the café, and using the scheme "
    "to bid for more funding. It is to be co-produced: nothing is decided without the "
    "agreement of all concerned.\n\n"
    "What we want from partners: does this match what you see? What would make it work, or "
    "stop it working, for you? Are you willing to be named in the plan, and on what terms?"
)

# org key: (role, influence, interest, stance, key contact, agreement, notes)
# fmt: off
STAKES = {
    "northgate": ("lead", 4, 5, "unknown", "siobhan", "not_asked",
                  "Their link workers would be the main referral route into the scheme."),
    "riverside": ("co_producer", 3, 5, "supportive", "gwenllian", "asked",
                  "Trustees to decide whether Riverside is named in the plan."),
    "hillview": ("co_producer", 2, 4, "unknown", "dermot", "not_asked",
                 "Volunteer-run: Dermot is at the café on Thursday mornings."),
    "council": ("decision_maker", 5, 3, "neutral", "priya", "not_asked", ""),
    "trust": ("decision_maker", 4, 3, "concerned", "lukasz", "not_asked",
              "Wants the plan to say how people move between peer support and the CMHTs."),
    "icb": ("funder", 5, 2, "unknown", "kwame", "not_asked",
            "Personalised care budget is the likeliest source of new money."),
    "mind": ("delivery_partner", 3, 4, "concerned", "claire", "not_asked", ""),
    "gpfed": ("delivery_partner", 4, 2, "neutral", "rhodri", "not_asked", ""),
    "canolfan": ("affected", 1, 3, "supportive", "sian", "not_asked", ""),
    "panel": ("affected", 2, 5, "supportive", "jas", "not_asked",
              "Raised to involve: the panel asked to co-produce the shared-learning part."),
    "carers": ("affected", 2, 4, "unknown", "caoimhe", "not_asked", ""),
    "polish": ("affected", 1, 2, "unknown", "agnieszka", "not_asked",
               "Suggested by Rhiannon at the last action group. Nobody has called yet."),
    "valehomes": ("informed", 2, 2, "unknown", "grzegorz", "not_asked", ""),
    "stbrigids": ("informed", 1, 1, "unknown", "padraig", "not_asked", ""),
    "cvs": ("informed", 2, 2, "supportive", "rhiannon", "not_asked", ""),
}
# fmt: on
ENGAGEMENT_OVERRIDES = {"panel": "involve"}
WAIVER = (
    "Dr Jenkins asked at the action group that the GP Federation respond through the "
    "ICB's primary care lead rather than separately; we will send him the draft."
)


def _first(weekday: int, on_or_after: date) -> date:
    """The first given weekday (0 = Monday) on or after a date."""
    return on_or_after + timedelta(days=(weekday - on_or_after.weekday()) % 7)


def build(demo: Demo) -> Proposal:
    """The proposal the author volunteered to draft, with its stakes, calls and follow-ups."""
    alex = demo.users["alex"]
    demo.plan = plan_for(demo.today, work_calendar())
    deadline = demo.plan.deadline
    genesis = demo.day(40)  # the action group meeting where Alex volunteered
    start = weekday_on_or_after(genesis + timedelta(days=1))
    proposal = Proposal(
        title=TITLE,
        summary=SUMMARY,
        status="consulting",
        author_id=alex.id,
        decision_body="Health and Wellbeing Board",
        consultation_start=start,
        min_window_days=10,
        created_by_id=alex.id,
        created_at=demo.stamp(start, 9),
        updated_at=demo.stamp(start, 10),
    )
    proposal.milestones = [
        Milestone(name="Draft to steering group", due_on=deadline, is_submission_deadline=True),
        Milestone(name="Action group meeting", due_on=_first(3, deadline + timedelta(days=9))),
        Milestone(
            name="Health and Wellbeing Board", due_on=_first(1, deadline + timedelta(days=28))
        ),
    ]
    for milestone in proposal.milestones:
        milestone.created_by_id = alex.id
    db.session.add(proposal)
    db.session.flush()
    demo.proposals["action_plan"] = proposal
    db.session.add(
        StatusChange(
            proposal_id=proposal.id,
            from_status="idea",
            to_status="consulting",
            changed_by_id=alex.id,
            changed_at=demo.stamp(start, 10),
        )
    )
    _stakes(demo, proposal)
    _conversations(demo, proposal, genesis)
    db.session.flush()
    drafts.build(demo, proposal, deadline)
    return proposal


def _stakes(demo: Demo, proposal: Proposal) -> None:
    """Fifteen stakes: the three central organisations, the statutory bodies, the rest."""
    for key, (role, influence, interest, stance, contact, agreement, notes) in STAKES.items():
        stake = Stake(
            organisation_id=demo.orgs[key].id,
            proposal_id=proposal.id,
            role=role,
            influence=influence,
            interest=interest,
            engagement_level=ENGAGEMENT_OVERRIDES.get(key, default_engagement(role)),
            stance=stance,
            agreement=agreement,
            key_contact_id=demo.contacts[contact].id,
            notes=notes,
            created_by_id=proposal.author_id,
        )
        if key == "gpfed":
            stake.waiver_reason = WAIVER
            stake.waived_by_id = proposal.author_id
            stake.waived_at = demo.stamp(demo.day(8), 11)
        db.session.add(stake)


# The calls since the consultation opened: who was reached, who was only tried.
# (key, days ago, logged by, channel, outcome, people, stance heard, summary)
# fmt: off
TALKS = [
    ("rhiannon", 33, "valerie", "email", "reached", ["rhiannon"], "supportive",
     "Sent Rhiannon the outline of the plan for information. She will mention it at the "
     "voluntary sector forum and can help with a funding bid once the Board has agreed it."),
    ("panel", 27, "mal", "meeting", "reached", ["jas", "tariq", "chloe"], "supportive",
     "Took the outline to the Lived Experience Panel. Members liked building on what already "
     "works rather than inventing a new service. Strong view that peer workers must be paid, "
     "and that the panel should co-produce the shared-learning part, not just be asked about "
     "it. Chloë offered to join a design session once there is a draft."),
    ("claire", 25, "alex", "meeting", "reached", ["claire"], "concerned",
     "Met Claire at Mind. Supports the aim but worried the plan leans on volunteers: the "
     "befriending waiting list is already eleven weeks. Wants the referral route to include "
     "the evening crisis café. Would like to see the draft before it goes to the steering "
     "group."),
    ("sian", 22, "mal", "in_person", "reached", ["sian"], "supportive",
     "Called in at the Canolfan. Siân likes the plan and would host a Welsh-language peer "
     "session if Riverside trained two of the walk volunteers. Also talked through the "
     "Welsh-language peer support idea: she thinks older Welsh speakers who feel isolated "
     "would come. One conversation for both, which she appreciated."),
    ("council", 20, "valerie", "meeting", "reached", ["priya", "tom"], "neutral",
     "Public Health support the direction in principle. No new money this financial year; "
     "Priya suggested the ICB's personalised care budget and said the Board will want outcome "
     "measures, not just activity counts. Tom asked that the plan says who holds the contract "
     "for the link workers."),
    ("kwame_email", 18, "alex", "email", "no_answer", ["kwame"], None,
     "Emailed Kwame the outline and asked for twenty minutes this week. No reply yet."),
    ("lukasz", 15, "valerie", "video_call", "reached", ["lukasz"], "concerned",
     "Łukasz sees the value but is concerned the referral criteria overlap with the community "
     "mental health teams' own peer support workers. Asked for a paragraph on how people move "
     "between the two. Happy for the Trust to be named as a partner, not a funder."),
    ("grzegorz", 14, "valerie", "email", "reached", ["grzegorz"], "supportive",
     "Sent Grzegorz the outline for information. He replied that the tenancy sustainment team "
     "would value a route into Riverside's groups for tenants at risk."),
    ("gwenllian", 12, "mal", "call", "reached", ["gwenllian"], "supportive",
     "Long call with Gwenllian. Riverside are keen and see this as recognition of five years' "
     "work. Two conditions before they put their name to it: peer mentors paid at least the "
     "real Living Wage, and the shared-learning sessions run by the three groups, not by the "
     "council. She will take it to the trustees next month."),
    ("caoimhe", 11, "alex", "call", "left_message", ["caoimhe"], None,
     "Rang the Carers' Centre; Caoimhe was running a group. Left a message asking her to call "
     "back about the action plan."),
    ("siobhan", 9, "alex", "call", "left_message", ["siobhan"], None,
     "Rang Siobhán about the referral route from link workers. Voicemail: she works Monday to "
     "Wednesday. Left a message with my mobile number."),
    ("kwame_call", 6, "alex", "call", "no_answer", ["kwame"], None,
     "Tried Kwame's mobile after the email. No answer and no voicemail."),
    ("hannah", 4, "alex", "call", "left_message", ["hannah"], None,
     "Rang the Northgate office to see if someone else could talk about referrals. Hannah was "
     "at a funder meeting; left a message with reception."),
]
# fmt: on
GENESIS = (
    "Mental health action group at St Brigid's. Agreed to take a detailed action plan on "
    "social prescribing and peer support to the next Health and Wellbeing Board. Nobody had "
    "time to write it, so Alex volunteered to do the first draft. Next steps agreed on some "
    "action points, but no detailed discussion of social prescribing or peer support. "
    "Dr Jenkins said the GP Federation would respond through the ICB rather than separately. "
    "Rhiannon suggested we involve the Polish Community Association."
)
GENESIS_PEOPLE = (
    "marcus", "siobhan", "priya", "tom", "lukasz", "claire", "rhodri", "chloe", "tariq", "rhiannon",
)  # fmt: skip


def _conversations(demo: Demo, proposal: Proposal, genesis: date) -> None:
    """The meeting where Alex volunteered, then the calls since the consultation opened."""
    demo.talk(
        genesis,
        "meeting",
        "reached",
        GENESIS,
        people=GENESIS_PEOPLE,
        orgs=["stbrigids"],
        about=[(proposal, None)],
        at=time(10, 0),
    )
    logged = {}
    for key, days, by, channel, outcome, people, stance, summary in TALKS:
        about = [(proposal, stance)]
        if key == "sian":  # one conversation covering two proposals
            about.append((demo.proposals["welsh"], "supportive"))
        logged[key] = demo.talk(
            demo.day(days), channel, outcome, summary, people=people, by=by, about=about
        )
    demo.follow_up(
        "Call Siobhán back on Tuesday about the referral pathway",
        _first(1, demo.today + timedelta(days=1)),
        "alex",
        conversation=logged["siobhan"],
        org="northgate",
        contact="siobhan",
        proposal=proposal,
        created_on=logged["siobhan"].occurred_on,
    )
    demo.follow_up(
        "Drop in at Hillview café on a Thursday morning and talk Dermot through the plan",
        demo.day(3),
        "alex",
        org="hillview",
        contact="dermot",
        proposal=proposal,
        created_on=demo.day(16),
    )
    demo.follow_up(
        "Send Kwame a one-page summary before asking for a call again",
        demo.ahead(2),
        "valerie",
        conversation=logged["kwame_call"],
        org="icb",
        contact="kwame",
        proposal=proposal,
        created_on=demo.day(6),
    )
    demo.follow_up(
        "Send Claire the draft before it goes to the steering group",
        weekday_on_or_before(demo.plan.deadline - timedelta(days=5)),
        "alex",
        conversation=logged["claire"],
        org="mind",
        contact="claire",
        proposal=proposal,
        created_on=demo.day(25),
    )
