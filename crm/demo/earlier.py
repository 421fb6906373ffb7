"""The earlier proposal (the strategy outline, submitted) and a new idea with no stakes yet."""

from __future__ import annotations

from datetime import time

from crm.core.extensions import db
from crm.demo.context import Demo
from crm.proposals.models import Milestone, Proposal, Stake, StatusChange
from crm.rules import default_engagement

OUTLINE_TITLE = "Mental health strategy outline: presentation to the Health and Wellbeing Board"
OVERRIDE_REASON = (
    "Board papers deadline moved forward; partners briefed at the action group instead"
)
# org key: (role, influence, interest, stance, key contact, agreement, days ago, conditions)
# fmt: off
OUTLINE_STAKES = {
    "riverside": ("co_producer", 3, 5, "supportive", "gwenllian", "agreed", 187, ""),
    "northgate": ("co_producer", 4, 5, "supportive", "siobhan", "agreed_with_conditions", 185,
                  "Link workers' caseloads are reviewed before any new referral route is "
                  "added, and the action plan says so."),
    "hillview": ("co_producer", 2, 4, "supportive", "dermot", "agreed", 183, ""),
    "council": ("decision_maker", 5, 4, "supportive", "priya", "not_asked", None, ""),
    "trust": ("decision_maker", 4, 3, "neutral", "aoife", "not_asked", None, ""),
    "icb": ("funder", 5, 2, "neutral", "rebecca", "not_asked", None, ""),
    "mind": ("delivery_partner", 3, 4, "supportive", "femi", "not_asked", None, ""),
    "panel": ("affected", 2, 5, "supportive", "jas", "not_asked", None, ""),
    "carers": ("affected", 2, 4, "unknown", "caoimhe", "not_asked", None, ""),
    "canolfan": ("informed", 1, 2, "unknown", "sian", "not_asked", None, ""),
}
# fmt: on


def build(demo: Demo) -> None:
    """Add the submitted strategy outline and the Welsh-language idea."""
    _welsh_idea(demo)
    _outline(demo)


def _welsh_idea(demo: Demo) -> None:
    """An idea Mal is exploring: no stakes or milestones yet, two conversations."""
    mal = demo.users["mal"]
    start = demo.day(24)
    idea = Proposal(
        title="Welsh-language peer support sessions",
        summary=(
            "Monthly peer support sessions in Welsh at the Canolfan, run by trained "
            "volunteers, for Welsh speakers who would rather talk about their mental health "
            "in their first language. Only an idea for now: is there demand, and who could "
            "run it?"
        ),
        status="idea",
        author_id=mal.id,
        decision_body="Mental health action group",
        consultation_start=start,
        min_window_days=10,
        created_by_id=mal.id,
        created_at=demo.stamp(start, 16),
        updated_at=demo.stamp(start, 16),
    )
    db.session.add(idea)
    db.session.flush()
    demo.proposals["welsh"] = idea
    demo.talk(
        demo.day(20),
        "call",
        "reached",
        "Asked Niamh whether Riverside could train two Welsh-speaking volunteers as peer "
        "supporters. Possibly in the spring cohort; she will check with Gwenllian.",
        people=["niamh"],
        by="mal",
        about=[(idea, None)],
        at=time(15, 30),
    )


def _outline(demo: Demo) -> None:
    """The spring presentation: submitted, with one override recorded on the way."""
    alex = demo.users["alex"]
    outline = Proposal(
        title=OUTLINE_TITLE,
        summary=(
            "A short presentation setting out the outline of a local mental health "
            "strategy: prevention, early help in the community, and better links between "
            "statutory and voluntary services. Partners were asked whether the outline "
            "reflected their priorities and whether they would be named in it."
        ),
        status="submitted",
        author_id=alex.id,
        decision_body="Health and Wellbeing Board",
        consultation_start=demo.day(250),
        min_window_days=10,
        created_by_id=alex.id,
        created_at=demo.stamp(demo.day(250), 9),
        updated_at=demo.stamp(demo.day(180), 16),
    )
    outline.milestones = [
        Milestone(name="Outline to action group", due_on=demo.day(215)),
        Milestone(name="Board papers deadline", due_on=demo.day(180), is_submission_deadline=True),
        Milestone(name="Health and Wellbeing Board", due_on=demo.day(166)),
    ]
    for milestone in outline.milestones:
        milestone.created_by_id = alex.id
    db.session.add(outline)
    db.session.flush()
    demo.proposals["outline"] = outline
    for key, values in OUTLINE_STAKES.items():
        role, influence, interest, stance, contact, agreement, agreed_days, conditions = values
        db.session.add(
            Stake(
                organisation_id=demo.orgs[key].id,
                proposal_id=outline.id,
                role=role,
                influence=influence,
                interest=interest,
                engagement_level=default_engagement(role),
                stance=stance,
                agreement=agreement,
                agreement_date=demo.day(agreed_days) if agreed_days else None,
                agreement_conditions=conditions,
                key_contact_id=demo.contacts[contact].id,
                created_by_id=alex.id,
            )
        )
    outstanding = [
        {"id": demo.orgs[key].id, "name": demo.orgs[key].name} for key in ("carers", "hillview")
    ]
    steps = [
        ("idea", "consulting", 250, None, None, []),
        ("consulting", "drafting", 200, "drafting", OVERRIDE_REASON, outstanding),
        ("drafting", "in_review", 190, None, None, []),
        ("in_review", "submitted", 180, None, None, []),
    ]
    for from_status, to_status, days, kind, reason, left in steps:
        db.session.add(
            StatusChange(
                proposal_id=outline.id,
                from_status=from_status,
                to_status=to_status,
                changed_by_id=alex.id,
                changed_at=demo.stamp(demo.day(days), 15),
                override_kind=kind,
                override_reason=reason,
                outstanding=left,
            )
        )
    _outline_conversations(demo, outline)


