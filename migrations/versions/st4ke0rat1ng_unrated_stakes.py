"""stakes may be not yet rated: influence and interest nullable (None means not rated)

Revision ID: st4ke0rat1ng
Revises: c0d5a1e16000
Create Date: 2026-12-07 22:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'st4ke0rat1ng'
down_revision = 'c0d5a1e16000'
branch_labels = None
depends_on = None


def upgrade():
    # Stakes added without a rating used to get 3/3 silently, which put every new partner
    # in "Manage closely". Existing scores are kept: nothing tells a made-up 3 from a real one.
    with op.batch_alter_table('stakes', schema=None) as batch_op:
        batch_op.alter_column('influence', existing_type=sa.Integer(), nullable=True)
        batch_op.alter_column('interest', existing_type=sa.Integer(), nullable=True)


def downgrade():
    op.execute("UPDATE stakes SET influence = 3 WHERE influence IS NULL")
    op.execute("UPDATE stakes SET interest = 3 WHERE interest IS NULL")
    with op.batch_alter_table('stakes', schema=None) as batch_op:
        batch_op.alter_column('influence', existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column('interest', existing_type=sa.Integer(), nullable=False)
