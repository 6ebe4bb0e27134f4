"""``GET /api/v1/items/<villages|listings|articles>/<slug>``: one published item as JSON.

What its public page shows, as stored: contacts, prices, opening days and hours, practical facts,
its map point and whether that point is approximate, when staff last checked it, its sources,
photos, and which values its owner supplied (``owner_facts.as_json``). An owner's change reaches
the item's columns only once it is published, so nothing unapproved is ever here. One indexed
read by slug (the same statement as the page) and, when the item has photos, one for them: the
work does not grow with the site.
"""

from __future__ import annotations

import re
from typing import Any

from flask import abort, jsonify, url_for

from cdd_click import catalog, owner_facts, photos, positions
from cdd_click.api import bp
from cdd_click.api.views import item_url
from cdd_click.geography import province_names
from cdd_click.models import Article, Listing, Village
from cdd_click.models.facts import PracticalFacts
from cdd_click.models.media import PHOTO_WIDTHS
from cdd_click.permissions import item_province
from cdd_click.sources import shown as shown_sources

SECTIONS = {"villages": ("village", catalog.village), "listings": ("listing", catalog.listing),
            "articles": ("article", catalog.article)}
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"  # as the admin and content files accept them
MAX_SLUG = 120  # the column's length
_SLUG_RE = re.compile(SLUG_PATTERN)
CONTACT_FIELDS = owner_facts.CONTACTS
HOURS_FIELDS = ("opens", "closes", "opening_hours")
NOT_PUBLISHED = "No published item has this address."


def _photos(item) -> list[dict[str, Any]]:
    """The item's photos in display order (one query; none when the item counted none)."""
    if isinstance(item, Article):
        return []
    largest = PHOTO_WIDTHS[-1]
    return [{"url": url_for("public.media", name=photo.filename(largest)), "alt": photo.alt,
             "width": photo.width, "height": photo.height}
            for photo in photos.shown_photos(item)]


def _place(item) -> dict[str, Any]:
    """Its map point as the page shows it, and how exact it is."""
    if isinstance(item, Article):
        return {"lat": None, "lon": None, "location_approximate": None, "location_basis": None}
    where = positions.position_of(item)
    return {"lat": where.lat, "lon": where.lon, "location_approximate": where.approximate,
            "location_basis": where.to}


def item_json(type_: str, item: Village | Listing | Article) -> dict[str, Any]:
    """The documented JSON shape of one item (``schemas.item_response``)."""
    listing = item if isinstance(item, Listing) else None
    place = None if isinstance(item, Article) else item
    province = item_province(item)
    return {
        "type": type_, "slug": item.slug, "title": item.title, "title_en": item.title_en or "",
        "url": item_url(type_, item.slug),
        "summary": item.summary or "", "summary_en": item.summary_en or "",
        "province": province, "province_name": province_names("th").get(province)
        if province else None,
        "kind": listing.kind if listing else None,
        "category": (item.category or None) if isinstance(item, Listing | Article) else None,
        **{name: getattr(listing, name) if listing else None for name in CONTACT_FIELDS},
        "price_min": place.price_min if place else None,
        "price_max": place.price_max if place else None,
        "open_days": list(listing.open_days or []) if listing else [],
        **{name: getattr(listing, name) if listing else None for name in HOURS_FIELDS},
        "facts": {name: getattr(place, name) for name in PracticalFacts.FACT_FIELDS}
        if place else None,
        **_place(item),
        "checked_on": item.checked_on.isoformat() if item.checked_on else None,
        "published_on": item.published_on.isoformat() if isinstance(item, Article) else None,
        "sources": shown_sources(item.sources),
        "photos": _photos(item),
        "owner_supplied": owner_facts.as_json(item),
    }


@bp.get("/items/<section>/<slug>")
def item(section: str, slug: str):
    """``GET /api/v1/items/listings/mae-kampong-homestay``: one published item."""
    if section not in SECTIONS or len(slug) > MAX_SLUG or not _SLUG_RE.fullmatch(slug):
        abort(404, NOT_PUBLISHED)  # no query for what cannot be a slug (a NUL fails on PG)
    type_, find = SECTIONS[section]
    found = find(slug)
    if found is None:
        abort(404, NOT_PUBLISHED)
    return jsonify(item_json(type_, found))
