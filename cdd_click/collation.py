"""Thai dictionary order for names, in Python and in SQL.

Plain code-point order puts every name that starts with a leading vowel (เ แ โ ใ ไ) after ฮ;
Thai readers expect เชียงใหม่ among the ช names. Python lists are ordered by PyThaiNLP's
``collate``; in SQL, PostgreSQL uses ICU's ``th-TH-x-icu`` collation and SQLite gets a ``thai``
collation backed by the same ``collate``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from pythainlp.util import collate
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.sql.elements import ColumnElement

T = TypeVar("T")

SQLITE_COLLATION = "thai"
POSTGRES_COLLATION = "th-TH-x-icu"


def thai_sorted(items: Iterable[T], key: Callable[[T], str]) -> list[T]:
    """``items`` in Thai dictionary order of ``key(item)``."""
    items = list(items)
    rank = {name: index for index, name in enumerate(collate({key(item) for item in items}))}
    return sorted(items, key=lambda item: rank[key(item)])


def thai_order(column: ColumnElement, dialect_name: str) -> ColumnElement:
    """``column`` with the Thai collation of the database in use, for ORDER BY."""
    if dialect_name == "sqlite":
        return column.collate(SQLITE_COLLATION)
    if dialect_name == "postgresql":
        return column.collate(POSTGRES_COLLATION)
    return column


def compare_thai(left: str | None, right: str | None) -> int:
    """-1, 0 or 1 as ``left`` sorts before, with or after ``right`` in Thai order."""
    left, right = left or "", right or ""
    if left == right:
        return 0
    forward = collate([left, right])[0] == left
    backward = collate([right, left])[0] == right
    if forward != backward:
        return -1 if forward else 1
    return -1 if left < right else 1  # same Thai key: fall back to code points


@event.listens_for(Engine, "connect")
def _register_sqlite_collation(dbapi_connection, _record) -> None:
    """Give every SQLite connection the ``thai`` collation."""
    if hasattr(dbapi_connection, "create_collation"):
        dbapi_connection.create_collation(SQLITE_COLLATION, compare_thai)
