"""Site-wide settings kept in the database, one key/value row each.

``identity`` is a random id the migration writes once into every database. It travels with the
database (a backup restored or a copy made holds the same one) and tells each machine's search
index which database it was built from (``cdd_click.search.sync``).
"""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from cdd_click.extensions import db

IDENTITY = "identity"  # key of the database's identity row


class SiteSetting(db.Model):
    """One setting of the site: ``key`` = ``value``."""

    __tablename__ = "site_setting"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(255))
