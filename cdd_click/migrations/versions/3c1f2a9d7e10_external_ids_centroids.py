"""External ids of villages and listings, approximate village locations, tambon centroids

Revision ID: 3c1f2a9d7e10
Revises: 6a68f7515a2b
Create Date: 2026-11-26 02:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3c1f2a9d7e10'
down_revision = '6a68f7515a2b'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('village', schema=None) as batch_op:
        batch_op.add_column(sa.Column('external_id', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('location_approximate', sa.Boolean(),
                                      server_default=sa.false(), nullable=False))
        batch_op.create_unique_constraint(batch_op.f('uq_village_external_id'), ['external_id'])

    with op.batch_alter_table('listing', schema=None) as batch_op:
        batch_op.add_column(sa.Column('external_id', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_listing_external_id'), ['external_id'])

    with op.batch_alter_table('subdistrict', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lat', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('lon', sa.Float(), nullable=True))


def downgrade():
    with op.batch_alter_table('subdistrict', schema=None) as batch_op:
        batch_op.drop_column('lon')
        batch_op.drop_column('lat')

    with op.batch_alter_table('listing', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_listing_external_id'), type_='unique')
        batch_op.drop_column('external_id')

    with op.batch_alter_table('village', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_village_external_id'), type_='unique')
        batch_op.drop_column('location_approximate')
        batch_op.drop_column('external_id')
