"""Reading the department's spreadsheets: ``.xlsx`` (streamed), ``.csv`` in the encodings Thai
offices write, and a ``.zip`` holding one sheet and its photos.

Each sheet becomes a ``Sheet``: its name, the header row, and the data rows, each with the row
number the spreadsheet program shows (the header is row 1). Nothing here knows what the columns
mean; ``importer`` does.

Every part of a file is read within limits (below, in one place) so that no upload under the
size cap can take a worker's memory: an ``.xlsx`` is a zip of XML parts, and before openpyxl
sees one, each part is inflated once in small pieces (never whole) to learn its real size,
check its CRC, refuse any DTD or entity, and count the XML tags openpyxl would hold at once.
Rows, cells and cell lengths are counted as the rows stream. Past a limit: ``SheetError``,
whose Thai message names the limit.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any, BinaryIO
from xml.etree.ElementTree import ParseError

from cdd_click.cells import restore
from cdd_click.uploads import megabytes, size_of

MB = 1024 * 1024
# What one uploaded file may hold. A real 10 MB workbook of 100,000 rows x 26 columns made by
# openpyxl inflates to ~110-190 MB of sheet XML at a ratio of ~11 (bench/hostile_sheets.py).
MAX_ROWS = 100_000  # data rows in one file, all sheets together
MAX_BLANK_ROWS = 100_000  # empty rows walked past in one file
MAX_COLUMNS = 200  # header cells of a sheet
MAX_CELLS = 4_000_000  # non-empty cells under the headers, in one file
MAX_CELL_CHARS = 100_000  # characters in one cell (Excel itself stops at 32,767)
MAX_XLSX_PARTS = 500  # members of an .xlsx
MAX_XLSX_PART_BYTES = 256 * MB  # one member, inflated (sheets are streamed)
MAX_XLSX_BYTES = 384 * MB  # all members together, inflated
MAX_SHARED_STRINGS_BYTES = 24 * MB  # sharedStrings.xml, which openpyxl holds whole (~4x)
MAX_SHARED_STRINGS = 1_000_000  # strings in sharedStrings.xml
MAX_COMPRESSION_RATIO = 100  # inflated/compressed, for a member over 1 MB inflated
MAX_XML_TAGS_AT_ONCE = 100_000  # XML tags in one row (or between rows): what openpyxl holds
MAX_XML_RUN_BYTES = 10 * MB  # bytes of one row, one shared string, or a part with neither
MAX_ZIP_MEMBERS = 2_000  # sheets and photos in a .zip (other files in it are not read)
# The .zip itself may be as large as IMPORT_MAX_UPLOAD_MB (checked where it is uploaded). Photos
# hardly compress: inflated, its photos and sheet may hold this many times the .zip's own size,
# plus one sheet (a .csv compresses ~10 times) -- more is a zip bomb, not photos.
MAX_ZIP_INFLATION = 2
MAX_ZIP_SHEET_BYTES = 32 * MB  # the .xlsx or .csv inside a .zip (read into memory whole)
MAX_ZIP_PHOTO_BYTES = 20 * MB  # one photo inside a .zip
SHEET_SUFFIXES = (".xlsx", ".csv")
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")
_CHUNK = 1 * MB
_RATIO_FLOOR = 1 * MB
# A row or shared-string tag. Excel writes them without a namespace prefix; a part whose root
# has one (as some libraries write, <x:row>) is split on prefixed tags too (prefixes up to 32
# characters). A tag not recognised only joins two runs into one: the limits get stricter.
_SPLIT_TAG = re.compile(rb"<(/?)(row|si)[\s/>]")
_SPLIT_PREFIXED = re.compile(rb"<(/?)(?:[A-Za-z_][\w.\-]{0,31}:)?(row|si)[\s/>]")
_PREFIXED_ROOT = re.compile(rb"<[A-Za-z_][\w.\-]{0,31}:(?:worksheet|sst)[\s>]")
_DECLARATION = (b"<!", "<!".encode("utf-16-le"))  # a cheap look before the exact one
_DTD_MARKERS = tuple(marker.encode(encoding) for marker in ("<!DOCTYPE", "<!ENTITY")
                     for encoding in ("utf-8", "utf-16-le", "utf-16-be"))
_OVERLAP = 64  # bytes kept from the previous piece: longer than any marker or split tag


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


# -- limits on rows and cells --------------------------------------------------------------------

class _Counts:
    """Rows and cells read so far from one file (its sheets stream one after another)."""

    def __init__(self) -> None:
        self.rows = self.blank = self.cells = 0

    def blank_row(self) -> None:
        self.blank += 1
        if self.blank > MAX_BLANK_ROWS:
            raise SheetError(f"ไฟล์มีแถวว่างเกิน {MAX_BLANK_ROWS:,} แถว")

    def row(self, sheet: str, number: int, values: Iterable[Any]) -> None:
        """Count a non-empty row and its cells; refuse an over-long cell."""
        self.rows += 1
        if self.rows > MAX_ROWS:
            raise SheetError(f"ไฟล์มีเกิน {MAX_ROWS:,} แถว")
        for value in values:
            if value is None:
                continue
            self.cells += 1
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                raise SheetError(too_long(sheet, number))
        if self.cells > MAX_CELLS:
            raise SheetError(f"ไฟล์มีข้อมูลเกิน {MAX_CELLS:,} ช่อง")


def too_long(sheet: str, number: int) -> str:
    """The message for a cell longer than MAX_CELL_CHARS."""
    return f"ข้อความในช่องยาวเกิน {MAX_CELL_CHARS:,} ตัวอักษร (แผ่นงาน {sheet} แถว {number:,})"


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _records(name: str, lines: Iterator[tuple], counts: _Counts) -> Sheet:
    """A Sheet from raw rows, the first of which holds the headers."""
    try:
        header = next(lines)
    except StopIteration:
        return Sheet(name, [], iter(()))
    headers = ["" if cell is None else str(cell).strip() for cell in header]
    while headers and not headers[-1]:
        headers.pop()
    if len(headers) > MAX_COLUMNS:
        raise SheetError(f"แผ่นงาน {name} มีหัวตารางเกิน {MAX_COLUMNS:,} คอลัมน์")
    if any(len(head) > MAX_CELL_CHARS for head in headers):
        raise SheetError(too_long(name, 1))

    def rows() -> Iterator[tuple[int, dict[str, Any]]]:
        for number, values in enumerate(lines, start=2):
            if all(_blank(value) for value in values):
                counts.blank_row()
                continue
            # a cell we exported as '=… or '-… (cells.neutralise) reads as what it was
            record = {head: restore(values[i]) if i < len(values) else None
                      for i, head in enumerate(headers) if head}
            counts.row(name, number, record.values())
            yield number, record

    return Sheet(name, headers, rows())


# -- CSV -----------------------------------------------------------------------------------------

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


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text`` with their endings, as ``io.StringIO`` splits them, without its
    four-bytes-a-character copy of the whole text."""
    start, end = 0, len(text)
    while start < end:
        stop = text.find("\n", start)
        stop = end if stop < 0 else stop + 1
        yield text[start:stop]
        start = stop


