"""Key points (highlights) for articles, in Thai and English

Revision ID: c5d1e8f2a937
Revises: 9b3c5e7f1a24
Create Date: 2026-11-26 08:35:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c5d1e8f2a937'
down_revision = '9b3c5e7f1a24'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('article', schema=None) as batch_op:
        batch_op.add_column(sa.Column('highlights', sa.JSON(), nullable=False,
                                      server_default='[]'))
        batch_op.add_column(sa.Column('highlights_en', sa.JSON(), nullable=False,
                                      server_default='[]'))


def downgrade():
    with op.batch_alter_table('article', schema=None) as batch_op:
        batch_op.drop_column('highlights_en')
        batch_op.drop_column('highlights')
