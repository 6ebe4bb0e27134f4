"""Staff accounts: admins manage everything; editors edit the content of their provinces."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flask_login import UserMixin
from sqlalchemy import Boolean, Column, DateTime, ForeignKey, Integer, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates
from werkzeug.security import check_password_hash, generate_password_hash

from cdd_click.extensions import db
from cdd_click.models.common import utcnow
from cdd_click.models.geography import Province

PASSWORD_METHOD = "scrypt"  # memory-hard KDF (Werkzeug's default parameters)

user_province = Table(
    "user_province",
    db.metadata,
    Column("user_id", ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
    Column("province_code", ForeignKey("province.code"), primary_key=True),
)


class Role(StrEnum):
    """What an account may do."""

    ADMIN = "admin"
    EDITOR = "editor"
    OWNER = "owner"  # a producer group, homestay host or community leader: their own items only


class User(UserMixin, db.Model):
    """A staff member who signs in at /admin/login."""

    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True, index=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default=Role.EDITOR)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    session_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    provinces: Mapped[list[Province]] = relationship(secondary=user_province, lazy="selectin")

    def set_password(self, password: str) -> None:
        """Store a salted scrypt hash, never the password; sessions opened with the old one end."""
        self.password_hash = generate_password_hash(password, method=PASSWORD_METHOD)
        self.end_sessions()

    def end_sessions(self) -> None:
        """Every session cookie issued so far stops working (logout, new password, disabled)."""
        self.session_version = (self.session_version or 0) + 1

    @validates("active")
    def _ending_sessions_when_disabled(self, key: str, active: bool) -> bool:
        if self.active and not active:
            self.end_sessions()
        return active

    def get_id(self) -> str:
        """Flask-Login keeps "id:session version" in the session, so a bump ends old sessions."""
        return f"{self.id}:{self.session_version}"

    def check_password(self, password: str) -> bool:
        """True when ``password`` matches the stored hash."""
        return check_password_hash(self.password_hash, password)

    @property
    def is_active(self) -> bool:  # Flask-Login: disabled accounts cannot sign in
        return self.active

    @property
    def is_admin(self) -> bool:
        """True for admins."""
        return self.role == Role.ADMIN

    @property
    def is_owner(self) -> bool:
        """True for an owner's account (made by approving a claim, never a staff account)."""
        return self.role == Role.OWNER

    @property
    def province_codes(self) -> set[str]:
        """Codes of the provinces this account may edit."""
        return {province.code for province in self.provinces}


_DUMMY_HASH: list[str] = []


def password_matches(user: User | None, password: str) -> bool:
    """Same scrypt work for unknown and disabled accounts: timing must not reveal who exists."""
    if user is None or not user.active:
        if not _DUMMY_HASH:
            _DUMMY_HASH.append(generate_password_hash("not a password", method=PASSWORD_METHOD))
        check_password_hash(_DUMMY_HASH[0], password)
        return False
    return user.check_password(password)
