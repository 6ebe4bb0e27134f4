"""The database written back as content/ files, so published work can be reviewed and reloaded.

``export_content(DIR)`` then ``load_content(DIR)`` into an empty database gives the same rows,
and exporting that database again gives byte-identical Markdown files.

The export is written into a new folder beside DIR and swapped in only when it is complete: a
failure leaves DIR as it was, and files of items deleted since the last export (and their
photos) are gone from the new folder. DIR must be empty, new, or a content folder (nothing but
``villages/``, ``listings/``, ``articles/`` and ``media/``): an export never replaces anything
else. Rows are read a batch at a time, their photos one query per batch.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select

from cdd_click import photos
from cdd_click.extensions import db
from cdd_click.i18n import buddhist_year
from cdd_click.models import Article, Listing, Photo, Village
from cdd_click.models.facts import PracticalFacts
from cdd_click.models.media import PHOTO_WIDTHS
from cdd_click.vocabulary import CATEGORY_LABELS

_COMMON_HEAD = ("title", "title_en", "summary", "summary_en")
FOLDERS = ("villages", "listings", "articles", "media")  # all an export writes
BATCH = 500


class ExportRefused(ValueError):
    """The target cannot safely be replaced by an export (the message says why, in Thai)."""


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


def _photos(item, media_dir: Path, found: dict[int, list[Photo]] | None) -> list[dict[str, str]]:
    """The item's photos (largest variant) as media/<type>-<slug>-<n>.webp, stable names
    (``found``: the photos of the item's batch, else asked for this item)."""
    entries = []
    listed = photos.photos_of(item) if found is None else found.get(item.id, ())
    for number, photo in enumerate(listed, start=1):
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
            "status": item.status if item.status != "published" else None,
            "checked_on": item.checked_on,
            "sources": [{"title": entry["title"], "url": entry["url"]}
                        for entry in item.sources or []]}


def village_fields(village: Village, media_dir: Path,
                   found: dict[int, list[Photo]] | None = None) -> dict[str, Any]:
    """Front matter of a village file."""
    return {**_head(village), "moo": village.moo, "subdistrict": village.subdistrict_code,
            "lat": village.lat, "lon": village.lon,
            "location_approximate": village.location_approximate,
            "location_confirmed": village.location_confirmed,
            "external_id": village.external_id, "featured": village.featured,
            "highlights": list(village.highlights or []),
            "highlights_en": list(village.highlights_en or []),
            "price_min": village.price_min, "price_max": village.price_max, **_facts(village),
            **_tail(village),
            "photos": _photos(village, media_dir, found)}


def listing_fields(listing: Listing, media_dir: Path,
                   found: dict[int, list[Photo]] | None = None) -> dict[str, Any]:
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
            "lat": listing.lat, "lon": listing.lon,
            "location_confirmed": listing.location_confirmed, **_facts(listing),
            **_tail(listing), "photos": _photos(listing, media_dir, found)}


def article_fields(article: Article, _media_dir: Path, _found: dict | None = None
                   ) -> dict[str, Any]:
    """Front matter of an article file."""
    published: dt.date = article.published_on
    return {**_head(article), "category": article.category, "published": published,
            "province": article.province_code, "highlights": list(article.highlights or []),
            "highlights_en": list(article.highlights_en or []), **_tail(article)}


def _photos_of_batch(model: type, ids: list[int]) -> dict[int, list[Photo]]:
    """Photos of a batch of villages or listings in one query: owner id -> photos in order."""
    if model is Article:
        return {}
    owner = Photo.village_id if model is Village else Photo.listing_id
    found: dict[int, list[Photo]] = defaultdict(list)
    for photo in db.session.scalars(select(Photo).where(owner.in_(ids))
                                    .order_by(owner, Photo.position, Photo.id)):
        found[getattr(photo, owner.key)].append(photo)
    return found


def _batches(model: type) -> Iterator[list[Any]]:
    """Every row of ``model`` by slug, ``BATCH`` at a time (keyset pages: the same cost at
    100,000 rows as at 100, and never the whole table in memory)."""
    last = ""
    while True:
        rows = list(db.session.scalars(select(model).where(model.slug > last)
                                       .order_by(model.slug).limit(BATCH)))
        if not rows:
            return
        yield rows
        last = rows[-1].slug


def check_target(target: Path) -> None:
    """Refuse a target an export must not replace: a file, or a folder holding anything other
    than the folders an export writes (a project, a home folder, a typo)."""
    if target.is_symlink() or target.exists() and not target.is_dir():
        raise ExportRefused(f"{target} ไม่ใช่โฟลเดอร์: ส่งออกได้เฉพาะไปยังโฟลเดอร์ใหม่ "
                            "โฟลเดอร์ว่าง หรือโฟลเดอร์เนื้อหาเดิม")
    if target.is_dir():
        others = sorted(entry.name for entry in target.iterdir()
                        if entry.name not in FOLDERS or not entry.is_dir() or entry.is_symlink())
        if others:
            raise ExportRefused(
                f"{target} มีไฟล์อื่นที่ไม่ใช่เนื้อหา ({', '.join(others[:5])}): การส่งออกจะแทนที่ทั้งโฟลเดอร์ "
                "จึงใช้ได้เฉพาะโฟลเดอร์ใหม่ โฟลเดอร์ว่าง หรือโฟลเดอร์ที่มีแต่ "
                + ", ".join(f"{name}/" for name in FOLDERS))


def _write(root: Path) -> dict[str, int]:
    counts = {}
    for folder, model, fields in (("villages", Village, village_fields),
                                  ("listings", Listing, listing_fields),
                                  ("articles", Article, article_fields)):
        (root / folder).mkdir(parents=True, exist_ok=True)
        counts[folder] = 0
        for rows in _batches(model):
            found = _photos_of_batch(model, [row.id for row in rows])
            for row in rows:
                text = (f"---\n{_front_matter(fields(row, root / 'media', found))}---\n"
                        f"{row.body.strip()}\n")
                (root / folder / f"{row.slug}.md").write_text(text, encoding="utf-8")
            counts[folder] += len(rows)
    return counts


def export_content(directory: Path | str) -> dict[str, int]:
    """Write every village, listing and article (any state) as a content file into
    ``directory``, replacing what an earlier export left there only once the new one is
    complete; return counts."""
    target = Path(os.path.abspath(directory))
    check_target(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    new = Path(tempfile.mkdtemp(prefix=f".{target.name}.export-", dir=target.parent))
    try:
        counts = _write(new)
        new.chmod(0o755)
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
            os.replace(target, old / target.name)
            try:
                os.replace(new, target)
            except OSError:
                os.replace(old / target.name, target)  # put the earlier export back
                raise
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(new, target)
    finally:
        if new.exists():
            shutil.rmtree(new, ignore_errors=True)
    return counts
