"""Does the dashboard grow with the conversation log? (issue 18, "a dashboard that does not
rescan history").

    python bench/dashboard_growth.py prepare --db /tmp/d1.db --times 1
    python bench/dashboard_growth.py prepare --db /tmp/d10.db --times 10
    python bench/dashboard_growth.py time --db /tmp/d10.db --runs 15
    (--db postgresql://127.0.0.1/empty_db for PostgreSQL)

`prepare` generates the small data set (`flask crm generate --scale small`), then logs
each conversation about a proposal `times` times in all (copies on the same day, with the
same organisations and outcome), so each proposal has `times` times the conversations,
and runs `flask crm reindex` to bring the kept values up to date. `time` measures the
dashboard in-process (test client, logged in as the generated admin): the median of
`runs` requests after three warm-ups (wall clock and CPU time), the statements it sends,
and calls_to_make alone.
It imports `crm` from the current directory, so the same command run from a checkout of
an older commit measures the code before the change on the same database.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path
from time import perf_counter, process_time

sys.path.insert(0, os.getcwd())  # the checkout being measured, not this file's own

TODAY = "2026-12-07"


def _flask(url: str, *args: str) -> str:
    env = {**os.environ, "DATABASE_URL": url, "FLASK_DEBUG": "0"}
    done = subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-m", "flask", "--app", "wsgi", *args],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def _app(url: str):
    from crm import create_app
    from crm.core.config import normalise_database_url

    url = normalise_database_url(url)
    return create_app(overrides={"SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False})


def _grow(url: str, times: int) -> int:
    """Copy every conversation about a proposal times - 1 times; returns how many were added."""
    from sqlalchemy import func, insert, select

    from crm.conversations.models import (
        Conversation,
        ConversationProposal,
        conversation_organisations,
    )
    from crm.core.extensions import db

    app = _app(url)
    with app.app_context():
        ids = list(db.session.scalars(select(ConversationProposal.conversation_id).distinct()))
        columns = ("occurred_on", "channel", "outcome", "summary", "logged_by_id", "deleted_at")
        rows = {
            row.id: row
            for row in db.session.execute(
                select(Conversation.id, *(getattr(Conversation, c) for c in columns)).where(
                    Conversation.id.in_(ids)
                )
            )
        }
        orgs = db.session.execute(
            select(conversation_organisations).where(
                conversation_organisations.c.conversation_id.in_(ids)
            )
        ).all()
        links = db.session.execute(
            select(ConversationProposal.conversation_id, ConversationProposal.proposal_id).where(
                ConversationProposal.conversation_id.in_(ids)
            )
        ).all()
        next_id = db.session.scalar(select(func.max(Conversation.id))) + 1
        added = 0
        for _copy in range(times - 1):
            new = {old: next_id + n for n, old in enumerate(rows)}
            next_id += len(rows)
            db.session.execute(
                insert(Conversation.__table__),
                [{"id": new[i], **{c: getattr(r, c) for c in columns}} for i, r in rows.items()],
            )
            db.session.execute(
                insert(conversation_organisations),
                [{"conversation_id": new[c], "organisation_id": o} for c, o in orgs],
            )
            db.session.execute(
                insert(ConversationProposal.__table__),
                [{"conversation_id": new[c], "proposal_id": p} for c, p in links],
            )
            added += len(rows)
        db.session.commit()
    return added


def _url(db: str) -> str:
    """A database URL as given (an empty PostgreSQL database), or an SQLite file's path."""
    return db if "://" in db else f"sqlite:///{db}"


def prepare(db: str, times: int) -> None:
    url = _url(db)
    if "://" not in db:
        Path(db).unlink(missing_ok=True)
    _flask(url, "crm", "init", "--no-demo")
    started = perf_counter()
    _flask(url, "crm", "generate", "--scale", "small", "--seed", "1", "--today", TODAY, "--quiet")
    generated = perf_counter() - started
    added = _grow(url, times)
    started = perf_counter()
    output = _flask(url, "crm", "reindex")
    print(f"generated in {generated:.0f} s; {added} conversations added", file=sys.stderr)
    print(f"reindex in {perf_counter() - started:.1f} s:\n{output}", file=sys.stderr)


def measure(target: str, runs: int) -> dict:
    from sqlalchemy import event, func, select

    from crm.conversations.models import Conversation, ConversationProposal
    from crm.core.dates import today_london
    from crm.core.extensions import db
    from crm.main.queries import calls_to_make
    from crm.scale.directory import ADMIN_EMAIL, PASSWORD

    app = _app(_url(target))
    client = app.test_client()
    login = client.post("/login", data={"email": ADMIN_EMAIL, "password": PASSWORD})
    assert login.status_code == 302, login.status_code
    for _warm in range(3):
        assert client.get("/").status_code == 200
    seen: list[str] = []
    with app.app_context():
        engine = db.engine
        proposals = db.session.scalar(
            select(func.count(ConversationProposal.proposal_id.distinct()))
        )
        about = db.session.scalar(select(func.count()).select_from(ConversationProposal))
        total = db.session.scalar(select(func.count()).select_from(Conversation))

    def count(*args) -> None:
        seen.append(args[2])

    event.listen(engine, "before_cursor_execute", count)
    client.get("/")
    event.remove(engine, "before_cursor_execute", count)
    page, page_cpu = [], []
    for _run in range(runs):
        started, cpu = perf_counter(), process_time()
        assert client.get("/").status_code == 200
        page.append((perf_counter() - started) * 1000)
        page_cpu.append((process_time() - cpu) * 1000)
    panel, panel_cpu = [], []
    with app.app_context():
        day = today_london()
        for _run in range(runs):
            db.session.expire_all()
            started, cpu = perf_counter(), process_time()
            calls_to_make(1, day)
            panel.append((perf_counter() - started) * 1000)
            panel_cpu.append((process_time() - cpu) * 1000)
    return {
        "conversations": total,
        "about_proposals_per_proposal": round(about / max(proposals, 1)),
        "statements": len(seen),
        # Medians; cpu is this process's CPU time (SQLite runs in it), steadier than the
        # wall clock on a shared machine.
        "dashboard_ms": round(statistics.median(page), 1),
        "dashboard_cpu_ms": round(statistics.median(page_cpu), 1),
        "calls_to_make_ms": round(statistics.median(panel), 1),
        "calls_to_make_cpu_ms": round(statistics.median(panel_cpu), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("step", choices=("prepare", "time"))
    parser.add_argument("--db", required=True, help="an SQLite file, or an empty database's URL")
    parser.add_argument("--times", type=int, default=1)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    if args.step == "prepare":
        prepare(args.db, args.times)
    else:
        print(json.dumps(measure(args.db, args.runs)))


if __name__ == "__main__":
    main()