def _outline_conversations(demo: Demo, outline: Proposal) -> None:
    """Consultation on the outline, the late sign-offs, the Board, and the aftermath."""
    p2 = outline
    # fmt: off
    talks = [
        (245, "alex", "meeting", "reached", ["marcus", "siobhan", "priya", "lukasz", "claire",
         "chloe"], None,
         "Action group agreed to present an outline of a mental health strategy to the Board. "
         "Alex to draft the outline; partners asked to send priorities."),
        (236, "alex", "call", "reached", ["rebecca"], "neutral",
         "Rebecca wants the outline to reference the ICB's community mental health "
         "transformation programme so the Board sees one plan, not two."),
        (230, "mal", "meeting", "reached", ["jas", "tariq"], "supportive",
         "Lived Experience Panel reviewed the outline priorities. Asked for 'early help' to "
         "mean help without a referral, and for the panel to be named as a partner."),
        (222, "alex", "call", "no_answer", ["caoimhe"], None,
         "Tried the Carers' Centre about the outline. No answer."),
        (215, "alex", "meeting", "reached", ["gwenllian", "hannah", "tom", "aoife", "femi"],
         None,
         "Outline taken to the action group. Broad support; Femi asked that crisis support "
         "is not lost among the prevention priorities. Papers now due earlier than planned."),
        (214, "alex", "call", "left_message", ["caoimhe"], None,
         "Left a message for Caoimhe asking for ten minutes on the outline."),
        (210, "mal", "call", "no_answer", ["dermot"], None,
         "Rang Dermot about the outline. No answer; the café was shut for a deep clean."),
        (192, "mal", "in_person", "reached", ["dermot", "bethan"], "supportive",
         "Went to the café with the outline, after it had already gone into drafting. Dermot "
         "and Bethan are happy with it but said they would rather have been asked before "
         "it was written, not after."),
        (187, "alex", "email", "reached", ["gwenllian"], "supportive",
         "Gwenllian confirmed by email that Riverside agree to be named in the outline."),
        (185, "alex", "call", "reached", ["siobhan"], "supportive",
         "Siobhán agrees to Northgate being named, on condition that link workers' caseloads "
         "are reviewed before any new referral route is added."),
        (183, "mal", "in_person", "reached", ["dermot"], "supportive",
         "Dermot confirmed the café committee agree to be named in the outline."),
        (181, "valerie", "email", "reached", ["priya"], None,
         "Sent Priya the final slides and a cover note for the Board papers."),
        (166, "valerie", "meeting", "reached", ["janet", "priya"], None,
         "Health and Wellbeing Board. Alex presented the outline. The Board noted it and asked "
         "for a detailed action plan on how social prescribing and peer support could make "
         "the most difference, for a later meeting."),
        (60, "mal", "email", "reached", ["gwenllian"], None,
         "Gwenllian asked for the Board minutes on the outline for her trustees; sent them "
         "with the page reference."),
    ]
    # fmt: on
    for days, by, channel, outcome, people, stance, summary in talks:
        demo.talk(
            demo.day(days),
            channel,
            outcome,
            summary,
            people=people,
            by=by,
            about=[(p2, stance)],
            at=time(10, 0) if channel == "meeting" else None,
        )
    demo.follow_up(
        "Circulate the Board's feedback on the strategy outline to partners",
        demo.day(160),
        "alex",
        done_on=demo.day(162),
        proposal=p2,
        created_on=demo.day(166),
    )
    demo.follow_up(
        "Send Hillview the final outline with thanks for signing off at short notice",
        demo.day(178),
        "mal",
        done_on=demo.day(179),
        org="hillview",
        contact="dermot",
        proposal=p2,
        created_on=demo.day(183),
    )