def _csv_rows(name: str, reader: Iterator[list[str]]) -> Iterator[tuple]:
    """The reader's rows; a malformed row (or a field over the csv module's limit, which is
    above MAX_CELL_CHARS) becomes a Thai SheetError naming the row."""
    number = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as problem:
            if "field limit" in str(problem):
                raise SheetError(too_long(name, number)) from problem
            raise SheetError(f"อ่านไฟล์ CSV ไม่ได้: รูปแบบไม่ถูกต้องที่แถว {number:,} (เช่น "
                             "เครื่องหมายคำพูดไม่ครบคู่ หรือมีอักขระควบคุม)") from problem
        number += 1
        yield tuple(row)


def read_csv(name: str, data: bytes, counts: _Counts | None = None) -> Sheet:
    """One sheet from CSV bytes (comma, semicolon or tab separated)."""
    text = decode_csv(data)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    if csv.field_size_limit() <= MAX_CELL_CHARS:
        csv.field_size_limit(MAX_CELL_CHARS + 1)
    return _records(name, _csv_rows(name, csv.reader(_lines(text), dialect)),
                    counts or _Counts())


# -- the zip container of an .xlsx ---------------------------------------------------------------

BROKEN_XLSX = ("อ่านไฟล์ Excel ไม่ได้: ไม่ใช่ไฟล์ .xlsx ที่สมบูรณ์ (ไฟล์เสียหรือถูกตัด "
               "ลองเปิดแล้วบันทึกใหม่ใน Excel)")


