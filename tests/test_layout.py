"""The code's layout holds: one-way imports between features, every model registered."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import crm

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_hold():
    # The layer order and the purity of crm/rules and crm/core ([tool.importlinter]).
    result = subprocess.run(
        [sys.executable, "-m", "importlinter.cli", "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0 and "No module named" in result.stderr:
        result = subprocess.run(
            [str(Path(sys.executable).with_name("lint-imports")), "--no-cache"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]


def test_no_dead_code():
    # vulture over crm ([tool.vulture]); each false positive is listed in vulture_whitelist.py.
    result = subprocess.run(
        [sys.executable, "-m", "vulture"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]


def test_every_feature_with_tables_is_registered():
    found = {
        ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for path in (ROOT / "crm").glob("*/models.py")
    }
    assert found == set(crm.MODEL_MODULES)


def test_nothing_but_the_factory_at_the_top_of_crm():
    modules = sorted(p.name for p in (ROOT / "crm").glob("*.py"))
    assert modules == ["__init__.py"]


def test_every_package_says_what_it_is_for():
    for package in (ROOT / "crm").glob("*/__init__.py"):
        text = package.read_text().strip()
        assert text.startswith('"""') and len(text) > 20, f"{package} needs a docstring"
