"""Owners claim their page (issue 24): a claim, the items an owner's account holds, and the
one-time links that sign an owner in.

A claim holds what the claimant typed to be verified by the district office, and their consent:
which of their contact details they agree to see published, and when they agreed (PDPA: who,
when, what). A refused claim keeps no contact details. Approval makes (or reuses) an **owner**
account tied to the item; the editor passes a one-time sign-in link on out of band. Only a
digest of each link is stored.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cdd_click.extensions import db
from cdd_click.models.common import utcnow
from cdd_click.models.user import User


class Claim(db.Model):
    """Someone says a listing (or, for a community leader, a village) is theirs to look after."""

    __tablename__ = "owner_claim"
    __table_args__ = (Index("ix_owner_claim_queue", "state", "province_code", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_type: Mapped[str] = mapped_column(String(16))  # village, listing
    item_id: Mapped[int] = mapped_column(Integer, index=True)
    province_code: Mapped[str] = mapped_column(ForeignKey("province.code"))
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(120))  # owner, group chair, host, village head…
    phone: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(254))
    line_id: Mapped[str | None] = mapped_column(String(60))
    note: Mapped[str] = mapped_column(Text, default="")
    # consent: which contacts may be published on the site, and when that was given
    publish_phone: Mapped[bool] = mapped_column(Boolean, default=False)
    publish_email: Mapped[bool] = mapped_column(Boolean, default=False)
    publish_line: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    state: Mapped[str] = mapped_column(String(16), default="open")  # open, approved, refused
    reason: Mapped[str] = mapped_column(Text, default="")
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    token: Mapped[str] = mapped_column(String(32), unique=True)  # the form's: one claim a form

    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])


class OwnerItem(db.Model):
    """An item an owner's account looks after."""

    __tablename__ = "owner_item"
    __table_args__ = (Index("ix_owner_item_item", "item_type", "item_id"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"),
                                         primary_key=True)
    item_type: Mapped[str] = mapped_column(String(16), primary_key=True)
    item_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SignInLink(db.Model):
    """A one-time link that signs an owner in (its SHA-256 digest; the link itself is shown
    once to the editor who approved the claim)."""

    __tablename__ = "sign_in_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
