"""Any upload keeps the import worker's memory under a stated bound (README, "Importing").

Each file is uploaded in a fresh process (tests/hostile/import_worker.py), as a user
would, and that process's peak resident memory is measured with getrusage. Before the
limits, the 190 MB cell took a worker from 183 MB to 1.7 GB and the 8.5 million cells
got it killed at the 30 s time-out.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hostile import hostile_files

ROOT = Path(__file__).resolve().parents[2]
GROWTH_MB = 150  # the most one upload may add to a worker's peak (README)
PEAK_MB = 350  # and the peak itself

FILES = {
    "one_cell_190mb_xlsx": ("refused", "unpacks 1,0"),
    "cells_8_5m_xlsx": ("refused", "times larger than it is stored"),
    "one_cell_random_xlsx": ("refused", "more than 32,767 characters"),
    "cells_random_xlsx": ("refused", "more than 2,000,000 cells"),
    "ratio_bomb_xlsx": ("refused", "times larger than it is stored"),
    "columns_100k_csv": ("refused", "100,000 columns"),
    "one_cell_9mb_csv": ("refused", "more than 32,767 characters"),
    "contacts_csv": ("checked", ""),
    "contacts_xlsx": ("checked", ""),
}
SIZES = {"contacts_csv": 50_000, "contacts_xlsx": 20_000}


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("hostile")


@pytest.mark.parametrize("maker", list(FILES))
def test_an_upload_keeps_the_worker_under_the_memory_bound(folder, maker):
    make = getattr(hostile_files, maker)
    path = make(folder, SIZES[maker]) if maker in SIZES else make(folder)
    assert path.stat().st_size <= 10 * 1024 * 1024
    run = subprocess.run(
        [sys.executable, "-m", "tests.hostile.import_worker", str(path), "contacts"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    figures = json.loads(run.stdout.strip().splitlines()[-1])
    print(maker, path.stat().st_size // 1024, "KB", figures)
    expected, words = FILES[maker]
    if expected == "refused":
        assert figures["upload"] == 422
        assert words in figures["message"]
    else:
        assert (figures["upload"], figures["check"]) == (200, 200)
        assert figures["check_page_kb"] < 2048  # previews are cut short
    assert figures["peak_mb"] - figures["baseline_mb"] < GROWTH_MB, figures
    assert figures["peak_mb"] < PEAK_MB, figures
