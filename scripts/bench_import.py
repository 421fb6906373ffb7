"""Time importing 50,000 contacts: `flask crm import` against a bare pandas read_csv + to_sql.

    .venv/bin/python scripts/bench_import.py [--rows 50000]

Both run on fresh scratch SQLite files in a temporary folder; nothing else is touched.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
FIRST = ["Siân", "Gwenllian", "Siobhán", "Dermot", "Priya", "Łukasz", "Null", "Chloë", "Ada", "Bob"]
LAST = ["Llŷr", "ap Rhys", "Ó Súilleabháin", "NA", "Raman", "Żak", "Achebe", "O'Brien", "Khan"]
CHANNELS = ["Phone", "Email", "In person", "Video", "Text"]


def make_csv(path: Path, rows: int) -> None:
    """A contacts CSV like a partnership officer's export: no organisation column to resolve."""
    rng = random.Random(6)
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("Name,Job title,Email,Tel,Preferred contact,Notes\r\n")
        for n in range(rows):
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            handle.write(
                f'"{name}",Officer {n % 97},person{n}@example.org,07700 9{n % 100000:05d},'
                f'{rng.choice(CHANNELS)},"Met at event {n % 31}, keen"\r\n'
            )


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of a command (CPU time does not grow when the machine is busy)."""
    start, cpu = time.perf_counter(), children_cpu()
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)  # noqa: S603
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")
    return elapsed, children_cpu() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    args = parser.parse_args()
    flask = str(Path(sys.executable).with_name("flask"))
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        csv_path = folder / "contacts.csv"
        make_csv(csv_path, args.rows)
        env = dict(os.environ, DATABASE_URL=f"sqlite:///{folder / 'crm.sqlite3'}")
        run([flask, "--app", "wsgi", "crm", "init", "--no-demo"], env)
        command = [flask, "--app", "wsgi", "crm", "import", str(csv_path), "--kind", "contacts"]
        crm_seconds = run(command, env)
        second_seconds = run(command, env)  # every row now matches: the update path
        with sqlite3.connect(folder / "crm.sqlite3") as check:
            imported = check.execute("SELECT count(*) FROM contacts").fetchone()[0]

        start, cpu = time.perf_counter(), time.process_time()
        frame = pd.read_csv(csv_path, dtype=str, keep_default_na=False)
        with sqlite3.connect(folder / "bare.sqlite3") as bare:
            frame.to_sql("contacts", bare, index=False)
        bare_seconds = time.perf_counter() - start, time.process_time() - cpu

        startup = run([flask, "--app", "wsgi", "crm", "--help"], env)
        size = csv_path.stat().st_size

    print(f"{args.rows:,} contacts, {size / 1_048_576:.1f} MB CSV, scratch SQLite files:")
    print("                                               wall s   CPU s")
    rows = [
        ("flask crm import, new rows (whole command)", crm_seconds),
        ("flask crm import again, every row matched", second_seconds),
        ("  of each: starting Python and the app", startup),
        ("bare pandas read_csv + to_sql, in-process", bare_seconds),
    ]
    for label, (wall, cpu) in rows:
        print(f"  {label:<43} {wall:6.2f}  {cpu:6.2f}")
    print(f"  rows in the CRM after both imports: {imported:,}")


if __name__ == "__main__":
    main()
