"""Spreadsheet and CSV cells we write are data, never formulas (OWASP's CSV-injection rule).

Excel, LibreOffice and Google Sheets run a cell that starts with ``=``, ``+``, ``-`` or ``@`` as
a formula, and a leading tab or carriage return can hide such a start. openpyxl itself writes any
string that starts with ``=`` as a formula. Every text cell of every export passes through
``neutralise``, which puts an apostrophe in front: spreadsheet programs show the text as typed.
Numbers, dates and booleans are written as they are (a negative number is a number, not text).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(text: str) -> bool:
    """True when a spreadsheet program would read ``text`` (as a cell) as a formula."""
    return text.startswith(FORMULA_STARTS)


def neutralise(value: Any) -> Any:
    """``value`` as safe cell content: text that could start a formula gets a leading ``'``."""
    if isinstance(value, str) and looks_like_formula(value):
        return "'" + value
    return value


def restore(value: Any) -> Any:
    """The inverse of ``neutralise``, for a cell read back (a sheet we exported, re-imported):
    ``'=…``, ``'-…`` and the like lose the apostrophe that ``neutralise`` put in front."""
    if isinstance(value, str) and value.startswith("'") and looks_like_formula(value[1:]):
        return value[1:]
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    """A row of cells, each neutralised."""
    return [neutralise(value) for value in values]


def csv_bytes(headers: Sequence[Any], rows: Iterable[Iterable[Any]]) -> bytes:
    """UTF-8 CSV with a BOM (so that Thai Excel opens it), every cell neutralised."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(safe_row(headers))
    writer.writerows(safe_row(row) for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def append_sheet(book: Any, sheet_name: str, headers: Sequence[Any],
                 rows: Iterable[Iterable[Any]]) -> None:
    """Add a sheet to a write-only openpyxl workbook, every cell neutralised and stored as text
    or a number, never as a formula (rows are streamed, not held)."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    sheet = book.create_sheet(sheet_name[:31])

    def cells(values: Iterable[Any]) -> list[Any]:
        row = []
        for value in safe_row(values):
            if isinstance(value, str):  # control characters: openpyxl refuses the whole file
                value = ILLEGAL_CHARACTERS_RE.sub("", value)
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # openpyxl guesses "f" for text starting with "="
            row.append(cell)
        return row

    sheet.append(cells(headers))
    for row in rows:
        sheet.append(cells(row))


def xlsx_bytes(sheet_name: str, headers: Sequence[Any], rows: Iterable[Iterable[Any]]) -> bytes:
    """A one-sheet ``.xlsx`` (streamed by openpyxl), every cell neutralised and stored as text
    or a number, never as a formula."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    append_sheet(book, sheet_name, headers, rows)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
