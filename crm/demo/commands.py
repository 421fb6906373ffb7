"""`flask crm demo`: the demo partnership (DESIGN.md section 9), loaded only when asked for."""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlalchemy import func, select

from crm.auth.models import User
from crm.core.cli import require_schema
from crm.core.extensions import db


def print_log_ins() -> None:
    """The demo's log-ins and the hint about whom to log in as."""
    from crm.demo.loader import DEMO_HINT, DEMO_USERS

    click.echo("Demo log-ins (password for each shown):")
    for email, password, role, _name in DEMO_USERS:
        click.echo(f"  {role:<7} {email}  {password}")
    click.echo(DEMO_HINT)


def load_into_empty() -> bool:
    """Load the demo when the database has no users; True when it was loaded."""
    from crm.demo.loader import load_demo

    if db.session.scalar(select(func.count()).select_from(User)):
        return False
    load_demo()
    db.session.commit()
    return True


def is_loaded() -> bool:
    """Whether the demo's first user exists."""
    from crm.demo.loader import DEMO_USERS

    return db.session.scalar(select(User.id).where(User.email == DEMO_USERS[0][0])) is not None


@click.command("demo")
@click.option("--force", is_flag=True, help="Load even if the database already has data.")
@with_appcontext
def demo(force: bool) -> None:
    """Load the demo partnership (DESIGN.md section 9) into an empty database."""
    from crm.demo.loader import DemoClash, load_demo

    require_schema()
    if not force and db.session.scalar(select(func.count()).select_from(User)):
        raise click.ClickException("The database is not empty; use --force to add the demo anyway.")
    try:
        load_demo()
    except DemoClash as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo("Loaded the demo partnership.")
    print_log_ins()


COMMANDS = (demo,)
