"""How complete a village or listing is, from what a visitor needs: a photo, a way to reach
someone, a place on the map, English, practical facts, the OTOP star level, a check by staff
within 12 months.

Each criterion is a SQL expression (so lists and to-do lists are scored and ordered by the
database, at any size) with a Python twin for one item in hand; a test checks they agree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, func, literal, or_, select

from cdd_click import freshness, pins
from cdd_click.models import Listing, Photo, Village
from cdd_click.models.listing import ListingKind

STALE_AFTER = freshness.STALE_AFTER


@dataclass(frozen=True)
class Criterion:
    """One thing a visitor needs: where it applies and when it is met, in SQL and in Python."""

    key: str
    label: Any
    applies_sql: Callable[[type], Any]
    met_sql: Callable[[type, datetime], Any]
    applies: Callable[[Any], bool]
    met: Callable[[Any, datetime], bool]


_PHOTO_OWNERS: dict[type, Any] = {}


def _photo_owners(model: type):
    """The ids of ``model``'s items that have a photo, as a subquery ``scored`` joins once (a
    correlated EXISTS in each expression was evaluated several times a row)."""
    if model not in _PHOTO_OWNERS:
        column = Photo.village_id if model is Village else Photo.listing_id
        _PHOTO_OWNERS[model] = (select(column.label("owner")).where(column.is_not(None))
                                .distinct().subquery(f"{model.__tablename__}_with_photos"))
    return _PHOTO_OWNERS[model]


def _photo_sql(model: type, _now: datetime):
    return _photo_owners(model).c.owner.is_not(None)


def _has_photo(item: Any, _now: datetime) -> bool:
    from cdd_click import photos

    return bool(photos.shown_photos(item))


_CONTACTS = ("phone", "line_id", "email", "website", "facebook", "shop_url")
_FACTS = ("price_min", "price_max", "opening_hours", "opens")  # price, or when it is open


CRITERIA: tuple[Criterion, ...] = (
    Criterion("photo", _l("รูปภาพ"), lambda m: True, _photo_sql,
              lambda item: True, _has_photo),
    Criterion("contact", _l("ช่องทางติดต่อ (โทรศัพท์ LINE อีเมล เว็บไซต์ หรือ Facebook)"),
              lambda m: m is Listing,
              lambda m, _now: (or_(*(getattr(m, c).is_not(None) for c in _CONTACTS))
                               if m is Listing else literal(False)),
              lambda item: isinstance(item, Listing),
              lambda item, _now: any(getattr(item, c) for c in _CONTACTS)),
    # A pin far from its tambon counts only once staff confirmed it (cdd_click/pins.py).
    Criterion("place", _l("พิกัดที่ตั้งจริง"), lambda m: True,
              lambda m, _now: (and_(m.location_approximate.is_(False), pins.counts_sql(m))
                               if m is Village else pins.counts_sql(m)),
              lambda item: True,
              lambda item, _now: (not getattr(item, "location_approximate", False)
                                  and pins.counts(item))),
    Criterion("english", _l("ชื่อและคำอธิบายภาษาอังกฤษ"), lambda m: True,
              lambda m, _now: and_(m.title_en.is_not(None), m.summary_en.is_not(None)),
              lambda item: True,
              lambda item, _now: bool(item.title_en and item.summary_en)),
    Criterion("facts", _l("ราคาหรือเวลาทำการ"), lambda m: m is Listing,
              lambda m, _now: (or_(*(getattr(m, c).is_not(None) for c in _FACTS))
                               if m is Listing else literal(False)),
              lambda item: isinstance(item, Listing),
              lambda item, _now: any(getattr(item, c) is not None for c in _FACTS)),
    Criterion("stars", _l("ระดับดาว OTOP"),
              lambda m: (m.kind == ListingKind.OTOP_PRODUCT) if m is Listing else False,
              lambda m, _now: m.otop_stars.is_not(None) if m is Listing else literal(False),
              lambda item: isinstance(item, Listing) and item.kind == ListingKind.OTOP_PRODUCT,
              lambda item, _now: item.otop_stars is not None),
    # staff confirmed it within 12 months (checked_on; never updated_at, which a load moves)
    Criterion("fresh", _l("เจ้าหน้าที่ตรวจสอบข้อมูลภายใน 12 เดือน"), lambda m: True,
              lambda m, now: and_(m.checked_on.is_not(None),
                                  m.checked_on >= freshness.stale_before(now)),
              lambda item: True,
              lambda item, now: freshness.is_fresh(item.checked_on, now)),
)


def _when(condition) -> Any:
    """1 where ``condition`` holds, else 0 (a constant when the condition is one)."""
    if isinstance(condition, bool):
        return literal(int(condition))
    return case((condition, 1), else_=0)


def _both(applies, met) -> Any:
    """``applies and met`` with constant ``applies`` folded away (fewer CASEs a row)."""
    if applies is True:
        return met
    return False if applies is False else and_(applies, met)


def _lacks(c: Criterion, model: type, now: datetime) -> Any:
    return _both(c.applies_sql(model), ~c.met_sql(model, now))


def missing_sql(model: type, now: datetime | None = None):
    """How many applicable criteria an item of ``model`` misses (a SQL expression)."""
    now = now or datetime.now(UTC)
    terms = [_when(_lacks(c, model, now)) for c in CRITERIA
             if c.applies_sql(model) is not False]
    return sum(terms[1:], terms[0])


def score_sql(model: type, now: datetime | None = None):
    """Percent of applicable criteria met, 0–100 (a SQL expression)."""
    now = now or datetime.now(UTC)
    criteria = [c for c in CRITERIA if c.applies_sql(model) is not False]
    applicable = sum(1 for c in criteria if c.applies_sql(model) is True)
    applicable = literal(applicable) + sum(
        (_when(c.applies_sql(model)) for c in criteria if c.applies_sql(model) is not True),
        literal(0))
    met = [_when(_both(c.applies_sql(model), c.met_sql(model, now))) for c in criteria]
    return func.round(100.0 * sum(met[1:], met[0]) / func.nullif(applicable, 0))


def missing(item: Any, now: datetime | None = None) -> list[Criterion]:
    """The criteria ``item`` applies to and misses (Python, for the item in hand)."""
    now = now or datetime.now(UTC)
    return [c for c in CRITERIA if c.applies(item) and not c.met(item, now)]


def score(item: Any, now: datetime | None = None) -> int:
    """Percent of the criteria ``item`` applies to that it meets."""
    now = now or datetime.now(UTC)
    applicable = [c for c in CRITERIA if c.applies(item)]
    return round(100 * sum(1 for c in applicable if c.met(item, now)) / len(applicable))


def scored(model: type, now: datetime | None = None):
    """``select(model, score, missing count, one 0/1 column per criterion it misses)``, for
    lists and to-do lists: everything a row shows comes from the one statement. (``score_sql``
    and ``missing_sql`` may be used in its WHERE and ORDER BY: it joins what they read.)"""
    now = now or datetime.now(UTC)
    flags = [_when(_lacks(c, model, now)).label(f"lacks_{c.key}") for c in CRITERIA]
    owners = _photo_owners(model)
    return select(model, score_sql(model, now).label("score"),
                  missing_sql(model, now).label("missing"), *flags
                  ).outerjoin(owners, owners.c.owner == model.id)


def lacking(row: Any) -> list[Criterion]:
    """The criteria a row of ``scored`` misses."""
    return [c for c in CRITERIA if getattr(row, f"lacks_{c.key}")]


def lacking_filter(query, model: type, key: str):
    """``query`` over ``model`` narrowed to the items that lack criterion ``key``."""
    criterion = next(c for c in CRITERIA if c.key == key)
    if criterion is CRITERIA[0]:  # the photo: read from the joined owners
        owners = _photo_owners(model)
        query = query.outerjoin(owners, owners.c.owner == model.id)
    return query.where(_lacks(criterion, model, datetime.now(UTC)))
