"""`flask crm create-admin`: the first admin, who then adds everyone else."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from crm.auth import services as auth_services
from crm.core.cli import require_schema
from crm.core.extensions import db


@click.command("create-admin")
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
@with_appcontext
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


COMMANDS = (create_admin,)
