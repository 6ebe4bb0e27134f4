"""Creating and changing staff accounts (used by the CLI and the admin pages alike)."""

from __future__ import annotations

from sqlalchemy import func, select

from cdd_click.extensions import db
from cdd_click.models import Province, Role, User

MIN_PASSWORD = 12


class AccountError(ValueError):
    """An account cannot be created or changed as asked."""


def _provinces(codes) -> list[Province]:
    found = list(db.session.scalars(select(Province).where(Province.code.in_(list(codes)))))
    missing = set(codes) - {p.code for p in found}
    if missing:
        raise AccountError(f"unknown province code(s): {', '.join(sorted(missing))}")
    return found


def find_user(email: str) -> User | None:
    """The account with this e-mail address (case-insensitive)."""
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def create_user(email: str, password: str, role: str, province_codes=()) -> User:
    """A new active account; editors need at least one province."""
    if role not in (Role.ADMIN, Role.EDITOR):  # owners come from approved claims only
        raise AccountError("role must be admin or editor")
    if find_user(email):
        raise AccountError(f"{email} already exists")
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"the password must have at least {MIN_PASSWORD} characters")
    provinces = _provinces(province_codes)
    if role == Role.EDITOR and not provinces:
        raise AccountError("an editor needs at least one --province")
    user = User(email=email.strip().lower(), role=role, provinces=provinces)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    return user


def update_user(user: User, role: str, province_codes, active: bool,
                password: str | None = None) -> None:
    """Change an account in one transaction."""
    user.role, user.active = role, bool(active)
    user.provinces = _provinces(province_codes)
    if password:
        if len(password) < MIN_PASSWORD:
            raise AccountError(f"the password must have at least {MIN_PASSWORD} characters")
        user.set_password(password)
    db.session.commit()
