"""An import job's uploaded file, kept in the database in pieces of ``CHUNK_BYTES``.

The database is the one place every machine sees: the job may run in a thread of the process
that took the upload or in ``flask content import-jobs`` on another machine. The file is written
from the request's spooled copy on disk and read back into a temporary file of the machine that
runs the job, a piece at a time each way, so a ``.zip`` as large as IMPORT_MAX_UPLOAD_MB never
sits in memory whole (the ``.zip`` is then read from that file as the import needs it)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, BinaryIO

from sqlalchemy import delete, insert, select

from cdd_click.extensions import db
from cdd_click.models import ImportUploadChunk

CHUNK_BYTES = 1024 * 1024
_CHUNKS = ImportUploadChunk.__table__


def store(job_id: int, stream: BinaryIO) -> int:
    """Write ``stream`` (from its start) as the job's pieces, in the session's transaction;
    returns the bytes written."""
    stream.seek(0)
    seq = written = 0
    while piece := stream.read(CHUNK_BYTES):
        db.session.execute(insert(_CHUNKS).values(job_id=job_id, seq=seq, data=piece))
        seq += 1
        written += len(piece)
    return written


@contextmanager
def opened(job_id: int) -> Iterator[BinaryIO]:
    """The job's file, copied a piece at a time into a temporary file of this machine (removed
    when the block ends), positioned at its start."""
    with tempfile.TemporaryFile(prefix="cdd-import-") as copy:
        with db.engine.connect() as connection:
            seqs = connection.scalars(select(_CHUNKS.c.seq).where(
                _CHUNKS.c.job_id == job_id).order_by(_CHUNKS.c.seq)).all()
            for seq in seqs:  # one piece in memory at a time
                copy.write(connection.scalar(select(_CHUNKS.c.data).where(
                    _CHUNKS.c.job_id == job_id, _CHUNKS.c.seq == seq)))
        copy.seek(0)
        yield copy


def drop(connection: Any, job_id: int) -> None:
    """Remove the job's file, on ``connection`` (or the session), in its transaction."""
    connection.execute(delete(_CHUNKS).where(_CHUNKS.c.job_id == job_id))

