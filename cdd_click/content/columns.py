"""The columns of an import sheet and how each cell is read: one parser per kind of value (Thai
digits, พ.ศ. years, phone forms, star levels…), each raising ``CellError`` with a Thai message
that says what is wrong and what is wanted. The admin forms share these parsers."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cdd_click import slugs
from cdd_click.cells import looks_like_formula
from cdd_click.content import sheets
from cdd_click.content.fields import EXTERNAL_ID_RE, MAX_BODY_CHARS, THAILAND_BOUNDS
from cdd_click.i18n import buddhist_year, common_era_year, format_thai_date
from cdd_click.models import Status
from cdd_click.text import markdown_problem
from cdd_click.vocabulary import (
    CATEGORY_LABELS,
    KIND_LABELS,
    STATUS_LABELS,
    parse_category,
    parse_kind,
)

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_THAI = re.compile(r"[\u0E00-\u0E7F]")

SHEET_TYPES = {  # sheet names (normalised) -> the type of its rows
    "หมู่บ้าน": "village", "villages": "village", "village": "village",
    "สินค้าและที่เที่ยว": "listing", "listings": "listing", "listing": "listing",
    "สินค้า": "listing", "สินค้าและสถานที่": "listing",
}
TYPE_SHEET_NAMES = {"village": "หมู่บ้าน", "listing": "สินค้าและที่เที่ยว"}
HELP_SHEETS = ("คำอธิบาย", "รายการให้เลือก")  # the template's own notes and lists: not data
EXAMPLE_MARKER = "ตัวอย่าง"  # a รหัสอ้างอิง cell starting so marks the template's example row
STATUS_WORDS = {
    "เผยแพร่": Status.PUBLISHED, "published": Status.PUBLISHED,
    "ฉบับร่าง": Status.DRAFT, "ร่าง": Status.DRAFT, "draft": Status.DRAFT,
    "เก็บถาวร": Status.ARCHIVED, "archived": Status.ARCHIVED,
}
YES_WORDS = {"ใช่": True, "yes": True, "true": True, "1": True, "ไม่": False, "ไม่ใช่": False,
             "no": False, "false": False, "0": False}


class CellError(ValueError):
    """A cell that cannot be accepted; the message (Thai) says what is wrong and what is wanted."""


# -- cell parsers: raw cell (str, int, float, datetime or None) -> value, or CellError ------------

def _text_of(raw: Any) -> str:
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return " ".join(str(raw).split()) if not isinstance(raw, str) else raw.strip()


def _digits(raw: Any) -> str:
    return _text_of(raw).translate(THAI_DIGITS)


def text(limit: int) -> Callable[[Any], str]:
    """Text of at most ``limit`` characters."""
    def parse(raw: Any) -> str:
        value = _text_of(raw)
        if len(value) > limit:
            raise CellError(f"ยาว {len(value):,} ตัวอักษร เกินกำหนด {limit:,}")
        return value
    return parse


def heading(limit: int) -> Callable[[Any], str]:
    """Text people see as a title or a line of its own. It may not start like a spreadsheet
    formula (``=``, ``+`` or ``@``; a tab or carriage return in front is trimmed), which every
    export would carry into staff's spreadsheets; ``-`` stays (``-`` lists, negative numbers)."""
    base = text(limit)

    def parse(raw: Any) -> str:
        value = base(raw)
        if looks_like_formula(value) and not value.startswith("-"):
            raise CellError(f"ขึ้นต้นด้วย {value[0]} ไม่ได้ (โปรแกรมตารางจะอ่านเป็นสูตร)")
        return value
    return parse


def thai_text(limit: int) -> Callable[[Any], str]:
    """Text with Thai script in it (titles and summaries are Thai first), not like a formula."""
    base = heading(limit)

    def parse(raw: Any) -> str:
        value = base(raw)
        if not _THAI.search(value):
            raise CellError("ต้องเขียนเป็นภาษาไทย (ภาษาอังกฤษใส่ในคอลัมน์ภาษาอังกฤษ)")
        return value
    return parse


