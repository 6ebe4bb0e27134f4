"""The admin's lists: what an account may edit, searched, filtered and one page at a time, all
in SQL (at national scale a table is tens of thousands of rows)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import literal_column, or_, select
from sqlalchemy.orm import lazyload

from cdd_click import completeness, stats
from cdd_click.extensions import db
from cdd_click.models import Listing, RecentViews, Status, User, Village
from cdd_click.permissions import editable, province_column, with_province
from cdd_click.vocabulary import parse_kind

PER_PAGE = 50
# A row shows the item's own columns: the models' joined relationships (a listing's village and
# its place) would otherwise be joined into every row the database sorts, not only the page's.
_NO_EAGER = lazyload("*")


@dataclass
class ListFilter:
    """The list's query string: text, province, status, listing kind and page; bad values
    dropped. (``listing_kind``, not ``kind``: the lists' URLs name the content type ``kind``.)"""

    q: str = ""
    province: str = ""
    status: str = ""
    kind: str = ""
    lacks: str = ""  # a completeness criterion's key: only the items that lack it
    page: int = 1

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> ListFilter:
        """Read ``q``, ``province``, ``status``, ``listing_kind`` and ``page``."""
        province = (args.get("province") or "").strip()
        status = (args.get("status") or "").strip()
        kind = parse_kind(args.get("listing_kind"))
        page = (args.get("page") or "1").strip()
        lacks = (args.get("lacks") or "").strip()
        return cls(q=" ".join((args.get("q") or "").split())[:100],
                   province=province if province.isdigit() and len(province) == 2 else "",
                   status=status if status in {s.value for s in Status} else "",
                   kind=str(kind) if kind else "",
                   lacks=lacks if lacks in {c.key for c in completeness.CRITERIA} else "",
                   page=int(page) if page.isdigit() and 0 < int(page) < 100_000 else 1)

    def as_args(self, **overrides: object) -> dict[str, object]:
        """Query-string arguments of this filter, for links that change one of them."""
        args = {"q": self.q, "province": self.province, "status": self.status,
                "listing_kind": self.kind, "lacks": self.lacks, **overrides}
        return {key: value for key, value in args.items() if value not in ("", None, 1)}


def items_page(model: type, user: User, wanted: ListFilter) -> Pagination:
    """One page of the items of ``model`` that ``user`` may edit and ``wanted`` asks for,
    newest change first."""
    query = editable(with_province(select(model), model), model, user).options(_NO_EAGER)
    if wanted.q:
        pattern = f"%{wanted.q.replace('%', '').replace('_', '')}%"
        query = query.where(or_(model.title.ilike(pattern), model.title_en.ilike(pattern),
                                model.slug.ilike(pattern), *(
                                    [model.external_id.ilike(pattern)]
                                    if hasattr(model, "external_id") else [])))
    if wanted.province:
        query = query.where(province_column(model) == wanted.province)
    if wanted.status:
        query = query.where(model.status == wanted.status)
    if wanted.kind and model is Listing:
        query = query.where(Listing.kind == wanted.kind)
    if wanted.lacks and model in TODO_TYPES.values():
        query = completeness.lacking_filter(query, model, wanted.lacks)
    query = query.order_by(model.updated_at.desc(), model.id.desc())
    return db.paginate(query, page=wanted.page, per_page=PER_PAGE, error_out=False)


def page_provinces(model: type, items: list) -> dict[int, str]:
    """Item id -> province code, for one page of a list (one query for listings)."""
    if model is Village:
        return {item.id: item.subdistrict_code[:2] for item in items}
    if model is Listing:
        ids = [item.id for item in items]
        rows = db.session.execute(select(Listing.id, Village.subdistrict_code).join(
            Listing.village).where(Listing.id.in_(ids))) if ids else []
        return {ident: code[:2] for ident, code in rows}
    return {item.id: item.province_code for item in items}


def recent(model: type, user: User, limit: int = 5) -> list:
    """The items of ``model`` ``user`` may edit, most recently changed first."""
    query = editable(with_province(select(model), model), model, user).options(_NO_EAGER)
    return list(db.session.scalars(query.order_by(model.updated_at.desc()).limit(limit)))


TODO_TYPES = {"listings": Listing, "villages": Village}
TODO_ITEM_TYPES = {Listing: "listing", Village: "village"}  # as visits are counted


def todo_page(model: type, user: User, page: int = 1, province: str = "") -> RowsPage:
    """What the items of ``user``'s provinces lack, ordered by what would help visitors most:
    the views of this week and last times the criteria missed (an often-viewed item that
    lacks two things before an unseen one that lacks five), then the most missing, then the
    never checked and the longest unchecked (checked_on), then the longest untouched. Rows of
    ``completeness.scored`` whose score is under 100, with a ``views`` column, in SQL. No
    total is counted (scoring every item twice, for the count and for the page, cost twice as
    much nationally): a page knows only whether another follows."""
    now = datetime.now(UTC)
    joined, views = stats.recent_views(TODO_ITEM_TYPES[model], model.slug, now.date())
    query = completeness.scored(model, now)
    if province or not user.is_admin:  # the whole country needs no join to where items are
        query = editable(with_province(query, model), model, user)
    query = query.add_columns(views.label("views")).outerjoin(RecentViews, joined)
    missing = completeness.missing_sql(model, now)
    query = query.options(_NO_EAGER).where(missing > 0)
    if province:
        query = query.where(province_column(model) == province)
    # (PostgreSQL takes an output column's name in ORDER BY only on its own, not in a sum)
    query = query.order_by((missing * (views + 1)).desc(), literal_column("missing").desc(),
                           model.checked_on.asc().nulls_first(), model.updated_at, model.id)
    page = max(page, 1)
    rows = db.session.execute(query.limit(PER_PAGE + 1).offset((page - 1) * PER_PAGE)).all()
    return RowsPage(rows[:PER_PAGE], page, has_next=len(rows) > PER_PAGE)


@dataclass
class RowsPage:
    """One page of result rows, with what the pagination links need."""

    items: list
    page: int
    has_next: bool

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1
