"""The owner's edit form: the staff forms' own fields (the same parsing, limits and Thai
messages), only those an owner may change (``owner_facts.FIELDS``)."""

from __future__ import annotations

from typing import Any

from flask_wtf.file import FileField
from wtforms import BooleanField, HiddenField, StringField
from wtforms.validators import Length, Optional

from cdd_click.admin.content_types import _facts, _fill_facts, _float, _text
from cdd_click.admin.forms import (
    ListingForm,
    ThaiForm,
    VillageForm,
    _Facts,
    _Highlights,
    _Located,
    lines,
)
from cdd_click.models.facts import WEEKDAYS


class _OwnerForm(_Facts, _Highlights, ThaiForm):
    lat = _Located.lat
    lon = _Located.lon
    validate_lon = _Located.validate_lon
    token = HiddenField()
    summary = ListingForm.summary
    summary_en = ListingForm.summary_en
    body = ListingForm.body
    body_en = ListingForm.body_en
    photo = FileField("เพิ่มรูปภาพ (JPEG, PNG หรือ WebP) เว้นว่างได้")
    photo_alt = StringField("คำบรรยายภาพ (ภาษาไทย)", validators=[Optional(), Length(max=300)])
    consent = BooleanField("ข้าพเจ้ายินยอมให้เผยแพร่โทรศัพท์ LINE และอีเมลที่กรอกไว้บนเว็บไซต์นี้ "
                           "และถอนความยินยอมได้ทุกเมื่อ")


class OwnerVillageForm(_OwnerForm):
    price_min = VillageForm.price_min
    price_max = VillageForm.price_max
    validate_price_max = VillageForm.validate_price_max
    validate_lat = VillageForm.validate_lat  # a village always has a place


class OwnerListingForm(_OwnerForm):
    price_min = ListingForm.price_min
    price_max = ListingForm.price_max
    phone = ListingForm.phone
    line_id = ListingForm.line_id
    email = ListingForm.email
    website = ListingForm.website
    facebook = ListingForm.facebook
    shop_url = ListingForm.shop_url
    opening_hours = ListingForm.opening_hours
    open_days = ListingForm.open_days
    opens = ListingForm.opens
    closes = ListingForm.closes
    validate_price_max = ListingForm.validate_price_max

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if bool(self.opens.data) != bool(self.closes.data):
            self.closes.errors = [*self.closes.errors,
                                  "กรุณากรอกทั้งเวลาเปิดและเวลาปิด หรือเว้นว่างทั้งคู่"]
            return False
        return valid


FORMS = {"village": OwnerVillageForm, "listing": OwnerListingForm}
_TEXTS = ("phone", "line_id", "email", "website", "facebook", "shop_url", "opening_hours",
          "opens", "closes")


def make(item_type: str, item=None, formdata=None):
    """The owner's form for an item of ``item_type``, filled from ``item`` on GET."""
    form = FORMS[item_type](formdata=formdata) if formdata is not None else FORMS[item_type]()
    if item is not None and formdata is None:
        for name in ("summary", "summary_en", "body", "body_en", "price_min", "price_max", "lat",
                     "lon"):
            getattr(form, name).data = getattr(item, name)
        form.highlights.data = "\n".join(item.highlights or [])
        form.highlights_en.data = "\n".join(item.highlights_en or [])
        _fill_facts(form, item)
        if item_type == "listing":
            for name in (*_TEXTS, "open_days"):
                getattr(form, name).data = getattr(item, name)
    return form


def values(form, item_type: str) -> dict[str, Any]:
    """Column values from a validated owner's form (as the staff form stores them)."""
    found: dict[str, Any] = {
        "summary": _text(form.summary), "summary_en": _text(form.summary_en) or None,
        "body": form.body.data or "", "body_en": (form.body_en.data or "").strip() or None,
        "highlights": lines(form.highlights.data),
        "highlights_en": lines(form.highlights_en.data),
        "price_min": form.price_min.data, "price_max": form.price_max.data, **_facts(form),
        "lat": _float(form.lat.data), "lon": _float(form.lon.data)}
    if item_type == "listing":
        found.update({name: _text(getattr(form, name)) or None for name in _TEXTS})
        found["open_days"] = [day for day in WEEKDAYS if day in (form.open_days.data or [])]
    return found
