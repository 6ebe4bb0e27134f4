"""An uploaded spreadsheet and what became of it: checked, confirmed, written (an import job)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from cdd_click.extensions import db
from cdd_click.models.common import utcnow


class ImportJob(db.Model):
    """One upload, run in the background twice: a check (the preview) and, once its editor
    confirms, the import itself, which plans the file again against the database and writes it
    in one transaction. The file waits in ``import_upload_chunk`` (so any machine may run the
    job) and is dropped when the job ends or is imported, in that transaction. Progress and the
    heartbeat are written from another connection, so the import's transaction touches this
    row only in its last statement (``state`` = done)."""

    __tablename__ = "import_job"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    # queued, checking, checked, planning, writing, done, refused, failed
    state: Mapped[str] = mapped_column(String(20), default="queued", index=True)
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    rows_total: Mapped[int | None] = mapped_column(Integer)  # data rows, known after the check
    rows_planned: Mapped[int] = mapped_column(Integer, default=0)
    rows_to_write: Mapped[int | None] = mapped_column(Integer)  # created + updated
    rows_written: Mapped[int] = mapped_column(Integer, default=0)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # the preview, or the report
    # the checked plan's row fingerprints (importer.fingerprint, 8 bytes a row, sorted): its
    # confirmation writes a row only if the row still plans to do exactly what was shown
    plan_fingerprints: Mapped[bytes | None] = mapped_column(db.LargeBinary, deferred=True)
    runner: Mapped[str | None] = mapped_column(String(40))  # who runs it now (a random id)
    heartbeat_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 index=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    RUNNING = ("queued", "checking", "planning", "writing")
    FINISHED = ("done", "refused", "failed")

    @property
    def running(self) -> bool:
        return self.state in self.RUNNING

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None


class ImportUploadChunk(db.Model):
    """One piece (``content.import_uploads.CHUNK_BYTES``) of a job's uploaded file, in order
    of ``seq``: a file as large as IMPORT_MAX_UPLOAD_MB is written and read a piece at a time,
    never whole in memory, by whichever machine runs the job."""

    __tablename__ = "import_upload_chunk"

    job_id: Mapped[int] = mapped_column(ForeignKey("import_job.id", ondelete="CASCADE"),
                                        primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    data: Mapped[bytes] = mapped_column(db.LargeBinary)
