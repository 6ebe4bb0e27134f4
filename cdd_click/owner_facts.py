"""Which of an item's values came from its owner, and how a page says so (issue 24).

When an owner's change is published (approved by the district office, or at once for a trusted
owner) each field it set is marked in the item's ``owner_supplied``: the day, whether the office
checked it, and a digest of the value. A mark counts only while the field still holds that
value, so a staff edit or an import that changes it ends the mark with no hook, and nothing
personal is copied into the mark. Pages, JSON-LD and the API read ``attribution``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l

from cdd_click.models import Listing, Village
from cdd_click.models.facts import PracticalFacts

# What an owner may change (issue 24: contact routes, prices, opening days and hours, booking,
# facts, photos, description and its English; never title, kind, place, featured or status).
CONTACTS = ("phone", "line_id", "email", "website", "facebook", "shop_url")
# Contacts that reach a person: published only with the owner's consent, and removed at once
# when it is withdrawn (PDPA). A web address of the business is not personal.
PERSONAL = ("phone", "line_id", "email")
PRICES = ("price_min", "price_max")
HOURS = ("open_days", "opens", "closes", "opening_hours")
DESCRIPTION = ("summary", "summary_en", "body", "body_en", "highlights", "highlights_en")
FACTS = PracticalFacts.FACT_FIELDS
PIN = ("lat", "lon")  # the exact place (issue 24 point 6): the owner knows where it is
FIELDS: dict[str, tuple[str, ...]] = {
    "listing": (*CONTACTS, *PRICES, *HOURS, *FACTS, *DESCRIPTION, *PIN),
    "village": (*PRICES, *FACTS, *DESCRIPTION, *PIN),  # a village holds no contacts of its own
}

LABELS = {
    "phone": _l("โทรศัพท์"), "line_id": _l("LINE ID"), "email": _l("อีเมล"),
    "website": _l("เว็บไซต์"), "facebook": _l("Facebook"), "shop_url": _l("ร้านค้าออนไลน์"),
    "price_min": _l("ราคาต่ำสุด"), "price_max": _l("ราคาสูงสุด"),
    "open_days": _l("วันที่เปิด"), "opens": _l("เวลาเปิด"), "closes": _l("เวลาปิด"),
    "opening_hours": _l("เวลาทำการ"), "best_months": _l("ช่วงเดือนที่เหมาะจะไป"),
    "getting_there": _l("การเดินทาง"), "getting_there_en": _l("การเดินทาง ภาษาอังกฤษ"),
    "booking_needed": _l("ต้องจองล่วงหน้า"), "languages": _l("ภาษาที่สื่อสารได้"),
    "wheelchair_access": _l("ผู้ใช้รถเข็นเข้าถึงได้"), "parking": _l("ที่จอดรถ"),
    "suitable_for": _l("เหมาะสำหรับ"), "summary": _l("สรุปสั้น ๆ"),
    "summary_en": _l("สรุปภาษาอังกฤษ"), "body": _l("เนื้อหา"), "body_en": _l("เนื้อหาภาษาอังกฤษ"),
    "highlights": _l("เที่ยวชมและทำอะไรได้บ้าง"),
    "highlights_en": _l("เที่ยวชมและทำอะไรได้บ้าง ภาษาอังกฤษ"),
    "lat": _l("ละติจูด"), "lon": _l("ลองจิจูด"),
    "location_approximate": _l("ตำแหน่งโดยประมาณ (จุดกลางตำบล)"),
}


def digest(value: Any) -> str:
    """A short digest of a stored value (what a mark compares against)."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def marked(item: Village | Listing, values: dict[str, Any], on: dt.date,
           checked: bool) -> dict[str, dict]:
    """``item.owner_supplied`` once ``values`` (now stored) are the owner's: an emptied field
    carries no mark."""
    marks = dict(item.owner_supplied or {})
    for field, value in values.items():
        if value in (None, "", [], {}):
            marks.pop(field, None)
        else:
            marks[field] = {"on": on.isoformat(), "checked": checked, "h": digest(value)}
    return marks


def current_fields(item: Village | Listing) -> dict[str, dict]:
    """The marks whose field still holds the owner's value."""
    return {field: mark for field, mark in (item.owner_supplied or {}).items()
            if isinstance(mark, dict) and mark.get("h") == digest(getattr(item, field, None))}


@dataclass(frozen=True)
class Attribution:
    """What a page says about the owner's part: which fields, the latest day, and whether the
    district office checked every one (a trusted owner's change publishes unchecked)."""

    fields: tuple[str, ...]
    on: dt.date
    checked: bool

    @property
    def labels(self) -> list[str]:
        return [str(LABELS[field]) for field in self.fields if field in LABELS]


def attribution(item) -> Attribution | None:
    """The owner's part of ``item`` (None when it has none, or it is not a village or listing)."""
    if not isinstance(item, Village | Listing):
        return None
    marks = current_fields(item)
    if not marks:
        return None
    fields = tuple(field for field in FIELDS[type(item).__name__.lower()] if field in marks)
    on = max(dt.date.fromisoformat(mark["on"]) for mark in marks.values())
    return Attribution(fields, on, all(mark.get("checked") for mark in marks.values()))


def as_json(item) -> dict[str, Any] | None:
    """The attribution as the API gives it."""
    found = attribution(item)
    if found is None:
        return None
    return {"fields": list(found.fields), "date": found.on.isoformat(),
            "checked_by_office": found.checked}


def shown(field: str, value: Any) -> str:
    """A stored value as the office's queue shows it (Thai; "—" for none)."""
    from cdd_click import facts

    if value in (None, "", []):
        return "—"
    if isinstance(value, bool):
        return "ใช่" if value else "ไม่"
    if field == "best_months":
        return facts.months_text(value, "th")
    if field == "open_days":
        return facts.days_text(value, "th")
    if field == "languages":
        names = facts.language_names("th")
        return ", ".join(names.get(code, code) for code in value)
    if field == "suitable_for":
        return ", ".join(str(facts.AUDIENCE_LABELS.get(code, code)) for code in value)
    if field in PIN and isinstance(value, float):
        return f"{value:.6f}"
    if isinstance(value, list):
        return " / ".join(str(part) for part in value)
    if field.startswith("price") and isinstance(value, int):
        return f"{value:,} บาท"
    return str(value)
