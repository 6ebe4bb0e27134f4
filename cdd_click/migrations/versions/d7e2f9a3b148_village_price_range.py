"""A village's price range (what a visit costs: a homestay night, a guided day)

Revision ID: d7e2f9a3b148
Revises: c5d1e8f2a937
Create Date: 2026-11-26 08:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd7e2f9a3b148'
down_revision = 'c5d1e8f2a937'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('village', schema=None) as batch_op:
        batch_op.add_column(sa.Column('price_min', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('price_max', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('village', schema=None) as batch_op:
        batch_op.drop_column('price_max')
        batch_op.drop_column('price_min')
