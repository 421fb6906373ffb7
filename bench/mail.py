"""Mail benchmark: queue 10,000 daily digests and send them to a local SMTP server.

    python -m bench.mail [--users N] [--no-write]      (also run at the end of `make bench`)

A scratch database (instance/bench-mail.sqlite3, or partnerwise_bench_mail next to
DATABASE_URL's PostgreSQL database) gets N users, each with an overdue follow-up, so
each has a digest to get. Then `send_reminders` queues them (timed, statements
counted) and `send_due` delivers them over SMTP to aiosmtpd on a free port in this
process (timed; the server counts what it receives). Figures go to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import time
from datetime import date, timedelta

from sqlalchemy import insert
from sqlalchemy.engine import make_url

from bench import report
from bench.client import ROOT
from bench.extras import counting

DAY = date(2026, 12, 7)


def database_url() -> tuple[str, str]:
    """(label, scratch database URL) on the database DATABASE_URL names (SQLite by default)."""
    from crm.core.config import normalise_database_url

    given = os.environ.get("DATABASE_URL", "")
    if given.startswith(("postgres://", "postgresql")):
        base = make_url(normalise_database_url(given))
        url = base.set(database="partnerwise_bench_mail").render_as_string(hide_password=False)
        return "PostgreSQL", url
    (ROOT / "instance").mkdir(exist_ok=True)
    return "SQLite", f"sqlite:///{ROOT / 'instance' / 'bench-mail.sqlite3'}"


def _fill(users: int) -> None:
    from crm.auth.models import User
    from crm.core.extensions import db
    from crm.followups.models import FollowUp

    db.session.execute(
        insert(User),
        [
            {
                "name": f"Bench User {n}",
                "email": f"user{n}@bench.example.org",
                "password_hash": "x",
                "role": "editor",
            }
            for n in range(users)
        ],
    )
    ids = [row[0] for row in db.session.execute(db.select(User.id).order_by(User.id))]
    db.session.execute(
        insert(FollowUp),
        [
            {
                "description": f"Ring partner {n} back",
                "due_on": DAY - timedelta(days=n % 5),
                "owner_id": user_id,
                "done": False,
            }
            for n, user_id in enumerate(ids)
        ],
    )
    db.session.commit()


def run(users: int = 10_000, url: str | None = None, label: str = "SQLite") -> dict:
    """Queue and send `users` digests (on `url`, or the scratch database); returns the figures."""
    from flask_migrate import upgrade

    from bench.run import recreate
    from bench.smtp_server import SmtpServer
    from crm import create_app
    from crm.core.extensions import db
    from crm.mail.delivery import send_due
    from crm.reminders.services import send_reminders

    if url is None:
        label, url = database_url()
    recreate(url)
    smtp = SmtpServer()
    smtp.handler.keep = False
    smtp.start()
    app = create_app(
        overrides={
            "SQLALCHEMY_DATABASE_URI": url,
            "MAIL_URL": smtp.url,
            "MAIL_BATCH": 200,
            "BASE_URL": "https://crm.example.org",
        }
    )
    figures: dict = {"label": label, "users": users, "load_before": os.getloadavg()[0]}
    try:
        with app.app_context():
            upgrade(directory=app.extensions["migrate"].directory)
            _fill(users)
            with counting(db.engine) as seen:
                started = time.perf_counter()
                reminders = send_reminders(DAY)
                figures["queue_seconds"] = time.perf_counter() - started
            figures["queued"] = reminders.queued
            figures["queue_statements"] = len(seen)
            started = time.perf_counter()
            delivery = send_due()
            figures["send_seconds"] = time.perf_counter() - started
            figures["sent"] = delivery.sent
            figures["received"] = smtp.handler.count
            started = time.perf_counter()
            again = send_reminders(DAY)
            figures["rerun_seconds"] = time.perf_counter() - started
            figures["rerun_queued"] = again.queued
            figures["load_after"] = os.getloadavg()[0]
            db.engine.dispose()
    finally:
        smtp.stop()
    return figures


def section(figures: dict) -> str:
    """The RESULTS.md section for one database."""
    n = figures["users"]
    per = figures["queue_statements"] / max(1, figures["queued"])
    queue_rate = figures["queued"] / figures["queue_seconds"]
    send_rate = figures["sent"] / figures["send_seconds"]
    when = time.strftime("%Y-%m-%d")
    return "\n".join(
        [
            f"## Mail on {figures['label']}: {n:,} daily digests",
            "",
            f"Measured {when} by `python -m bench.mail` (part of `make bench`): {n:,} users "
            "with an overdue follow-up each; `send-reminders` then `send-mail` to aiosmtpd on "
            "localhost in the same process (one SMTP connection, batches of 200; the server "
            "shares the sender's CPU). Load average (1 min) "
            f"{figures['load_before']:.1f} before, {figures['load_after']:.1f} after, on "
            f"{os.cpu_count()} cores.",
            "",
            "| step | result | time | rate |",
            "|---|---|---|---|",
            f"| queue the digests (`send_reminders`) | {figures['queued']:,} queued, "
            f"{figures['queue_statements']:,} statements ({per:.2f} per digest) | "
            f"{figures['queue_seconds']:.1f} s | {queue_rate:,.0f}/s |",
            f"| send them (`send_due`) | {figures['sent']:,} sent, "
            f"{figures['received']:,} received at the server | "
            f"{figures['send_seconds']:.1f} s | {send_rate:,.0f}/s |",
            f"| run `send_reminders` again the same day | {figures['rerun_queued']} queued | "
            f"{figures['rerun_seconds']:.2f} s | |",
        ]
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--no-write", action="store_true", help="print, do not update RESULTS.md")
    args = parser.parse_args(argv)
    figures = run(args.users)
    text = section(figures)
    print(text)
    if not args.no_write:
        report.splice(f"mail-{figures['label']}", text)


if __name__ == "__main__":
    main()
