"""prompts and datasets tables

Revision ID: e50336fe11b0
Revises: c3f630469469
Create Date: 2026-12-01 08:59:16.721972
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import agenttrace.db.types

revision: str = 'e50336fe11b0'
down_revision: str | None = 'c3f630469469'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('dataset',
    sa.Column('project_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('description', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('metadata', agenttrace.db.types.JSONType(none_as_null=True), nullable=True),
    sa.Column('input_schema', agenttrace.db.types.JSONType(none_as_null=True), nullable=True),
    sa.Column('expected_output_schema', agenttrace.db.types.JSONType(none_as_null=True), nullable=True),
    sa.Column('created_at', agenttrace.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', agenttrace.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('project_id', 'id'),
    sa.UniqueConstraint('project_id', 'name', name='uq_dataset_project_name')
    )
    op.create_table('dataset_item',
    sa.Column('project_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('dataset_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('input', agenttrace.db.types.JSONType(none_as_null=True), nullable=True),
    sa.Column('expected_output', agenttrace.db.types.JSONType(none_as_null=True), nullable=True),
    sa.Column('metadata', agenttrace.db.types.JSONType(none_as_null=True), nullable=True),
    sa.Column('source_trace_id', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('source_observation_id', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('created_at', agenttrace.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', agenttrace.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('project_id', 'id')
    )
    with op.batch_alter_table('dataset_item', schema=None) as batch_op:
        batch_op.create_index('ix_dataset_item_project_dataset_created', ['project_id', 'dataset_id', 'created_at', 'id'], unique=False)
        batch_op.create_index('ix_dataset_item_project_source_trace', ['project_id', 'source_trace_id'], unique=False)

    op.create_table('dataset_run',
    sa.Column('project_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('dataset_id', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('description', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('metadata', agenttrace.db.types.JSONType(none_as_null=True), nullable=True),
    sa.Column('created_at', agenttrace.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', agenttrace.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('project_id', 'id'),
    sa.UniqueConstraint('project_id', 'dataset_id', 'name', name='uq_dataset_run_project_dataset_name')
    )
    with op.batch_alter_table('dataset_run', schema=None) as batch_op:
        batch_op.create_index('ix_dataset_run_project_created', ['project_id', 'created_at', 'id'], unique=False)

    op.create_table('dataset_run_item',
    sa.Column('project_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('run_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('dataset_item_id', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('trace_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('observation_id', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('dataset_item_version', agenttrace.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('expected_output', agenttrace.db.types.JSONType(none_as_null=True), nullable=True),
    sa.Column('created_at', agenttrace.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', agenttrace.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('project_id', 'id')
    )
    with op.batch_alter_table('dataset_run_item', schema=None) as batch_op:
        batch_op.create_index('ix_dataset_run_item_project_item', ['project_id', 'dataset_item_id'], unique=False)
        batch_op.create_index('ix_dataset_run_item_project_run', ['project_id', 'run_id', 'created_at', 'id'], unique=False)
        batch_op.create_index('ix_dataset_run_item_project_trace', ['project_id', 'trace_id'], unique=False)

    op.create_table('prompt',
    sa.Column('project_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('type', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('tags', agenttrace.db.types.JSONType(none_as_null=True), nullable=False),
    sa.Column('created_at', agenttrace.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', agenttrace.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('project_id', 'id'),
    sa.UniqueConstraint('project_id', 'name', name='uq_prompt_project_name')
    )
    op.create_table('prompt_label',
    sa.Column('project_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('prompt_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('label', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', agenttrace.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('project_id', 'prompt_id', 'label')
    )
    with op.batch_alter_table('prompt_label', schema=None) as batch_op:
        batch_op.create_index('ix_prompt_label_project_prompt_version', ['project_id', 'prompt_id', 'version'], unique=False)

    op.create_table('prompt_version',
    sa.Column('project_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('prompt_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('prompt', agenttrace.db.types.JSONType(none_as_null=True), nullable=False),
    sa.Column('config', agenttrace.db.types.JSONType(none_as_null=True), nullable=True),
    sa.Column('commit_message', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('created_at', agenttrace.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', agenttrace.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('project_id', 'id'),
    sa.UniqueConstraint('project_id', 'prompt_id', 'version', name='uq_prompt_version_project_prompt_version')
    )
    with op.batch_alter_table('score', schema=None) as batch_op:
        batch_op.create_index('ix_score_project_dataset_run', ['project_id', 'dataset_run_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('score', schema=None) as batch_op:
        batch_op.drop_index('ix_score_project_dataset_run')

    op.drop_table('prompt_version')
    with op.batch_alter_table('prompt_label', schema=None) as batch_op:
        batch_op.drop_index('ix_prompt_label_project_prompt_version')

    op.drop_table('prompt_label')
    op.drop_table('prompt')
    with op.batch_alter_table('dataset_run_item', schema=None) as batch_op:
        batch_op.drop_index('ix_dataset_run_item_project_trace')
        batch_op.drop_index('ix_dataset_run_item_project_run')
        batch_op.drop_index('ix_dataset_run_item_project_item')

    op.drop_table('dataset_run_item')
    with op.batch_alter_table('dataset_run', schema=None) as batch_op:
        batch_op.drop_index('ix_dataset_run_project_created')

    op.drop_table('dataset_run')
    with op.batch_alter_table('dataset_item', schema=None) as batch_op:
        batch_op.drop_index('ix_dataset_item_project_source_trace')
        batch_op.drop_index('ix_dataset_item_project_dataset_created')

    op.drop_table('dataset_item')
    op.drop_table('dataset')
