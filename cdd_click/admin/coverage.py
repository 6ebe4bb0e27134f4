"""The coverage dashboard's tables: where content is and is missing, how complete it is, what
people look at and search for. Every figure is one SQL aggregate over an account's provinces."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, or_, select

from cdd_click import completeness, freshness
from cdd_click.collation import thai_sorted
from cdd_click.extensions import cache, db
from cdd_click.models import (
    Listing,
    PageViewDay,
    Province,
    SearchWeek,
    Status,
    Subdistrict,
    User,
    Village,
)
from cdd_click.models.listing import ListingKind
from cdd_click.permissions import editable, with_province
from cdd_click.stats import week_of

TOP = 20


@dataclass
class ProvinceRow:
    """One province's coverage."""

    code: str
    name: str
    region: str
    villages: int = 0
    listings: int = 0
    kinds: dict[str, int] | None = None
    completeness: int | None = None
    stale: int = 0
    drafts: int = 0
    published: int = 0  # villages and listings a visitor can see
    todo: int = 0  # villages and listings that lack something (the to-do list's items)
    score_sum: float = 0.0  # the items' completeness scores added up, for exact averages

    @property
    def items(self) -> int:
        return self.villages + self.listings


# The columns of ``_province_stats`` before the per-kind counts.
_COUNT, _SCORE_SUM, _STALE, _DRAFTS, _PUBLISHED, _TODO, _KINDS = range(7)


def _province_stats(model: type, user: User, now: dt.datetime) -> dict[str, tuple]:
    """province code -> (items, sum of completeness %, stale, drafts, published, lacking
    something[, per-kind counts]): one aggregate over the account's items of ``model``, each
    item's score worked out once (an item lacks something exactly when it scores under 100)."""
    item = [Subdistrict.province_code.label("province"),
            completeness.score_sql(model, now).label("score"),
            # not confirmed by staff within 12 months (completeness' "fresh", negated)
            or_(model.checked_on.is_(None),
                model.checked_on < freshness.stale_before(now)).label("stale"),
            model.status.label("status")] + ([Listing.kind.label("kind")]
                                              if model is Listing else [])
    owners = completeness._photo_owners(model)
    items = editable(with_province(select(*item).select_from(model), model), model, user)
    items = items.outerjoin(owners, owners.c.owner == model.id).subquery("items")
    c = items.c
    columns = [c.province, func.count(), func.sum(c.score),
               func.sum(case((c.stale, 1), else_=0)),
               func.sum(case((c.status == Status.DRAFT, 1), else_=0)),
               func.sum(case((c.status == Status.PUBLISHED, 1), else_=0)),
               func.sum(case((c.score < 100, 1), else_=0))]
    if model is Listing:
        columns += [func.sum(case((c.kind == kind.value, 1), else_=0)) for kind in ListingKind]
    query = select(*columns).group_by(c.province)
    return {row[0]: tuple(value or 0 for value in row[1:])
            for row in db.session.execute(query)}


def provinces(user: User, now: dt.datetime | None = None) -> list[ProvinceRow]:
    """Every province the account holds, with or without content (a gap is a finding), in
    Thai alphabetical order."""
    now = now or dt.datetime.now(dt.UTC)
    villages = _province_stats(Village, user, now)
    listings = _province_stats(Listing, user, now)
    query = select(Province)
    if not user.is_admin:
        query = query.where(Province.code.in_(sorted(user.province_codes)))
    rows = []
    for province in db.session.scalars(query):
        v = villages.get(province.code, (0,) * _KINDS)
        li = listings.get(province.code, (0,) * (_KINDS + len(ListingKind)))
        count = v[_COUNT] + li[_COUNT]
        score_sum = float(v[_SCORE_SUM] + li[_SCORE_SUM])
        rows.append(ProvinceRow(
            province.code, province.name_th, province.region, v[_COUNT], li[_COUNT],
            {kind.value: int(li[_KINDS + i]) for i, kind in enumerate(ListingKind)},
            round(score_sum / count) if count else None,
            int(v[_STALE] + li[_STALE]), int(v[_DRAFTS] + li[_DRAFTS]),
            int(v[_PUBLISHED] + li[_PUBLISHED]), int(v[_TODO] + li[_TODO]), score_sum))
    return thai_sorted(rows, key=lambda row: row.name)


def provinces_recent(user: User) -> tuple[list[ProvinceRow], dt.datetime]:
    """``provinces(user)`` as computed at most ``HEADLINE_CACHE_SECONDS`` ago (shared cache,
    one entry per set of provinces: every admin shares the national one), and when. The staff
    home page shows it on every visit; the national aggregate scans every item (about a third
    of a second at 100,000), so it runs once per interval, not once per page view. The
    dashboard asks ``provinces`` itself: its figures are always current."""
    seconds = int(current_app.config["HEADLINE_CACHE_SECONDS"])
    scope = "all" if user.is_admin else ",".join(sorted(user.province_codes))
    key = f"coverage:{scope}"
    found = cache.get(key) if seconds > 0 else None
    if found is None:
        found = (provinces(user), dt.datetime.now(dt.UTC))
        if seconds > 0:
            cache.set(key, found, timeout=seconds)
    return found


def weakest_first(rows: list[ProvinceRow]) -> list[ProvinceRow]:
    """``rows`` with the provinces that most need content first: fewest villages and listings,
    then the lowest average completeness (none before any), keeping the order among equals."""
    return sorted(rows, key=lambda row: (row.items, -1 if row.completeness is None
                                         else row.completeness))


