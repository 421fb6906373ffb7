"""The floor: a minimal Flask app serving each benchmarked page's data with raw SQL as JSON.

It runs under the same gunicorn settings as the real app, on the same
database, so the ratio app/floor says what the framework, ORM, templates and
our own code cost on top of fetching the same rows. Run it with
`BENCH_DATABASE_URL=... gunicorn bench.floor_app:app`.
"""

from __future__ import annotations

import os
import re
import sqlite3
from datetime import UTC, date, datetime

from flask import Flask, jsonify, request

from bench import floor_sql as sql
from crm.core.text import fold  # the same folding the app stores in name_key

app = Flask(__name__)
# psycopg returns times and dates as objects; show them as ISO text like SQLite's.
app.json.default = lambda value: value.isoformat() if hasattr(value, "isoformat") else str(value)
PER_PAGE = 50
TIMELINE = 50  # conversations shown on a detail page's timeline


def _url() -> str:
    return os.environ["BENCH_DATABASE_URL"]


def _connect():
    url = _url()
    if url.startswith("sqlite:///"):
        conn = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
        # The same pragmas as the app's engine (crm/storage.py).
        for pragma in ("busy_timeout = 10000", "foreign_keys = ON", "synchronous = NORMAL"):
            conn.execute(f"PRAGMA {pragma}")
        return conn
    import psycopg

    return psycopg.connect(re.sub(r"^postgresql\+psycopg://", "postgresql://", url))


def db():
    """One connection per worker process, opened after gunicorn forks."""
    conn = app.config.get("CONNECTION")
    if conn is None:
        conn = app.config["CONNECTION"] = _connect()
    return conn


def query(statement: str, params: dict | None = None) -> list[dict]:
    """Rows as dicts; statements use :name parameters on both databases."""
    conn = db()
    if isinstance(conn, sqlite3.Connection):
        cursor = conn.execute(statement, params or {})
    else:
        cursor = conn.cursor()
        cursor.execute(re.sub(r"(?<!:):(\w+)", r"%(\1)s", statement), params or {})
    names = [column[0] for column in cursor.description]
    rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    if not isinstance(conn, sqlite3.Connection):
        conn.commit()  # end the read transaction, as the app's session does
    return rows


def like(text: str) -> str:
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def page_args() -> tuple[str, int]:
    return request.args.get("q", "").strip(), max(1, int(request.args.get("page", 1)))


@app.get("/hello")
def hello():
    return "hello"


@app.get("/organisations")
def organisations():
    q, page = page_args()
    where = sql.ORG_SEARCH if q else ""
    params = {"f": like(fold(q)), "p": like(q), "limit": PER_PAGE, "offset": (page - 1) * PER_PAGE}
    params["no"] = False
    total = query(sql.ORG_COUNT.format(where=where), params)[0]["n"]
    rows = query(sql.ORG_PAGE.format(where=where), params)
    return jsonify(total=total, rows=rows)


@app.get("/contacts")
def contacts():
    q, page = page_args()
    where = sql.CONTACT_SEARCH if q else ""
    params = {"f": like(fold(q)), "p": like(q), "limit": PER_PAGE, "offset": (page - 1) * PER_PAGE}
    params["no"] = False
    join = sql.CONTACT_JOIN if q else ""  # the search needs the organisation's name
    total = query(sql.CONTACT_COUNT.format(join=join, where=where), params)[0]["n"]
    rows = query(sql.CONTACT_PAGE.format(where=where), params)
    return jsonify(total=total, rows=rows)


def _with_people(conversations: list[dict]) -> list[dict]:
    """Attach who took part, in one more statement for the whole timeline page."""
    if conversations:
        ids = ", ".join(str(int(row["id"])) for row in conversations)
        people: dict[int, list] = {}
        for row in query(sql.PARTICIPANTS.format(ids=ids)):
            people.setdefault(row["conversation_id"], []).append(row)
        for row in conversations:
            row["people"] = people.get(row["id"], [])
    return conversations


@app.get("/organisations/<int:organisation_id>")
def organisation(organisation_id: int):
    params = {"id": organisation_id, "limit": TIMELINE}
    found = query(sql.ORG_DETAIL, params)
    if not found:
        return jsonify(error="not found"), 404
    return jsonify(
        organisation=found[0],
        contacts=query(sql.ORG_CONTACTS, params),
        timeline=_with_people(query(sql.ORG_TIMELINE, params)),
    )


