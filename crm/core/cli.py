"""The `flask crm ...` command group: each feature contributes a COMMANDS tuple."""

from __future__ import annotations

import importlib
from collections.abc import Iterable

import click
from flask.cli import AppGroup
from sqlalchemy import inspect

from crm.core.extensions import db


def command_group(modules: Iterable[str]) -> AppGroup:
    """`flask crm` with the commands of each module's COMMANDS tuple.

    Command modules stay light: a command imports what it runs (the demo, the
    generators, pandas) inside its function, so starting the app loads none of it.
    """
    group = AppGroup("crm", help="Partnerwise commands.")
    for name in modules:
        for command in importlib.import_module(name).COMMANDS:
            group.add_command(command)
    return group


def require_schema() -> None:
    """Stop with a clear message when the database has not been set up yet."""
    if not inspect(db.engine).has_table("users"):
        raise click.ClickException(
            "The database has no tables yet. Run `flask --app wsgi crm init` (or `make run`) first."
        )
