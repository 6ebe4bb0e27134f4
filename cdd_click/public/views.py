"""Thin views: read the request, ask ``catalog``, render a template."""

from __future__ import annotations

import re

from flask import Response, abort, current_app, render_template, request

from cdd_click import catalog, photos, posters, seo
from cdd_click.maps import places
from cdd_click.page_cache import cached_page
from cdd_click.paging import page_number
from cdd_click.public import bp
from cdd_click.urls import external_url_for
from cdd_click.vocabulary import PLACE_KINDS, parse_region


@bp.get("/")
@cached_page
def home():
    """Search box, featured villages, kinds, OTOP categories and regions with content."""
    return render_template(
        "public/home.html",
        villages=catalog.featured_villages(),
        kind_counts=catalog.kind_counts(),
        category_counts=catalog.category_counts(),
        regions=catalog.regions_with_content(),
        articles=catalog.articles(limit=3),
    )


@bp.get("/provinces/<code>")
@cached_page(reads=("page",), defaults={"page": "1"})
def province(code: str):
    """A province's villages and listings, a page of each at a time (``?page=n``: the n-th of
    both); the map's text alternative lists the items the page shows."""
    found = catalog.province(code)
    if found is None:
        abort(404)
    number = page_number(request.args.get("page"))
    villages_page = catalog.villages_page(number, province=found.code, past_end="empty")
    listings_page = catalog.province_listings_page(found.code, number, past_end="empty")
    if not villages_page.items and not listings_page.items and number > 1:  # past both ends
        number = max(villages_page.pages, listings_page.pages)
        villages_page = catalog.villages_page(number, province=found.code, past_end="empty")
        listings_page = catalog.province_listings_page(found.code, number, past_end="empty")
    shown = [*map(places.village_place, villages_page.items),
             *map(places.listing_place, listings_page.items)]
    return render_template(
        "public/province.html", province=found, villages=villages_page, listings=listings_page,
        page=number, pages=max(villages_page.pages, listings_page.pages), places=shown,
    )


@bp.get("/villages/")
@cached_page(reads=("region", "page"), defaults={"page": "1"})
def villages():
    """Villages in Thai order, one page at a time, optionally of one region."""
    region = parse_region(request.args.get("region"))
    page = catalog.villages_page(page_number(request.args.get("page")), region=region)
    return render_template("public/villages.html", villages=page, page=page, region=region)


@bp.get("/villages/<slug>")
@cached_page
def village(slug: str):
    """One village with its story, highlights and listings."""
    found = catalog.village(slug) or abort(404)
    shown, listings = photos.shown_photos(found), catalog.village_listings(found)
    return render_template(
        "public/village.html", village=found, listings=listings,
        places=places.village_places(found, listings), photos=shown,
        structured=seo.village_ld(found, shown), og_photo=seo.photo_url(found, shown),
    )


@bp.get("/listings/")
@cached_page(reads=("kind", "category", "province", "region", "district", "stars", "page"),
             defaults={"page": "1"})
def listings():
    """Listings filtered by kind, OTOP category, province and star level, one page at a time."""
    filters = catalog.ListingFilter.from_args(request.args)
    page = catalog.filter_listings(filters, current_app.config["LISTINGS_PER_PAGE"])
    return render_template(
        "public/listings.html",
        filters=filters,
        page=page,
        provinces=[s.province for group in catalog.regions_with_content().values() for s in group],
    )


@bp.get("/listings/<slug>")
@cached_page
def listing(slug: str):
    """One listing with its village, price range, contacts and opening hours."""
    found = catalog.listing(slug) or abort(404)
    shown = photos.shown_photos(found)
    # places people travel to get a map of their own; products are found through their village
    mapped = [places.listing_place(found), places.village_place(found.village)] \
        if found.kind in PLACE_KINDS else []
    return render_template(
        "public/listing.html", listing=found, related=catalog.related_listings(found),
        photos=shown, structured=seo.listing_ld(found, shown), og_photo=seo.photo_url(found, shown),
        places=mapped,
    )


@bp.get("/villages/<slug>/poster")
def village_poster(slug: str):
    """A printable A4 poster with a QR code to the village page."""
    found = catalog.village(slug) or abort(404)
    url = external_url_for("public.village", slug=found.slug)
    return render_template("public/poster.html", item=found, url=url, qr=posters.qr_svg(url))


@bp.get("/listings/<slug>/poster")
def listing_poster(slug: str):
    """A printable A4 poster with a QR code to the listing page, for a shop wall."""
    found = catalog.listing(slug) or abort(404)
    url = external_url_for("public.listing", slug=found.slug)
    return render_template("public/poster.html", item=found, url=url, qr=posters.qr_svg(url))


@bp.get("/media/<name>")
def media(name: str):
    """A stored photo variant; names are content hashes, so they may be cached for a year."""
    if not re.fullmatch(photos.MEDIA_NAME_RE, name):
        abort(404)
    data = photos.media_store().read(name)
    if data is None:
        abort(404)
    response = Response(data, mimetype="image/webp")
    response.cache_control.public = True
    response.cache_control.max_age = 31_536_000
    response.cache_control.immutable = True
    return response


@bp.get("/articles/")
@cached_page(reads=("category", "page"), defaults={"page": "1"})
def articles():
    """Knowledge articles, newest first, one page at a time, optionally of one category."""
    category = request.args.get("category") or None
    page = catalog.articles_page(page_number(request.args.get("page")), category)
    return render_template(
        "public/articles.html",
        articles=page,
        page=page,
        categories=catalog.article_categories(),
        category=category,
    )


@bp.get("/articles/<slug>")
@cached_page
def article(slug: str):
    """One knowledge article rendered from sanitised Markdown."""
    found = catalog.article(slug) or abort(404)
    return render_template("public/article.html", article=found, structured=seo.article_ld(found))
