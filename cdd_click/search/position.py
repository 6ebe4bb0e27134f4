"""Where this machine's search index stands against the database it serves.

Each build's ``Mark`` (``index.py``) holds the database's identity (a random id the migration
wrote into ``site_setting``), the last outbox row it applied, and that row's time. Every check
compares it with the database in one query (``read_outbox``). The identity differs: the build
was read from another database. The outbox is behind the mark, or its row at the mark is
another row (ids handed out again): the database was restored from a backup. Either way the
build can never catch up by replaying rows, and ``sync`` rebuilds it.

The identity is read with the outbox in that one query, not cached per process: a site pointed
at another database whose outbox happens to be ahead would go unnoticed by a cached identity.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache

from flask import current_app
from sqlalchemy import bindparam, select

from cdd_click.extensions import db
from cdd_click.search.index import Mark

RESTORED = "database restored"
ANOTHER_DATABASE = "another database"


class DatabaseMoved(Exception):
    """The database is not the one (or not where) the build was read from: rebuild."""


def stamp(value: datetime | None) -> str:
    """An outbox row's ``created_at`` as a Mark keeps it (UTC, microseconds)."""
    if value is None:
        return ""
    return (value.astimezone(UTC) if value.tzinfo else value).isoformat()


@dataclass(frozen=True)
class Outbox:
    """Where the database's outbox stands: its identity, its newest row (id and time), and the
    time of the row a build says it applied (None: there is no such row)."""

    database: str
    latest: int
    latest_stamp: str
    applied_stamp: str | None

    def version(self) -> str:
        """Changes whenever content may have changed, a restore included: ids are reused after
        a restore, the time of the newest row is not (the page cache's key)."""
        return f"{self.database}:{self.latest}:{self.latest_stamp}"


def read_outbox(applied: int = 0) -> Outbox:
    """The database's position, in one query of primary-key lookups (every page asked for
    ``max(id)`` already; this adds two index lookups to the same round trip)."""
    identity, latest, latest_at, applied_at = db.session.execute(
        _position_query(), {"applied": applied}).one()
    return Outbox(identity or "", latest or 0, stamp(latest_at),
                  stamp(applied_at) if applied_at is not None else None)


@cache
def _position_query():
    """The statement of ``read_outbox``, built once per process (building it cost more than
    running it)."""
    from cdd_click.models import IndexChange, SiteSetting
    from cdd_click.models.settings import IDENTITY

    newest = select(IndexChange.id, IndexChange.created_at).order_by(
        IndexChange.id.desc()).limit(1).subquery()
    return select(
        select(SiteSetting.value).where(SiteSetting.key == IDENTITY).scalar_subquery(),
        select(newest.c.id).scalar_subquery(),
        select(newest.c.created_at).scalar_subquery(),
        select(IndexChange.created_at).where(IndexChange.id == bindparam("applied"))
        .scalar_subquery(),
    )


def content_version() -> str:
    """The database's content version (see ``Outbox.version``)."""
    return read_outbox().version()


def divergence(mark: Mark, outbox: Outbox) -> str | None:
    """Why a build at ``mark`` cannot catch up with ``outbox`` by replaying rows, or None."""
    if mark.database and mark.database != outbox.database:
        return ANOTHER_DATABASE
    if outbox.latest < mark.applied:
        return RESTORED  # the outbox went backwards
    if mark.applied and mark.stamp and outbox.applied_stamp != mark.stamp:
        return RESTORED  # its row at the mark is another row: ids handed out again
    return None


@dataclass(frozen=True)
class State:
    """This machine's live build against the database."""

    live: bool
    mark: Mark
    outbox: Outbox

    @property
    def problem(self) -> str | None:
        return divergence(self.mark, self.outbox) if self.live else None

    @property
    def caught_up(self) -> bool:
        return self.live and self.problem is None and self.mark.applied >= self.outbox.latest


def check() -> State:
    """The live build's mark against the database (one query, one small file read)."""
    index = current_app.extensions["cdd_search"]
    live = index.live_dir() is not None
    mark = index.mark() if live else Mark()
    return State(live, mark, read_outbox(mark.applied))
