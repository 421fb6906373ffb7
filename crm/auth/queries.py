"""Read side for users: pickers."""

from sqlalchemy import select

from crm.auth.models import User
from crm.core.extensions import db


def user_choices() -> list[tuple[int, str]]:
    """Active users as (id, name) for select fields."""
    rows = db.session.execute(
        select(User.id, User.name).where(User.active.is_(True)).order_by(User.name)
    )
    return [(row.id, row.name) for row in rows]
