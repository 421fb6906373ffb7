"""A separate process that keeps inserting organisations and prints each id once committed.

Usage: python tests/io/writer.py sqlite:///path | postgresql://...  (stops on SIGTERM)
"""

import sys
import time

INSERT = (
    "INSERT INTO organisations (name, name_key, kind, description, website, phone, email, "
    "address, area_served, tags, archived, version, created_at, updated_at) VALUES "
    "({p}, {p}, 'other', '', '', '', '', '', '', '', {false}, 1, {now}, {now})"
)


def connect(url: str):
    if url.startswith("sqlite:///"):
        import sqlite3

        connection = sqlite3.connect(url.removeprefix("sqlite:///"), timeout=30)
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA busy_timeout = 30000")
        return connection, INSERT.format(p="?", false="0", now="CURRENT_TIMESTAMP")
    import psycopg

    connection = psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"))
    return connection, INSERT.format(p="%s", false="false", now="now()") + " RETURNING id"


def main(url: str) -> None:
    connection, insert = connect(url)
    n = 0
    while True:
        n += 1
        name = f"Writer {n:06d}"
        cursor = connection.execute(insert, (name, name.lower()))
        row_id = cursor.fetchone()[0] if "RETURNING" in insert else cursor.lastrowid
        connection.commit()
        print(row_id, flush=True)  # acknowledged: the commit returned
        time.sleep(0.001)


if __name__ == "__main__":
    main(sys.argv[1])
