"""The README's promises that a new user meets first."""

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_make_run_points_from_the_development_server_warning_to_production():
    readme = (ROOT / "README.md").read_text()
    assert "## Running in production" in readme
    assert "This is a development server" in readme  # the warning a new user sees, explained
    dry_run = subprocess.run(
        ["make", "-n", "run"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    announce = dry_run.index("Running in production")
    assert announce < dry_run.index("flask --app wsgi run")
