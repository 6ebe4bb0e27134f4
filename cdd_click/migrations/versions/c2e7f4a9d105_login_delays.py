"""Login: per-account delay and known devices

Revision ID: c2e7f4a9d105
Revises: a8d4e2b6c913
Create Date: 2026-12-05 09:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c2e7f4a9d105'
down_revision = 'a8d4e2b6c913'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
