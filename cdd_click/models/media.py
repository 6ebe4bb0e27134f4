"""Photos of villages and listings, and the media store that keeps their WebP variants."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from cdd_click.extensions import db
from cdd_click.models.common import utcnow

PHOTO_WIDTHS = (480, 1200)


class Photo(db.Model):
    """One photo; its files are ``<key>-480.webp`` and ``<key>-1200.webp`` in the media store."""

    __tablename__ = "photo"

    id: Mapped[int] = mapped_column(primary_key=True)
    village_id: Mapped[int | None] = mapped_column(
        ForeignKey("village.id", ondelete="CASCADE"), index=True)
    listing_id: Mapped[int | None] = mapped_column(
        ForeignKey("listing.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(64), index=True)
    alt: Mapped[str] = mapped_column(String(300))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    def filename(self, width: int) -> str:
        """Name of the variant ``width`` pixels wide (or narrower originals, never upscaled)."""
        return f"{self.key}-{width}.webp"


class MediaBlob(db.Model):
    """A media file kept in the database, so that every machine can serve it."""

    __tablename__ = "media_blob"

    name: Mapped[str] = mapped_column(String(80), primary_key=True)
    data: Mapped[bytes] = mapped_column(db.LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class PendingUpload(db.Model):
    """A photo chosen on a form whose save failed, kept (for a day) so the next save has it."""

    __tablename__ = "pending_upload"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(Integer)
    filename: Mapped[str] = mapped_column(String(200))
    data: Mapped[bytes] = mapped_column(db.LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 index=True)
