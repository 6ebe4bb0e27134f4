"""The database's identity (a random id kept in a settings row), for the search index

Revision ID: f3a9c1e5b702
Revises: d7e2f9a3b148
Create Date: 2026-12-05 09:20:00

"""
import secrets

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f3a9c1e5b702'
down_revision = 'd7e2f9a3b148'
branch_labels = None
depends_on = None


def upgrade():
    # The identity is written here, not by a command: every database that reaches this
    # revision (created by setup, migrated from an older release, or restored from a backup
    # taken after it) holds one.
    site_setting = op.create_table('site_setting',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.String(length=255), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_site_setting'))
    )
    op.bulk_insert(site_setting, [{'key': 'identity', 'value': secrets.token_hex(16)}])


def downgrade():
    op.drop_table('site_setting')
