"""How each content type is edited: its model, form, and the mapping between the two."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from cdd_click import sources
from cdd_click.admin import pickers
from cdd_click.admin.forms import ArticleForm, ListingForm, VillageForm, lines, words
from cdd_click.collation import thai_sorted
from cdd_click.extensions import db
from cdd_click.models import Article, Listing, Province, User, Village
from cdd_click.models.facts import AUDIENCES, LANGUAGES, WEEKDAYS
from cdd_click.permissions import can_edit_province


def _float(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def _text(field) -> str:
    return (field.data or "").strip()


def _common(form) -> dict[str, Any]:
    return {
        "slug": _text(form.slug), "title": _text(form.title),
        "title_en": _text(form.title_en) or None, "summary": _text(form.summary),
        "summary_en": _text(form.summary_en) or None, "body": form.body.data or "",
        "body_en": (form.body_en.data or "").strip() or None, "tags": words(form.tags.data),
        "sources": sources.parse_lines(form.sources.data),
    }


def _fill_common(form, item) -> None:
    for name in ("slug", "title", "title_en", "summary", "summary_en", "body", "body_en"):
        getattr(form, name).data = getattr(item, name)
    form.tags.data = ", ".join(item.tags or [])
    form.sources.data = sources.as_lines(item.sources)
    form.version.data = str(item.version)


_TRI_STATE = {"": None, "yes": True, "no": False}


def _fill_facts(form, item) -> None:
    for name in ("best_months", "languages", "suitable_for", "getting_there", "getting_there_en"):
        getattr(form, name).data = getattr(item, name)
    for name in ("booking_needed", "wheelchair_access", "parking"):
        value = getattr(item, name)
        getattr(form, name).data = "" if value is None else ("yes" if value else "no")


def _facts(form) -> dict[str, Any]:
    """The practical facts of a validated form (lists in their vocabulary's order)."""
    return {
        "best_months": sorted(set(form.best_months.data or [])),
        "languages": [code for code in LANGUAGES if code in (form.languages.data or [])],
        "suitable_for": [code for code in AUDIENCES if code in (form.suitable_for.data or [])],
        "getting_there": _text(form.getting_there) or None,
        "getting_there_en": _text(form.getting_there_en) or None,
        **{name: _TRI_STATE.get(getattr(form, name).data) for name in (
            "booking_needed", "wheelchair_access", "parking")},
    }


def editable_provinces(user: User) -> list[Province]:
    """Provinces ``user`` may publish in."""
    provinces = db.session.scalars(select(Province))
    return thai_sorted([p for p in provinces if can_edit_province(user, p.code)],
                       key=lambda p: p.name_th)


@dataclass(frozen=True)
class ContentType:
    """One editable type, addressed as /admin/<name>/."""

    name: str
    label: Any
    model: type
    form: type

    def make_form(self, user: User, item=None, formdata=None):
        """The form, with choices for ``user``, filled from ``item`` on GET."""
        form = self.form(formdata=formdata) if formdata is not None else self.form()
        if self.model is Listing:  # a search box, not thousands of options: see pickers
            form.find_village = partial(pickers.find_village, user)
        if self.model is Article:
            choices = [(p.code, p.name_th) for p in editable_provinces(user)]
            form.province.choices = ([("", "ทั่วประเทศ")] if user.is_admin else []) + choices
        if item is not None and formdata is None:
            self.fill(form, item)
        return form

    def fill(self, form, item) -> None:
        """Put ``item``'s values into ``form``."""
        _fill_common(form, item)
        if self.model is Village:
            form.moo.data, form.subdistrict.data = item.moo, item.subdistrict_code
            form.lat.data, form.lon.data = item.lat, item.lon
            form.featured.data = item.featured
            form.price_min.data, form.price_max.data = item.price_min, item.price_max
        form.highlights.data = "\n".join(item.highlights or [])
        form.highlights_en.data = "\n".join(item.highlights_en or [])
        if self.model in (Village, Listing):
            _fill_facts(form, item)
        if self.model is Listing:
            for name in ("kind", "producer", "price_min", "price_max", "phone", "line_id",
                         "email", "website", "facebook", "opening_hours", "lat", "lon",
                         "open_days", "opens", "closes", "shop_url"):
                getattr(form, name).data = getattr(item, name)
            form.village_option = pickers.option_of(item.village)
            form.village.data = item.village.slug
            form.category.data = item.category or ""
            form.otop_stars.data = str(item.otop_stars or "")
            form.otop_year.data = item.otop_year  # Common Era; shown in the Buddhist era
        if self.model is Article:
            form.category.data, form.published.data = item.category, item.published_on
            form.province.data = item.province_code or ""

    def values(self, form) -> dict[str, Any]:
        """Column values from a validated form."""
        values = _common(form)
        if self.model is Village:
            values.update(moo=form.moo.data, subdistrict_code=form.subdistrict.data,
                          lat=_float(form.lat.data), lon=_float(form.lon.data),
                          featured=bool(form.featured.data), price_min=form.price_min.data,
                          price_max=form.price_max.data)
        elif self.model is Listing:
            values.update({name: (_text(getattr(form, name)) or None) for name in (
                "producer", "phone", "line_id", "email", "website", "facebook", "opening_hours",
                "opens", "closes", "shop_url")})
            values["open_days"] = [day for day in WEEKDAYS if day in (form.open_days.data or [])]
            values.update(kind=form.kind.data, village_id=form.village_option.id,
                          category=form.category.data or None,
                          otop_stars=int(form.otop_stars.data) if form.otop_stars.data else None,
                          otop_year=form.otop_year.data,
                          price_min=form.price_min.data, price_max=form.price_max.data,
                          lat=_float(form.lat.data), lon=_float(form.lon.data))
        values.update(highlights=lines(form.highlights.data),
                      highlights_en=lines(form.highlights_en.data))
        if self.model in (Village, Listing):
            values.update(_facts(form))
        if self.model is Article:
            values.update(category=_text(form.category), published_on=form.published.data,
                          province_code=form.province.data or None)
        return values


CONTENT_TYPES = {
    "villages": ContentType("villages", _l("หมู่บ้าน"), Village, VillageForm),
    "listings": ContentType("listings", _l("สินค้าและที่เที่ยว"), Listing, ListingForm),
    "articles": ContentType("articles", _l("องค์ความรู้"), Article, ArticleForm),
}
