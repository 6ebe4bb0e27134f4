"""Thai dictionary order for names, in Python and in SQL.

Plain code-point order puts every name that starts with a leading vowel (เ แ โ ใ ไ) after ฮ;
Thai readers expect เชียงใหม่ among the ช names. Python lists are ordered by PyThaiNLP's
``collate``. Lists that grow with the site (villages, listings) are ordered in SQL by a stored
key, ``title_sort`` (``sort_key`` of the title, bytes that sort as ``thai_key`` does), set on every
write by a ``before_flush`` listener and indexed: one code path on SQLite and PostgreSQL, no
per-row callback. Short lists may still order by a collation: PostgreSQL uses ICU's
``th-TH-x-icu`` and SQLite gets a ``thai`` collation backed by the same ``collate``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import TypeVar

from pythainlp.util.collate import _thkey  # the key ``pythainlp.util.collate`` sorts by
from sqlalchemy import event, inspect
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

T = TypeVar("T")

SQLITE_COLLATION = "thai"
POSTGRES_COLLATION = "th-TH-x-icu"


@lru_cache(maxsize=100_000)
def thai_key(text: str) -> tuple[str, str]:
    """Sort key of ``text`` in Thai dictionary order: PyThaiNLP's ``collate`` key, then code
    points between names it does not tell apart. Cached: SQLite compares the same names often."""
    return _thkey(text), text


def sort_key(text: str | None) -> bytes:
    """``text``'s Thai order as bytes (``thai_key``: PyThaiNLP's key, a NUL, the text itself, in
    UTF-8): comparing two keys byte by byte, as SQLite and PostgreSQL compare BLOB and bytea,
    orders them exactly as ``thai_key`` orders the texts (UTF-8 keeps code-point order, and the
    NUL ends a key that is a prefix of another before any character)."""
    first, second = thai_key(text or "")
    return first.encode() + b"\0" + second.encode()


def thai_sorted(items: Iterable[T], key: Callable[[T], str]) -> list[T]:
    """``items`` in Thai dictionary order of ``key(item)``."""
    return sorted(items, key=lambda item: thai_key(key(item)))


def thai_order(column: ColumnElement, dialect_name: str) -> ColumnElement:
    """``column`` with the Thai collation of the database in use, for ORDER BY."""
    if dialect_name == "sqlite":
        return column.collate(SQLITE_COLLATION)
    if dialect_name == "postgresql":
        return column.collate(POSTGRES_COLLATION)
    return column


def compare_thai(left: str | None, right: str | None) -> int:
    """-1, 0 or 1 as ``left`` sorts before, with or after ``right`` in Thai order."""
    left_key, right_key = thai_key(left or ""), thai_key(right or "")
    return (left_key > right_key) - (left_key < right_key)


@event.listens_for(Engine, "connect")
def _register_sqlite_collation(dbapi_connection, _record) -> None:
    """Give every SQLite connection the ``thai`` collation."""
    if hasattr(dbapi_connection, "create_collation"):
        dbapi_connection.create_collation(SQLITE_COLLATION, compare_thai)


@event.listens_for(Session, "before_flush")
def _store_sort_keys(session: Session, _context, _instances) -> None:
    """Every writer (form, import, content load, restore, owner changes) stores ``title_sort``
    with the title: lists order by the indexed column, never by a per-row collation."""
    for item in list(session.new) + list(session.dirty):
        if not hasattr(type(item), "title_sort"):
            continue
        state = inspect(item)
        if state.pending or item.title_sort is None or \
                state.attrs["title"].history.has_changes():
            item.title_sort = sort_key(item.title)