def body(raw: Any) -> str:
    """Markdown text, as long as the admin form allows."""
    value = str(raw).strip()
    if len(value) > MAX_BODY_CHARS:
        raise CellError(f"ยาว {len(value):,} ตัวอักษร เกินกำหนด {MAX_BODY_CHARS:,}")
    problem = markdown_problem(value)  # the admin form's rule: cdd_click/text.py
    if problem:
        raise CellError(problem)
    return value


def slug(raw: Any) -> str:
    """a–z, 0–9 and hyphens."""
    value = _text_of(raw).lower()
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", value) or len(value) > slugs.MAX_SLUG:
        raise CellError("ต้องเป็นตัวอักษร a–z ตัวเลข และขีด (-) เท่านั้น เช่น ban-mae-kampong")
    return value


def external_id(raw: Any) -> str:
    """An id from the department's registers (Thai or Latin letters, digits, - / . _)."""
    value = _digits(raw)
    if not EXTERNAL_ID_RE.fullmatch(value):
        raise CellError("ต้องเป็นรหัสตัวอักษรไทยหรืออังกฤษ ตัวเลข และ - / . _ ไม่เกิน 64 ตัว "
                        "(เช่น รหัสผลิตภัณฑ์ OTOP หรือ สกพ-ม-001)")
    return value


def whole_number(low: int, high: int, what: str) -> Callable[[Any], int]:
    """A whole number; Thai digits, thousands separators and a unit word are read."""
    def parse(raw: Any) -> int:
        value = _digits(raw).replace(",", "").replace("฿", "")
        value = re.sub(r"^(หมู่ที่|หมู่|ม\.)\s*", "", value)
        value = re.sub(r"\s*(บาท|ดาว)$", "", value)
        if isinstance(raw, float) and not raw.is_integer() or not re.fullmatch(r"[0-9]+", value):
            raise CellError(f"ต้องเป็น{what}เป็นจำนวนเต็ม {low}–{high:,}")
        number = int(value)
        if not low <= number <= high:
            raise CellError(f"{number:,} อยู่นอกช่วง {low}–{high:,}")
        return number
    return parse


def stars(raw: Any) -> int:
    """An OTOP star level 1–5 (``5``, ``๕``, ``5 ดาว``, ``★★★★★`` or ``*****``)."""
    value = _text_of(raw)
    if value and set(value) <= {"★", "☆"}:
        raw = value.count("★")
    elif value and set(value) <= {"*"} or 0 < len(value) <= 5 and set(value) <= {"?"}:
        raw = len(value)  # ***** typed, or ★★★★★ that a cp874 CSV from Excel turned into ?????
    return whole_number(1, 5, "ระดับดาว")(raw)


_THAI_MONTHS = ("มกราคม ม.ค. กุมภาพันธ์ ก.พ. มีนาคม มี.ค. เมษายน เม.ย. พฤษภาคม พ.ค. มิถุนายน มิ.ย. "
                "กรกฎาคม ก.ค. สิงหาคม ส.ค. กันยายน ก.ย. ตุลาคม ต.ค. พฤศจิกายน พ.ย. ธันวาคม ธ.ค.").split()
_MONTH = "|".join(re.escape(name) for name in sorted(_THAI_MONTHS, key=len, reverse=True))
_ERA = r"(?:พ\.ศ\.|ค\.ศ\.|ปี)"
_NUMERIC_DATE = re.compile(rf"{_ERA}?\s*(?:[0-9]{{1,2}}[/\-.][0-9]{{1,2}}[/\-.])?([0-9]{{4}})")
_MONTH_DATE = re.compile(
    rf"(?:[0-9]{{1,2}}\s*)?(?:{_MONTH})\s*(?:{_ERA}\s*)?([0-9]{{4}}|[0-9]{{2}})")


def _written_year(value: str) -> int:
    """The year of ``2565``, ``พ.ศ. 2565``, ``15/01/2567``, ``15 ม.ค. 2567``, ``มกราคม 67`` (Thai
    digits already read): as written, in either era (two digits after a month: พ.ศ. 25xx)."""
    value = " ".join(value.split())
    found = _NUMERIC_DATE.fullmatch(value) or _MONTH_DATE.fullmatch(value)
    if not found:
        raise CellError("ต้องเป็นปี พ.ศ. เช่น 2565 หรือวันที่ เช่น 15 ม.ค. 2567 (หรือ ค.ศ. เช่น 2022)")
    digits = found.group(1)
    return 2500 + int(digits) if len(digits) == 2 else int(digits)


