"""Knowledge articles (องค์ความรู้)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from cdd_click.extensions import db
from cdd_click.models.common import ContentMixin


class Article(ContentMixin, db.Model):
    """A Markdown article with a category, tags and a publication date."""

    __tablename__ = "article"

    category: Mapped[str] = mapped_column(String(100), default="", index=True)
    published_on: Mapped[date] = mapped_column(Date, index=True)
    # Articles of national scope have no province and are edited by admins only.
    province_code: Mapped[str | None] = mapped_column(ForeignKey("province.code"), index=True)
    highlights: Mapped[list[str]] = mapped_column(JSON, default=list)  # key points, Thai
    highlights_en: Mapped[list[str]] = mapped_column(JSON, default=list)
