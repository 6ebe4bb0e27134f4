"""A spreadsheet an editor uploaded and is looking at the preview of, until they confirm it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from cdd_click.extensions import db
from cdd_click.models.common import utcnow


class PendingImport(db.Model):
    """The uploaded file, kept in the database (so the confirming request may reach any machine)
    for a day at most; the confirmation plans it again against the database as it is then."""

    __tablename__ = "pending_import"

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    data: Mapped[bytes] = mapped_column(db.LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 index=True)