def year(raw: Any) -> int:
    """A year, Buddhist era (``2565``, ``พ.ศ. ๒๕๖๕``) or Common Era (``2022``), or a date cell
    (its year); stored as Common Era, 1990 to next year."""
    if isinstance(raw, dt.date | dt.datetime):
        # a date cell: Thai Excel may keep a Buddhist-era year in it (2565-03-01)
        written = raw.year
    else:
        written = _written_year(_digits(raw))
    year_ce, latest = common_era_year(written), dt.date.today().year + 1
    if not 1990 <= year_ce <= latest:
        raise CellError(f"{written} ไม่ใช่ปีระหว่าง พ.ศ. 2533 ถึง {buddhist_year(latest)}")
    return year_ce


_MONTH_NUMBER = {name: number // 2 + 1 for number, name in enumerate(_THAI_MONTHS)}
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_DAY_MONTH_YEAR = re.compile(r"([0-9]{1,2})[/\-.]([0-9]{1,2})[/\-.]([0-9]{4})")
_NAMED_DATE = re.compile(rf"([0-9]{{1,2}})\s*({_MONTH})\s*(?:{_ERA}\s*)?([0-9]{{4}}|[0-9]{{2}})")
_DATE_WANTED = "ต้องเป็นวันที่ เช่น 15 ม.ค. 2567, 15 มกราคม 2567 หรือ 15/01/2567 (ปี ค.ศ. ก็ได้)"


def date(raw: Any) -> dt.date:
    """A day: ``15 ม.ค. 2567``, ``๑๕ มกราคม ๒๕๖๗``, ``15/01/2567``, ``2024-01-15`` or a date cell,
    the year in the Buddhist or the Common Era; 1990 to the end of next year."""
    if isinstance(raw, dt.datetime):
        raw = raw.date()
    if isinstance(raw, dt.date):
        year_, month, day = raw.year, raw.month, raw.day
    else:
        value = " ".join(_digits(raw).removeprefix("วันที่").split())
        if found := _ISO_DATE.fullmatch(value):
            year_, month, day = (int(part) for part in found.groups())
        elif found := _DAY_MONTH_YEAR.fullmatch(value):
            day, month, year_ = (int(part) for part in found.groups())
        elif found := _NAMED_DATE.fullmatch(value):
            day, month = int(found.group(1)), _MONTH_NUMBER[found.group(2)]
            digits = found.group(3)
            year_ = 2500 + int(digits) if len(digits) == 2 else int(digits)
        else:
            raise CellError(_DATE_WANTED)
    year_ce = common_era_year(year_)
    try:
        value = dt.date(year_ce, month, day)
    except ValueError:
        raise CellError(f"ไม่มีวันที่ {day} เดือนที่ {month} ปี พ.ศ. {buddhist_year(year_ce)}") from None
    latest = dt.date.today().year + 1
    if not 1990 <= year_ce <= latest:
        raise CellError(f"{buddhist_year(year_ce)} ไม่ใช่ปีระหว่าง พ.ศ. 2533 "
                        f"ถึง {buddhist_year(latest)}")
    return value


def checked_date(raw: Any) -> dt.date:
    """The day staff last confirmed an item (any form ``date`` reads), not after today."""
    value = date(raw)
    if value > dt.date.today() + dt.timedelta(days=1):  # a day's grace: Bangkok is ahead of UTC
        raise CellError("วันที่ตรวจสอบต้องไม่เลยวันนี้")
    return value


def source_lines(raw: Any) -> list[dict[str, str]]:
    """Where the facts come from: one source a line, ``ชื่อแหล่ง | https://…``."""
    from cdd_click import sources  # the admin form's reader too

    try:
        return sources.parse_lines(str(raw))
    except sources.SourceError as problem:
        raise CellError(str(problem)) from None


def coordinate(axis: str) -> Callable[[Any], float]:
    """Decimal degrees inside Thailand."""
    low, high = THAILAND_BOUNDS[axis]
    name = "ละติจูด" if axis == "lat" else "ลองจิจูด"

    def parse(raw: Any) -> float:
        try:
            value = float(_digits(raw).replace(",", "."))
        except ValueError as problem:
            raise CellError(f"ต้องเป็น{name}เป็นองศาทศนิยม เช่น 18.86") from problem
        if not low <= value <= high:
            hint = " (สลับละติจูดกับลองจิจูดหรือไม่)" if axis == "lat" and value > 90 else ""
            raise CellError(f"{value} อยู่นอกประเทศไทย ({low}–{high}){hint}")
        return value
    return parse


# A phone as text without its 0 (Excel dropped it from a number cell, then saved a CSV): a
# landline's 8 digits (area codes 2–7) or a mobile's 9 (06, 08, 09); other text stays refused.
_MISSING_ZERO = re.compile(r"[2-7][0-9]{7}|[689][0-9]{8}")


def phone(raw: Any) -> str:
    """One Thai phone number written 0X-XXX-XXXX, 0XXXXXXXXX or +66…, stored ``0XX XXX XXXX``
    (``02 XXX XXXX`` for Bangkok). A number Excel stored without its leading 0 is read too, as
    a number cell or as the text a CSV keeps of one."""
    written = _digits(raw)
    if re.search(r"[,/]|\s(หรือ|or)\s", written):
        raise CellError("ใส่หมายเลขโทรศัพท์ได้หมายเลขเดียว")
    number = re.sub(r"[\s\-().]", "", written)
    if number.startswith("+66"):
        number = "0" + number[3:].lstrip("0")
    elif number.startswith("66") and len(number) in (10, 11):
        number = "0" + number[2:]
    elif not isinstance(raw, str) and re.fullmatch(r"[1-9][0-9]{7,8}", number):
        number = "0" + number  # a number cell: Excel dropped the leading zero
    elif _MISSING_ZERO.fullmatch(number):
        number = "0" + number  # text saved from such a cell (a CSV): a landline or a mobile
    if not re.fullmatch(r"0[0-9]{8,9}", number):
        raise CellError("ต้องเป็นหมายเลขโทรศัพท์ไทย เช่น 053-123-456, 081-234-5678 หรือ +66 81 234 5678")
    if number.startswith("02") and len(number) == 9:
        return f"{number[:2]} {number[2:5]} {number[5:]}"
    return f"{number[:3]} {number[3:6]} {number[6:]}"


def email(raw: Any) -> str:
    """An e-mail address."""
    value = _text_of(raw)
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value) or len(value) > 120:
        raise CellError("ต้องเป็นอีเมล เช่น otop@example.com")
    return value


