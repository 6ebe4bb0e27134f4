"""Practical facts a visitor checks before going: when, how to get there, what to expect.

Every fact is optional and None (or empty) means "not known": a page shows only what staff or a
content file stated, and never a guess. The codes' labels live in ``cdd_click.facts``.
"""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Text
from sqlalchemy.orm import Mapped, mapped_column

MONTHS = tuple(range(1, 13))
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
AUDIENCES = ("families", "groups", "students")
LANGUAGES = ("th", "en", "zh", "ja", "ko", "fr", "de", "lo", "my", "km", "ms")


class PracticalFacts:
    """Columns shared by villages and listings."""

    best_months: Mapped[list[int]] = mapped_column(JSON, default=list)  # 1-12
    getting_there: Mapped[str | None] = mapped_column(Text)  # by car / public transport
    getting_there_en: Mapped[str | None] = mapped_column(Text)
    booking_needed: Mapped[bool | None] = mapped_column(Boolean)
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)  # LANGUAGES codes
    wheelchair_access: Mapped[bool | None] = mapped_column(Boolean)
    parking: Mapped[bool | None] = mapped_column(Boolean)
    suitable_for: Mapped[list[str]] = mapped_column(JSON, default=list)  # AUDIENCES codes

    FACT_FIELDS = ("best_months", "getting_there", "getting_there_en", "booking_needed",
                   "languages", "wheelchair_access", "parking", "suitable_for")


class OwnerSupplied:
    """Which of an item's values its owner supplied (cdd_click/owner_changes.py):
    ``{field: {"on": "YYYY-MM-DD", "checked": bool, "h": digest of the value}}``. A mark counts
    only while the field still holds the value it was made for, so a later staff edit or import
    ends it without any hook; no personal value is copied here."""

    owner_supplied: Mapped[dict] = mapped_column(JSON, default=dict, server_default="{}")
