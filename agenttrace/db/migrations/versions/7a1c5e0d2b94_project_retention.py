"""project retention policy and last sweep

Revision ID: 7a1c5e0d2b94
Revises: 7a3e5c1d9b24
Create Date: 2026-12-01 12:05:00.000000

A project's ``retention_days`` (None: keep everything) and what the retention sweeper
(``core/retention.py``) last did for it.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (the generated header's import)
from alembic import op

import agenttrace.db.types

revision: str = '7a1c5e0d2b94'
down_revision: str | None = '7a3e5c1d9b24'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('project', schema=None) as batch_op:
        batch_op.add_column(sa.Column('retention_days', sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column('last_sweep_at', agenttrace.db.types.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column('last_sweep_deleted', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('project', schema=None) as batch_op:
        batch_op.drop_column('last_sweep_deleted')
        batch_op.drop_column('last_sweep_at')
        batch_op.drop_column('retention_days')