class _PartScan:
    """What openpyxl would hold at once from one XML part, counted piece by piece: the tags and
    bytes of one run (a row, a shared string, or a whole part that has neither), DTDs, and the
    number of shared strings."""

    def __init__(self, name: str, strings: bool):
        self.name, self.strings = name, strings
        self.size = self.tags = self.count = self.run_from = 0
        self.tail = b""
        self.split = _SPLIT_TAG

    def feed(self, piece: bytes) -> None:
        if not self.size and _PREFIXED_ROOT.search(piece):
            self.split = _SPLIT_PREFIXED
        window, offset = self.tail + piece, self.size - len(self.tail)
        self.size += len(piece)
        if any(mark in window for mark in _DECLARATION) and \
                any(marker in window for marker in _DTD_MARKERS):
            raise SheetError(f"ไฟล์ Excel มีการประกาศ DTD หรือ entity ใน XML ({self.name}) "
                             "ซึ่งไฟล์ Excel จริงไม่มี จึงไม่รับ")
        start = len(self.tail)
        for tag in self.split.finditer(window):
            if tag.end() <= len(self.tail):
                continue  # seen whole in the previous piece
            self.tags += window.count(b"<", start, tag.start())
            self._check(offset + tag.start())
            self.tags, self.run_from = 0, offset + tag.start()
            start = max(start, tag.start())
            self.count += self.strings and tag.group(2) == b"si" and not tag.group(1)
        self.tags += window.count(b"<", start)
        self._check(self.size)
        self.tail = window[-_OVERLAP:]

    def _check(self, at: int) -> None:
        if self.tags > MAX_XML_TAGS_AT_ONCE or at - self.run_from > MAX_XML_RUN_BYTES:
            raise SheetError(f"ไฟล์ Excel มีแถวหรือส่วนหนึ่งของ {self.name} ที่ใหญ่เกิน "
                             f"{MAX_XML_TAGS_AT_ONCE:,} แท็ก หรือ {MAX_XML_RUN_BYTES // MB} MB "
                             "จึงไม่รับ")


def _scan_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, room: int) -> int:
    """Inflate one part piece by piece (the declared size may lie): refuse it past its size
    limit or ``room`` (what the whole file has left), with a DTD or entity, or holding more in
    one run than openpyxl should (``_PartScan``); returns its real size."""
    name = info.filename
    strings = PurePosixPath(name).name.lower() == "sharedstrings.xml"
    limit = min(MAX_SHARED_STRINGS_BYTES if strings else MAX_XLSX_PART_BYTES, room)
    if info.file_size > limit:
        raise _too_big(name, strings, room)
    scan = _PartScan(name, strings)
    with archive.open(info) as part:
        while piece := part.read(_CHUNK):
            if scan.size + len(piece) > limit:
                raise _too_big(name, strings, room)
            scan.feed(piece)
    if scan.count > MAX_SHARED_STRINGS:
        raise SheetError(f"ไฟล์ Excel มีข้อความที่ใช้ร่วมกันเกิน {MAX_SHARED_STRINGS:,} ข้อความ")
    if scan.size > _RATIO_FLOOR and scan.size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1):
        raise SheetError(f"ไฟล์ Excel มีส่วน {name} ที่บีบอัดไว้เกิน {MAX_COMPRESSION_RATIO} เท่า "
                         "(ลักษณะของไฟล์ระเบิด) จึงไม่รับ")
    return scan.size


def _too_big(name: str, strings: bool, room: int) -> SheetError:
    if strings and room >= MAX_SHARED_STRINGS_BYTES:
        return SheetError(f"ไฟล์ Excel มีข้อความที่ใช้ร่วมกัน ({name}) ขยายแล้วใหญ่เกิน "
                          f"{MAX_SHARED_STRINGS_BYTES // MB} MB (บันทึกเป็น .csv แล้วส่งใหม่ได้)")
    if room >= MAX_XLSX_PART_BYTES:
        return SheetError(f"ไฟล์ Excel มีส่วน {name} ที่ขยายแล้วใหญ่เกิน "
                          f"{MAX_XLSX_PART_BYTES // MB} MB")
    return SheetError(f"ไฟล์ Excel ขยายแล้วใหญ่เกิน {MAX_XLSX_BYTES // MB} MB")


