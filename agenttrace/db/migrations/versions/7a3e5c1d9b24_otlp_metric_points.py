"""otlp metric points

Revision ID: 7a3e5c1d9b24
Revises: 2461c293a2f2
Create Date: 2026-12-01 12:10:00.000000

The time series of OTLP metrics (``models/metrics.py``, ``core/metrics/``): one row per
data point, deltas computed at write time.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import agenttrace.db.types

revision: str = '7a3e5c1d9b24'
down_revision: str | None = '2461c293a2f2'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('metric_point',
    sa.Column('project_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('unit', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('temporality', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('monotonic', sa.Boolean(), nullable=False),
    sa.Column('stream_key', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('attributes', agenttrace.db.types.JSONType(none_as_null=True), nullable=False),
    sa.Column('start_time', agenttrace.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('end_time', agenttrace.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('raw_value', sa.Float(), nullable=False),
    sa.Column('count', sa.BigInteger(), nullable=True),
    sa.Column('data', agenttrace.db.types.JSONType(none_as_null=True), nullable=True),
    sa.Column('created_at', agenttrace.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('project_id', 'id')
    )
    with op.batch_alter_table('metric_point', schema=None) as batch_op:
        batch_op.create_index('ix_metric_point_project_end', ['project_id', 'end_time'], unique=False)
        batch_op.create_index('ix_metric_point_project_name_end', ['project_id', 'name', 'end_time'], unique=False)
        batch_op.create_index('ix_metric_point_project_stream_end', ['project_id', 'stream_key', 'end_time'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('metric_point', schema=None) as batch_op:
        batch_op.drop_index('ix_metric_point_project_stream_end')
        batch_op.drop_index('ix_metric_point_project_name_end')
        batch_op.drop_index('ix_metric_point_project_end')
    op.drop_table('metric_point')
