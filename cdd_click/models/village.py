"""Community-tourism villages (หมู่บ้านท่องเที่ยวชุมชน)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Index, Integer, String, false
from sqlalchemy.orm import Mapped, mapped_column, query_expression, relationship

from cdd_click.extensions import db
from cdd_click.models.common import ContentMixin
from cdd_click.models.facts import OwnerSupplied, PracticalFacts
from cdd_click.models.geography import Subdistrict

if TYPE_CHECKING:
    from cdd_click.models.listing import Listing


class Village(PracticalFacts, OwnerSupplied, ContentMixin, db.Model):
    """A village with its หมู่ที่, subdistrict, location, story and highlights."""

    __tablename__ = "village"
    # the public list: published ones in Thai order, read a page at a time from the first;
    # the home page's flagship villages in Thai order from the second
    __table_args__ = (Index("ix_village_status_title_sort", "status", "title_sort"),
                      Index("ix_village_featured_status_title", "featured", "status",
                            "title_sort"))

    moo: Mapped[int | None] = mapped_column(Integer)
    subdistrict_code: Mapped[str] = mapped_column(
        String(6), ForeignKey("subdistrict.code"), index=True
    )
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    featured: Mapped[bool] = mapped_column(Boolean, default=False)
    highlights: Mapped[list[str]] = mapped_column(JSON, default=list)
    highlights_en: Mapped[list[str]] = mapped_column(JSON, default=list)
    # what a visit costs (a homestay night, a guided day), baht; None: not known
    price_min: Mapped[int | None] = mapped_column(Integer)
    price_max: Mapped[int | None] = mapped_column(Integer)
    # The department's own id for the village (a register number), when it has one: spreadsheet
    # imports update the row that carries it.
    external_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    # True when lat/lon are the subdistrict's centroid, not the village's own place.
    location_approximate: Mapped[bool] = mapped_column(Boolean, default=False,
                                                       server_default=false())
    # True when staff confirmed a pin far from the tambon (or in another province): cdd_click/pins
    location_confirmed: Mapped[bool] = mapped_column(Boolean, default=False,
                                                     server_default=false())
    # True when the pin's nearest tambon is in another province (set on every write by
    # cdd_click/pins): such a pin counts as the item's place only once confirmed
    pin_other_province: Mapped[bool] = mapped_column(Boolean, default=False,
                                                     server_default=false())

    subdistrict: Mapped[Subdistrict] = relationship(lazy="joined")
    # How many photos it has, when the query asked (catalog's item pages do); None otherwise.
    # A page skips its photo query when this says 0, as it does for most items.
    photo_count: Mapped[int | None] = query_expression()
    # Open problem reports the page tells (reports.NOTICE_KINDS, as bits), when the query asked.
    report_notices: Mapped[int | None] = query_expression()
    listings: Mapped[list[Listing]] = relationship(back_populates="village")

    @property
    def province_code(self) -> str:
        """The village's 2-digit province code."""
        return self.subdistrict.province_code
