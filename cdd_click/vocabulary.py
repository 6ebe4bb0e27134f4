"""The site's controlled vocabularies: kinds, OTOP categories, regions and content types.

Their one home: labels for pages, the spellings people and content files use for them, the words
search adds to documents so either language finds them, and the domain words the Thai segmenter
must know. The codes themselves are ``ListingKind``, ``OtopCategory`` (``models.listing``) and
``geography.REGIONS``.

Labels are lazy (``i18n.Label``) so that each page shows them in its own locale.
"""

from __future__ import annotations

from cdd_click.i18n import Label as _l  # noqa: N813 - the keyword `make translations-extract` reads
from cdd_click.models.listing import ListingKind, OtopCategory

REGION_LABELS = {
    "north": _l("ภาคเหนือ"),
    "northeast": _l("ภาคตะวันออกเฉียงเหนือ"),
    "central": _l("ภาคกลาง"),
    "east": _l("ภาคตะวันออก"),
    "west": _l("ภาคตะวันตก"),
    "south": _l("ภาคใต้"),
}

STATUS_LABELS = {
    "published": _l("เผยแพร่"),
    "draft": _l("ฉบับร่าง"),
    "archived": _l("เก็บถาวร"),
}

# What a revision records (publishing.record): shown in Thai in the history.
ACTION_LABELS = {
    "create": _l("สร้าง"),
    "edit": _l("แก้ไข"),
    "restore": _l("กู้คืนฉบับก่อนหน้า"),
    "delete": _l("ลบ"),
    "undelete": _l("กู้คืนรายการที่ลบ"),
    "published": _l("เผยแพร่"),
    "draft": _l("ยกเลิกการเผยแพร่ (ฉบับร่าง)"),
    "archived": _l("เก็บถาวร"),
    "content-load": _l("โหลดจากไฟล์เนื้อหา"),
    "import": _l("นำเข้าจากตาราง"),
    "checked": _l("ยืนยันว่าข้อมูลยังถูกต้อง"),
    "owner": _l("เจ้าของแก้ไข (เผยแพร่ทันที)"),
    "owner-approved": _l("อนุมัติการแก้ไขของเจ้าของ"),
    "owner-reverted": _l("ย้อนกลับการแก้ไขของเจ้าของ"),
    "consent-withdrawn": _l("เจ้าของถอนความยินยอมเผยแพร่ช่องทางติดต่อ"),
}

# Article categories are staff's own words; those the catalogue translates read in English on
# English pages (the rest stay Thai, marked lang="th").
ARTICLE_CATEGORY_LABELS = {label.message: label for label in (
    _l("ท่องเที่ยวชุมชน"), _l("ปรัชญาเศรษฐกิจพอเพียง"), _l("ภูมิปัญญาท้องถิ่น"), _l("เศรษฐกิจชุมชน"),
    _l("โอทอป"))}

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

# Kinds that are products: only these have an OTOP category.
PRODUCT_KINDS = frozenset({ListingKind.OTOP_PRODUCT, ListingKind.COMMUNITY_PRODUCT})
# Kinds a visitor travels to (a map and directions on their page); the others are things to buy.
PLACE_KINDS = frozenset({ListingKind.ATTRACTION, ListingKind.ACCOMMODATION, ListingKind.EXPERIENCE})

KIND_ALIASES = {
    "otop": ListingKind.OTOP_PRODUCT,
    "product": ListingKind.COMMUNITY_PRODUCT,
    "homestay": ListingKind.ACCOMMODATION,
}

