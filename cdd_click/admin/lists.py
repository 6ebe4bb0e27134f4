"""The admin's lists: what an account may edit, searched, filtered and one page at a time, all
in SQL (at national scale a table is tens of thousands of rows)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import or_, select

from cdd_click.extensions import db
from cdd_click.models import Listing, Status, User
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
