"""The day staff last confirmed an item, and where its facts come from (villages, listings,
articles)

Revision ID: a3f7c2d9e514
Revises: d2a7c4e9f301
Create Date: 2026-12-06 02:55:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a3f7c2d9e514'
down_revision = 'd2a7c4e9f301'
branch_labels = None
depends_on = None

TABLES = ('village', 'listing', 'article')


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('checked_on', sa.Date(), nullable=True))
            batch_op.add_column(sa.Column('sources', sa.JSON(), nullable=False,
                                          server_default='[]'))


def downgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('sources')
            batch_op.drop_column('checked_on')
