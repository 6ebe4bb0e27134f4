"""Villages and listings written as the import template, so staff can edit a province's items in
a spreadsheet and import the file back: exporting and then importing the same file changes
nothing.

Every column the importer reads is written in the form it reads (Thai labels for kinds,
categories and states, Buddhist-era years, 6-digit tambon codes with their district and
province, the village a listing belongs to by its link name). Left blank, and so kept as stored
on import: photos (they travel in a .zip) and the position of a village placed at its tambon's
centre (written, it would be taken as an exact pin). Rows are read a batch at a time; every cell
is data, never a formula (``cells``), and the importer reads a neutralised cell back as it was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import IO, Any

from openpyxl import Workbook
from sqlalchemy import select

from cdd_click import cells, sources
from cdd_click.content.columns import COLUMNS, HELP_SHEETS, TYPE_SHEET_NAMES
from cdd_click.content.sheet_template import RULES
from cdd_click.extensions import db
from cdd_click.i18n import buddhist_year, format_thai_date
from cdd_click.models import Listing, Status, Subdistrict, Village
from cdd_click.vocabulary import CATEGORY_LABELS, KIND_LABELS

BATCH = 500
STATUS_WORDS = {str(Status.PUBLISHED): "เผยแพร่", str(Status.DRAFT): "ฉบับร่าง",
                str(Status.ARCHIVED): "เก็บถาวร"}
NOTES = (
    "ไฟล์นี้ส่งออกจากระบบในรูปแบบแม่แบบนำเข้า แก้ไขแล้วนำเข้าได้ทันที: แถวที่ไม่ได้แก้จะแสดงว่า ไม่เปลี่ยนแปลง",
    "รหัสอ้างอิงและชื่อลิงก์ (slug) ใช้จับคู่กับรายการเดิม อย่าแก้สองคอลัมน์นี้ถ้าไม่ต้องการสร้างรายการใหม่",
    "ช่องรูปภาพว่างไว้ = คงรูปเดิม (รูปส่งเป็นไฟล์ .zip แยกต่างหาก)",
    "หมู่บ้านที่ใช้พิกัดกลางตำบลโดยประมาณ ช่องละติจูด/ลองจิจูดจะว่างไว้ ใส่พิกัดจริงเมื่อทราบ",
)


def _lines(values: list[str] | None) -> str | None:
    return "\n".join(values) if values else None


def _words(values: list[str] | None) -> str | None:
    return ", ".join(values) if values else None


def _common(item: Village | Listing) -> dict[str, Any]:
    return {"external_id": item.external_id, "slug": item.slug, "title": item.title,
            "title_en": item.title_en, "summary": item.summary, "summary_en": item.summary_en,
            "body": item.body or None, "tags": _words(item.tags),
            "status": STATUS_WORDS.get(str(item.status)),
            "checked_on": format_thai_date(item.checked_on) or None,
            "sources": sources.as_lines(item.sources) or None}


def village_cells(village: Village) -> dict[str, Any]:
    """Column key -> cell of a village row."""
    place = village.subdistrict
    exact = not village.location_approximate
    return {**_common(village), "moo": village.moo, "subdistrict": village.subdistrict_code,
            "district": place.district.name_th if place else None,
            "province": place.province.name_th if place else None,
            "lat": village.lat if exact else None, "lon": village.lon if exact else None,
            "highlights": _lines(village.highlights),
            "featured": "ใช่" if village.featured else "ไม่"}


def listing_cells(listing: Listing) -> dict[str, Any]:
    """Column key -> cell of a listing row."""
    return {**_common(listing), "kind": str(KIND_LABELS[listing.kind]),
            "village": listing.village.slug,
            "category": str(CATEGORY_LABELS[listing.category]) if listing.category else None,
            "otop_stars": listing.otop_stars,
            "otop_year": buddhist_year(listing.otop_year) if listing.otop_year else None,
            "producer": listing.producer, "price_min": listing.price_min,
            "price_max": listing.price_max, "phone": listing.phone,
            "line_id": listing.line_id, "email": listing.email, "website": listing.website,
            "facebook": listing.facebook, "opening_hours": listing.opening_hours,
            "lat": listing.lat, "lon": listing.lon}


def _batches(query, model: type) -> Iterator[list[Any]]:
    """Rows of ``query`` by slug, ``BATCH`` at a time (keyset pages)."""
    last = ""
    while True:
        rows = list(db.session.scalars(query.where(model.slug > last)
                                       .order_by(model.slug).limit(BATCH)))
        if not rows:
            return
        yield rows
        last = rows[-1].slug


def _query(model: type, provinces: Iterable[str] | None):
    query = select(Village).join(Village.subdistrict) if model is Village else (
        select(Listing).join(Listing.village).join(Village.subdistrict))
    if provinces is not None:
        query = query.where(Subdistrict.province_code.in_(sorted(provinces)))
    return query


def _rows(model: type, provinces: Iterable[str] | None, keys: list[str]) -> Iterator[list]:
    to_cells = village_cells if model is Village else listing_cells
    for batch in _batches(_query(model, provinces), model):
        for item in batch:
            found = to_cells(item)
            yield [found.get(key) for key in keys]


def write_workbook(out: IO[bytes], provinces: Iterable[str] | None = None) -> dict[str, int]:
    """Write the villages and listings of ``provinces`` (None: every province), in any state,
    as an import-template ``.xlsx`` into ``out``; return rows per row type."""
    book = Workbook(write_only=True)
    counts = {}
    for row_type, model in (("village", Village), ("listing", Listing)):
        columns = [column for column in COLUMNS if row_type in column.types]
        keys = [column.key for column in columns]
        counted = _counted(_rows(model, provinces, keys))
        cells.append_sheet(book, TYPE_SHEET_NAMES[row_type],
                           [column.header for column in columns], counted)
        counts[row_type] = counted.count
    today = dt.date.today()
    notes = [[f"ส่งออกเมื่อ {format_thai_date(today)}"], *([line] for line in NOTES),
             *([rule] for rule in RULES)]
    cells.append_sheet(book, HELP_SHEETS[0], ["วิธีกรอก"], notes)
    book.save(out)
    return counts


class _counted:
    """An iterator that counts what it yields."""

    def __init__(self, rows: Iterator[list]):
        self.rows, self.count = rows, 0

    def __iter__(self) -> Iterator[list]:
        for row in self.rows:
            self.count += 1
            yield row
