"""trace count per project, indexes for cost and latency sorts

Revision ID: f9361bfc5e1b
Revises: 9375ce9410f8
Create Date: 2026-11-29 00:00:28.337292
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import agenttrace.db.types

revision: str = 'f9361bfc5e1b'
down_revision: str | None = '9375ce9410f8'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('trace_count',
    sa.Column('project_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('traces', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('project_id')
    )
    # Databases that already hold traces start with their true counts.
    op.execute(
        "INSERT INTO trace_count (project_id, traces) "
        "SELECT project_id, count(*) FROM trace GROUP BY project_id"
    )
    with op.batch_alter_table('trace', schema=None) as batch_op:
        batch_op.create_index('ix_trace_project_cost', ['project_id', 'total_cost', 'id'], unique=False)
        batch_op.create_index('ix_trace_project_latency', ['project_id', 'latency', 'id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('trace', schema=None) as batch_op:
        batch_op.drop_index('ix_trace_project_latency')
        batch_op.drop_index('ix_trace_project_cost')

    op.drop_table('trace_count')
