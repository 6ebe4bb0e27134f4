"""How the embedded SQLite database is opened: write-ahead logging, so that readers (every page)
never wait for a writer (a publish, an import, a worker writing its visit counts), and writers
wait for each other instead of failing at once."""

from __future__ import annotations

import sqlite3

from sqlalchemy import event
from sqlalchemy.engine import Engine

BUSY_TIMEOUT_MS = 5_000


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """WAL (kept in the file: every process of the site uses it once any has set it),
    ``synchronous=NORMAL`` (what WAL is made for: a crash loses no committed transaction's
    consistency), a busy timeout for writers, and foreign keys enforced (SQLite's default is
    off, which left photo rows behind a deleted item)."""
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")  # as PostgreSQL: no photo row outlives its item
    cursor.close()
