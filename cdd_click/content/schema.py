"""Which front-matter fields each content type has, and how each is checked."""

from __future__ import annotations

from dataclasses import dataclass

from cdd_click.content import fields as f
from cdd_click.models.facts import AUDIENCES, LANGUAGES, MONTHS, WEEKDAYS


@dataclass(frozen=True)
class Field:
    """One front-matter key: its converter, whether it is required, and its model column."""

    convert: f.Converter
    required: bool = False
    column: str | None = None


_COMMON = {
    "title": Field(f.thai_text(200), required=True),
    "title_en": Field(f.text(200)),
    "summary": Field(f.text(600), required=True),
    "summary_en": Field(f.text(600)),
    "body_en": Field(f.markdown_text),
    "tags": Field(f.string_list),
    "status": Field(f.status),
    # the day staff last confirmed the item (never invented: leave it out until someone has)
    "checked_on": Field(f.checked_date),
    "sources": Field(f.source_list),  # [{title, url}], https only
}

# Practical facts (models.facts): write only what is well established; leave the rest out.
_FACTS = {
    "best_months": Field(f.code_list(MONTHS, "month numbers")),
    "getting_there": Field(f.text(1000)),
    "getting_there_en": Field(f.text(1000)),
    "booking_needed": Field(f.boolean),
    "languages": Field(f.code_list(LANGUAGES, "language codes")),
    "wheelchair_access": Field(f.boolean),
    "parking": Field(f.boolean),
    "suitable_for": Field(f.code_list(AUDIENCES, "audiences")),
}

VILLAGE = {
    **_COMMON,
    "moo": Field(f.integer(1, 99)),
    "subdistrict": Field(f.subdistrict_code, required=True, column="subdistrict_code"),
    "lat": Field(f.coordinate("lat"), required=True),
    "lon": Field(f.coordinate("lon"), required=True),
    # true: lat/lon are the subdistrict's centroid (an import without coordinates put it there)
    "location_approximate": Field(f.boolean),
    # true: staff confirmed a pin far from its tambon or in another province (cdd_click/pins)
    "location_confirmed": Field(f.boolean),
    "external_id": Field(f.external_id),
    "featured": Field(f.boolean),
    "highlights": Field(f.string_list),
    "highlights_en": Field(f.string_list),
    "price_min": Field(f.integer(0, 10_000_000)),
    "price_max": Field(f.integer(0, 10_000_000)),
    **_FACTS,
    "photos": Field(f.photo_list),
}

LISTING = {
    **_COMMON,
    "kind": Field(f.kind, required=True),
    "village": Field(f.slug, required=True, column="village_id"),
    "external_id": Field(f.external_id),
    "category": Field(f.otop_category),
    "otop_stars": Field(f.integer(1, 5)),
    "otop_year": Field(f.year),
    "producer": Field(f.text(200)),
    "price_min": Field(f.integer(0, 10_000_000)),
    "price_max": Field(f.integer(0, 10_000_000)),
    "phone": Field(f.phone),
    "line_id": Field(f.text(60)),
    "email": Field(f.email),
    "website": Field(f.url),
    "facebook": Field(f.url),
    "opening_hours": Field(f.text(500)),
    "open_days": Field(f.code_list(WEEKDAYS, "weekdays")),
    "opens": Field(f.clock_time),
    "closes": Field(f.clock_time),
    "shop_url": Field(f.url),
    "lat": Field(f.coordinate("lat")),
    "lon": Field(f.coordinate("lon")),
    "location_confirmed": Field(f.boolean),
    "highlights": Field(f.string_list),
    "highlights_en": Field(f.string_list),
    **_FACTS,
    "photos": Field(f.photo_list),
}

ARTICLE = {
    **_COMMON,
    "category": Field(f.text(100), required=True),
    "published": Field(f.published_date, required=True, column="published_on"),
    "province": Field(f.province_code, column="province_code"),
    "highlights": Field(f.string_list),
    "highlights_en": Field(f.string_list),
}

# Folder name -> (content type, field table, whether the Markdown body is required).
CONTENT_TYPES: dict[str, tuple[str, dict[str, Field], bool]] = {
    "villages": ("village", VILLAGE, True),
    "listings": ("listing", LISTING, False),
    "articles": ("article", ARTICLE, True),
}
