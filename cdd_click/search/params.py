"""Search requests read from a query string: every value checked, nothing trusted."""

from __future__ import annotations

from collections.abc import Mapping

from cdd_click.search.query import (
    _CONTROL_RE,
    MAX_QUERY_CHARS,
    SORTS,
    SearchRequest,
    clean_query,
)
from cdd_click.search.understanding import gazetteer
from cdd_click.vocabulary import TYPE_LABELS, parse_category, parse_kind, parse_region

TYPES = tuple(TYPE_LABELS)
MAX_PAGE = 1000
STARS = (1, 5)
LATITUDE = (-90, 90)
LONGITUDE = (-180, 180)


def _number(value: str | None, low: float, high: float) -> float | None:
    try:
        number = float((value or "").strip())
    except ValueError:
        return None
    return number if low <= number <= high else None


def _filters(args: Mapping[str, str]) -> dict[str, str]:
    """Valid facet filters; unknown values are dropped. ``province`` and ``region`` take a code
    or a name in Thai or English, as on /listings; ``district`` a 4-digit DOPA code."""
    found: dict[str, str | None] = {
        "type": args.get("type") if args.get("type") in TYPES else None,
        "kind": parse_kind(args.get("kind")),
        "category": parse_category(args.get("category")),
        "region": parse_region(args.get("region")),
    }
    province = (args.get("province") or "").strip()
    if province and not (len(province) == 2 and province.isdigit()):
        place = gazetteer().find_place(province)
        province = place.code if place and place.level == "province" else ""
    found["province"] = province if len(province) == 2 and province.isdigit() else None
    district = (args.get("district") or "").strip()
    found["district"] = district if gazetteer().place("district", district) else None
    stars = _number(args.get("stars"), *STARS)
    found["stars"] = str(int(stars)) if stars and stars == int(stars) else None
    return {name: str(value) for name, value in found.items() if value}


def request_from_args(args: Mapping[str, str], per_page: int = 10,
                      understand: bool = True) -> SearchRequest:
    """A SearchRequest from ``q``, ``type``, ``kind``, ``province``, ``region``, ``district``,
    ``category``, ``stars``, ``sort``, ``lat``, ``lon`` and ``page``."""
    lat, lon = _number(args.get("lat"), *LATITUDE), _number(args.get("lon"), *LONGITUDE)
    origin = (lat, lon) if lat is not None and lon is not None else None
    sort = args.get("sort") if args.get("sort") in SORTS else "relevance"
    if sort == "nearest" and origin is None:
        sort = "relevance"
    page = _number(args.get("page"), 1, MAX_PAGE)
    typed = " ".join(_CONTROL_RE.sub(" ", args.get("q") or "").split())[:MAX_QUERY_CHARS]
    return SearchRequest(
        text=clean_query(args.get("q")), filters=_filters(args), sort=sort, origin=origin,
        page=int(page) if page else 1, per_page=per_page, typed=typed,
        understand=understand and args.get("literal") != "1",
    )
