"""The import template staff download: one sheet per row type with the Thai headers the importer
reads, drop-down lists for the closed vocabularies, and a sheet that explains every column."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from cdd_click.content.columns import COLUMNS, HELP_SHEETS, STATUS_WORDS, TYPE_SHEET_NAMES
from cdd_click.vocabulary import CATEGORY_LABELS, KIND_LABELS

ROWS_WITH_LISTS = 5_000  # rows the drop-down lists cover
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


def template_workbook() -> bytes:
    """The template as ``.xlsx`` bytes."""
    book = Workbook()
    book.remove(book.active)
    choices = _choices()
    ranges = _lists_sheet(book, choices)
    for row_type, title in TYPE_SHEET_NAMES.items():
        sheet = book.create_sheet(title, index=len(book.sheetnames) - 1)
        columns = [column for column in COLUMNS if row_type in column.types]
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
        sheet.freeze_panes = "A2"
    notes = book.create_sheet(HELP_SHEETS[0], index=len(TYPE_SHEET_NAMES))
    notes.append(["คอลัมน์", "ชื่อในไฟล์เนื้อหา", "ใช้กับ", "ต้องกรอก", "คำอธิบาย"])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    for column in COLUMNS:
        used = " / ".join(TYPE_SHEET_NAMES[t] for t in TYPE_SHEET_NAMES if t in column.types)
        needed = " / ".join(TYPE_SHEET_NAMES[t] for t in TYPE_SHEET_NAMES if t in column.required)
        allowed = ", ".join(choices.get(column.key, []))
        notes.append([column.header, column.key, used, needed,
                      "; ".join(filter(None, (column.note, allowed and f"เลือกจาก: {allowed}")))])
    for letter, width in zip("ABCDE", (24, 16, 28, 20, 80), strict=True):
        notes.column_dimensions[letter].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
