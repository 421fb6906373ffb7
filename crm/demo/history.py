"""A year of everyday conversations with partners, not about any proposal."""

from __future__ import annotations

from datetime import time

from crm.demo.context import Demo
from crm.demo.talks import TALKS


def build(demo: Demo) -> None:
    """Log the year's everyday conversations and a few follow-ups from them."""
    for days, by, channel, outcome, people, summary in TALKS:
        at = time(10, 0) if channel == "meeting" else None
        demo.talk(demo.day(days), channel, outcome, summary, people=people, by=by, at=at)
    demo.follow_up(
        "Book St Brigid's hall for the next action group meeting",
        demo.ahead(10),
        "mal",
        org="stbrigids",
        contact="padraig",
        created_on=demo.day(5),
    )
    demo.follow_up(
        "Ask Priya whether Public Health can pay room hire for peer support sessions",
        demo.day(30),
        "valerie",
        done_on=demo.day(21),
        org="council",
        contact="priya",
        created_on=demo.day(45),
    )
    demo.follow_up(
        "Renew the Lived Experience Panel's payment agreement for next year",
        demo.ahead(21),
        "valerie",
        org="panel",
        contact="tariq",
        created_on=demo.day(60),
    )
    demo.follow_up(
        "Make sure Gareth Lloyd's do-not-contact request is on every mailing list",
        demo.day(250),
        "valerie",
        done_on=demo.day(252),
        org="hillview",
        contact="gareth",
        created_on=demo.day(255),
    )
