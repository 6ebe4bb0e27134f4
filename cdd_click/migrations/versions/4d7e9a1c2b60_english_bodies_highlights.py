"""English Markdown bodies for villages, listings and articles; English highlights for villages;
highlights in both languages for listings

Revision ID: 4d7e9a1c2b60
Revises: 8e2b4c7d1f30
Create Date: 2026-11-26 08:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '4d7e9a1c2b60'
down_revision = '8e2b4c7d1f30'
branch_labels = None
depends_on = None


def upgrade():
    for table in ('village', 'listing', 'article'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('body_en', sa.Text(), nullable=True))
    with op.batch_alter_table('village', schema=None) as batch_op:
        batch_op.add_column(sa.Column('highlights_en', sa.JSON(), nullable=False,
                                      server_default='[]'))
    with op.batch_alter_table('listing', schema=None) as batch_op:
        batch_op.add_column(sa.Column('highlights', sa.JSON(), nullable=False,
                                      server_default='[]'))
        batch_op.add_column(sa.Column('highlights_en', sa.JSON(), nullable=False,
                                      server_default='[]'))


def downgrade():
    with op.batch_alter_table('listing', schema=None) as batch_op:
        batch_op.drop_column('highlights_en')
        batch_op.drop_column('highlights')
    with op.batch_alter_table('village', schema=None) as batch_op:
        batch_op.drop_column('highlights_en')
    for table in ('article', 'listing', 'village'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('body_en')
