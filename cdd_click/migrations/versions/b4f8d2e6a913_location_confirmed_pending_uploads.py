"""A far pin's confirmation (villages, listings) and photos kept across a failed save

Revision ID: b4f8d2e6a913
Revises: a4e9c2d7b316
Create Date: 2026-12-05 21:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b4f8d2e6a913'
down_revision = 'a4e9c2d7b316'
branch_labels = None
depends_on = None


def upgrade():
    for table in ('village', 'listing'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('location_confirmed', sa.Boolean(), nullable=False,
                                          server_default=sa.false()))
    op.create_table('pending_upload',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_pending_upload'))
    )
    with op.batch_alter_table('pending_upload', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pending_upload_created_at'), ['created_at'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('pending_upload', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pending_upload_created_at'))
    op.drop_table('pending_upload')
    for table in ('listing', 'village'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('location_confirmed')