# Coverage bands of the national map: (fewest items, fill colour, label), from no content up.
BANDS = (
    (0, "#d7301f", _l("ยังไม่มีข้อมูล")),
    (1, "#fdae61", _l("1–9 รายการ")),
    (10, "#a6d96a", _l("10–99 รายการ")),
    (100, "#1a9641", _l("100 รายการขึ้นไป")),
)


def band(items: int) -> int:
    """The index in ``BANDS`` of a province holding ``items`` villages and listings."""
    return max(i for i, (least, _colour, _label) in enumerate(BANDS) if items >= least)


def province_points(codes: list[str]) -> dict[str, tuple[float, float]]:
    """Where to draw each province: the mean of its tambon centroids, or, where none are
    loaded (``flask geo centroids``), the mean of its villages' coordinates."""
    found: dict[str, tuple[float, float]] = {}
    for model in (Subdistrict, Village):
        missing = [c for c in codes if c not in found]
        if not missing:
            break
        query = select(Subdistrict.province_code, func.avg(model.lat), func.avg(model.lon))
        if model is Village:
            query = with_province(query.select_from(Village), Village)
        query = query.where(model.lat.is_not(None), model.lon.is_not(None),
                            Subdistrict.province_code.in_(missing))
        found.update({code: (lat, lon) for code, lat, lon in
                      db.session.execute(query.group_by(Subdistrict.province_code))})
    return found


def centroids_loaded() -> bool:
    """True when tambon centroids are in the database (every province can then be drawn)."""
    return db.session.scalar(select(Subdistrict.code).where(Subdistrict.lat.is_not(None))
                             .limit(1)) is not None


def map_rows(rows: list[ProvinceRow]) -> list[tuple[ProvinceRow, float, float, int]]:
    """(province, lat, lon, band) for every province of ``rows`` that has a place to be drawn."""
    points = province_points([row.code for row in rows])
    return [(row, *points[row.code], band(row.villages + row.listings))
            for row in rows if row.code in points]


def queries(week: dt.date, zero_only: bool = False) -> list[tuple[str, int, int]]:
    """(query, searches, searches that found nothing) of the week starting ``week``, most
    searched first; ``zero_only``: only queries that found nothing."""
    query = select(SearchWeek.query, SearchWeek.searches, SearchWeek.zero_results).where(
        SearchWeek.week == week)
    if zero_only:
        query = query.where(SearchWeek.zero_results > 0).order_by(
            SearchWeek.zero_results.desc(), SearchWeek.query)
    else:
        query = query.order_by(SearchWeek.searches.desc(), SearchWeek.query)
    return [tuple(row) for row in db.session.execute(query.limit(TOP))]


def query_totals(week: dt.date, zero_only: bool = False) -> tuple[int, int, int]:
    """(distinct queries, searches, searches that found nothing) of the whole week starting
    ``week`` (``zero_only``: of the queries that found nothing at least once): one aggregate
    over the week's rows, for the totals under the top ``TOP``."""
    query = select(func.count(), func.coalesce(func.sum(SearchWeek.searches), 0),
                   func.coalesce(func.sum(SearchWeek.zero_results), 0)).where(
        SearchWeek.week == week)
    if zero_only:
        query = query.where(SearchWeek.zero_results > 0)
    count, searches, zero = db.session.execute(query).one()
    return int(count), int(searches), int(zero)


def weeks(today: dt.date | None = None) -> list[dt.date]:
    """This week's Monday and the previous one."""
    monday = week_of(today or dt.date.today())
    return [monday, monday - dt.timedelta(days=7)]


def views(user: User, days: int = 7, today: dt.date | None = None) -> tuple[list[dt.date],
                                                                             list[tuple]]:
    """The last ``days`` days, and the most viewed items of the account's provinces with their
    daily views: (type, slug, title, total, [views a day])."""
    today = today or dt.date.today()
    span = [today - dt.timedelta(days=n) for n in range(days - 1, -1, -1)]
    found = []
    totals = (select(PageViewDay.item_type, PageViewDay.slug,
                     func.sum(PageViewDay.views).label("total"))
              .where(PageViewDay.day >= span[0])
              .group_by(PageViewDay.item_type, PageViewDay.slug).subquery())
    for model, item_type in ((Village, "village"), (Listing, "listing")):
        # the week's totals first (one pass over the week's rows), then only the items
        # this account may see, joined by their unique slug
        query = (select(model.slug, model.title, totals.c.total).select_from(totals)
                 .join(model, (model.slug == totals.c.slug)
                       & (totals.c.item_type == item_type)))
        query = editable(with_province(query, model), model, user)
        query = query.order_by(totals.c.total.desc(), model.slug).limit(TOP)
        found += [(item_type, slug, title, int(total)) for slug, title, total in
                  db.session.execute(query)]
    found = sorted(found, key=lambda row: -row[3])[:TOP]
    daily: dict[tuple[str, str], dict[dt.date, int]] = {}
    if found:
        rows = db.session.execute(select(
            PageViewDay.item_type, PageViewDay.slug, PageViewDay.day, PageViewDay.views).where(
            PageViewDay.day >= span[0], PageViewDay.slug.in_([row[1] for row in found])))
        for item_type, slug, day, count in rows:
            daily.setdefault((item_type, slug), {})[day] = count
    return span, [(*row, [daily.get(row[:2], {}).get(day, 0) for day in span])
                  for row in found]
