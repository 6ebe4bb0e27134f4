"""Titles' Thai sort keys stored with the title and indexed (villages, listings, articles),
and (status, key) for the public lists

Revision ID: 90f570b62262
Revises: 51c247f776fc
Create Date: 2026-12-06 05:29:16.718483

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '90f570b62262'
down_revision = '51c247f776fc'
branch_labels = None
depends_on = None

TABLES = ('article', 'listing', 'village')
BATCH = 1000


def upgrade():
    from cdd_click.collation import sort_key

    connection = op.get_bind()
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('title_sort', sa.LargeBinary(), nullable=True))
        last = 0
        while True:  # in batches: a 100,000-row table is never held at once
            rows = connection.execute(sa.text(
                f"SELECT id, title FROM {table} WHERE id > :last ORDER BY id LIMIT :size"),
                {"last": last, "size": BATCH}).all()
            if not rows:
                break
            connection.execute(
                sa.text(f"UPDATE {table} SET title_sort = :key WHERE id = :id"),
                [{"id": row[0], "key": sort_key(row[1])} for row in rows])
            last = rows[-1][0]
        with op.batch_alter_table(table, schema=None) as batch_op:  # after the backfill: faster
            batch_op.create_index(batch_op.f(f'ix_{table}_title_sort'), ['title_sort'],
                                  unique=False)
            if table != 'article':  # the public lists: published ones in Thai order
                batch_op.create_index(f'ix_{table}_status_title_sort', ['status', 'title_sort'],
                                      unique=False)


def downgrade():
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            if table != 'article':
                batch_op.drop_index(f'ix_{table}_status_title_sort')
            batch_op.drop_index(batch_op.f(f'ix_{table}_title_sort'))
            batch_op.drop_column('title_sort')
