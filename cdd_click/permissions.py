"""Who may do what: one place for every role and province rule, checked by every admin view."""

from __future__ import annotations

from functools import wraps

from flask import abort
from flask_login import current_user

from cdd_click.models import Article, Listing, User, Village

Item = Village | Listing | Article


def item_province(item: Item) -> str | None:
    """The province an item belongs to (None: a national article)."""
    if isinstance(item, Village):
        return item.subdistrict.province_code if item.subdistrict else None
    if isinstance(item, Listing):
        return item.village.subdistrict.province_code
    return item.province_code


def can_edit_province(user: User, code: str | None) -> bool:
    """Admins edit everything; editors only their own provinces."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_admin or (code is not None and code in user.province_codes)


def can_edit(user: User, item: Item) -> bool:
    """True when ``user`` may change ``item``."""
    return can_edit_province(user, item_province(item))


def require_edit(item: Item | None) -> Item:
    """The item, or 404 when it does not exist and 403 when the user may not edit it."""
    if item is None:
        abort(404)
    if not can_edit(current_user, item):
        abort(403)
    return item


def admin_required(view):
    """Only admins (anonymous users are sent to the login page by ``login_required``)."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            from cdd_click.extensions import login_manager

            return login_manager.unauthorized()
        if not current_user.is_admin:
            abort(403)
        return view(*args, **kwargs)

    return wrapped
