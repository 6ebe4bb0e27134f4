"""The admin's lists: what an account may edit, searched, filtered and one page at a time, all
in SQL (at national scale a table is tens of thousands of rows)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import func, or_, select

from cdd_click import completeness
from cdd_click.extensions import db
from cdd_click.models import Listing, Status, User, Village
from cdd_click.permissions import editable, province_column, with_province
from cdd_click.vocabulary import parse_kind

PER_PAGE = 50


@dataclass
class ListFilter:
    """The list's query string: text, province, status, kind and page; bad values dropped."""

    q: str = ""
    province: str = ""
    status: str = ""
    kind: str = ""
    page: int = 1

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> ListFilter:
        """Read ``q``, ``province``, ``status``, ``kind`` and ``page``."""
        province = (args.get("province") or "").strip()
        status = (args.get("status") or "").strip()
        kind = parse_kind(args.get("kind"))
        page = (args.get("page") or "1").strip()
        return cls(q=" ".join((args.get("q") or "").split())[:100],
                   province=province if province.isdigit() and len(province) == 2 else "",
                   status=status if status in {s.value for s in Status} else "",
                   kind=str(kind) if kind else "",
                   page=int(page) if page.isdigit() and 0 < int(page) < 100_000 else 1)

    def as_args(self, **overrides: object) -> dict[str, object]:
        """Query-string arguments of this filter, for links that change one of them."""
        args = {"q": self.q, "province": self.province, "status": self.status,
                "kind": self.kind, **overrides}
        return {key: value for key, value in args.items() if value not in ("", None, 1)}


def items_page(model: type, user: User, wanted: ListFilter) -> Pagination:
    """One page of the items of ``model`` that ``user`` may edit and ``wanted`` asks for,
    newest change first."""
    query = editable(with_province(select(model), model), model, user)
    if wanted.q:
        pattern = f"%{wanted.q.replace('%', '').replace('_', '')}%"
        query = query.where(or_(model.title.ilike(pattern), model.title_en.ilike(pattern),
                                model.slug.ilike(pattern)))
    if wanted.province:
        query = query.where(province_column(model) == wanted.province)
    if wanted.status:
        query = query.where(model.status == wanted.status)
    if wanted.kind and model is Listing:
        query = query.where(Listing.kind == wanted.kind)
    query = query.order_by(model.updated_at.desc(), model.id.desc())
    return db.paginate(query, page=wanted.page, per_page=PER_PAGE, error_out=False)


def recent(model: type, user: User, limit: int = 5) -> list:
    """The items of ``model`` ``user`` may edit, most recently changed first."""
    query = editable(with_province(select(model), model), model, user)
    return list(db.session.scalars(query.order_by(model.updated_at.desc()).limit(limit)))


TODO_TYPES = {"listings": Listing, "villages": Village}


def todo_page(model: type, user: User, page: int = 1, province: str = "") -> RowsPage:
    """What the items of ``user``'s provinces lack, the items that lack most first (then the
    longest untouched): rows of ``completeness.scored`` whose score is under 100, in SQL."""
    now = datetime.now(UTC)
    query = editable(with_province(completeness.scored(model, now), model), model, user)
    query = query.where(completeness.missing_sql(model, now) > 0)
    if province:
        query = query.where(province_column(model) == province)
    query = query.order_by(completeness.missing_sql(model, now).desc(), model.updated_at,
                           model.id)
    return _rows_page(query, page)


def _rows_page(query, page: int) -> RowsPage:
    """A page of rows (not of single objects): flask-sqlalchemy's ``paginate`` keeps only each
    row's first column, so the count and the slice are asked here."""
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    pages = max(1, -(-total // PER_PAGE))
    page = min(max(page, 1), pages)
    rows = db.session.execute(query.limit(PER_PAGE).offset((page - 1) * PER_PAGE)).all()
    return RowsPage(rows, page, pages, total)


@dataclass
class RowsPage:
    """One page of result rows, with what the pagination links need."""

    items: list
    page: int
    pages: int
    total: int

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1
