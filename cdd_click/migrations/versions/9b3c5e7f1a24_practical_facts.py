"""Practical facts for villages and listings (best months, getting there, booking, languages,
wheelchair access, parking, suitable for); opening days and times and an online shop for listings

Revision ID: 9b3c5e7f1a24
Revises: 4d7e9a1c2b60
Create Date: 2026-11-26 07:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9b3c5e7f1a24'
down_revision = '4d7e9a1c2b60'
branch_labels = None
depends_on = None

_LISTS = ('best_months', 'languages', 'suitable_for')


def upgrade():
    for table in ('village', 'listing'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name in _LISTS:
                batch_op.add_column(sa.Column(name, sa.JSON(), nullable=False,
                                              server_default='[]'))
            batch_op.add_column(sa.Column('getting_there', sa.Text(), nullable=True))
            batch_op.add_column(sa.Column('getting_there_en', sa.Text(), nullable=True))
            for name in ('booking_needed', 'wheelchair_access', 'parking'):
                batch_op.add_column(sa.Column(name, sa.Boolean(), nullable=True))
    with op.batch_alter_table('listing', schema=None) as batch_op:
        batch_op.add_column(sa.Column('open_days', sa.JSON(), nullable=False,
                                      server_default='[]'))
        batch_op.add_column(sa.Column('opens', sa.String(length=5), nullable=True))
        batch_op.add_column(sa.Column('closes', sa.String(length=5), nullable=True))
        batch_op.add_column(sa.Column('shop_url', sa.String(length=500), nullable=True))


def downgrade():
    with op.batch_alter_table('listing', schema=None) as batch_op:
        for name in ('shop_url', 'closes', 'opens', 'open_days'):
            batch_op.drop_column(name)
    for table in ('listing', 'village'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name in ('parking', 'wheelchair_access', 'booking_needed', 'getting_there_en',
                         'getting_there', *_LISTS):
                batch_op.drop_column(name)
