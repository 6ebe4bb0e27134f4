"""Login attempts per window, shared by every worker and machine through the database.

Keys are HMACs of the client address or the target e-mail (keyed with ``SECRET_KEY``): the table
never holds an IP address or an e-mail address (PDPA). A row is forgotten (deleted) once a whole
quiet window has passed after its window ended.
"""

from __future__ import annotations

from sqlalchemy import Float, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from cdd_click.extensions import db


class LoginThrottle(db.Model):
    """One hashed key's current window: attempts so far, its end, and its length (which grows
    for an account whose windows keep overflowing)."""

    __tablename__ = "login_throttle"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    window_end: Mapped[float] = mapped_column(Float)
    span: Mapped[float] = mapped_column(Float)
    hits: Mapped[int] = mapped_column(Integer, default=0)
    forget_at: Mapped[float] = mapped_column(Float, index=True)
