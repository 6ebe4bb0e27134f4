"""What search engines and chat apps read: schema.org JSON-LD, Open Graph images, the sitemap."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask import url_for
from sqlalchemy import Select, func, select

from cdd_click import catalog, facts, photos, positions
from cdd_click.extensions import db
from cdd_click.i18n import LOCALE_PREFIXES, SUPPORTED_LOCALES
from cdd_click.models import Article, Listing, Subdistrict, Village
from cdd_click.models.media import PHOTO_WIDTHS
from cdd_click.photos import ShownPhoto
from cdd_click.urls import external_url_for

SCHEMA_TYPES = {
    "community_product": "Product", "otop_product": "Product", "attraction": "TouristAttraction",
    "accommodation": "LodgingBusiness", "experience": "TouristAttraction",
}


def photo_url(item: Village | Listing, shown: Sequence[ShownPhoto] | None = None) -> str | None:
    """Absolute URL of the item's first photo (largest variant), if it has one. ``shown``: the
    item's photos when the caller has them already (one query a page, not one per use)."""
    found = photos.shown_photos(item) if shown is None else shown
    if not found:
        return None
    return external_url_for("public.media", name=found[0].filename(PHOTO_WIDTHS[-1]))


def _place(village: Village) -> dict[str, Any]:
    """The village as a Place: its address, and ``geo`` only when the point is its own (a
    tambon's centre is not where the village is: GeoCoordinates would claim it is)."""
    sub = village.subdistrict
    place = {
        "@type": "Place",
        "name": village.title,
        "address": {"@type": "PostalAddress", "addressCountry": "TH",
                    "addressRegion": sub.province.name_th,
                    "addressLocality": sub.district.name_th, "streetAddress": sub.name_th,
                    "postalCode": sub.postal_code},
    }
    if positions.exact(village):
        place["geo"] = {"@type": "GeoCoordinates", "latitude": village.lat,
                        "longitude": village.lon}
    return place


def village_ld(village: Village, shown: Sequence[ShownPhoto] | None = None) -> dict[str, Any]:
    """A village as a TouristAttraction."""
    data = {"@context": "https://schema.org", **_place(village), "@type": "TouristAttraction",
            "description": village.summary,
            "url": external_url_for("public.village", slug=village.slug)}
    if village.title_en:
        data["alternateName"] = village.title_en
    if image := photo_url(village, shown):
        data["image"] = image
    data.update(_place_facts(village))
    return data


def _contacts(listing: Listing) -> dict[str, Any]:
    """Its telephone, e-mail and opening hours in schema.org terms (only what is stored: an
    owner's change reaches these columns only once it is published)."""
    data: dict[str, Any] = {}
    if listing.phone:
        data["telephone"] = listing.phone
    if listing.email:
        data["email"] = listing.email
    if hours := facts.opening_hours_ld(listing):
        data["openingHoursSpecification"] = hours
    return data


def _visit_facts(listing: Listing) -> dict[str, Any]:
    """A place's telephone, e-mail, price range, opening hours and practical facts."""
    return {**_contacts(listing), **_place_facts(listing)}


def _seller(listing: Listing) -> dict[str, Any] | None:
    """Who sells a product, when the listing says how to reach them: an Organization with its
    telephone, e-mail and web site, or a LocalBusiness (an Organization that is also a Place,
    the type schema.org gives ``openingHoursSpecification``) at the village's address when its
    opening hours are known. A Product has no telephone or hours of its own. Named only when the
    producer is known; None when there is nothing to say."""
    contacts = _contacts(listing)
    if listing.website:
        contacts["url"] = listing.website
    if not contacts:
        return None
    seller: dict[str, Any] = {"@type": "Organization"}
    if listing.producer:
        seller["name"] = listing.producer
    if "openingHoursSpecification" in contacts:
        seller["@type"] = "LocalBusiness"
        seller["address"] = _place(listing.village)["address"]
    return {**seller, **contacts}


def _place_facts(item: Village | Listing) -> dict[str, Any]:
    """What a place's price range and practical facts say in schema.org terms (only what is
    known)."""
    data: dict[str, Any] = {}
    prices = [p for p in (item.price_min, item.price_max) if p is not None]
    if prices:
        data["priceRange"] = "–".join(f"฿{price:,}" for price in dict.fromkeys(prices))
    if amenities := facts.amenities_ld(item):
        data["amenityFeature"] = amenities
    if item.languages:
        names = facts.language_names("en")
        data["availableLanguage"] = [names[code] for code in item.languages if code in names]
    return data


