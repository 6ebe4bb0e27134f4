"""External ids of villages and listings, approximate village locations, tambon centroids,
pending spreadsheet imports, updated_at indexes, page view and search aggregates

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

    for table in ('village', 'listing', 'article'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(batch_op.f(f'ix_{table}_updated_at'), ['updated_at'],
                                  unique=False)

    op.create_table('page_view_day',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('item_type', sa.String(length=10), nullable=False),
    sa.Column('slug', sa.String(length=120), nullable=False),
    sa.Column('views', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('day', 'item_type', 'slug', name=op.f('pk_page_view_day'))
    )
    op.create_table('search_week',
    sa.Column('week', sa.Date(), nullable=False),
    sa.Column('query', sa.String(length=100), nullable=False),
    sa.Column('searches', sa.Integer(), nullable=False),
    sa.Column('zero_results', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('week', 'query', name=op.f('pk_search_week'))
    )
    op.create_table('pending_import',
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_pending_import_user_id_user'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('token', name=op.f('pk_pending_import'))
    )
    with op.batch_alter_table('pending_import', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pending_import_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_pending_import_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('pending_import', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pending_import_user_id'))
        batch_op.drop_index(batch_op.f('ix_pending_import_created_at'))
    op.drop_table('pending_import')
    op.drop_table('search_week')
    op.drop_table('page_view_day')

    for table in ('article', 'listing', 'village'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f'ix_{table}_updated_at'))

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
