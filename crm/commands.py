"""`flask crm ...` commands: thin wrappers around services."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup
from flask_migrate import upgrade
from sqlalchemy import func, inspect, select

from crm.auth import services as auth_services
from crm.auth.models import User
from crm.extensions import db
from crm.scale.commands import generate_command

crm_cli = AppGroup("crm", help="Partnerwise commands.")
crm_cli.add_command(generate_command)


def require_schema() -> None:
    """Stop with a clear message when the database has not been set up yet."""
    if not inspect(db.engine).has_table("users"):
        raise click.ClickException(
            "The database has no tables yet. Run `flask --app wsgi crm init` (or `make run`) first."
        )


@crm_cli.command("create-admin")
@click.argument("email")
@click.option(
    "--name", default="", help="Display name (defaults to the part of the email before @)."
)
@click.option(
    "--password",
    prompt=True,
    hide_input=True,
    confirmation_prompt=True,
    help="For scripts; prompted for when left out.",
)
def create_admin(email: str, name: str, password: str) -> None:
    """Create an admin user who can then add everyone else."""
    require_schema()
    try:
        user = auth_services.create_user(
            name or email.split("@")[0], email, password, "admin", actor=None
        )
    except auth_services.UserError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Created admin {user.email}.")


@crm_cli.command("demo")
@click.option("--force", is_flag=True, help="Load even if the database already has data.")
def demo(force: bool) -> None:
    """Load the demo partnership (DESIGN.md section 9) into an empty database."""
    from crm.demo.loader import DEMO_USERS, DemoClash, demo_hint, load_demo

    require_schema()
    if not force and db.session.scalar(select(func.count()).select_from(User)):
        raise click.ClickException("The database is not empty; use --force to add the demo anyway.")
    try:
        plan = load_demo()
    except DemoClash as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo("Loaded the demo partnership. Demo log-ins:")
    for email, password, role, _name in DEMO_USERS:
        click.echo(f"  {role:<7} {email}  password: {password}")
    click.echo(demo_hint(plan))


@crm_cli.command("init")
@click.option(
    "--demo/--no-demo", "with_demo", default=True, help="Load the demo into an empty database."
)
def init(with_demo: bool) -> None:
    """Create or upgrade the database schema; load the demo if it is empty."""
    upgrade(directory=current_app.extensions["migrate"].directory)
    empty = not db.session.scalar(select(func.count()).select_from(User))
    hint = None
    if with_demo and empty:
        from crm.demo.loader import demo_hint, load_demo

        hint = demo_hint(load_demo())
        db.session.commit()
        click.echo("Loaded the demo partnership.")
    if with_demo:
        from crm.demo.loader import DEMO_HINT, DEMO_USERS

        if db.session.scalar(select(User).where(User.email == DEMO_USERS[0][0])):
            click.echo("Demo log-ins (password for each shown):")
            for email, password, role, _name in DEMO_USERS:
                click.echo(f"  {role:<7} {email}  {password}")
            click.echo(hint or DEMO_HINT)
    click.echo("Database ready.")
