"""`flask crm init` and `flask crm check-deploy`: setting up and checking a deployment."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_migrate import upgrade

from crm.demo import commands as demo_commands
from crm.ops.deploy import deployment_problems


@click.command("init")
@click.option(
    "--demo/--no-demo", "with_demo", default=True, help="Load the demo into an empty database."
)
@with_appcontext
def init(with_demo: bool) -> None:
    """Create or upgrade the database schema; load the demo if it is empty."""
    upgrade(directory=current_app.extensions["migrate"].directory)
    if with_demo and demo_commands.load_into_empty():
        click.echo("Loaded the demo partnership.")
    if with_demo and demo_commands.is_loaded():
        demo_commands.print_log_ins()
    click.echo("Database ready.")


@click.command("check-deploy")
@with_appcontext
def check_deploy() -> None:
    """Check the production configuration; exit with an error listing each problem."""
    problems = deployment_problems(current_app)
    if not problems:
        click.echo("No problems found: the configuration is safe to deploy.")
        return
    click.echo(f"{len(problems)} problem(s) with this configuration:", err=True)
    for problem in problems:
        click.echo(f"  - {problem}", err=True)
    raise SystemExit(1)


COMMANDS = (init, check_deploy)
