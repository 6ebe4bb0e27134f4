"""Imports run as background jobs with progress

Revision ID: a8d4e2b6c913
Revises: f3a9c1e5b702
Create Date: 2026-12-05 09:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a8d4e2b6c913'
down_revision = 'f3a9c1e5b702'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
