"""CI check: bandit finds nothing of medium or high severity in crm/."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_bandit_is_clean():
    bandit = shutil.which("bandit", path=str(Path(sys.executable).parent)) or shutil.which("bandit")
    assert bandit, "bandit is missing: `make install` installs the dev extras"
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [bandit, "-r", str(ROOT / "crm"), "-ll", "-q", "-f", "txt"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