def web_address(raw: Any) -> str:
    """An http(s) address (``https://`` is added to ``www.…``)."""
    value = _text_of(raw)
    if value.startswith("www."):
        value = "https://" + value
    if not re.fullmatch(r"https?://[^\s/]+\.[^\s]+", value) or len(value) > 300:
        raise CellError("ต้องเป็นลิงก์ที่ขึ้นต้นด้วย https://")
    return value


def kind(raw: Any) -> str:
    """A listing kind by its Thai label or code."""
    value = _text_of(raw)
    for code, label in KIND_LABELS.items():
        if value == str(label):
            return str(code)
    parsed = parse_kind(value)
    if parsed is None:
        raise CellError("ต้องเป็นหนึ่งใน " + ", ".join(str(label) for label in KIND_LABELS.values()))
    return str(parsed)


def category(raw: Any) -> str:
    """One of the five OTOP categories by Thai name or code."""
    parsed = parse_category(_text_of(raw))
    if parsed is None:
        raise CellError("ต้องเป็นหนึ่งใน " + ", ".join(str(v) for v in CATEGORY_LABELS.values()))
    return str(parsed)


def status(raw: Any) -> str:
    """เผยแพร่ / ฉบับร่าง / เก็บถาวร (or the English words)."""
    found = STATUS_WORDS.get(_text_of(raw).lower())
    if found is None:
        raise CellError("ต้องเป็น เผยแพร่, ฉบับร่าง หรือ เก็บถาวร")
    return str(found)


