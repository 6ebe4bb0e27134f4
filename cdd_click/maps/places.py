"""The places each map shows, and a fingerprint that changes whenever any of them changes.

The fingerprint is part of the cache key, so a change made by any process on any machine (content
load now, admin edits later) makes every worker render the map afresh — no invalidation message
has to reach them.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import quote

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import Select, func, select

from cdd_click import catalog
from cdd_click.extensions import db
from cdd_click.maps.render import Place
from cdd_click.models import Listing, Subdistrict, Village
from cdd_click.templating import address, localized_text
from cdd_click.vocabulary import KIND_LABELS, TYPE_LABELS


def village_place(village: Village) -> Place:
    """A village as a map place (its label says so when the point is the subdistrict's centre)."""
    kind = str(TYPE_LABELS["village"])
    if village.location_approximate:
        kind = f"{kind} · {_('ตำแหน่งโดยประมาณ (จุดกลางตำบล)')}"
    return Place(localized_text(village, "title"), kind,
                 url_for("public.village", slug=village.slug),
                 address(village.subdistrict, village.moo), village.lat, village.lon)


def listing_place(listing: Listing) -> Place:
    """A listing as a map place (unmapped when it has no coordinates of its own)."""
    village = listing.village
    return Place(localized_text(listing, "title"), str(KIND_LABELS[listing.kind]),
                 url_for("public.listing", slug=listing.slug),
                 f"{localized_text(village, 'title')} · "
                 f"{address(village.subdistrict, village.moo)}",
                 listing.lat, listing.lon)


def village_places(village: Village,
                   listings: dict[str, list[Listing]] | None = None) -> list[Place]:
    """The village first, then its published listings (``listings``: what
    ``catalog.village_listings`` gave, when the caller has it already)."""
    grouped = catalog.village_listings(village) if listings is None else listings
    return [village_place(village), *(listing_place(item) for group in grouped.values()
                                      for item in group)]


def province_places(code: str) -> list[Place]:
    """Published villages and listings of a province."""
    return [*map(village_place, catalog.villages(province=code)),
            *map(listing_place, catalog.province_listings(code))]


def country_places() -> list[Place]:
    """Every published village, as the national map document shows it (name, kind, link: no
    address, which only the page's text alternative prints), read as plain rows: the document
    is rendered again after any change of content, and ORM objects and a URL build a village
    cost more than the query."""
    query = catalog.published_villages().with_only_columns(
        Village.slug, Village.title, Village.title_en, Village.lat, Village.lon,
        Village.location_approximate).order_by(Village.title_sort, Village.id)
    prefix = url_for("public.village", slug="0")[:-1]
    kind = str(TYPE_LABELS["village"])
    approximate = f"{kind} · {_('ตำแหน่งโดยประมาณ (จุดกลางตำบล)')}"
    return [Place(localized_text(row, "title"), approximate if row.location_approximate else kind,
                  prefix + quote(row.slug), "", row.lat, row.lon)
            for row in db.session.execute(query)]


def _stamp(queries: Iterable[Select]) -> str:
    """Row count and newest change of each query's rows, published or not (deletions count)."""
    parts = []
    for query in queries:
        sub = query.subquery()
        count, newest = db.session.execute(select(func.count(), func.max(sub.c.updated_at))).one()
        parts.append(f"{count}@{newest}")
    return "|".join(parts)


def village_stamp(village: Village) -> str:
    """Changes whenever the village or any of its listings changes."""
    return _stamp([
        select(Village.updated_at).where(Village.id == village.id),
        select(Listing.updated_at).where(Listing.village_id == village.id),
    ])


def province_stamp(code: str) -> str:
    """Changes whenever a village or listing of the province changes."""
    in_province = select(Village.id).join(Village.subdistrict).where(
        Subdistrict.province_code == code)
    return _stamp([
        select(Village.updated_at).where(Village.id.in_(in_province)),
        select(Listing.updated_at).where(Listing.village_id.in_(in_province)),
    ])


def country_stamp() -> str:
    """Changes whenever any content changes: the database's content version (its outbox's
    newest row, a primary-key lookup), not a scan of every village."""
    from cdd_click import search

    return search.content_version()
