"""organisations keep their last contact and last reached dates

Revision ID: a1c0ffee0001
Revises: cffa26b0e10e
Create Date: 2026-12-07 19:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'a1c0ffee0001'
down_revision = 'cffa26b0e10e'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_contact_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('last_reached_on', sa.Date(), nullable=True))
        batch_op.create_index(batch_op.f('ix_organisations_last_contact_on'), ['last_contact_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_organisations_last_reached_on'), ['last_reached_on'], unique=False)
    # Fill them from the conversations already logged (deleted ones do not count).
    for column, reached_only in (("last_contact_on", False), ("last_reached_on", True)):
        op.execute(
            f"UPDATE organisations SET {column} = ("
            "SELECT max(c.occurred_on) FROM conversations c "
            "JOIN conversation_organisations co ON co.conversation_id = c.id "
            "WHERE co.organisation_id = organisations.id AND c.deleted_at IS NULL"
            + (" AND c.outcome = 'reached'" if reached_only else "")
            + ")"
        )


def downgrade():
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organisations_last_reached_on'))
        batch_op.drop_index(batch_op.f('ix_organisations_last_contact_on'))
        batch_op.drop_column('last_reached_on')
        batch_op.drop_column('last_contact_on')
