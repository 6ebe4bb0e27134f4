"""Read-side queries for public pages: only published content, in Thai order.

Views call these functions and render what they return; no query is written in a view.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import wraps
from typing import TypeVar

from sqlalchemy import Select, bindparam, case, func, select
from sqlalchemy.orm import contains_eager, with_expression

from cdd_click.collation import thai_sorted
from cdd_click.extensions import db
from cdd_click.geography import REGIONS
from cdd_click.models import Article, Listing, Photo, Province, Status, Subdistrict, Village
from cdd_click.models.listing import ListingKind, OtopCategory
from cdd_click.paging import Page, page_of
from cdd_click.vocabulary import parse_category, parse_kind, parse_region

T = TypeVar("T")


def _order_by_title(model, _dialect: str | None = None):
    """Thai order of titles through the stored, indexed key (collation.sort_key), ties by id."""
    return (model.title_sort, model.id)


def prepared(build: Callable[[str], Select]) -> Callable[[], Select]:
    """A statement every page asks for, built once per database dialect (the Thai collation
    differs) with bind parameters for its values: building a SQLAlchemy statement costs more
    than running a small one."""
    built: dict[str, Select] = {}

    @wraps(build)
    def statement() -> Select:
        dialect = db.engine.dialect.name
        found = built.get(dialect)
        if found is None:
            found = built[dialect] = build(dialect)
        return found

    return statement


def published_villages() -> Select:
    """Published villages with their subdistrict, for further filtering."""
    return (
        select(Village)
        .join(Village.subdistrict)
        .where(Village.status == Status.PUBLISHED)
    )


def published_listings() -> Select:
    """Published listings of published villages."""
    return (
        select(Listing)
        .join(Listing.village)
        .join(Village.subdistrict)
        .where(Listing.status == Status.PUBLISHED, Village.status == Status.PUBLISHED)
    )


def published_articles() -> Select:
    """Published knowledge articles."""
    return select(Article).where(Article.status == Status.PUBLISHED)


def featured_villages(limit: int = 6) -> list[Village]:
    """Flagship villages for the home page, then others to fill the row, each in Thai order.
    Two index reads: one ORDER BY over both (featured first) sorted every village."""
    chosen = list(db.session.scalars(published_villages().where(Village.featured.is_(True))
                                      .order_by(*_order_by_title(Village)).limit(limit)))
    if len(chosen) < limit:
        chosen += db.session.scalars(published_villages().where(Village.featured.is_not(True))
                                     .order_by(*_order_by_title(Village))
                                     .limit(limit - len(chosen)))
    return chosen


def per_content_version(name: str, compute: Callable[[], T]) -> T:
    """``compute()``'s answer (plain values), kept in the app cache for the content version:
    counts over every published item (home, list filters, the map's provinces) are made once
    per change of content, not on every page rendered."""
    from cdd_click import search
    from cdd_click.extensions import cache

    key = f"counts:{name}:{search.content_version()}"
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found)
    return found


def kind_counts() -> dict[str, int]:
    """Number of published listings of each kind (every kind present, zero included)."""
    query = published_listings().with_only_columns(Listing.kind, func.count()).group_by(
        Listing.kind
    )
    counts = per_content_version("kinds", lambda: dict(db.session.execute(query).all()))
    return {kind.value: counts.get(kind.value, 0) for kind in ListingKind}


def category_counts() -> dict[str, int]:
    """Number of published OTOP products in each of the five categories."""
    query = (
        published_listings()
        .where(Listing.kind == ListingKind.OTOP_PRODUCT)
        .with_only_columns(Listing.category, func.count())
        .group_by(Listing.category)
    )
    counts = per_content_version("categories", lambda: dict(db.session.execute(query).all()))
    return {category.value: counts.get(category.value, 0) for category in OtopCategory}


@dataclass
class ProvinceSummary:
    """A province that has content, with how much."""

    province: Province
    villages: int = 0
    listings: int = 0


def regions_with_content() -> dict[str, list[ProvinceSummary]]:
    """Region -> provinces (Thai order) that have published villages, in the regions' order."""
    village_rows, listing_rows = per_content_version("provinces", _province_counts)
    provinces = {p.code: p for p in db.session.scalars(select(Province))}
    summaries = [
        ProvinceSummary(provinces[code], count, listing_rows.get(code, 0))
        for code, count in village_rows
    ]
    by_region: dict[str, list[ProvinceSummary]] = {}
    for region in REGIONS:
        in_region = [s for s in summaries if s.province.region == region]
        if in_region:
            by_region[region] = thai_sorted(in_region, key=lambda s: s.province.name_th)
    return by_region


def _villages_query(region: str | None = None, province: str | None = None) -> Select:
    query = published_villages().order_by(*_order_by_title(Village))
    if province:
        query = query.where(Subdistrict.province_code == province)
    if region:
        query = query.where(Subdistrict.province_code.in_(
            select(Province.code).where(Province.region == region)))
    return query


def _province_counts() -> tuple[list[tuple[str, int]], dict[str, int]]:
    village_rows = [tuple(row) for row in db.session.execute(
        published_villages()
        .with_only_columns(Subdistrict.province_code, func.count())
        .group_by(Subdistrict.province_code)
    ).all()]
    listing_rows = dict(
        db.session.execute(
            published_listings()
            .with_only_columns(Subdistrict.province_code, func.count())
            .group_by(Subdistrict.province_code)
        ).all()
    )
    return village_rows, listing_rows


def villages(region: str | None = None, province: str | None = None) -> list[Village]:
    """Published villages, optionally of one region or province, in Thai order (every one:
    pages ask for ``villages_page``)."""
    return list(db.session.scalars(_villages_query(region, province)))


def villages_page(page: int, region: str | None = None, province: str | None = None,
                  past_end: str = "last") -> Page:
    """One page of ``villages``, with their total (``paging.page_of``)."""
    return page_of(_villages_query(region, province), page, past_end=past_end)


def _photo_count(owner) -> object:
    """``with_expression`` option: the item's photo count, from the same statement."""
    column = Photo.village_id if owner is Village else Photo.listing_id
    count = select(func.count()).where(column == owner.id).scalar_subquery()
    return with_expression(owner.photo_count, count)


def _report_notices(owner) -> object:
    """``with_expression`` option: which open problem reports the page tells (bit 1 << i for
    ``reports.NOTICE_KINDS[i]``), from the same statement (two indexed EXISTS)."""
    from cdd_click.models import ProblemReport
    from cdd_click.reports import NOTICE_KINDS, OPEN

    bits = [case((select(ProblemReport.id).where(
        ProblemReport.item_type == owner.__name__.lower(), ProblemReport.item_id == owner.id,
        ProblemReport.state == OPEN, ProblemReport.kind == kind).exists(), 1 << i), else_=0)
        for i, kind in enumerate(NOTICE_KINDS)]
    return with_expression(owner.report_notices, sum(bits[1:], bits[0]))


@prepared
def _village_by_slug(_dialect: str) -> Select:
    return published_villages().where(Village.slug == bindparam("slug")).options(
        contains_eager(Village.subdistrict), _photo_count(Village), _report_notices(Village))


def village(slug: str) -> Village | None:
    """One published village by slug, with its photo count."""
    return db.session.scalar(_village_by_slug(), {"slug": slug})


CARD_COLUMNS = (Listing.id, Listing.village_id, Listing.slug, Listing.kind, Listing.title,
                Listing.title_en, Listing.summary, Listing.summary_en, Listing.category,
                Listing.otop_stars, Listing.lat, Listing.lon,
                # how many photos: cards ask for the first only where there are some
                select(func.count()).where(Photo.listing_id == Listing.id).scalar_subquery()
                .label("photo_count"))


@dataclass(slots=True)
class ListingCard:
    """A listing as a card and a map place show it, beside a village the page has loaded: the
    columns of ``CARD_COLUMNS`` and that village. Read from plain rows, not ORM objects: a
    village page shows all of its listings, and building ORM objects cost more than the query."""

    id: int
    village_id: int
    slug: str
    kind: str
    title: str
    title_en: str | None
    summary: str
    summary_en: str | None
    category: str | None
    otop_stars: int | None
    lat: float | None
    lon: float | None
    photo_count: int
    village: Village


def _cards(statement: Select, params: dict, village_obj: Village) -> list[ListingCard]:
    rows = db.session.connection().execute(statement, params)
    return [ListingCard(*row, village_obj) for row in rows]


def _published_cards() -> Select:
    return (
        select(*CARD_COLUMNS)
        .join(Listing.village)
        .where(Listing.status == Status.PUBLISHED, Village.status == Status.PUBLISHED)
    )


@prepared
def _village_listings(dialect: str) -> Select:
    return (_published_cards().where(Listing.village_id == bindparam("village_id"))
            .order_by(*_order_by_title(Listing, dialect)))


def village_listings(village_obj: Village) -> dict[str, list[ListingCard]]:
    """The village's published listings grouped by kind, kinds in their display order."""
    grouped: dict[str, list[ListingCard]] = {kind.value: [] for kind in ListingKind}
    for card in _cards(_village_listings(), {"village_id": village_obj.id}, village_obj):
        grouped[card.kind].append(card)
    return {kind: items for kind, items in grouped.items() if items}


def province(code: str) -> Province | None:
    """A province by its 2-digit code."""
    return db.session.get(Province, code) if code.isdigit() and len(code) == 2 else None


@prepared
def _listing_by_slug(_dialect: str) -> Select:
    return published_listings().where(Listing.slug == bindparam("slug")).options(
        contains_eager(Listing.village).contains_eager(Village.subdistrict),
        _photo_count(Listing), _report_notices(Listing))


def listing(slug: str) -> Listing | None:
    """One published listing by slug, its village and place loaded by the same joins, with its
    photo count."""
    return db.session.scalar(_listing_by_slug(), {"slug": slug})


@prepared
def _related_listings(dialect: str) -> Select:
    return (_published_cards()
            .where(Listing.village_id == bindparam("village_id"), Listing.id != bindparam("id"))
            .order_by(*_order_by_title(Listing, dialect))
            .limit(bindparam("limit")))


def related_listings(item: Listing, limit: int = 4) -> list[ListingCard]:
    """Other published listings of the same village."""
    return _cards(_related_listings(),
                  {"village_id": item.village_id, "id": item.id, "limit": limit}, item.village)


@dataclass
class ListingFilter:
    """Filters of the listings page, read from the query string; bad values are dropped."""

    kind: str | None = None
    category: str | None = None
    province: str | None = None
    region: str | None = None
    district: str | None = None
    stars: int | None = None
    page: int = 1
    ignored: list[str] = field(default_factory=list)

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> ListingFilter:
        """Parse ``kind``, ``category``, ``province``, ``region``, ``district``, ``stars`` and
        ``page``."""
        result = cls()
        raw_kind, raw_category = args.get("kind", ""), args.get("category", "")
        result.kind = parse_kind(raw_kind)
        result.category = parse_category(raw_category)
        result.province = _province_code(args.get("province", ""))
        result.region = parse_region(args.get("region", ""))
        result.district = _district_code(args.get("district", ""))
        result.stars = _int_in(args.get("stars", ""), 1, 5)
        result.page = _int_in(args.get("page", ""), 1, 100_000) or 1
        for name, raw, parsed in (
            ("kind", raw_kind, result.kind),
            ("category", raw_category, result.category),
            ("province", args.get("province", ""), result.province),
            ("region", args.get("region", ""), result.region),
            ("district", args.get("district", ""), result.district),
            ("stars", args.get("stars", ""), result.stars),
        ):
            if raw.strip() and parsed is None:
                result.ignored.append(name)
        return result

    def as_args(self, **overrides: object) -> dict[str, object]:
        """Query-string arguments of this filter, for links that change one of them."""
        args = {
            "kind": self.kind,
            "category": self.category,
            "province": self.province,
            "region": self.region,
            "district": self.district,
            "stars": self.stars,
        }
        args.update(overrides)
        return {key: value for key, value in args.items() if value not in (None, "")}

    @property
    def active(self) -> bool:
        """True when any filter narrows the list."""
        return any((self.kind, self.category, self.province, self.region, self.district,
                    self.stars))


def _int_in(value: str, low: int, high: int) -> int | None:
    value = (value or "").strip()
    if not value.isascii() or not value.isdigit():
        return None
    number = int(value)
    return number if low <= number <= high else None


def _province_code(value: str) -> str | None:
    """A province by code, or by name as search reads it (Thai, English, "korat", "จ.น่าน")."""
    from cdd_click.search.understanding import gazetteer

    value = (value or "").strip()
    if not value:
        return None
    if value.isdigit():
        return value if province(value) else None
    place = gazetteer().find_place(value.removeprefix("จ.").removeprefix("จังหวัด"))
    return place.code if place and place.level == "province" else None


def _district_code(value: str) -> str | None:
    """A 4-digit DOPA district code that exists, as /search takes it."""
    from cdd_click.search.understanding import gazetteer

    value = (value or "").strip()
    return value if gazetteer().place("district", value) else None


def filter_listings(filters: ListingFilter, per_page: int) -> Page:
    """Published listings matching ``filters``, one page of them, in Thai order."""
    query = published_listings()
    if filters.kind:
        query = query.where(Listing.kind == filters.kind)
    if filters.category:
        query = query.where(Listing.category == filters.category)
    if filters.province:
        query = query.where(Subdistrict.province_code == filters.province)
    if filters.district:
        query = query.where(Subdistrict.district_code == filters.district)
    if filters.region:
        query = query.where(Subdistrict.province_code.in_(
            select(Province.code).where(Province.region == filters.region)))
    if filters.stars:
        query = query.where(Listing.otop_stars == filters.stars)
    query = query.order_by(*_order_by_title(Listing))
    return page_of(query, filters.page, per_page)


def _province_listings_query(code: str) -> Select:
    return (published_listings().where(Subdistrict.province_code == code)
            .order_by(*_order_by_title(Listing)))


def province_listings(code: str) -> list[Listing]:
    """Published listings of a province, in Thai order (every one: pages ask for
    ``province_listings_page``)."""
    return list(db.session.scalars(_province_listings_query(code)))


def province_listings_page(code: str, page: int, past_end: str = "last") -> Page:
    """One page of ``province_listings``, with their total (``paging.page_of``)."""
    return page_of(_province_listings_query(code), page, past_end=past_end)


def _articles_query(category: str | None = None) -> Select:
    query = select(Article).where(Article.status == Status.PUBLISHED)
    if category:
        query = query.where(Article.category == category)
    return query.order_by(Article.published_on.desc(), Article.id)


def articles(category: str | None = None, limit: int | None = None) -> list[Article]:
    """Published articles, newest first (the first ``limit`` of them, in SQL)."""
    query = _articles_query(category)
    return list(db.session.scalars(query if limit is None else query.limit(limit)))


def articles_page(page: int, category: str | None = None) -> Page:
    """One page of ``articles``, with their total."""
    return page_of(_articles_query(category), page)


def article_categories() -> list[str]:
    """Categories of published articles, in Thai order."""
    rows = db.session.scalars(
        select(Article.category).where(Article.status == Status.PUBLISHED).distinct()
    )
    return thai_sorted(rows, key=str)


def article(slug: str) -> Article | None:
    """One published article by slug."""
    return db.session.scalar(
        select(Article).where(Article.slug == slug, Article.status == Status.PUBLISHED)
    )


def english_summaries(keys) -> dict[tuple[str, str], str]:
    """English summaries of the items named by (type, slug), for a page of search hits: one
    query per type, never more rows than the page shows."""
    from cdd_click.models import Article, Listing, Village

    wanted: dict[str, list[str]] = {}
    for type_, slug in keys:
        wanted.setdefault(type_, []).append(slug)
    found: dict[tuple[str, str], str] = {}
    for type_, model in (("village", Village), ("listing", Listing), ("article", Article)):
        if wanted.get(type_):
            for slug, summary in db.session.execute(select(model.slug, model.summary_en).where(
                    model.slug.in_(wanted[type_]), model.summary_en.is_not(None))):
                found[(type_, slug)] = summary
    return found
