"""The database written back as content/ files, so published work can be reviewed and reloaded.

``export_content(DIR)`` then ``load_content(DIR)`` into an empty database gives the same rows,
and exporting that database again gives byte-identical Markdown files.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select

from cdd_click import photos
from cdd_click.extensions import db
from cdd_click.i18n import buddhist_year
from cdd_click.models import Article, Listing, Village
from cdd_click.models.facts import PracticalFacts
from cdd_click.models.media import PHOTO_WIDTHS
from cdd_click.vocabulary import CATEGORY_LABELS

_COMMON_HEAD = ("title", "title_en", "summary", "summary_en")


class _Block(str):
    """Markdown written as a YAML block (``body_en: |``), readable in the file."""


class _Dumper(yaml.SafeDumper):
    """Block lists, Thai as UTF-8, dates as YYYY-MM-DD."""


_Dumper.add_representer(_Block, lambda dumper, value: dumper.represent_scalar(
    "tag:yaml.org,2002:str", str(value), style="|"))


def _present(value: Any) -> bool:
    return value not in (None, "", [], False)


def _front_matter(fields: dict[str, Any]) -> str:
    # a fact's false ("no parking") is known, unlike "not featured", the default
    data = {key: value for key, value in fields.items()
            if _present(value) or (value is False and key in _FACT_BOOLEANS)}
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)


def _photos(item, media_dir: Path) -> list[dict[str, str]]:
    """The item's photos (largest variant) as media/<type>-<slug>-<n>.webp, stable names."""
    entries = []
    for number, photo in enumerate(photos.photos_of(item), start=1):
        data = photos.media_store().read(photo.filename(PHOTO_WIDTHS[-1]))
        if data is None:
            continue
        name = f"{type(item).__name__.lower()}-{item.slug}-{number}.webp"
        media_dir.mkdir(parents=True, exist_ok=True)
        (media_dir / name).write_bytes(data)
        entries.append({"file": f"media/{name}", "alt": photo.alt})
    return entries


def _head(item) -> dict[str, Any]:
    fields = {name: getattr(item, name) for name in _COMMON_HEAD}
    return fields


_FACT_BOOLEANS = ("booking_needed", "wheelchair_access", "parking")


def _facts(item) -> dict[str, Any]:
    return {name: (list(value) if isinstance(value := getattr(item, name), list) else value)
            for name in PracticalFacts.FACT_FIELDS}


def _tail(item) -> dict[str, Any]:
    return {"body_en": _Block(item.body_en.strip() + "\n") if item.body_en else None,
            "tags": list(item.tags or []),
            "status": item.status if item.status != "published" else None}


def village_fields(village: Village, media_dir: Path) -> dict[str, Any]:
    """Front matter of a village file."""
    return {**_head(village), "moo": village.moo, "subdistrict": village.subdistrict_code,
            "lat": village.lat, "lon": village.lon,
            "location_approximate": village.location_approximate,
            "external_id": village.external_id, "featured": village.featured,
            "highlights": list(village.highlights or []),
            "highlights_en": list(village.highlights_en or []),
            "price_min": village.price_min, "price_max": village.price_max, **_facts(village),
            **_tail(village),
            "photos": _photos(village, media_dir)}


def listing_fields(listing: Listing, media_dir: Path) -> dict[str, Any]:
    """Front matter of a listing file."""
    category = str(CATEGORY_LABELS[listing.category]) if listing.category else None
    return {**_head(listing), "kind": listing.kind, "village": listing.village.slug,
            "external_id": listing.external_id,
            "category": category, "otop_stars": listing.otop_stars,
            "otop_year": buddhist_year(listing.otop_year) if listing.otop_year else None,
            "producer": listing.producer,
            "price_min": listing.price_min, "price_max": listing.price_max,
            "phone": listing.phone, "line_id": listing.line_id, "email": listing.email,
            "website": listing.website, "facebook": listing.facebook,
            "highlights": list(listing.highlights or []),
            "highlights_en": list(listing.highlights_en or []),
            "opening_hours": listing.opening_hours, "open_days": list(listing.open_days or []),
            "opens": listing.opens, "closes": listing.closes, "shop_url": listing.shop_url,
            "lat": listing.lat, "lon": listing.lon, **_facts(listing),
            **_tail(listing), "photos": _photos(listing, media_dir)}


def article_fields(article: Article, _media_dir: Path) -> dict[str, Any]:
    """Front matter of an article file."""
    published: dt.date = article.published_on
    return {**_head(article), "category": article.category, "published": published,
            "province": article.province_code, "highlights": list(article.highlights or []),
            "highlights_en": list(article.highlights_en or []), **_tail(article)}


def export_content(directory: Path | str) -> dict[str, int]:
    """Write every village, listing and article (any state) as a content file; return counts."""
    root = Path(directory)
    counts = {}
    for folder, model, fields in (("villages", Village, village_fields),
                                  ("listings", Listing, listing_fields),
                                  ("articles", Article, article_fields)):
        (root / folder).mkdir(parents=True, exist_ok=True)
        rows = list(db.session.scalars(select(model).order_by(model.slug)))
        for row in rows:
            text = f"---\n{_front_matter(fields(row, root / 'media'))}---\n{row.body.strip()}\n"
            (root / folder / f"{row.slug}.md").write_text(text, encoding="utf-8")
        counts[folder] = len(rows)
    return counts
