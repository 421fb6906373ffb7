"""version columns for conversations, follow-ups, milestones, settings and users (no lost updates)

Revision ID: h0571e5a1f19
Revises: a1c0ffee0001
Create Date: 2026-11-29 10:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'h0571e5a1f19'
down_revision = 'a1c0ffee0001'
branch_labels = None
depends_on = None

TABLES = ('conversations', 'follow_ups', 'milestones', 'settings', 'users')


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column('version', sa.Integer(), server_default='1', nullable=False)
            )


def downgrade():
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('version')
