"""Columns shared by every piece of published content."""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum

from sqlalchemy import JSON, Date, DateTime, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, declared_attr, mapped_column


def utcnow() -> datetime:
    """Timezone-aware now, for created/updated stamps."""
    return datetime.now(UTC)


class Status(StrEnum):
    """Publishing state: only published items reach public pages."""

    DRAFT = "draft"
    PUBLISHED = "published"
    ARCHIVED = "archived"


class ContentMixin:
    """Slug, bilingual title and summary, Markdown body, tags, state and timestamps."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True, index=True)
    title: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str | None] = mapped_column(String(200))
    # The title's Thai dictionary order as bytes (collation.sort_key), set on every write by
    # collation's before_flush listener: public lists order by it through its index.
    title_sort: Mapped[bytes | None] = mapped_column(LargeBinary, index=True)
    summary: Mapped[str] = mapped_column(Text, default="")
    summary_en: Mapped[str | None] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text, default="")
    body_en: Mapped[str | None] = mapped_column(Text)  # Markdown; absent: the Thai body is shown
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(16), default=Status.PUBLISHED, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(  # indexed: staff lists are newest first
        DateTime(timezone=True), default=utcnow, onupdate=utcnow, index=True
    )
    # Bumped on every UPDATE (SQLAlchemy's version counter): an edit form carries the version it
    # was loaded from, and saving over a newer version is refused instead of overwriting it.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    # The day (Asia/Bangkok) staff last confirmed the item is still correct; None: never. Pages
    # show it ("ตรวจสอบล่าสุด"), never updated_at, which a content load also moves.
    checked_on: Mapped[date | None] = mapped_column(Date)
    # Where its facts come from: [{"title": …, "url": "https://…"}] (cdd_click/sources.py)
    sources: Mapped[list[dict]] = mapped_column(JSON, default=list, server_default="[]")

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        return {"version_id_col": cls.version}
