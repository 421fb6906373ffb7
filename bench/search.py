"""`python -m bench.search`: search medians on the county data, against the naive LIKE floor.

Runs in-process (no gunicorn): for each scenario, the search's own statement through
crm.search (the index), the whole /search page through the test client (session check,
every kind, rendering), and the floor: the naive `LIKE '%...%'` scan that finds the
same rows. Medians of ROUNDS runs after a warm-up, interleaved so neither side gets the
warmer cache. The county data set is the one `make bench` generates (reused if there);
PostgreSQL when DATABASE_URL names a PostgreSQL server, as for `make bench`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from urllib.parse import quote

from sqlalchemy import text

from bench import run

ROUNDS = 30

# The naive floor: what a search without an index does (the lists' LIKE scans).
FLOORS = {
    "contacts": """SELECT id FROM contacts WHERE {words}
        ORDER BY archived, name_key, id LIMIT 26""",
    "organisations": """SELECT id FROM organisations WHERE {words}
        ORDER BY archived, name_key, id LIMIT 26""",
    "conversations": """SELECT id FROM conversations WHERE deleted_at IS NULL AND {words}
        ORDER BY occurred_on DESC, occurred_at DESC, id DESC LIMIT 26""",
}
FLOOR_TEXT = {
    "contacts": "(name_key || ' ' || lower(email))",
    "organisations": "(name_key || ' ' || lower(aliases) || ' ' || tags)",
    "conversations": "lower(summary)",
}


def scenarios(conn) -> list[tuple[str, str, str]]:
    """(label, kind, typed) read from the generated data like bench/pages.py does."""
    person = conn.execute(
        text("SELECT name, email FROM contacts WHERE email <> '' ORDER BY id LIMIT 1 OFFSET 777")
    ).one()
    org = conn.execute(text("SELECT name FROM organisations ORDER BY id LIMIT 1 OFFSET 321")).one()
    words = org.name.split()
    return [
        ("Contacts, part of a name", "contacts", person.name.split()[0][:4]),
        ("Contacts, part of an email", "contacts", person.email.split("@")[1][:8]),
        ("Contacts, a whole email", "contacts", person.email),
        (
            "Organisations, part of a name",
            "organisations",
            words[1] if len(words) > 1 else words[0],
        ),
        ("Notes, two words (a topic in 1 of 12)", "conversations", "carers backlog"),
        ("Notes, a phrase", "conversations", '"talking therapies"'),
        ("Notes, two words and a partial one", "conversations", "polish-speaking famil"),
        ("Notes, a word said nowhere", "conversations", "kingfisher"),
    ]


def median_ms(timings: list[float]) -> float:
    return round(statistics.median(timings) * 1000, 1)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--fresh", action="store_true", help="regenerate the data set")
    args = parser.parse_args(argv)
    label, url, _scratch = run.database_urls()
    print(run.prepare(url, args.fresh), flush=True)

    from crm import create_app
    from crm.core.config import Config
    from crm.core.extensions import db
    from crm.core.searchtext import parse_query
    from crm.search.queries import SearchFilters, search

    os.environ.setdefault("SECRET_KEY", "bench-search-" + "x" * 40)
    app = create_app(Config, {"SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False})
    client = app.test_client()
    response = client.post("/login", data={"email": run.ADMIN_EMAIL, "password": run.PASSWORD})
    if response.status_code != 302:
        raise SystemExit("could not log in as the generated admin")
    rows = []
    with app.app_context():
        with db.engine.connect() as conn:
            cases = scenarios(conn)
            load = os.getloadavg()
        for name, kind, typed in cases:
            query = parse_query(typed)
            words = " AND ".join(
                f"{FLOOR_TEXT[kind]} LIKE :w{n}" for n in range(len(query.all_words))
            )
            floor_sql = text(FLOORS[kind].format(words=words))
            params = {f"w{n}": f"%{w}%" for n, w in enumerate(query.all_words)}

            def index(kind=kind, query=query) -> int:
                found = search(query, SearchFilters(kind=kind))
                db.session.rollback()
                return len(found[0].rows)

            def floor(floor_sql=floor_sql, params=params) -> int:
                with db.engine.connect() as conn:
                    return len(conn.execute(floor_sql, params).all())

            def page(typed=typed) -> int:
                got = client.get("/search?q=" + quote(typed))
                assert got.status_code == 200, got.status_code
                return 1

            timings: dict[str, list[float]] = {"index": [], "floor": [], "page": []}
            steps: dict[str, Callable[[], int]] = {"index": index, "floor": floor, "page": page}
            counts = {key: step() for key, step in steps.items()}  # warm-up
            for n in range(args.rounds):
                order = list(steps) if n % 2 == 0 else list(reversed(steps))
                for key in order:
                    start = time.perf_counter()
                    steps[key]()
                    timings[key].append(time.perf_counter() - start)
            index_ms, floor_ms = median_ms(timings["index"]), median_ms(timings["floor"])
            rows.append(
                (name, typed, counts["index"], counts["floor"], index_ms, floor_ms,
                 round(index_ms / floor_ms, 2) if floor_ms else 0.0, median_ms(timings["page"]))
            )  # fmt: skip
    print(f"\nSearch on county data, {label}, medians of {args.rounds} rounds, load {load[0]:.2f}")
    print(
        "| scenario | typed | rows (index/floor, max 26) | index ms | LIKE floor ms | ratio "
        "| whole /search page ms |"
    )
    print("|---|---|---|---|---|---|---|")
    for name, typed, got, floor_got, index_ms, floor_ms, ratio, page_ms in rows:
        print(
            f"| {name} | `{typed}` | {got}/{floor_got} | {index_ms} | {floor_ms} | {ratio}x "
            f"| {page_ms} |"
        )


if __name__ == "__main__":
    main()