@app.get("/contacts/<int:contact_id>")
def contact(contact_id: int):
    params = {"id": contact_id, "limit": TIMELINE}
    found = query(sql.CONTACT_DETAIL, params)
    if not found:
        return jsonify(error="not found"), 404
    return jsonify(contact=found[0], timeline=_with_people(query(sql.CONTACT_TIMELINE, params)))


@app.get("/proposals/<int:proposal_id>")
def proposal(proposal_id: int):
    params = {"id": proposal_id, "limit": TIMELINE}
    found = query(sql.PROPOSAL_DETAIL, params)
    if not found:
        return jsonify(error="not found"), 404
    return jsonify(
        proposal=found[0],
        milestones=query(sql.PROPOSAL_MILESTONES, params),
        stakes=query(sql.PROPOSAL_STAKES, params),
        conversations=query(sql.PROPOSAL_CONVERSATIONS, params),
    )


@app.get("/dashboard")
def dashboard():
    user = int(request.args.get("user", 1))
    today = date.today()
    params = {"user": user, "today": today.isoformat(), "limit": 20}
    return jsonify(
        follow_ups=query(sql.DASHBOARD_FOLLOW_UPS, params),
        milestones=query(sql.DASHBOARD_MILESTONES, params),
        recent=query(sql.DASHBOARD_RECENT, params),
        overdue=query(sql.DASHBOARD_OVERDUE, params),
    )


@app.post("/conversations")
def log_conversation():
    """Insert a conversation with one person and their organisation, commit, redirect."""
    contact_id = int(request.values["contact"])
    organisation_id = int(request.values["organisation"])
    now = datetime.now(UTC).replace(tzinfo=None)
    stamp = now.isoformat(" ", "microseconds") if _url().startswith("sqlite") else now
    params = {
        "day": date.today().isoformat(),
        "summary": request.values.get("summary", "Benchmark call"),
        "user": 1,
        "now": stamp,
        "contact": contact_id,
        "organisation": organisation_id,
    }
    conn = db()
    if isinstance(conn, sqlite3.Connection):
        conn.execute("BEGIN IMMEDIATE")
        new_id = conn.execute(sql.INSERT_CONVERSATION + " RETURNING id", params).fetchone()[0]
        params["conversation"] = new_id
        conn.execute(sql.INSERT_PARTICIPANT, params)
        conn.execute(sql.INSERT_CONVERSATION_ORG, params)
        conn.execute("COMMIT")
    else:
        with conn.cursor() as cursor:
            cursor.execute(
                re.sub(r":(\w+)", r"%(\1)s", sql.INSERT_CONVERSATION + " RETURNING id"), params
            )
            params["conversation"] = cursor.fetchone()[0]
            cursor.execute(re.sub(r":(\w+)", r"%(\1)s", sql.INSERT_PARTICIPANT), params)
            cursor.execute(re.sub(r":(\w+)", r"%(\1)s", sql.INSERT_CONVERSATION_ORG), params)
        conn.commit()
    return "", 302, {"Location": f"/organisations/{organisation_id}"}


def _write(statement: str, params: dict) -> None:
    """One write in its own transaction, as the app's engine would take it."""
    conn = db()
    if isinstance(conn, sqlite3.Connection):
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(statement, params)
        conn.execute("COMMIT")
    else:
        with conn.cursor() as cursor:
            cursor.execute(re.sub(r"(?<!:):(\w+)", r"%(\1)s", statement), params)
        conn.commit()


def _now():
    now = datetime.now(UTC).replace(tzinfo=None)
    return now.isoformat(" ", "microseconds") if _url().startswith("sqlite") else now


@app.post("/contacts")
def create_contact():
    """Insert a contact from the posted name and email, commit, redirect."""
    name = request.values.get("name", "Benchmark Person")
    params = {"name": name, "key": fold(name), "email": request.values.get("email", "")}
    _write(sql.INSERT_CONTACT, {**params, "now": _now()})
    return "", 302, {"Location": "/contacts"}


@app.post("/organisations/<int:organisation_id>")
def edit_organisation(organisation_id: int):
    """Update an organisation's description and version, commit, redirect."""
    params = {"id": organisation_id, "now": _now()}
    _write(sql.UPDATE_ORGANISATION, {**params, "text": request.values.get("description", "")})
    return "", 302, {"Location": f"/organisations/{organisation_id}"}
