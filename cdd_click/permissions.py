"""Who may do what: one place for every role and province rule, checked by every admin view."""

from __future__ import annotations

from functools import wraps
from typing import Any

from flask import abort
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import Select, false

from cdd_click.extensions import db
from cdd_click.models import Article, Listing, Subdistrict, User, Village

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


def province_column(model: type):
    """The SQL expression of an item's province code (joins ``editable`` and lists add)."""
    return Article.province_code if model is Article else Subdistrict.province_code


def with_province(query: Select, model: type) -> Select:
    """``query`` over ``model`` joined to where its province code lives."""
    if model is Village:
        return query.join(Village.subdistrict)
    if model is Listing:
        return query.join(Listing.village).join(Village.subdistrict)
    return query


def editable(query: Select, model: type, user: User) -> Select:
    """``query`` (already ``with_province``) narrowed to what ``user`` may edit, in SQL: the
    same rule as ``can_edit_province``, without reading whole tables into Python."""
    if not user.is_authenticated or not user.is_active:
        return query.where(false())
    if user.is_admin:
        return query
    return query.where(province_column(model).in_(sorted(user.province_codes)))


def can_edit(user: User, item: Item) -> bool:
    """True when ``user`` may change ``item``."""
    return can_edit_province(user, item_province(item))


def province_of_values(model: type, values: dict[str, Any]) -> str | None:
    """The province new or changed values would put an item of ``model`` in."""
    if model is Village:
        sub = db.session.get(Subdistrict, values.get("subdistrict_code") or "")
        return sub.province_code if sub else None
    if model is Listing:
        village = db.session.get(Village, values.get("village_id") or 0)
        return village.subdistrict.province_code if village else None
    return values.get("province_code")


class NotPermitted(Exception):
    """A change the user may not make; ``reasons`` (field -> Thai message) say why."""

    def __init__(self, reasons: dict[str, str]):
        super().__init__("; ".join(reasons.values()))
        self.reasons = reasons


def admin_only_fields() -> dict[str, str]:
    """Fields only admins may set, each with the Thai reason an editor is given."""
    return {"featured": _("เฉพาะผู้ดูแลระบบเท่านั้นที่กำหนดหมู่บ้านแนะนำได้")}


def _stored(item: Item | None, model: type, key: str) -> Any:
    """What ``item`` holds in ``key`` (for a new item: the model's default)."""
    if item is not None:
        return getattr(item, key, None)
    default = getattr(model.__table__.c.get(key), "default", None)
    return default.arg if default is not None and not callable(default.arg) else None


def kept_for_editor(user: User, item: Item | None, model: type,
                    values: dict[str, Any]) -> dict[str, Any]:
    """``values`` with each field ``user`` may not set left as ``item`` has it: an editor's
    form does not show those fields, so what it sends for them means nothing."""
    if user.is_admin:
        return values
    return {**values, **{key: _stored(item, model, key) for key in admin_only_fields()
                         if key in values}}


def refusals(user: User, model: type, item: Item | None, values: dict[str, Any],
             province: str | None = None) -> dict[str, str]:
    """Why ``user`` may not give ``item`` (None: a new item of ``model``) these values: the one
    rule set of the form, restore and import. A field only admins set is refused when its value
    differs from the stored one (an unchanged value passes); the province is the one ``values``
    give (or ``province``, when the caller knows it), and an item's current province too."""
    reasons = {}
    if not user.is_admin:
        for key, reason in admin_only_fields().items():
            if key in values and bool(values[key]) != bool(_stored(item, model, key)):
                reasons[key] = reason
    target = province_of_values(model, values) if province is None else province
    if not can_edit_province(user, target) or (item is not None and not can_edit(user, item)):
        reasons["province"] = _("คุณไม่มีสิทธิ์แก้ไขข้อมูลของจังหวัดนี้")
    return reasons


def check_change(user: User, item: Item, values: dict[str, Any]) -> None:
    """Raise ``NotPermitted`` unless ``user`` may give ``item`` these values."""
    reasons = refusals(user, type(item), item, values)
    if reasons:
        raise NotPermitted(reasons)


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