def yes_no(raw: Any) -> bool:
    """ใช่ / ไม่ (yes / no, true / false, 1 / 0)."""
    if isinstance(raw, bool):
        return raw
    found = YES_WORDS.get(_text_of(raw).lower())
    if found is None:
        raise CellError("ต้องเป็น ใช่ หรือ ไม่")
    return found


def word_list(raw: Any) -> list[str]:
    """Words separated by commas."""
    return [word.strip() for word in re.split(r"[,،、]", _text_of(raw)) if word.strip()]


def line_list(raw: Any) -> list[str]:
    """Items one per line (or separated by semicolons)."""
    return [line.strip(" •-\t") for line in re.split(r"[\n;]", str(raw)) if line.strip(" •-\t")]


def photo_names(raw: Any) -> list[str]:
    """Photo file names separated by commas or new lines (from the .zip's images), NFC as the
    .zip's names are (``sheets.member_name``), so a name typed on any system matches."""
    names = [unicodedata.normalize("NFC", name.strip())
             for name in re.split(r"[,\n]", str(raw)) if name.strip()]
    for name in names:
        if not name.lower().endswith(sheets.IMAGE_SUFFIXES) or "/" in name or "\\" in name:
            raise CellError(f"{name}: ใส่ชื่อไฟล์รูป .jpg, .png หรือ .webp ที่อยู่ใน .zip")
    return names


@dataclass(frozen=True)
class Column:
    """One column: its key (the front-matter name), its Thai header, how a cell is read, the
    row types that have it and those that require it."""

    key: str
    header: str
    parse: Callable[[Any], Any]
    types: frozenset[str]
    required: frozenset[str] = frozenset()
    note: str = ""


_BOTH = frozenset({"village", "listing"})
_VILLAGE, _LISTING = frozenset({"village"}), frozenset({"listing"})

