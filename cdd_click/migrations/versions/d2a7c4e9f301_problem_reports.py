"""problem reports from visitors (issue 24)

Revision ID: d2a7c4e9f301
Revises: c8e1f4a7b259
Create Date: 2026-12-06 03:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd2a7c4e9f301'
down_revision = 'c8e1f4a7b259'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('problem_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_type', sa.String(length=16), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('province_code', sa.String(length=2), nullable=True),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('contact', sa.String(length=200), nullable=True),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('resolution_note', sa.Text(), nullable=True),
    sa.Column('resolved_by_id', sa.Integer(), nullable=True),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['province_code'], ['province.code'],
                            name=op.f('fk_problem_report_province_code_province')),
    sa.ForeignKeyConstraint(['resolved_by_id'], ['user.id'],
                            name=op.f('fk_problem_report_resolved_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_problem_report')),
    sa.UniqueConstraint('token', name=op.f('uq_problem_report_token'))
    )
    with op.batch_alter_table('problem_report', schema=None) as batch_op:
        batch_op.create_index('ix_problem_report_queue', ['state', 'province_code', 'created_at'],
                              unique=False)
        batch_op.create_index('ix_problem_report_item', ['item_type', 'item_id', 'state'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('problem_report', schema=None) as batch_op:
        batch_op.drop_index('ix_problem_report_item')
        batch_op.drop_index('ix_problem_report_queue')

    op.drop_table('problem_report')
