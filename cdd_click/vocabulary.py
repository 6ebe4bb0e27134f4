"""Labels of the site's controlled vocabularies, and the spellings people use for them.

Labels are lazy gettext strings so that each page shows them in its own locale.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from cdd_click.models.listing import ListingKind, OtopCategory

REGION_LABELS = {
    "north": _l("ภาคเหนือ"),
    "northeast": _l("ภาคตะวันออกเฉียงเหนือ"),
    "central": _l("ภาคกลาง"),
    "east": _l("ภาคตะวันออก"),
    "west": _l("ภาคตะวันตก"),
    "south": _l("ภาคใต้"),
}

TYPE_LABELS = {
    "village": _l("หมู่บ้าน"),
    "listing": _l("สินค้าและที่เที่ยว"),
    "article": _l("องค์ความรู้"),
}

KIND_LABELS = {
    ListingKind.COMMUNITY_PRODUCT: _l("สินค้าชุมชน"),
    ListingKind.OTOP_PRODUCT: _l("ผลิตภัณฑ์ OTOP"),
    ListingKind.ATTRACTION: _l("สถานที่ท่องเที่ยว"),
    ListingKind.ACCOMMODATION: _l("ที่พัก โฮมสเตย์"),
    ListingKind.EXPERIENCE: _l("กิจกรรมและประสบการณ์"),
}

CATEGORY_LABELS = {
    OtopCategory.FOOD: _l("อาหาร"),
    OtopCategory.BEVERAGE: _l("เครื่องดื่ม"),
    OtopCategory.TEXTILE: _l("ผ้าและเครื่องแต่งกาย"),
    OtopCategory.HANDICRAFT: _l("ของใช้ ของตกแต่ง ของที่ระลึก"),
    OtopCategory.HERBAL: _l("สมุนไพรที่ไม่ใช่อาหาร"),
}

# The official Thai names, as content files and people write them, mapped to our codes.
CATEGORY_THAI_NAMES = {
    "อาหาร": OtopCategory.FOOD,
    "เครื่องดื่ม": OtopCategory.BEVERAGE,
    "ผ้าและเครื่องแต่งกาย": OtopCategory.TEXTILE,
    "ผ้า เครื่องแต่งกาย": OtopCategory.TEXTILE,
    "ของใช้ ของตกแต่ง ของที่ระลึก": OtopCategory.HANDICRAFT,
    "ของใช้ของตกแต่งของที่ระลึก": OtopCategory.HANDICRAFT,
    "สมุนไพรที่ไม่ใช่อาหาร": OtopCategory.HERBAL,
}

KIND_ALIASES = {
    "otop": ListingKind.OTOP_PRODUCT,
    "product": ListingKind.COMMUNITY_PRODUCT,
    "homestay": ListingKind.ACCOMMODATION,
}


def parse_kind(value: str | None) -> ListingKind | None:
    """A listing kind from its code or a common alias; None when unknown."""
    text = (value or "").strip().lower()
    if text in ListingKind.__members__.values():
        return ListingKind(text)
    return KIND_ALIASES.get(text)


def parse_category(value: str | None) -> OtopCategory | None:
    """An OTOP category from its code or official Thai name; None when unknown."""
    text = " ".join((value or "").split())
    if text.lower() in OtopCategory.__members__.values():
        return OtopCategory(text.lower())
    return CATEGORY_THAI_NAMES.get(text)