COLUMNS: tuple[Column, ...] = (
    Column("external_id", "รหัสอ้างอิง", external_id, _BOTH,
           note="รหัสของหน่วยงาน เช่น รหัสผลิตภัณฑ์ OTOP ใช้จับคู่เมื่อนำเข้าซ้ำ"),
    Column("slug", "ชื่อลิงก์ (slug)", slug, _BOTH,
           note="เว้นว่างได้: ระบบสร้างจากชื่อภาษาอังกฤษหรือชื่อไทยที่ถอดเป็นอักษรโรมัน"),
    Column("title", "ชื่อ", thai_text(200), _BOTH, _BOTH),
    Column("title_en", "ชื่อภาษาอังกฤษ", heading(200), _BOTH),
    Column("summary", "คำอธิบายสั้น", heading(600), _BOTH, _BOTH),
    Column("summary_en", "คำอธิบายสั้นภาษาอังกฤษ", heading(600), _BOTH),
    Column("body", "รายละเอียด", body, _BOTH),
    Column("kind", "ประเภท", kind, _LISTING, _LISTING),
    Column("village", "หมู่บ้าน", text(200), _LISTING, _LISTING,
           note="ชื่อลิงก์ รหัสอ้างอิง หรือชื่อไทยของหมู่บ้าน"),
    Column("category", "หมวด OTOP", category, _LISTING),
    Column("otop_stars", "ระดับดาว OTOP", stars, _LISTING),
    Column("otop_year", "ปีที่คัดสรร OTOP (พ.ศ.)", year, _LISTING,
           note="ปีที่ได้รับระดับดาว เช่น 2565 (ปี ค.ศ. เช่น 2022 ก็ได้)"),
    Column("producer", "ผู้ผลิต", heading(200), _LISTING),
    Column("price_min", "ราคาต่ำสุด (บาท)", whole_number(0, 10_000_000, "ราคา"), _LISTING),
    Column("price_max", "ราคาสูงสุด (บาท)", whole_number(0, 10_000_000, "ราคา"), _LISTING),
    Column("phone", "โทรศัพท์", phone, _LISTING),
    Column("line_id", "LINE ID", text(60), _LISTING),
    Column("email", "อีเมล", email, _LISTING),
    Column("website", "เว็บไซต์", web_address, _LISTING),
    Column("facebook", "Facebook", web_address, _LISTING),
    Column("opening_hours", "เวลาทำการ", heading(500), _LISTING),
    Column("moo", "หมู่ที่", whole_number(1, 99, "หมู่ที่"), _VILLAGE),
    Column("subdistrict", "ตำบล", text(100), _VILLAGE, _VILLAGE,
           note="ชื่อตำบล (มีหรือไม่มี ต. ก็ได้) หรือรหัส 6 หลักของกรมการปกครอง"),
    Column("district", "อำเภอ", text(100), _VILLAGE),
    Column("province", "จังหวัด", text(100), _VILLAGE),
    Column("lat", "ละติจูด", coordinate("lat"), _BOTH),
    Column("lon", "ลองจิจูด", coordinate("lon"), _BOTH),
    Column("highlights", "จุดเด่น", line_list, _VILLAGE),
    Column("featured", "หมู่บ้านแนะนำ", yes_no, _VILLAGE),
    Column("tags", "คำค้น", word_list, _BOTH),
    Column("status", "สถานะ", status, _BOTH),
    Column("sources", "ที่มาของข้อมูล", source_lines, _BOTH,
           note="บรรทัดละหนึ่งแหล่ง: ชื่อแหล่ง | https://… (ลิงก์ https เท่านั้น)"),
    Column("checked_on", "ตรวจสอบล่าสุด", checked_date, _BOTH,
           note="วันที่เจ้าหน้าที่ยืนยันว่าข้อมูลยังถูกต้อง เช่น 15 ม.ค. 2569 เว้นว่างถ้ายังไม่ได้ตรวจสอบ"),
    Column("photos", "รูปภาพ", photo_names, _BOTH,
           note="ชื่อไฟล์รูปในโฟลเดอร์ของไฟล์ .zip คั่นด้วยจุลภาค"),
)
COLUMNS_BY_KEY = {column.key: column for column in COLUMNS}
REQUIRED = {row_type: tuple(c for c in COLUMNS if row_type in c.required)
            for row_type in ("village", "listing")}


def _normal(header: str) -> str:
    return " ".join(str(header).replace("*", "").split()).casefold()


_HEADER_KEYS = {**{_normal(c.header): c.key for c in COLUMNS},
                **{_normal(c.key): c.key for c in COLUMNS}}


# -- how a change is shown in the preview: a Thai label and a short value ------------------------

_MORE_LABELS = {"subdistrict_code": "ตำบล", "village_id": "หมู่บ้าน",
                "location_approximate": "พิกัดโดยประมาณ (จุดกลางตำบล)"}
_SHOWN_CHARS = 80
_NAMED = {"kind": KIND_LABELS, "category": CATEGORY_LABELS, "status": STATUS_LABELS}


def label(key: str) -> str:
    """The Thai header of a column (or of a stored field a row sets)."""
    column = COLUMNS_BY_KEY.get(key)
    return column.header if column else _MORE_LABELS.get(key, key)


def shown(key: str, value: Any) -> str:
    """A stored or planned value as a person reads it in the preview, cut to 80 characters."""
    if value is None or value == "" or value == []:
        return "(ว่าง)"
    if isinstance(value, bool):
        return "ใช่" if value else "ไม่"
    if isinstance(value, dt.date):
        return format_thai_date(value)
    if key == "otop_year" and isinstance(value, int):
        return f"พ.ศ. {buddhist_year(value)}"
    if key in _NAMED:
        found = {str(code): name for code, name in _NAMED[key].items()}.get(str(value))
        value = found if found is not None else value
    if key == "sources" and isinstance(value, list):
        value = [entry.get("title", "") for entry in value if isinstance(entry, dict)]
    text = ", ".join(map(str, value)) if isinstance(value, list | tuple) else str(value)
    text = " ".join(text.split())
    return text if len(text) <= _SHOWN_CHARS else text[:_SHOWN_CHARS - 1] + "…"
