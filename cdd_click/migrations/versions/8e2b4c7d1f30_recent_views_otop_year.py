"""Recent views per item (the to-do list's order), the year a product's OTOP star level was
awarded

Revision ID: 8e2b4c7d1f30
Revises: 3c1f2a9d7e10
Create Date: 2026-11-26 05:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8e2b4c7d1f30'
down_revision = '3c1f2a9d7e10'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('recent_views',
    sa.Column('item_type', sa.String(length=10), nullable=False),
    sa.Column('slug', sa.String(length=120), nullable=False),
    sa.Column('week', sa.Date(), nullable=False),
    sa.Column('this_week', sa.Integer(), nullable=False),
    sa.Column('last_week', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('item_type', 'slug', name=op.f('pk_recent_views'))
    )
    with op.batch_alter_table('listing', schema=None) as batch_op:
        batch_op.add_column(sa.Column('otop_year', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('listing', schema=None) as batch_op:
        batch_op.drop_column('otop_year')
    op.drop_table('recent_views')