def check_xlsx(data: bytes) -> None:
    """Refuse an ``.xlsx`` whose zip container is damaged or past a limit (see the module)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
            if len(parts) > MAX_XLSX_PARTS:
                raise SheetError(f"ไฟล์ Excel มีส่วนประกอบเกิน {MAX_XLSX_PARTS:,} ส่วน")
            total = 0
            for info in parts:
                total += _scan_part(archive, info, MAX_XLSX_BYTES - total)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, ValueError,
            NotImplementedError) as problem:
        if isinstance(problem, SheetError):
            raise
        raise SheetError(BROKEN_XLSX) from problem


def _guarded(name: str, rows: Iterator[tuple]) -> Iterator[tuple]:
    """openpyxl's rows, with an XML or zip fault met while streaming turned into SheetError."""
    try:
        yield from rows
    except (ParseError, zipfile.BadZipFile, zlib.error, EOFError, OSError, KeyError, IndexError,
            ValueError) as problem:
        if isinstance(problem, SheetError):
            raise
        raise SheetError(f"อ่านไฟล์ Excel ไม่ได้: แผ่นงาน {name} เสียหายหรือมีข้อมูลที่อ่านไม่ได้"
                         ) from problem


def read_xlsx(data: bytes, counts: _Counts | None = None) -> list[Sheet]:
    """Every visible sheet of an ``.xlsx`` workbook, read in openpyxl's streaming mode, its XML
    through defusedxml (no entities, no DTD fetching)."""
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    if not openpyxl.DEFUSEDXML:  # not installed, or OPENPYXL_DEFUSEDXML=False
        raise SheetError("ระบบยังอ่านไฟล์ Excel อย่างปลอดภัยไม่ได้ (ไม่มี defusedxml) "
                         "กรุณาแจ้งผู้ดูแลระบบ หรือส่งเป็นไฟล์ .csv")
    check_xlsx(data)
    counts = counts or _Counts()
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, zlib.error, KeyError, OSError, ParseError,
            ValueError, TypeError, IndexError, EOFError) as problem:
        raise SheetError("อ่านไฟล์ Excel ไม่ได้: ไม่ใช่ไฟล์ .xlsx ที่สมบูรณ์") from problem
    return [_records(sheet.title, _guarded(sheet.title, sheet.iter_rows(values_only=True)),
                     counts)
            for sheet in book.worksheets if sheet.sheet_state == "visible"]


# -- .zip: one sheet and its photos --------------------------------------------------------------

_UTF8_NAME_FLAG = 0x800  # general purpose bit 11: the member's name is UTF-8


def _looks_written(name: str) -> bool:
    """True when every non-ASCII character of a name read as UTF-8 is Thai or accented Latin:
    Windows Thai (cp874) bytes that happen to be valid UTF-8 read as Syriac, Tibetan or CJK."""
    return all(ord(ch) < 0x80 or 0x0E00 <= ord(ch) <= 0x0E7F or 0xC0 <= ord(ch) <= 0x24F
               or 0x300 <= ord(ch) <= 0x36F for ch in name)


def member_name(info: zipfile.ZipInfo) -> str:
    """A member's name as its maker wrote it, NFC. With the UTF-8 flag: as zipfile read it.
    Without: UTF-8 if it reads as such (macOS and Linux tools write UTF-8 without the flag),
    else Windows Thai (cp874, what Windows' own "compressed folder" writes on a Thai system),
    else cp437 (the zip standard's default, which zipfile used)."""
    name = info.orig_filename
    if not info.flag_bits & _UTF8_NAME_FLAG:
        raw = name.encode("cp437")  # zipfile decoded the raw bytes as cp437: a round trip
        name = None
        for encoding in ("utf-8", "cp874"):
            try:
                name = raw.decode(encoding)
            except UnicodeDecodeError:
                continue
            if encoding != "utf-8" or _looks_written(name):
                break
            name = None
        name = name if name is not None else raw.decode("cp437")
    return unicodedata.normalize("NFC", name.replace("\\", "/"))


def zip_too_big(members: int, inflated: int, allowed: int) -> SheetError:
    """The refusal of a .zip whose members inflate past what its own size allows."""
    return SheetError(
        f"ไฟล์ .zip นี้เมื่อขยายแล้วใหญ่เกินไป ({members:,} ไฟล์ ขยายแล้ว {megabytes(inflated)} MB "
        f"เกิน {megabytes(allowed)} MB คือ {MAX_ZIP_INFLATION} เท่าของขนาดไฟล์ .zip บวกตาราง "
        f"{MAX_ZIP_SHEET_BYTES // MB} MB รูปถ่ายแทบไม่ถูกบีบอัด ไฟล์ที่ขยายได้มากกว่านี้จึงไม่ใช่รูปถ่าย)")


