"""Import uploads kept in 1 MB pieces (import_upload_chunk), not one column

Revision ID: b7c3d9e1f248
Revises: c2e7f4a9d105
Create Date: 2026-12-05 21:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7c3d9e1f248'
down_revision = 'c2e7f4a9d105'
branch_labels = None
depends_on = None

CHUNK = 1024 * 1024


def upgrade():
    chunks = op.create_table('import_upload_chunk',
    sa.Column('job_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['job_id'], ['import_job.id'], name=op.f('fk_import_upload_chunk_job_id_import_job'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('job_id', 'seq', name=op.f('pk_import_upload_chunk'))
    )
    # Uploads waiting for their check or confirmation (a day's worth, each under the old 10 MB
    # cap) move into pieces, one upload in memory at a time.
    bind = op.get_bind()
    jobs = sa.table('import_job', sa.column('id', sa.Integer), sa.column('data', sa.LargeBinary))
    for job_id in bind.scalars(sa.select(jobs.c.id).where(jobs.c.data.isnot(None))).all():
        data = bind.scalar(sa.select(jobs.c.data).where(jobs.c.id == job_id))
        for seq, start in enumerate(range(0, len(data), CHUNK)):
            bind.execute(chunks.insert().values(job_id=job_id, seq=seq,
                                                data=data[start:start + CHUNK]))
    with op.batch_alter_table('import_job', schema=None) as batch_op:
        batch_op.drop_column('data')


def downgrade():
    with op.batch_alter_table('import_job', schema=None) as batch_op:
        batch_op.add_column(sa.Column('data', sa.LargeBinary(), nullable=True))
    bind = op.get_bind()
    jobs = sa.table('import_job', sa.column('id', sa.Integer), sa.column('data', sa.LargeBinary))
    chunks = sa.table('import_upload_chunk', sa.column('job_id', sa.Integer),
                      sa.column('seq', sa.Integer), sa.column('data', sa.LargeBinary))
    for job_id in bind.scalars(sa.select(chunks.c.job_id).distinct()).all():
        data = b"".join(bind.scalars(sa.select(chunks.c.data).where(
            chunks.c.job_id == job_id).order_by(chunks.c.seq)))
        bind.execute(jobs.update().where(jobs.c.id == job_id).values(data=data))
    op.drop_table('import_upload_chunk')
