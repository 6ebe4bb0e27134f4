"""A pin whose nearest tambon is in another province, stored with the pin (villages, listings)

Revision ID: c8e1f4a7b259
Revises: b4f8d2e6a913
Create Date: 2026-12-06 02:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c8e1f4a7b259'
down_revision = 'b4f8d2e6a913'
branch_labels = None
depends_on = None

BATCH = 1000


def upgrade():
    from cdd_click.pins import in_other_province

    for table in ('village', 'listing'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('pin_other_province', sa.Boolean(), nullable=False,
                                          server_default=sa.false()))
    connection = op.get_bind()
    queries = {
        'village': "SELECT id, lat, lon, subdistrict_code FROM village "
                   "WHERE lat IS NOT NULL AND id > :last ORDER BY id LIMIT :size",
        'listing': "SELECT listing.id, listing.lat, listing.lon, village.subdistrict_code "
                   "FROM listing JOIN village ON village.id = listing.village_id "
                   "WHERE listing.lat IS NOT NULL AND listing.id > :last "
                   "ORDER BY listing.id LIMIT :size",
    }
    for table, query in queries.items():
        last = 0
        while True:
            rows = connection.execute(sa.text(query), {"last": last, "size": BATCH}).all()
            if not rows:
                break
            marked = [{"id": row[0]} for row in rows if in_other_province(row[1], row[2], row[3])]
            if marked:
                connection.execute(sa.text(
                    f"UPDATE {table} SET pin_other_province = :yes WHERE id = :id"),
                    [{**row, "yes": True} for row in marked])
            last = rows[-1][0]


def downgrade():
    for table in ('listing', 'village'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('pin_other_province')
