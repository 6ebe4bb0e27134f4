"""Rules that involve more than one field, or other files and the database."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cdd_click.models.listing import ListingKind
from cdd_click.vocabulary import PRODUCT_KINDS


def listing_rules(values: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(field, message) for every rule a listing's fields break together."""
    kind = values.get("kind")
    if kind == ListingKind.OTOP_PRODUCT and "category" not in values:
        yield "category", "an OTOP product needs one of the five OTOP categories"
    if kind and kind not in PRODUCT_KINDS and "category" in values:
        yield "category", "only products have an OTOP category"
    if kind and kind != ListingKind.OTOP_PRODUCT and "otop_stars" in values:
        yield "otop_stars", "only OTOP products have a star level"
    if "otop_year" in values and "otop_stars" not in values:
        yield "otop_year", "the year a star level was awarded needs the star level (otop_stars)"
    low, high = values.get("price_min"), values.get("price_max")
    if low is not None and high is not None and low > high:
        yield "price_max", f"{high} is below price_min {low}"
    yield from coordinate_pair(values)


def coordinate_pair(values: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """Latitude and longitude come together or not at all."""
    if ("lat" in values) != ("lon" in values):
        missing = "lon" if "lat" in values else "lat"
        yield missing, "latitude and longitude must be given together"
