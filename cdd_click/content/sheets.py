"""Reading the department's spreadsheets: ``.xlsx`` (streamed), ``.csv`` in the encodings Thai
offices write, and a ``.zip`` holding one sheet and its photos.

Each sheet becomes a ``Sheet``: its name, the header row, and the data rows, each with the row
number the spreadsheet program shows (the header is row 1). Nothing here knows what the columns
mean; ``importer`` does.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

MAX_ZIP_MEMBERS = 2_000
MAX_ZIP_BYTES = 500 * 1024 * 1024  # uncompressed, all members together
SHEET_SUFFIXES = (".xlsx", ".csv")
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")


class SheetError(ValueError):
    """The file cannot be read at all (the message is Thai, for the person who sent it)."""


@dataclass
class Sheet:
    """One table: ``rows`` yields (row number, {header: cell}) for every non-empty row."""

    name: str
    headers: list[str]
    rows: Iterator[tuple[int, dict[str, Any]]]


class ZipPhotos(Mapping[str, bytes]):
    """The photos of a ``.zip`` by file name, each read from the archive when it is asked for
    (so an archive of many photos is not held twice in memory)."""

    def __init__(self, archive: zipfile.ZipFile, members: dict[str, zipfile.ZipInfo]):
        self._archive, self._members = archive, members

    def __getitem__(self, name: str) -> bytes:
        return self._archive.read(self._members[name])

    def __iter__(self) -> Iterator[str]:
        return iter(self._members)

    def __len__(self) -> int:
        return len(self._members)


@dataclass
class Workbook:
    """What an uploaded file holds: its sheets, and photos by file name (from a ``.zip``)."""

    filename: str
    sheets: list[Sheet]
    photos: Mapping[str, bytes] = field(default_factory=dict)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _records(name: str, lines: Iterator[tuple]) -> Sheet:
    """A Sheet from raw rows, the first of which holds the headers."""
    try:
        header = next(lines)
    except StopIteration:
        return Sheet(name, [], iter(()))
    headers = ["" if cell is None else str(cell).strip() for cell in header]
    while headers and not headers[-1]:
        headers.pop()

    def rows() -> Iterator[tuple[int, dict[str, Any]]]:
        for number, values in enumerate(lines, start=2):
            if all(_blank(value) for value in values):
                continue
            yield number, {head: values[i] if i < len(values) else None
                           for i, head in enumerate(headers) if head}

    return Sheet(name, headers, rows())


def decode_csv(data: bytes) -> str:
    """CSV text from UTF-8 (with or without a BOM) or cp874/TIS-620, as Thai Excel saves it."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp874")
    except UnicodeDecodeError as problem:
        raise SheetError("อ่านไฟล์ CSV ไม่ได้: ไม่ใช่ UTF-8 หรือ TIS-620 (cp874) "
                         f"(ไบต์ที่ {problem.start + 1})") from problem


def read_csv(name: str, data: bytes) -> Sheet:
    """One sheet from CSV bytes (comma, semicolon or tab separated)."""
    text = decode_csv(data)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return _records(name, (tuple(row) for row in csv.reader(io.StringIO(text), dialect)))


def read_xlsx(data: bytes) -> list[Sheet]:
    """Every visible sheet of an ``.xlsx`` workbook, read in openpyxl's streaming mode."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as problem:
        raise SheetError("อ่านไฟล์ Excel ไม่ได้: ไม่ใช่ไฟล์ .xlsx ที่สมบูรณ์") from problem
    return [_records(sheet.title, sheet.iter_rows(values_only=True))
            for sheet in book.worksheets if sheet.sheet_state == "visible"]


def _read_zip(filename: str, data: bytes) -> Workbook:
    """A ``.zip`` holding one sheet (``.xlsx`` or ``.csv``) and photos, anywhere inside."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as problem:
        raise SheetError("อ่านไฟล์ .zip ไม่ได้") from problem
    members = [m for m in archive.infolist() if not m.is_dir()
               and not PurePosixPath(m.filename).name.startswith((".", "~$"))
               and "__MACOSX" not in m.filename]
    if len(members) > MAX_ZIP_MEMBERS or sum(m.file_size for m in members) > MAX_ZIP_BYTES:
        raise SheetError(f"ไฟล์ .zip ใหญ่เกินไป (ไม่เกิน {MAX_ZIP_MEMBERS:,} ไฟล์ "
                         f"และ {MAX_ZIP_BYTES // 1024 // 1024} MB)")
    sheets = [m for m in members if m.filename.lower().endswith(SHEET_SUFFIXES)]
    if len(sheets) != 1:
        raise SheetError(f"ไฟล์ .zip ต้องมีตาราง .xlsx หรือ .csv หนึ่งไฟล์ (พบ {len(sheets)})")
    photos: dict[str, zipfile.ZipInfo] = {}
    for member in members:
        name = PurePosixPath(member.filename).name
        if name.lower().endswith(IMAGE_SUFFIXES):
            if name in photos:
                raise SheetError(f"มีรูปชื่อ {name} มากกว่าหนึ่งไฟล์ใน .zip")
            photos[name] = member
    inner = read_workbook(sheets[0].filename, archive.read(sheets[0]))
    return Workbook(filename, inner.sheets, ZipPhotos(archive, photos))


def read_workbook(filename: str, data: bytes) -> Workbook:
    """The sheets (and, from a ``.zip``, the photos) of an uploaded file."""
    lower = filename.lower()
    if lower.endswith(".zip"):
        return _read_zip(filename, data)
    if lower.endswith(".xlsx"):
        return Workbook(filename, read_xlsx(data))
    if lower.endswith(".csv"):
        return Workbook(filename, [read_csv(PurePosixPath(filename).stem, data)])
    raise SheetError("รับเฉพาะไฟล์ .xlsx, .csv หรือ .zip (ตารางพร้อมโฟลเดอร์รูป)")
