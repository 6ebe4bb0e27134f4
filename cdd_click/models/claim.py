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

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    false,
)
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
    # set by the district's editor: this owner's changes to this item publish at once (still
    # recorded, and revertible from /admin/changes)
    trusted: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


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


class OwnerChange(db.Model):
    """What an owner asks to change on one of their items: the new values beside the ones the
    page held when they asked, and an optional photo. It waits for the district's editor
    (pending → approved or refused with a reason the owner sees), or publishes at once for a
    trusted owner (published, revertible → reverted). ``withdrawn``: the owner withdrew consent
    to the contacts it held, and nothing else was left in it."""

    __tablename__ = "owner_change"
    __table_args__ = (Index("ix_owner_change_queue", "state", "province_code", "created_at"),
                      Index("ix_owner_change_item", "item_type", "item_id", "state"),
                      Index("ix_owner_change_owner", "owner_id", "created_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    item_type: Mapped[str] = mapped_column(String(16))  # village, listing
    item_id: Mapped[int] = mapped_column(Integer)
    province_code: Mapped[str] = mapped_column(ForeignKey("province.code"))
    values: Mapped[dict] = mapped_column(JSON, default=dict)  # field -> the owner's value
    before: Mapped[dict] = mapped_column(JSON, default=dict)  # field -> the value it replaces
    photo_data: Mapped[bytes | None] = mapped_column(LargeBinary)  # WebP, 1200 px at most
    photo_alt: Mapped[str] = mapped_column(String(300), default="")
    photo_id: Mapped[int | None] = mapped_column(Integer)  # the photo it became
    # consent to publish the contacts it holds (PDPA: who, when, what: owner_id, this, values)
    consent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    state: Mapped[str] = mapped_column(String(16), default="pending")
    reason: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    token: Mapped[str] = mapped_column(String(32), unique=True)  # the form's: one change a form

    owner: Mapped[User | None] = relationship(foreign_keys=[owner_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
