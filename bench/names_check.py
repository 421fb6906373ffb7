"""The names check at county size: a 100-page draft against 2,000 organisations.

Run by `make bench` before the page benchmark (or alone: `python -m bench.names_check`).
It needs no database: the organisations are the synthetic county's names (crm/scale), each
with a short name or acronym, and the draft is board-paper prose of about 100 pages that
names a few hundred of them. It prints the median of several runs of each step: building
the name index, splitting the text into paragraphs, and the check itself.
"""

from __future__ import annotations

import os
import random
import statistics
import time
from datetime import date

from crm.coproduction.names import Directory, Organisation, check, fold
from crm.drafts.text import paragraphs
from crm.scale.directory import organisation_names
from crm.scale.world import SCALES, World

ORGANISATIONS = 2000
PAGES = 100
WORDS_PER_PAGE = 500
RUNS = 5
PROSE = (
    "The partnership will review referral routes each quarter and report to the board on "
    "outcomes, not only activity. Link workers will agree one route into peer support with "
    "each group, and volunteers will be offered training in how to start a conversation "
    "about wellbeing. Where a group cannot take on more work without being paid for it, the "
    "commissioners will say so plainly and agree a contribution to its costs."
)


def organisations() -> list[Organisation]:
    """2,000 county organisations, each with an acronym and some with a short name."""
    world = World.create(SCALES["county"], 1, date(2026, 12, 1))
    found = []
    for number, (name, _kind, place) in enumerate(organisation_names(world, ORGANISATIONS), 1):
        acronym = "".join(word[0] for word in name.split() if word[:1].isupper())
        aliases = (acronym,) if len(acronym) >= 3 else ()
        if number % 3 == 0:
            aliases += (f"{place} {name.split()[-1]}",)
        found.append(Organisation(number, name, aliases))
    return found


def draft(orgs: list[Organisation], rng: random.Random) -> str:
    """About PAGES pages of prose, a name or acronym in most paragraphs, hard line breaks."""
    words_per_paragraph = len(PROSE.split())
    parts = []
    for _ in range(PAGES * WORDS_PER_PAGE // words_per_paragraph):
        org = rng.choice(orgs)
        named = rng.choice((org.name, f"{org.name}'s", *org.aliases))
        text = f"{named} has asked that {PROSE[0].lower()}{PROSE[1:]}"
        # Wrap at about 80 characters, as text from a PDF arrives.
        lines, line = [], ""
        for word in text.split():
            if len(line) + len(word) > 80:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}".strip()
        parts.append("\n".join([*lines, line]))
    return "\n\n".join(parts)


def _median(step, runs: int = RUNS) -> tuple[float, float, object]:
    """Median wall-clock and CPU seconds of `step` (CPU time holds steady on a busy machine)."""
    walls, cpus, result = [], [], None
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        result = step()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), result


def main() -> None:
    """Print the figures."""
    orgs = organisations()
    text = draft(orgs, random.Random(1))
    fold.cache_clear()  # the first check of a draft starts with nothing folded
    first_wall, first_cpu, _ = _median(
        lambda: check(paragraphs(text), Directory.build(orgs)), runs=1
    )
    build = _median(lambda: Directory.build(orgs))
    split = _median(lambda: paragraphs(text))
    parts = split[2]
    checked = _median(lambda: check(parts, build[2]))
    words = len(text.split())
    print(f"Names check (rule 3.7), median of {RUNS} runs, load {os.getloadavg()[0]:.1f}")
    print(f"  organisations: {len(orgs):,} with {sum(len(o.aliases) for o in orgs):,} aliases")
    print(f"  draft: {words:,} words (~{words // WORDS_PER_PAGE} pages), {len(parts):,} paragraphs")
    print("                          wall ms   CPU ms")
    for label, (wall, cpu, _result) in (
        ("index the names", build),
        ("split into paragraphs", split),
        (f"check ({len(checked[2])} named)", checked),
    ):
        print(f"  {label:<22} {wall * 1000:9.1f} {cpu * 1000:8.1f}")
    total_wall = build[0] + split[0] + checked[0]
    total_cpu = build[1] + split[1] + checked[1]
    print(f"  {'all three':<22} {total_wall * 1000:9.1f} {total_cpu * 1000:8.1f}")
    print(f"  {'first run, cold cache':<22} {first_wall * 1000:9.1f} {first_cpu * 1000:8.1f}")


if __name__ == "__main__":
    main()
