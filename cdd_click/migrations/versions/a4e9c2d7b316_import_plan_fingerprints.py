"""Import jobs keep their checked plan's row fingerprints (a confirmation writes exactly that)

Revision ID: a4e9c2d7b316
Revises: b7c3d9e1f248
Create Date: 2026-12-05 22:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a4e9c2d7b316'
down_revision = 'b7c3d9e1f248'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('import_job', schema=None) as batch_op:
        batch_op.add_column(sa.Column('plan_fingerprints', sa.LargeBinary(), nullable=True))


def downgrade():
    with op.batch_alter_table('import_job', schema=None) as batch_op:
        batch_op.drop_column('plan_fingerprints')
