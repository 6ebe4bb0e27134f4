"""The import template staff download: one sheet per row type with the Thai headers the importer
reads, drop-down lists for the closed vocabularies, and a sheet that explains every column."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from cdd_click.content.columns import (
    COLUMNS,
    EXAMPLE_MARKER,
    HELP_SHEETS,
    STATUS_WORDS,
    TYPE_SHEET_NAMES,
)
from cdd_click.vocabulary import CATEGORY_LABELS, KIND_LABELS

ROWS_WITH_LISTS = 5_000  # rows the drop-down lists cover
RULES = (  # the notes sheet's first lines: how a cell is read when a sheet is imported again
    "เว้นว่าง = คงค่าเดิมที่บันทึกไว้ (การนำเข้าซ้ำไม่ลบสิ่งที่แก้ไขไว้ในระบบ) "
    "และคอลัมน์ที่ไม่มีในไฟล์จะไม่ถูกแตะต้อง",
    "ใส่ - หรือ ลบ = ล้างค่าที่บันทึกไว้ (ใช้ได้กับคอลัมน์ที่ไม่บังคับกรอก; ล้างละติจูด/ลองจิจูดของหมู่บ้าน"
    "แล้วระบบใช้จุดกลางตำบลโดยประมาณ)",
    "สถานะว่าง = ฉบับร่าง: รายการใหม่ยังไม่แสดงบนเว็บจนกว่าจะใส่ เผยแพร่ ส่วนรายการเดิมคงสถานะเดิม",
    "รูปภาพ: ส่งเป็นไฟล์ .zip ที่มีไฟล์ตารางนี้และรูป แล้วใส่ชื่อไฟล์รูป (เช่น kampong-1.jpg) "
    "คั่นด้วยจุลภาค",
    "แถวที่ 1 ของแต่ละชีตคือหัวตาราง ช่องสีเหลืองต้องกรอก ตัวอย่างในคอลัมน์ขวาสุดเป็นรูปแบบการกรอกเท่านั้น",
    f"แถวที่ 2 (ตัวเอียงสีเทา) เป็นแถวตัวอย่าง: ช่องรหัสอ้างอิงขึ้นต้นด้วย {EXAMPLE_MARKER} ระบบจึงข้ามแถวนี้ "
    "ไม่นำเข้า จะลบทิ้งหรือเก็บไว้ก็ได้ แถวของคุณเริ่มที่แถว 3",
)
EXAMPLE_ROWS = {  # row 2 of each data sheet: a real village written the way the columns read
    # (contacts and prices stay empty: the template never shows a made-up number as a fact)
    "village": {
        "external_id": f"{EXAMPLE_MARKER} (แถวนี้ไม่ถูกนำเข้า)", "slug": "ban-mae-kampong",
        "title": "บ้านแม่กำปอง", "title_en": "Ban Mae Kampong",
        "summary": "หมู่บ้านท่องเที่ยวชุมชนบนดอยท่ามกลางป่าเมี่ยง",
        "summary_en": "A community-tourism village in the hills among tea-leaf forest",
        "subdistrict": "ห้วยแก้ว", "district": "แม่ออน", "province": "เชียงใหม่",
        "highlights": "ป่าเมี่ยง\nน้ำตกแม่กำปอง", "featured": "ไม่", "tags": "กาแฟ, โฮมสเตย์",
        "status": "ฉบับร่าง"},
    "listing": {
        "external_id": f"{EXAMPLE_MARKER} (แถวนี้ไม่ถูกนำเข้า)", "title": "โฮมสเตย์บ้านแม่กำปอง",
        "summary": "ที่พักในบ้านของชาวบ้าน กินอยู่แบบชุมชน", "kind": "ที่พัก โฮมสเตย์",
        "village": "ban-mae-kampong", "status": "ฉบับร่าง"},
}
_EXAMPLE_FONT = Font(italic=True, color="808080")
EXAMPLES = {  # how a cell may be written (formats, and one real village as the place)
    "external_id": "CM-0001", "slug": "ban-mae-kampong", "title": "บ้านแม่กำปอง",
    "title_en": "Ban Mae Kampong", "summary": "หมู่บ้านท่องเที่ยวชุมชนกลางป่าเมี่ยง",
    "summary_en": "A community-tourism village in tea-leaf forest", "body": "ข้อความยาว (Markdown)",
    "kind": "ที่พัก โฮมสเตย์", "village": "บ้านแม่กำปอง หรือ ban-mae-kampong",
    "category": "อาหาร", "otop_stars": "5, ๕, 5 ดาว หรือ ★★★★★", "otop_year": "2565 หรือ ๒๕๖๕",
    "producer": "ชื่อกลุ่มผู้ผลิต", "price_min": "150 หรือ 1,200 บาท", "price_max": "300",
    "phone": "053-123-456 หรือ 081-234-5678 (รูปแบบ)", "line_id": "@ชื่อบัญชี",
    "email": "otop@example.com", "website": "https://example.com",
    "facebook": "https://www.facebook.com/ชื่อเพจ", "opening_hours": "ทุกวัน 08:00–17:00",
    "moo": "3 หรือ หมู่ ๓", "subdistrict": "ห้วยแก้ว หรือ 502304", "district": "แม่ออน",
    "province": "เชียงใหม่", "lat": "18.865", "lon": "99.350",
    "highlights": "ป่าเมี่ยง; น้ำตกแม่กำปอง", "featured": "ไม่", "tags": "กาแฟ, โฮมสเตย์",
    "status": "เผยแพร่ (ว่าง = ฉบับร่าง)",
    "sources": "การท่องเที่ยวแห่งประเทศไทย | https://www.tourismthailand.org/…",
    "checked_on": "15 ม.ค. 2569 หรือ 15/01/2569 (ว่าง = ยังไม่ได้ตรวจสอบ)",
    "photos": "kampong-1.jpg, kampong-2.jpg",
}
_REQUIRED_FILL = PatternFill("solid", fgColor="FFF2CC")


def _choices() -> dict[str, list[str]]:
    """Column key -> the values its drop-down offers (Thai first)."""
    return {
        "kind": [str(label) for label in KIND_LABELS.values()],
        "category": [str(label) for label in CATEGORY_LABELS.values()],
        "otop_stars": ["1", "2", "3", "4", "5"],
        "status": [word for word in STATUS_WORDS if not word.isascii()],
        "featured": ["ใช่", "ไม่"],
    }


def _lists_sheet(book: Workbook, choices: dict[str, list[str]]) -> dict[str, str]:
    """A hidden sheet holding each list; returns key -> its cell range for a validation."""
    sheet = book.create_sheet(HELP_SHEETS[1])
    ranges = {}
    for number, (key, values) in enumerate(choices.items(), start=1):
        letter = get_column_letter(number)
        sheet.cell(1, number, key)
        for row, value in enumerate(values, start=2):
            sheet.cell(row, number, value)
        ranges[key] = f"'{HELP_SHEETS[1]}'!${letter}$2:${letter}${len(values) + 1}"
    sheet.sheet_state = "hidden"
    return ranges


def _data_sheet(book: Workbook, row_type: str, title: str, ranges: dict[str, str]) -> None:
    """One data sheet: bold Thai headers (required ones filled yellow), drop-downs, the example
    row."""
    sheet = book.create_sheet(title, index=len(book.sheetnames) - 1)
    columns = [column for column in COLUMNS if row_type in column.types]
    example = EXAMPLE_ROWS[row_type]
    for number, column in enumerate(columns, start=1):
        cell = sheet.cell(1, number, column.header)
        cell.font = Font(bold=True)
        if row_type in column.required:
            cell.fill = _REQUIRED_FILL
        letter = get_column_letter(number)
        sheet.column_dimensions[letter].width = max(14, len(column.header) + 4)
        if column.key in ranges:
            validation = DataValidation(type="list", formula1=ranges[column.key],
                                        allow_blank=True, showErrorMessage=True,
                                        errorTitle="ค่าไม่อยู่ในรายการ",
                                        error="กรุณาเลือกจากรายการ")
            validation.add(f"{letter}2:{letter}{ROWS_WITH_LISTS}")
            sheet.add_data_validation(validation)
        if column.key in example:
            sheet.cell(2, number, example[column.key]).font = _EXAMPLE_FONT
    sheet.freeze_panes = "A2"


def template_workbook() -> bytes:
    """The template as ``.xlsx`` bytes."""
    book = Workbook()
    book.remove(book.active)
    choices = _choices()
    ranges = _lists_sheet(book, choices)
    for row_type, title in TYPE_SHEET_NAMES.items():
        _data_sheet(book, row_type, title, ranges)
    notes = book.create_sheet(HELP_SHEETS[0], index=len(TYPE_SHEET_NAMES))
    notes.append(["วิธีกรอก"])
    notes["A1"].font = Font(bold=True)
    for rule in RULES:
        notes.append([rule])
    notes.append([])
    notes.append(["คอลัมน์", "ชื่อในไฟล์เนื้อหา", "ใช้กับ", "ต้องกรอก", "คำอธิบาย", "ตัวอย่าง"])
    for cell in notes[notes.max_row]:
        cell.font = Font(bold=True)
    for column in COLUMNS:
        used = " / ".join(TYPE_SHEET_NAMES[t] for t in TYPE_SHEET_NAMES if t in column.types)
        needed = " / ".join(TYPE_SHEET_NAMES[t] for t in TYPE_SHEET_NAMES if t in column.required)
        allowed = ", ".join(choices.get(column.key, []))
        notes.append([column.header, column.key, used, needed,
                      "; ".join(filter(None, (column.note, allowed and f"เลือกจาก: {allowed}"))),
                      EXAMPLES.get(column.key, "")])
    for letter, width in zip("ABCDEF", (24, 16, 28, 20, 80, 36), strict=True):
        notes.column_dimensions[letter].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
