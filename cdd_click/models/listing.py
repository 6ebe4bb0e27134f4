"""Listings: community and OTOP products, attractions, homestays and experiences."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Index, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, query_expression, relationship

from cdd_click.extensions import db
from cdd_click.models.common import ContentMixin
from cdd_click.models.facts import OwnerSupplied, PracticalFacts
from cdd_click.models.village import Village


class ListingKind(StrEnum):
    """What a listing is."""

    COMMUNITY_PRODUCT = "community_product"
    OTOP_PRODUCT = "otop_product"
    ATTRACTION = "attraction"
    ACCOMMODATION = "accommodation"
    EXPERIENCE = "experience"


class OtopCategory(StrEnum):
    """The five official OTOP product categories."""

    FOOD = "food"
    BEVERAGE = "beverage"
    TEXTILE = "textile"
    HANDICRAFT = "handicraft"
    HERBAL = "herbal"


class Listing(PracticalFacts, OwnerSupplied, ContentMixin, db.Model):
    """One thing a visitor can buy, see, stay in or do, belonging to a village."""

    __tablename__ = "listing"
    # the public list: published ones in Thai order, read a page at a time from the first;
    # a village's listings in Thai order (its page, "others in this village") from the second:
    # without it SQLite walks the whole first index to find one village's few listings
    __table_args__ = (Index("ix_listing_status_title_sort", "status", "title_sort"),
                      Index("ix_listing_village_status_title", "village_id", "status",
                            "title_sort"))

    kind: Mapped[str] = mapped_column(String(32), index=True)
    village_id: Mapped[int] = mapped_column(ForeignKey("village.id"), index=True)
    category: Mapped[str | None] = mapped_column(String(32), index=True)
    otop_stars: Mapped[int | None] = mapped_column(Integer, index=True)
    # the year (Common Era) the star level was awarded; shown in the Buddhist era
    otop_year: Mapped[int | None] = mapped_column(Integer)
    producer: Mapped[str | None] = mapped_column(String(200))
    price_min: Mapped[int | None] = mapped_column(Integer)
    price_max: Mapped[int | None] = mapped_column(Integer)
    phone: Mapped[str | None] = mapped_column(String(40))
    line_id: Mapped[str | None] = mapped_column(String(60))
    email: Mapped[str | None] = mapped_column(String(120))
    website: Mapped[str | None] = mapped_column(String(300))
    facebook: Mapped[str | None] = mapped_column(String(300))
    opening_hours: Mapped[str | None] = mapped_column(Text)
    open_days: Mapped[list[str]] = mapped_column(JSON, default=list)  # facts.WEEKDAYS codes
    opens: Mapped[str | None] = mapped_column(String(5))  # "HH:MM"
    closes: Mapped[str | None] = mapped_column(String(5))
    shop_url: Mapped[str | None] = mapped_column(String(500))  # an online shop: "buy online"
    highlights: Mapped[list[str]] = mapped_column(JSON, default=list)  # what to do or look for
    highlights_en: Mapped[list[str]] = mapped_column(JSON, default=list)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    # True when staff confirmed a pin far from the village's tambon: cdd_click/pins
    location_confirmed: Mapped[bool] = mapped_column(Boolean, default=False,
                                                     server_default=false())
    # True when the pin's nearest tambon is in another province (set on every write by
    # cdd_click/pins): such a pin counts as the item's place only once confirmed
    pin_other_province: Mapped[bool] = mapped_column(Boolean, default=False,
                                                     server_default=false())
    # The department's own id (for example the OTOP product code): imports update its row.
    external_id: Mapped[str | None] = mapped_column(String(64), unique=True)

    village: Mapped[Village] = relationship(back_populates="listings", lazy="joined")
    # How many photos it has, when the query asked (catalog's item pages do); None otherwise.
    # A page skips its photo query when this says 0, as it does for most items.
    photo_count: Mapped[int | None] = query_expression()
    # Open problem reports the page tells (reports.NOTICE_KINDS, as bits), when the query asked.
    report_notices: Mapped[int | None] = query_expression()

    @property
    def has_contact(self) -> bool:
        """True when any contact field is known."""
        return any((self.phone, self.line_id, self.email, self.website, self.facebook,
                    self.shop_url))
