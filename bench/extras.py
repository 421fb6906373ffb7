"""In-process measurements: SQL statements per request, import vs pandas, PDF vs platypus."""

from __future__ import annotations

import csv
import io
import random
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, event, text
from werkzeug.datastructures import MultiDict

from bench.client import parse_forms
from bench.pages import IMPORT_COMMAND, PAGES, REPORT_COMMAND, fill


@dataclass
class Comparison:
    """An app operation timed against its bare-library floor."""

    name: str
    app_seconds: float | None
    floor_seconds: float
    target: float
    note: str = ""


def make_app(url: str):
    """The real app on the bench database, CSRF off for the in-process test client."""
    from crm import create_app

    return create_app(overrides={"SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False})


@contextmanager
def counting(engine):
    """Count the statements sent to the database inside the block."""
    seen: list[str] = []

    def before(conn, cursor, statement, parameters, context, executemany):
        if not statement.lstrip().upper().startswith(("BEGIN", "PRAGMA", "SAVEPOINT", "RELEASE")):
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", before)


def statement_counts(url: str, values: dict[str, str], email: str, password: str) -> dict:
    """SQL statements per request for each page, the session check included (None: no page)."""
    from crm.core.extensions import db

    app = make_app(url)
    client = app.test_client()
    assert client.post("/login", data={"email": email, "password": password}).status_code == 302
    with app.app_context():
        engine = db.engine
    counts: dict[str, int | None] = {}
    for page in PAGES:
        data = None
        if page.method == "POST":
            page_html = client.get(fill(page.form_from, values))
            if page_html.status_code != 200:
                counts[page.name] = None
                continue
            forms = [f for f in parse_forms(page_html.get_data(as_text=True)) if f.method == "post"]
            fields = max(forms, key=lambda f: len(f.fields)).fields
            typed = dict(page.fill_in)
            if page.fresh_form:
                typed["description"] = "Benchmark edit: checked the details."
            data = MultiDict(
                (
                    name,
                    "Benchmark call: talked through the draft."
                    if "summary" in name
                    else typed.get(name, value),
                )
                for name, value in fields
            )
        with counting(engine) as seen:
            response = client.open(fill(page.app, values), method=page.method, data=data)
        if page.method == "POST" and response.status_code != 302:  # not the real save
            raise SystemExit(f"{page.name}: the app answered {response.status_code}, not 302")
        counts[page.name] = None if response.status_code == 404 else len(seen)
    return counts


def write_import_file(path: Path, rows: int = 100_000, seed: int = 7) -> None:
    """A CSV of contacts as an office would export it: name, organisation, email, phone, role."""
    from crm.scale import names

    rng = random.Random(seed)
    organisations = [
        f"{p.format(p=place)}" for (p, _k) in names.ORG_PATTERNS for place in names.PLACES
    ]
    rng.shuffle(organisations)
    organisations = organisations[:2_000]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Name", "Organisation", "Email", "Phone", "Job title"])
        for number in range(rows):
            name = names.person_name(rng)
            organisation = rng.choice(organisations)
            email = f"{names.email_local(name)}.{number}@{names.domain_for(organisation)}"
            writer.writerow(
                [name, organisation, email, names.phone(rng), rng.choice(names.JOB_TITLES)]
            )


def import_comparison(url: str, workdir: Path) -> Comparison:
    """`flask crm import` of 100,000 contacts against pandas read_csv + to_sql of the same file."""
    import pandas as pd

    path = workdir / "bench-import-100k.csv"
    if not path.exists():
        write_import_file(path)
    engine = create_engine(url)
    started = time.perf_counter()
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.to_sql("bench_floor_import", engine, if_exists="replace", index=False, chunksize=10_000)
    floor = time.perf_counter() - started
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE bench_floor_import"))
    engine.dispose()
    app_seconds, note = _run_command(url, IMPORT_COMMAND, {"file": str(path)})
    return Comparison("Import 100,000 contacts (CSV)", app_seconds, floor, 10, note)


def pdf_comparison(url: str, values: dict[str, str], workdir: Path) -> Comparison:
    """The organisation report (about 2,000 conversations) against a bare platypus table."""
    started = time.perf_counter()
    rows = _timeline_rows(url, int(values["busy_org"]))
    _bare_platypus(rows)
    floor = time.perf_counter() - started
    output = workdir / "bench-report.pdf"
    app_seconds, note = _run_command(url, REPORT_COMMAND, {**values, "file": str(output)})
    name = f"PDF of an organisation's {len(rows):,} conversations"
    return Comparison(name, app_seconds, floor, 2, note)


def _run_command(url: str, template: tuple[str, ...], values: dict) -> tuple[float | None, str]:
    """Time a `flask crm ...` command in-process; (None, why) when the command is not there yet."""
    app = make_app(url)
    args = [part.format(**values) for part in template]
    started = time.perf_counter()
    result = app.test_cli_runner().invoke(args=args)
    elapsed = time.perf_counter() - started
    if result.exit_code != 0:
        return (
            None,
            f"`flask {' '.join(args)}` failed: {(result.output or str(result.exception))[:200]}",
        )
    return elapsed, ""


def _timeline_rows(url: str, organisation_id: int) -> list[tuple]:
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                """SELECT v.occurred_on, v.channel, v.outcome, v.summary FROM conversations v
                JOIN conversation_organisations co ON co.conversation_id = v.id
                WHERE co.organisation_id = :id AND v.deleted_at IS NULL
                ORDER BY v.occurred_on DESC, v.id DESC"""
            ),
            {"id": organisation_id},
        ).all()
    engine.dispose()
    return [tuple(str(value) for value in row) for row in rows]


def _bare_platypus(rows: list[tuple]) -> bytes:
    """The least a PDF of these rows takes: one platypus Table, a TTF font, A4."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

    font = "Helvetica"
    ttf = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if ttf.exists():
        if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont("DejaVuSans", str(ttf)))
        font = "DejaVuSans"
    data = [("Date", "Channel", "Outcome", "Summary")] + [
        (day, channel, outcome, summary[:70]) for day, channel, outcome, summary in rows
    ]
    table = Table(data, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), font, 7),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
            ]
        )
    )
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build([table])
    return buffer.getvalue()
