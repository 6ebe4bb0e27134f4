"""The listing form's village search box: the villages an account may pick, found in SQL a few
rows at a time (nationally there are thousands; no page reads them all)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import jsonify, request
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import Select, case, func, or_, select

from cdd_click.admin import bp
from cdd_click.extensions import db
from cdd_click.models import District, Province, Subdistrict, User, Village
from cdd_click.permissions import editable, with_province

LIMIT = 20  # villages a search answers with at most
MAX_QUERY = 100  # characters of a search kept
MAX_TYPED = 200  # characters of a submitted value kept (a title is at most 200)


@dataclass(frozen=True)
class VillageOption:
    """A village as the picker offers it: id (for saving), slug (the field's value), label."""

    id: int
    slug: str
    label: str


def village_label(title: str, district: str, province_code: str, province: str) -> str:
    """``บ้านแม่กำปอง (อ.แม่ออน จ.เชียงใหม่)``: Bangkok's districts are เขต, and it has no จ."""
    district = district if district.startswith("เขต") else f"อ.{district}"
    province = province if province_code == "10" else f"จ.{province}"
    return f"{title} ({district} {province})"


def option_of(village: Village) -> VillageOption:
    """The picker's option for a loaded village (its place is joined with it)."""
    sub = village.subdistrict
    return VillageOption(village.id, village.slug, village_label(
        village.title, sub.district.name_th, sub.province_code, sub.province.name_th))


def _options(user: User) -> Select:
    """Id, slug, title and place of the villages ``user`` may put listings in (the same rule
    as every admin list: ``permissions.editable``, in SQL)."""
    query = select(Village.id, Village.slug, Village.title, District.name_th,
                   Subdistrict.province_code, Province.name_th)
    query = editable(with_province(query, Village), Village, user)
    return (query.join(District, District.code == Subdistrict.district_code)
            .join(Province, Province.code == Subdistrict.province_code))


def _option(row) -> VillageOption:
    return VillageOption(row[0], row[1], village_label(*row[2:]))


def _clean(text: str | None, limit: int) -> str:
    return " ".join((text or "").split())[:limit]


def search_villages(user: User, q: str | None, limit: int = LIMIT) -> list[VillageOption]:
    """At most ``limit`` villages ``user`` may edit whose Thai or English title or slug contains
    ``q`` (any case): those that start with it first, then in Thai order. No ``q``: the first
    ``limit`` in Thai order (for an editor, of their own provinces)."""
    q = _clean(q, MAX_QUERY)
    query = _options(user)
    order = [Village.title_sort, Village.id]
    if q:
        query = query.where(or_(Village.title.icontains(q, autoescape=True),
                                Village.title_en.icontains(q, autoescape=True),
                                Village.slug.icontains(q, autoescape=True)))
        starts = or_(Village.title.istartswith(q, autoescape=True),
                     Village.title_en.istartswith(q, autoescape=True),
                     Village.slug.istartswith(q, autoescape=True))
        order.insert(0, case((starts, 0), else_=1))
    return [_option(row) for row in db.session.execute(query.order_by(*order).limit(limit))]


def find_village(user: User, typed: str | None) -> tuple[VillageOption | None, str | None]:
    """The one village ``user`` may edit that ``typed`` names (its slug, or its exact Thai or
    English title), else None and why, in Thai."""
    typed = _clean(typed, MAX_TYPED)
    if not typed:
        return None, _("ไม่พบหมู่บ้านนี้ในจังหวัดที่คุณดูแล")
    by_slug = db.session.execute(
        _options(user).where(Village.slug == typed.lower()).limit(1)).first()
    if by_slug is not None:
        return _option(by_slug), None
    named = db.session.execute(_options(user).where(or_(
        Village.title == typed, func.lower(Village.title_en) == typed.lower())).limit(2)).all()
    if len(named) == 1:
        return _option(named[0]), None
    if named:
        return None, _("มีหมู่บ้านชื่อนี้มากกว่าหนึ่งแห่ง กรุณาเลือกจากรายการที่แสดง")
    return None, _("ไม่พบหมู่บ้านนี้ในจังหวัดที่คุณดูแล")


@bp.get("/villages.json")
@login_required
def village_options():
    """``?q=``: up to 20 villages this account may put listings in, as the search box's
    options: ``[{"slug": …, "label": "ชื่อ (อ.อำเภอ จ.จังหวัด)"}]``."""
    found = search_villages(current_user, request.args.get("q"))
    return jsonify([{"slug": option.slug, "label": option.label} for option in found])