# Words in both languages that describe each kind, category, region and type, so that "homestay",
# "otop", "silk" or ภาคเหนือ find the right items whatever language they were written in
# (``search.documents`` adds them to each document).
KIND_TERMS = {
    ListingKind.COMMUNITY_PRODUCT: "สินค้าชุมชน ผลิตภัณฑ์ชุมชน community product",
    ListingKind.OTOP_PRODUCT: "ผลิตภัณฑ์ OTOP โอทอป หนึ่งตำบลหนึ่งผลิตภัณฑ์ OTOP product",
    ListingKind.ATTRACTION: "สถานที่ท่องเที่ยว ที่เที่ยว attraction sight",
    ListingKind.ACCOMMODATION: "ที่พัก โฮมสเตย์ accommodation homestay",
    ListingKind.EXPERIENCE: "กิจกรรม ประสบการณ์ experience activity workshop",
}
CATEGORY_TERMS = {
    OtopCategory.FOOD: "อาหาร food",
    OtopCategory.BEVERAGE: "เครื่องดื่ม beverage drink",
    OtopCategory.TEXTILE: "ผ้าและเครื่องแต่งกาย ผ้า เครื่องแต่งกาย textile cloth fabric",
    OtopCategory.HANDICRAFT: "ของใช้ ของตกแต่ง ของที่ระลึก handicraft craft souvenir decoration",
    OtopCategory.HERBAL: "สมุนไพรที่ไม่ใช่อาหาร สมุนไพร herbal herb",
}
REGION_TERMS = {
    "north": "ภาคเหนือ north northern",
    "northeast": "ภาคตะวันออกเฉียงเหนือ อีสาน northeast isan",
    "central": "ภาคกลาง central",
    "east": "ภาคตะวันออก east eastern",
    "west": "ภาคตะวันตก west western",
    "south": "ภาคใต้ south southern",
}
TYPE_TERMS = {"village": "หมู่บ้าน ชุมชน village community", "article": "องค์ความรู้ บทความ article"}

# Words of the OTOP and community-development world that the general Thai word list lacks; the
# search segmenter's dictionary adds them (``search.thai``).
DOMAIN_WORDS = (
    "โอทอป", "นวัตวิถี", "วิสาหกิจชุมชน", "โฮมสเตย์", "มัดหมี่", "แพรวา", "ผ้าขาวม้า", "ลูกประคบ",
    "ยกทอง", "ผ้าคราม", "ย้อมคราม", "ผ้าจก", "ผ้าทอ", "ผ้าไหม", "จักสาน", "เครื่องจักสาน",
    "เครื่องปั้นดินเผา", "ผ้ามัดย้อม", "ไทลื้อ", "ไทยวน", "ไท-ยวน", "เมี่ยง", "ป่าเมี่ยง",
    "ท่องเที่ยวชุมชน", "ท่องเที่ยวโดยชุมชน", "เศรษฐกิจพอเพียง", "ภูมิปัญญา", "สมุนไพร", "ดาวโอทอป",
    "ผลิตภัณฑ์ชุมชน", "สินค้าชุมชน", "น้ำตาลมะพร้าว", "น้ำตาลโตนด", "ตาลโตนด", "งอบ", "บ้านร้อยเสา",
)


def parse_kind(value: str | None) -> ListingKind | None:
    """A listing kind from its code or a common alias; None when unknown."""
    text = (value or "").strip().lower()
    if text in ListingKind.__members__.values():
        return ListingKind(text)
    return KIND_ALIASES.get(text)


# Regions as people write them, beside the codes and the labels: "อีสาน", "ภาคอีสาน", "isan".
REGION_ALIASES = {
    "อีสาน": "northeast", "ภาคอีสาน": "northeast", "isan": "northeast", "isaan": "northeast",
    "เหนือ": "north", "กลาง": "central", "ตะวันออก": "east", "ตะวันตก": "west", "ใต้": "south",
    "ตะวันออกเฉียงเหนือ": "northeast", "northern": "north", "southern": "south",
    "eastern": "east", "western": "west", "north-east": "northeast",
}


def parse_region(value: str | None) -> str | None:
    """A region code from its code, Thai label (with or without ภาค) or a common alias."""
    text = " ".join((value or "").split()).lower()
    if text in REGION_LABELS:
        return text
    for code, label in REGION_LABELS.items():
        if text in (label.message, label.in_locale("en").lower()):
            return code
    return REGION_ALIASES.get(text) or REGION_ALIASES.get(text.removeprefix("ภาค"))


def parse_category(value: str | None) -> OtopCategory | None:
    """An OTOP category from its code or official Thai name; None when unknown."""
    text = " ".join((value or "").split())
    if text.lower() in OtopCategory.__members__.values():
        return OtopCategory(text.lower())
    return CATEGORY_THAI_NAMES.get(text)
