"""The database's identity (a random id kept in a settings row), for the search index

Revision ID: f3a9c1e5b702
Revises: d7e2f9a3b148
Create Date: 2026-12-05 09:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f3a9c1e5b702'
down_revision = 'd7e2f9a3b148'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
