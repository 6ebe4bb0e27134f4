"""The search outbox: every content change, recorded in the same transaction as the change.

The database is the source of truth; each machine's Whoosh index is a derived copy that applies
these rows in id order and remembers the last id it applied (see ``cdd_click.search.sync``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from cdd_click.extensions import db
from cdd_click.models.common import utcnow


class IndexChange(db.Model):
    """Item ``item_type:item_id`` changed; its search document must be rewritten or removed."""

    __tablename__ = "index_change"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"),
                                    primary_key=True, autoincrement=True)
    item_type: Mapped[str] = mapped_column(String(16))
    item_id: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
