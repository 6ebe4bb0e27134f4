"""Practical facts (``models.facts``) as visitors read them and as search engines read them.

``fact_rows`` gives the scannable "before you go" block of a page: (label, value, language)
rows for what is known, in the page's language; ``opening_hours_ld`` and ``amenities_ld`` give
the schema.org forms. Month, weekday and language names come from Babel (CLDR).
"""

from __future__ import annotations

from typing import Any

from babel import Locale
from babel.dates import get_day_names, get_month_names

from cdd_click.i18n import Label as _l  # noqa: N813 - the keyword `make translations-extract` reads
from cdd_click.i18n import format_price_range
from cdd_click.models.facts import AUDIENCES, LANGUAGES, MONTHS, WEEKDAYS

AUDIENCE_LABELS = {"families": _l("ครอบครัว"), "groups": _l("หมู่คณะ"),
                   "students": _l("นักเรียน นักศึกษา")}
_YES_NO = {  # field: (label, when true, when false)
    "booking_needed": (_l("การจอง"), _l("ควรจองล่วงหน้า"), _l("ไม่ต้องจองล่วงหน้า")),
    "wheelchair_access": (_l("ผู้ใช้รถเข็น"), _l("รถเข็นเข้าถึงได้"), _l("รถเข็นเข้าถึงไม่ได้")),
    "parking": (_l("ที่จอดรถ"), _l("มีที่จอดรถ"), _l("ไม่มีที่จอดรถ")),
}
_SCHEMA_DAYS = dict(zip(WEEKDAYS, ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
                                   "Saturday", "Sunday"), strict=True))
assert set(AUDIENCE_LABELS) == set(AUDIENCES)


def month_names(locale: str) -> dict[int, str]:
    return dict(get_month_names("wide", locale=locale))


def weekday_names(locale: str) -> dict[str, str]:
    names = get_day_names("wide", locale=locale)  # 0 = Monday
    return {code: names[number] for number, code in enumerate(WEEKDAYS)}


def language_names(locale: str) -> dict[str, str]:
    known = Locale.parse(locale).languages
    return {code: known.get(code, code) for code in LANGUAGES}


def runs(values: list[int], size: int) -> list[tuple[int, int]]:
    """Consecutive runs of ``values`` (0 <= v < size) as (first, last), wrapping round (so
    November to February is one run)."""
    chosen = sorted(set(values))
    if not chosen:
        return []
    if len(chosen) == size:
        return [(0, size - 1)]
    start = next(v for v in chosen if (v - 1) % size not in chosen)  # a run's first value
    found: list[tuple[int, int]] = []
    for value in ((start + step) % size for step in range(size)):
        if value not in chosen:
            continue
        if found and found[-1][1] == (value - 1) % size:
            found[-1] = (found[-1][0], value)
        else:
            found.append((value, value))
    return found


def _spans(codes: list, order: list, names: dict, everything: str) -> str:
    picked = [order.index(code) for code in codes if code in order]
    if len(set(picked)) == len(order):
        return everything
    return ", ".join(names[order[a]] if a == b else f"{names[order[a]]}–{names[order[b]]}"
                     for a, b in runs(picked, len(order)))


def months_text(months: list[int], locale: str) -> str:
    return _spans(months, list(MONTHS), month_names(locale), str(_l("ตลอดปี")))


def days_text(days: list[str], locale: str) -> str:
    return _spans(days, list(WEEKDAYS), weekday_names(locale), str(_l("ทุกวัน")))


def fact_rows(item: Any, locale: str, price: bool = False) -> list[tuple[str, str, str]]:
    """(label, value, language of the value) for each known fact of a village or listing
    (``price``: its price range too, for a page that shows it nowhere else)."""
    rows: list[tuple[str, str, str]] = []
    if price and (shown := format_price_range(item.price_min, item.price_max, locale)):
        rows.append((str(_l("ค่าใช้จ่าย")), shown, locale))
    if getattr(item, "open_days", None) or getattr(item, "opens", None):
        hours = f"{item.opens}–{item.closes}" if item.opens and item.closes else ""
        if hours and locale == "th":
            hours += " น."
        value = " ".join(filter(None, (days_text(item.open_days, locale)
                                       if item.open_days else "", hours)))
        rows.append((str(_l("วันและเวลาเปิด")), value, locale))
    if item.best_months:
        rows.append((str(_l("ช่วงเวลาที่เหมาะจะไป")), months_text(item.best_months, locale), locale))
    english = locale == "en" and item.getting_there_en
    if item.getting_there or english:
        rows.append((str(_l("การเดินทาง")), item.getting_there_en if english else
                     item.getting_there, "en" if english else "th"))
    for field, (label, yes, no) in _YES_NO.items():
        value = getattr(item, field)
        if value is not None:
            rows.append((str(label), str(yes if value else no), locale))
    if item.languages:
        names = language_names(locale)
        rows.append((str(_l("ภาษาที่สื่อสารได้")),
                     ", ".join(names[code] for code in item.languages if code in names), locale))
    if item.suitable_for:
        rows.append((str(_l("เหมาะสำหรับ")), ", ".join(
            str(AUDIENCE_LABELS[code]) for code in item.suitable_for if code in AUDIENCE_LABELS),
            locale))
    return rows



def opening_hours_ld(listing: Any) -> list[dict[str, Any]]:
    """schema.org ``openingHoursSpecification`` when days and times are both known."""
    if not (listing.open_days and listing.opens and listing.closes):
        return []
    return [{"@type": "OpeningHoursSpecification",
             "dayOfWeek": [_SCHEMA_DAYS[day] for day in listing.open_days if day in _SCHEMA_DAYS],
             "opens": listing.opens, "closes": listing.closes}]


def amenities_ld(item: Any) -> list[dict[str, Any]]:
    """schema.org ``amenityFeature`` for what is known about wheelchair access and parking."""
    named = {"wheelchair_access": "Wheelchair accessible", "parking": "Parking"}
    return [{"@type": "LocationFeatureSpecification", "name": name, "value": value}
            for field, name in named.items() if (value := getattr(item, field)) is not None]
