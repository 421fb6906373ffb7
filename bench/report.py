"""The results table (markdown), one section per database, spliced into bench/RESULTS.md."""

from __future__ import annotations

import math
import os
import platform
import re
import sqlite3
import sys
from datetime import UTC, datetime
from pathlib import Path

from bench.extras import Comparison
from bench.measure import Series, median_ms, p95_ms, p99_ms
from bench.pages import MAX_STATEMENTS, Page

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
HEADER = """# Benchmark results

Produced by `make bench` (SQLite) and `DATABASE_URL=postgresql://... make bench`
(PostgreSQL); each run rewrites its own section below. What is measured and
how: `bench/run.py`; the pages and their floors: `bench/pages.py` and
`bench/floor_app.py`.

Times are per request, measured by the client from connecting to the last
byte, against gunicorn with 2 sync workers (debug off, no access log). The
floor is a minimal Flask app under the same gunicorn that fetches the same
rows with raw SQL and returns JSON. **Ratio** is the app's median over the
floor's median, computed per round and then the median of those rounds taken,
so a noisy moment on the machine moves both sides together.
"""


def _fmt(value: float | None, digits: int = 1) -> str:
    return "–" if value is None or math.isnan(value) else f"{value:.{digits}f}"


def machine(database_version: str, load_before: tuple, load_after: tuple) -> list[str]:
    """Lines describing where the numbers came from."""
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        cpu = found.group(1).strip() if found else cpu
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        found = re.search(r"MemTotal:\s*(\d+)", meminfo.read_text())
        memory = f", {int(found.group(1)) / 1024 / 1024:.1f} GB RAM" if found else ""
    import gunicorn

    return [
        f"- Machine: {os.cpu_count()} cores ({cpu}){memory}; {platform.platform()}",
        f"- Python {sys.version.split()[0]}, gunicorn {gunicorn.__version__}, "
        f"SQLite {sqlite3.sqlite_version}; database: {database_version}",
        f"- Load average (1, 5, 15 min) before: {', '.join(f'{x:.1f}' for x in load_before)}; "
        f"after: {', '.join(f'{x:.1f}' for x in load_after)}",
        f"- Run finished {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
    ]


# Issue 18: any write at concurrency 4 keeps its tail close to its middle.
TAIL_P95_OVER_MEDIAN = 3
TAIL_P99_MS = 250


def tail_verdict(latencies: list[float]) -> str:
    """Whether a write's tail meets the target: p95 <= 3x its median, p99 <= 250 ms."""
    middle, p95, p99 = median_ms(latencies), p95_ms(latencies), p99_ms(latencies)
    if math.isnan(middle):
        return "–"
    spread = p95 / middle
    tail = f"p95 {spread:.1f}x median, p99 {p99:.0f} ms"
    ok = spread <= TAIL_P95_OVER_MEDIAN and p99 <= TAIL_P99_MS
    return f"tail ok ({tail})" if ok else f"**tail misses ({tail})**"


def page_table(
    pages: list[Page],
    series: dict[tuple[str, int], Series],
    counts: dict,
    concurrencies: list[int],
) -> list[str]:
    lines = [
        "| Page | Conc. | App median ms | App p95 ms | App p99 ms | Floor median ms "
        "| Floor p95 ms | Ratio | Target | SQL statements | Verdict |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for page in pages:
        count = counts.get(page.name)
        limit = MAX_STATEMENTS.get(page.kind)
        for threads in concurrencies:
            item = series.get((page.name, threads))
            if item is None:
                continue
            ratio = item.ratio
            verdicts = []
            if page.target is not None and not math.isnan(ratio):
                verdicts.append("ok" if ratio <= page.target else "**misses ratio**")
            if limit is not None and count is not None and count > limit:
                verdicts.append(f"**{count} statements > {limit}**")
            if page.kind == "write" and threads > 1:
                verdicts.append(tail_verdict(item.app.latencies))
            if item.app.errors or item.floor.errors:
                verdicts.append(f"**{len(item.app.errors) + len(item.floor.errors)} errors**")
            lines.append(
                f"| {page.name} | {threads} | {_fmt(median_ms(item.app.latencies))} "
                f"| {_fmt(p95_ms(item.app.latencies))} | {_fmt(p99_ms(item.app.latencies))} "
                f"| {_fmt(median_ms(item.floor.latencies))} "
                f"| {_fmt(p95_ms(item.floor.latencies))} | {_fmt(ratio, 2)} "
                f"| {'≤ ' + str(page.target) if page.target else '–'} "
                f"| {'–' if count is None else count}{f' (≤ {limit})' if limit else ''} "
                f"| {'; '.join(verdicts) or '–'} |"
            )
    return lines


def comparison_table(comparisons: list[Comparison]) -> list[str]:
    lines = [
        "| Operation | App s | Floor s | Ratio | Target | Note |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for item in comparisons:
        ratio = item.app_seconds / item.floor_seconds if item.app_seconds else None
        verdict = "" if ratio is None else (" ok" if ratio <= item.target else " **misses**")
        lines.append(
            f"| {item.name} | {_fmt(item.app_seconds, 2)} | {_fmt(item.floor_seconds, 2)} "
            f"| {_fmt(ratio, 2)}{verdict} | ≤ {item.target} | {item.note or '–'} |"
        )
    return lines


def section(label: str, parts: dict) -> str:
    """The markdown for one database's run."""
    lines = [f"## {label}", "", *parts["machine"], ""]
    lines += [f"Data: `flask crm generate --scale county --seed 1`. {parts['generation']}", ""]
    lines += [f"Settings: {parts['settings']}.", ""]
    lines += page_table(parts["pages"], parts["series"], parts["counts"], parts["concurrencies"])
    hello = parts["hello"]
    lines += [
        "",
        "Floor `hello` (no database): "
        + ", ".join(
            f"concurrency {threads}: median {_fmt(median_ms(s.latencies), 2)} ms, "
            f"p95 {_fmt(p95_ms(s.latencies), 2)} ms"
            for threads, s in hello.items()
        )
        + ".",
    ]
    if parts["skipped"]:
        lines += ["", "Not measured in this run:", ""]
        lines += [f"- {name}: {why}" for name, why in parts["skipped"].items()]
    lines += ["", *comparison_table(parts["comparisons"]), ""]
    return "\n".join(lines)


def splice(label: str, text: str, path: Path = RESULTS) -> None:
    """Replace this database's section of RESULTS.md, keeping the other one."""
    key = label.lower()
    start, end = f"<!-- {key}:start -->", f"<!-- {key}:end -->"
    current = path.read_text() if path.exists() else HEADER
    block = f"{start}\n{text}\n{end}"
    if start in current:
        current = re.sub(
            re.escape(start) + ".*?" + re.escape(end), lambda _m: block, current, flags=re.S
        )
    else:
        current = current.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(current)
