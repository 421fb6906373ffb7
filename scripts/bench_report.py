"""Time the proposal engagement summary: on the demo, and on 500 stakes with 5,000 conversations.

Usage: .venv/bin/python scripts/bench_report.py [--db /tmp/bench_report.sqlite3]
Builds a scratch SQLite database (deleted first), never touches the app's own database.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

TODAY = date(2026, 11, 28)
STAKES = 500
CONVERSATIONS = 5_000


def _timed(build, repeats: int = 3) -> tuple[float, int]:
    best, size = float("inf"), 0
    for _ in range(repeats):
        start = time.perf_counter()
        size = len(build())
        best = min(best, time.perf_counter() - start)
    return best, size


def _big_proposal() -> int:
    from sqlalchemy import insert

    from crm.core.extensions import db
    from crm.models import (
        Contact,
        Conversation,
        ConversationContact,
        ConversationProposal,
        Organisation,
        Proposal,
        Stake,
        conversation_organisations,
    )

    proposal = Proposal(title="Big partnership plan", consultation_start=date(2026, 1, 5))
    db.session.add(proposal)
    db.session.flush()
    orgs = [
        {"name": f"Bench organisation {n:03d}", "name_key": f"bench organisation {n:03d}"}
        for n in range(STAKES)
    ]
    db.session.execute(insert(Organisation), orgs)
    org_ids = db.session.scalars(
        db.select(Organisation.id).where(Organisation.name.like("Bench organisation %"))
    ).all()
    db.session.execute(
        insert(Contact),
        [
            {"name": f"Person {i}", "name_key": f"person {i}", "organisation_id": o}
            for i, o in enumerate(org_ids)
        ],
    )
    contact_of = dict(db.session.execute(db.select(Contact.organisation_id, Contact.id)).all())
    roles = ["co_producer", "affected", "delivery_partner", "informed", "funder"]
    levels = {
        "co_producer": "collaborate",
        "affected": "consult",
        "delivery_partner": "involve",
        "informed": "inform",
        "funder": "consult",
    }
    db.session.execute(
        insert(Stake),
        [
            {
                "organisation_id": o,
                "proposal_id": proposal.id,
                "role": roles[i % 5],
                "engagement_level": levels[roles[i % 5]],
                "influence": 1 + i % 5,
                "interest": 1 + (i // 5) % 5,
                "key_contact_id": contact_of[o],
            }
            for i, o in enumerate(org_ids)
        ],
    )
    db.session.execute(
        insert(Conversation),
        [
            {
                "occurred_on": TODAY - timedelta(days=n % 320),
                "channel": "call",
                "outcome": "reached" if n % 3 else "no_answer",
                "summary": f"Conversation {n} about the plan. " * 4,
            }
            for n in range(CONVERSATIONS)
        ],
    )
    conv_ids = db.session.scalars(db.select(Conversation.id).order_by(Conversation.id)).all()
    db.session.execute(
        insert(ConversationProposal),
        [{"conversation_id": c, "proposal_id": proposal.id} for c in conv_ids],
    )
    db.session.execute(
        insert(conversation_organisations),
        [
            {"conversation_id": c, "organisation_id": org_ids[i % STAKES]}
            for i, c in enumerate(conv_ids)
        ],
    )
    db.session.execute(
        insert(ConversationContact),
        [
            {"conversation_id": c, "contact_id": contact_of[org_ids[i % STAKES]]}
            for i, c in enumerate(conv_ids)
        ],
    )
    db.session.commit()
    return proposal.id


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="/tmp/bench_report.sqlite3")  # noqa: S108 - scratch file
    path = Path(parser.parse_args().db)
    path.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    root = Path(__file__).resolve().parent.parent
    flask = [sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"]
    subprocess.run(flask, cwd=root, check=True, capture_output=True)  # noqa: S603 - fixed argv
    sys.path.insert(0, str(root))
    from sqlalchemy import select

    from crm.demo import story
    from crm.demo.loader import load_demo
    from crm.core.extensions import db
    from crm.models import Proposal
    from crm.reports.proposal_summary import build_proposal_summary
    from wsgi import app

    with app.app_context():
        load_demo(today=TODAY)
        db.session.commit()
        demo_id = db.session.scalar(select(Proposal.id).where(Proposal.title == story.TITLE))
        seconds, size = _timed(lambda: build_proposal_summary(demo_id, TODAY))
        print(f"demo proposal: {seconds * 1000:.0f} ms, {size:,} bytes")
        big_id = _big_proposal()
        db.session.expire_all()
        seconds, size = _timed(lambda: build_proposal_summary(big_id, TODAY))
        print(
            f"{STAKES} stakes, {CONVERSATIONS:,} conversations: "
            f"{seconds * 1000:.0f} ms, {size:,} bytes"
        )


if __name__ == "__main__":
    main()
