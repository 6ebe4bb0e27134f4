"""One page of a public list: a fixed number of rows and the total, from one statement.

Every list that grows with the site (villages, listings, articles, a province's items, the
national map's text alternative) is read a page at a time. The total rides on the page's own
statement as an uncorrelated scalar subquery (SQLite and PostgreSQL evaluate it once, from the
indexes), so a page costs one statement per list; only a page past the end costs a second, to
count, and is answered with the last page (never an error).

Counting is the costly part of a page (every matching row, where the page reads a few from an
index in order): the total is kept in the app cache per statement and content version, so the
other pages of the same list, and the same page after a page-cache eviction, skip it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from flask import current_app
from sqlalchemy import Select, func, select

from cdd_click.extensions import cache, db

MAX_PAGE = 100_000


def per_page() -> int:
    """The fixed page size of the public lists (``LIST_PER_PAGE``)."""
    return int(current_app.config.get("LIST_PER_PAGE", 24))


def page_number(value: str | None) -> int:
    """``?page=`` as a number from 1; anything else is page 1."""
    value = (value or "").strip()
    if not value.isascii() or not value.isdigit():
        return 1
    return min(max(int(value), 1), MAX_PAGE)


@dataclass
class Page:
    """Rows ``first``…``last`` of ``total``, page ``page`` of ``pages``."""

    items: list[Any]
    page: int
    per_page: int
    total: int
    extra: dict = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int | None:
        return self.page - 1 if self.has_prev else None

    @property
    def next_num(self) -> int | None:
        return self.page + 1 if self.has_next else None

    @property
    def first(self) -> int:
        """1-based position of the page's first row (0 when there are none)."""
        return (self.page - 1) * self.per_page + 1 if self.items else 0

    @property
    def last(self) -> int:
        return self.first + len(self.items) - 1 if self.items else 0

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


def page_of(query: Select, page: int, size: int | None = None, past_end: str = "last",
            keep_count: bool = True) -> Page:
    """Page ``page`` of ``query``'s entities (its ORDER BY must be total: end it with the id);
    past the end, the last page (``past_end="empty"``: no rows, for a page that shows two
    lists of different lengths with one page number). ``keep_count``: keep the total in the app
    cache for the content version (only for rows that change with the content version)."""
    size = size or per_page()
    counting = select(func.count()).select_from(query.order_by(None).subquery())
    key = _count_key(counting) if keep_count else None
    known = cache.get(key) if key else None
    if known is not None:
        rows = db.session.execute(query.limit(size).offset((page - 1) * size)).scalars().all()
        if rows:
            return Page(list(rows), page, size, known)
        return _past_end(query, page, size, known, past_end)
    statement = query.add_columns(counting.scalar_subquery().label("page_total"))
    rows = db.session.execute(statement.limit(size).offset((page - 1) * size)).all()
    total = rows[0][-1] if rows else (db.session.scalar(counting) if page > 1 else 0)
    if key:
        cache.set(key, total)
    if rows:
        return Page([row[0] for row in rows], page, size, total)
    return _past_end(query, page, size, total, past_end)


def _count_key(counting: Select) -> str:
    """The app-cache key of a count: its SQL and values, at the current content version."""
    from cdd_click import search

    compiled = counting.compile(dialect=db.engine.dialect)
    text = f"{compiled}|{sorted(compiled.params.items())}"
    digest = hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()
    return f"count:{digest}:{search.content_version()}"


def _past_end(query: Select, page: int, size: int, total: int, past_end: str) -> Page:
    """A page with no rows: empty (``past_end="empty"``) or the last page, or page 1 of none."""
    if not total or page <= 1:
        return Page([], 1, size, total)
    if past_end == "empty":
        return Page([], page, size, total)
    last = -(-total // size)
    rows = db.session.execute(query.limit(size).offset((last - 1) * size)).scalars().all()
    return Page(list(rows), last, size, total)
