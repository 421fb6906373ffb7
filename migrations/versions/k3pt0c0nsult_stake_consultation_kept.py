"""stakes keep their consultation facts: consulted on, attempts, last attempt, last conversation

Revision ID: k3pt0c0nsult
Revises: s34rch000018
Create Date: 2026-12-08 01:20:00

Each stake keeps what rules.consult_facts (DESIGN.md 3.1) says of the live conversations
concerning its proposal and involving its organisation since the consultation start, so
the dashboard, proposal pages, checklists and call sheets no longer read the conversation
log. The services keep them in step (crm/proposals/consultation.py); `flask crm reindex`
rebuilds them. Filled here from the conversations already logged, by the same rule in SQL.
"""
from alembic import op
import sqlalchemy as sa


revision = 'k3pt0c0nsult'
down_revision = 's34rch000018'
branch_labels = None
depends_on = None

# The live conversations of a stake's (proposal, organisation) since the proposal's start.
_SINCE_START = (
    "FROM conversations c "
    "JOIN conversation_organisations co ON co.conversation_id = c.id "
    "JOIN conversation_proposals cp ON cp.conversation_id = c.id "
    "JOIN proposals p ON p.id = cp.proposal_id "
    "WHERE co.organisation_id = stakes.organisation_id AND cp.proposal_id = stakes.proposal_id "
    "AND c.deleted_at IS NULL AND c.occurred_on >= p.consultation_start"
)

# rules.consult_facts in SQL (tests/conversations/test_kept_values.py checks they agree).
FILL = (
    "UPDATE stakes SET "
    f"consulted_on = (SELECT min(c.occurred_on) {_SINCE_START} AND c.outcome = 'reached'), "
    f"attempts = (SELECT count(*) {_SINCE_START} AND c.outcome <> 'reached'), "
    f"last_attempt_on = (SELECT max(c.occurred_on) {_SINCE_START} AND c.outcome <> 'reached'), "
    f"last_conversation_on = (SELECT max(c.occurred_on) {_SINCE_START})"
)


def upgrade():
    with op.batch_alter_table('stakes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('consulted_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('attempts', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('last_attempt_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('last_conversation_on', sa.Date(), nullable=True))
    op.execute(FILL)


def downgrade():
    with op.batch_alter_table('stakes', schema=None) as batch_op:
        batch_op.drop_column('last_conversation_on')
        batch_op.drop_column('last_attempt_on')
        batch_op.drop_column('attempts')
        batch_op.drop_column('consulted_on')
