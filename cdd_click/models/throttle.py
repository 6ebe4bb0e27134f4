"""Login attempts per time window, shared by every worker and machine through the database.

Keys are HMACs of the client address or the target e-mail (keyed with ``SECRET_KEY``): the table
never holds an IP address or an e-mail address (PDPA), and rows of finished windows are deleted.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from cdd_click.extensions import db


class LoginThrottle(db.Model):
    """How many login attempts one hashed key made in the window that ends at ``window_end``."""

    __tablename__ = "login_throttle"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    window_end: Mapped[int] = mapped_column(BigInteger, primary_key=True, index=True)
    hits: Mapped[int] = mapped_column(Integer, default=0)