def _member_limit(name: str) -> tuple[int, str]:
    """(inflated bytes a member may hold, the refusal's words for it)."""
    if name.lower().endswith(SHEET_SUFFIXES):
        return MAX_ZIP_SHEET_BYTES, (f"ตารางในไฟล์ .zip ({name}) ใหญ่เกินไป "
                                     f"(ตารางไม่เกิน {MAX_ZIP_SHEET_BYTES // MB} MB เมื่อขยาย)")
    return MAX_ZIP_PHOTO_BYTES, (f"รูป {name} ในไฟล์ .zip ใหญ่เกินไป "
                                 f"(รูปละไม่เกิน {MAX_ZIP_PHOTO_BYTES // MB} MB)")


def _check_zip(archive: zipfile.ZipFile, members: list[tuple[str, zipfile.ZipInfo]],
               zip_size: int) -> None:
    """Inflate every member the import reads (the sheet and the photos) piece by piece: each
    within its limit, all within MAX_ZIP_INFLATION times the .zip's own size (plus a sheet),
    each CRC right (so a damaged photo is found now, not half-way through planning)."""
    if len(members) > MAX_ZIP_MEMBERS:
        raise SheetError(f"ไฟล์ .zip มีรูปและตารางเกิน {MAX_ZIP_MEMBERS:,} ไฟล์")
    for name, member in members:
        limit, message = _member_limit(name)
        if member.file_size > limit:
            raise SheetError(message)
    allowed = MAX_ZIP_INFLATION * zip_size + MAX_ZIP_SHEET_BYTES
    declared = sum(info.file_size for _, info in members)
    if declared > allowed:
        raise zip_too_big(len(members), declared, allowed)
    total = 0
    try:
        for name, member in members:
            (limit, message), size = _member_limit(name), 0
            with archive.open(member) as stream:
                while piece := stream.read(_CHUNK):
                    size += len(piece)
                    total += len(piece)
                    if size > limit:
                        raise SheetError(message)
                    if total > allowed:
                        raise zip_too_big(len(members), total, allowed)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as problem:
        raise SheetError("อ่านไฟล์ .zip ไม่ได้: ไฟล์เสียหรือไม่สมบูรณ์") from problem


def _read_zip(filename: str, source: BinaryIO) -> Workbook:
    """A ``.zip`` holding one sheet (``.xlsx`` or ``.csv``) and photos, anywhere inside, read
    from ``source`` (a file: the archive is never held in memory whole)."""
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError) as problem:
        raise SheetError("อ่านไฟล์ .zip ไม่ได้") from problem
    members = []
    for info in archive.infolist():
        path = member_name(info)
        name = PurePosixPath(path).name
        if info.is_dir() or name.startswith((".", "~$")) or "__MACOSX" in path:
            continue
        if name.lower().endswith(SHEET_SUFFIXES + IMAGE_SUFFIXES):
            members.append((path, info))
    _check_zip(archive, members, size_of(source))
    sheets = [(path, info) for path, info in members if path.lower().endswith(SHEET_SUFFIXES)]
    if len(sheets) != 1:
        raise SheetError(f"ไฟล์ .zip ต้องมีตาราง .xlsx หรือ .csv หนึ่งไฟล์ (พบ {len(sheets)})")
    photos: dict[str, zipfile.ZipInfo] = {}
    for path, member in members:
        name = PurePosixPath(path).name
        if name.lower().endswith(IMAGE_SUFFIXES):
            if name in photos:
                raise SheetError(f"มีรูปชื่อ {name} มากกว่าหนึ่งไฟล์ใน .zip")
            photos[name] = member
    inner = read_workbook(sheets[0][0], archive.read(sheets[0][1]))
    return Workbook(filename, inner.sheets, ZipPhotos(archive, photos))


def read_workbook(filename: str, source: bytes | BinaryIO) -> Workbook:
    """The sheets (and, from a ``.zip``, the photos) of an uploaded file: its bytes, or a
    seekable binary file (a ``.zip`` is then read from it as needed, never whole). Limits are
    checked here (the container) and as the rows stream (rows, cells): both raise SheetError."""
    lower = filename.lower()
    if isinstance(source, bytes | bytearray):
        source = io.BytesIO(source)
    if lower.endswith(".zip"):
        return _read_zip(filename, source)
    if lower.endswith(".xlsx"):
        return Workbook(filename, read_xlsx(source.read()))
    if lower.endswith(".csv"):
        return Workbook(filename, [read_csv(PurePosixPath(filename).stem, source.read())])
    raise SheetError("รับเฉพาะไฟล์ .xlsx, .csv หรือ .zip (ตารางพร้อมโฟลเดอร์รูป)")
