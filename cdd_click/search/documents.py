"""Published database rows turned into search documents.

The database is the source of truth: every field of every document is derived here from the rows,
so an index can always be rebuilt from the database alone.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import nh3
from sqlalchemy import func, select

from cdd_click.catalog import published_articles, published_listings, published_villages
from cdd_click.extensions import db
from cdd_click.geography import PROVINCE_REGION
from cdd_click.models import Article, District, Listing, Province, Subdistrict, Village
from cdd_click.search import thai
from cdd_click.search.marks import toneless_keys
from cdd_click.search.understanding import loose
from cdd_click.text import render_markdown
from cdd_click.vocabulary import CATEGORY_TERMS, KIND_TERMS, REGION_TERMS, TYPE_TERMS


def plain_text(markdown_source: str) -> str:
    """The words of a Markdown body, without markup."""
    return html.unescape(nh3.clean(str(render_markdown(markdown_source)), tags=set()))


def _place_words(sub: Subdistrict) -> str:
    """Thai and English names of a subdistrict, its district, province and region."""
    names = [sub.name_th, sub.name_en, sub.district.name_th, sub.district.name_en,
             sub.province.name_th, sub.province.name_en]
    return " ".join(names + [REGION_TERMS[PROVINCE_REGION[sub.province_code]]])


def _timestamp(value: datetime | date) -> int:
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day, tzinfo=UTC)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return int(value.timestamp())


def _document(item, type_: str, extra: str, sub: Subdistrict | None, **fields: Any) -> dict:
    """Fields shared by every document type."""
    title = thai.normalize(item.title)
    content = thai.normalize(f"{item.summary}\n{plain_text(item.body)}")
    title_en = item.title_en or ""
    extra = thai.normalize(" ".join([extra, item.summary_en or "", " ".join(item.tags or [])]))
    doc = {
        "key": f"{type_}:{item.id}",
        "type": type_,
        "slug": item.slug,
        "title": f"{title}\n{title_en}",
        "title_th": item.title,
        "title_en": title_en,
        "summary": item.summary,
        "content": content,
        "extra": extra,
        "parts": f"{title}\n{content}\n{extra}",
        "complete": completion_keys(title, title_en),
        "name": name_keys(title, title_en),
        "updated": _timestamp(item.updated_at),
    }
    if sub is not None:
        doc.update(province=sub.province_code, province_name=sub.province.name_th,
                   province_name_en=sub.province.name_en)
    doc.update({key: value for key, value in fields.items() if value not in (None, "")})
    if "lat" in doc:
        doc["lat_e6"], doc["lon_e6"] = round(doc["lat"] * 1e6), round(doc["lon"] * 1e6)
    return doc


def village_document(village: Village) -> dict:
    """The search document of a village."""
    sub = village.subdistrict
    return _document(village, "village", f"{TYPE_TERMS['village']} {_place_words(sub)} "
                     + " ".join(village.highlights or []), sub, lat=village.lat, lon=village.lon)


def listing_document(listing: Listing) -> dict:
    """The search document of a listing, with its village's place names."""
    village = listing.village
    sub = village.subdistrict
    extra = " ".join(filter(None, [
        KIND_TERMS[listing.kind], CATEGORY_TERMS.get(listing.category or "", ""),
        listing.producer, village.title, village.title_en, _place_words(sub),
    ]))
    return _document(
        listing, "listing", extra, sub, kind=listing.kind, category=listing.category,
        stars=str(listing.otop_stars) if listing.otop_stars else None,
        lat=listing.lat if listing.lat is not None else village.lat,
        lon=listing.lon if listing.lon is not None else village.lon,
    )


def article_document(article: Article) -> dict:
    """The search document of a knowledge article."""
    doc = _document(article, "article", f"{TYPE_TERMS['article']} {article.category}", None,
                    category_name=article.category)
    doc["updated"] = _timestamp(article.published_on)
    return doc


def compact(text: str) -> str:
    """Lower-case text without spaces or punctuation: how names are compared."""
    return "".join(thai.TOKEN_RUN_RE.findall(thai.normalize(text).lower()))


def loose_name(text: str) -> str:
    """A romanised name's loose key ("Khiriwong", "kiriwong", "Kiri Wong" agree), marked so
    that it never equals a name written in full."""
    key = loose(text)
    return f"~{key}" if len(key) >= 4 else ""


def name_keys(title: str, title_en: str) -> str:
    """Exact-name keys: the title, and the title without a บ้าน/ชุมชน/Ban prefix; the English
    title also loosely romanised (``loose_name``)."""
    keys = {compact(title), compact(title_en)}
    for prefix in ("บ้าน", "ชุมชน", "ban", "baan"):
        keys |= {key[len(prefix):] for key in keys if key.startswith(prefix) and len(key) > 6}
    keys |= {loose_name(key) for key in keys if key.isascii()}
    keys |= toneless_keys(keys)  # typed without tone marks (search/marks.py)
    return ",".join(sorted(key for key in keys if key))


def completion_keys(title: str, title_en: str) -> str:
    """Autocomplete keys: the title from each syllable (Thai) or word (English) onwards.

    Stored as comma-separated keywords, spaces removed and lower-cased, so that a prefix typed
    mid-word or mid-syllable (แม่กำป, ผ้าไหมมัดห) still matches with a Whoosh prefix query.
    """
    keys = set()
    compact = "".join(title.split()).lower()
    for _piece, start, _end in thai.segment_syllables(compact):
        keys.add(compact[start:][:60])
    words = title_en.lower().split()
    for index in range(len(words)):
        keys.add("".join(words[index:])[:60])
    return ",".join(key.replace(",", "") for key in keys if key)


def all_documents() -> Iterator[dict]:
    """Every published village, listing and article, as documents."""
    for village in db.session.scalars(published_villages()):
        yield village_document(village)
    for listing in db.session.scalars(published_listings()):
        yield listing_document(listing)
    for article in db.session.scalars(published_articles()):
        yield article_document(article)


def count_published() -> int:
    """How many documents ``all_documents`` will yield."""
    total = 0
    for query in (published_villages(), published_listings(), published_articles()):
        total += db.session.scalar(select(func.count()).select_from(query.subquery()))
    return total


def dictionary_names() -> Iterator[str]:
    """Names the segmenter must know: geography, villages, listings and producers."""
    for model in (Province, District, Subdistrict):
        yield from db.session.scalars(select(model.name_th))
    yield from db.session.scalars(select(Village.title))
    for title, producer in db.session.execute(select(Listing.title, Listing.producer)):
        yield title
        if producer:
            yield producer
