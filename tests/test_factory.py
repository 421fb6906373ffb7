"""The app factory on its own, as `flask --app wsgi run` builds it."""

import subprocess
import sys

# A fresh interpreter, because the test suite itself imports crm.models early.
SCRIPT = """
from sqlalchemy.orm import configure_mappers
from crm import create_app
from crm.config import TestingConfig
create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": "sqlite://"})
configure_mappers()
"""


def test_every_mapper_configures_without_importing_crm_models_first():
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