def listing_ld(listing: Listing, shown: Sequence[ShownPhoto] | None = None) -> dict[str, Any]:
    """A listing as Product (with its OTOP level), TouristAttraction or LodgingBusiness."""
    kind = SCHEMA_TYPES[listing.kind]
    data: dict[str, Any] = {
        "@context": "https://schema.org", "@type": kind, "name": listing.title,
        "description": listing.summary,
        "url": external_url_for("public.listing", slug=listing.slug),
    }
    if listing.title_en:
        data["alternateName"] = listing.title_en
    if image := photo_url(listing, shown):
        data["image"] = image
    if kind == "Product":
        data["category"] = listing.category or listing.kind
        if listing.producer:
            data["brand"] = {"@type": "Brand", "name": listing.producer}
        if listing.otop_stars:
            data["additionalProperty"] = {"@type": "PropertyValue", "name": "OTOP star level",
                                          "value": listing.otop_stars, "maxValue": 5}
        offer: dict[str, Any] = {}
        if listing.price_min is not None:
            offer = {"priceCurrency": "THB", "price": listing.price_min}
        if seller := _seller(listing):
            offer["seller"] = seller
        if offer:
            data["offers"] = {"@type": "Offer", **offer}
    else:
        village = listing.village
        data["address"] = _place(village)["address"]
        if positions.exact(listing):  # the village's point is not the listing's: no geo
            data["geo"] = {"@type": "GeoCoordinates", "latitude": listing.lat,
                           "longitude": listing.lon}
        data.update(_visit_facts(listing))
    return data


def article_ld(article: Article) -> dict[str, Any]:
    """A knowledge article."""
    return {
        "@context": "https://schema.org", "@type": "Article", "headline": article.title,
        "description": article.summary, "datePublished": article.published_on.isoformat(),
        "dateModified": article.updated_at.date().isoformat(), "inLanguage": "th",
        "publisher": {"@type": "GovernmentOrganization",
                      "name": "กรมการพัฒนาชุมชน กระทรวงมหาดไทย"},
        "url": external_url_for("public.article", slug=article.slug),
    }


SITEMAP_CHUNK = 2_000  # items a sitemap file lists (each in both languages): far below the
# protocol's 50,000 URLs, and a request's work stays the same however large the site grows


def _sitemap_sections() -> dict[str, tuple[Select, str]]:
    """Section name -> (published rows of (slug, last change), the endpoint of their pages)."""
    return {
        "villages": (catalog.published_villages().with_only_columns(
            Village.slug, Village.updated_at).order_by(Village.id), "public.village"),
        "listings": (catalog.published_listings().with_only_columns(
            Listing.slug, Listing.updated_at).order_by(Listing.id), "public.listing"),
        "articles": (catalog.published_articles().with_only_columns(
            Article.slug, Article.updated_at).order_by(Article.id), "public.article"),
    }


def sitemap_files() -> list[str]:
    """Names of the sitemap files the index lists: ``pages`` (home, lists, provinces), then
    ``<section>-<n>`` for each SITEMAP_CHUNK items of a section (counted in SQL)."""
    names = ["pages"]
    for section, (query, _endpoint) in _sitemap_sections().items():
        total = db.session.scalar(select(func.count()).select_from(query.subquery()))
        names += [f"{section}-{number}" for number in range(1, -(-total // SITEMAP_CHUNK) + 1)]
    return names


def sitemap_paths(name: str) -> list[tuple[str, str | None]] | None:
    """(path, last change) of the pages in sitemap file ``name``; None when there is no such
    file."""
    if name == "pages":
        paths: list[tuple[str, str | None]] = [(url_for(e), None) for e in (
            "public.home", "public.villages", "public.listings", "public.articles",
            "maps.country_page")]
        codes = db.session.scalars(catalog.published_villages().with_only_columns(
            Subdistrict.province_code).distinct().order_by(Subdistrict.province_code))
        return paths + [(url_for("public.province", code=code), None) for code in codes]
    section, _, number = name.rpartition("-")
    if section not in _sitemap_sections() or not number.isdigit() or int(number) < 1:
        return None
    query, endpoint = _sitemap_sections()[section]
    rows = db.session.execute(
        query.offset((int(number) - 1) * SITEMAP_CHUNK).limit(SITEMAP_CHUNK)).all()
    if not rows and number != "1":
        return None
    return [(url_for(endpoint, slug=slug), changed.date().isoformat()) for slug, changed in rows]


def localized_paths(path: str) -> dict[str, str]:
    """The path in every language (Thai unprefixed)."""
    return {locale: LOCALE_PREFIXES.get(locale, "") + path for locale in SUPPORTED_LOCALES}
