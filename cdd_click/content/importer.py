"""Spreadsheet import of villages and listings: plan first, then apply all of it or nothing.

``plan_import`` reads a workbook (``sheets.read_workbook``) and the database, writes nothing, and
finds every problem in one pass: each refusal names the sheet row as the spreadsheet program
numbers it (the header is row 1) and the column by its header, in Thai. ``apply_import`` then
writes the plan in one transaction, with a revision and a search outbox row per item.

Memory: rows are read as the sheet streams them and planned ``CHUNK`` at a time; each planned
row (its keys, column values and processed photos) goes to a temporary file as soon as it is
planned, and the plan keeps only counts, the first ``KEPT_REFUSALS`` refusals and the keys that
rows of the same file may clash on (slugs, reference ids, the villages listings name), so a
sheet's length costs a few hundred bytes a row.

Rows are matched to existing items by ``external_id`` (the department's own id, such as an OTOP
product code), else by slug, else by the slug their title gives when the stored item has the same
title, so importing the same sheet twice changes nothing. Columns are the template's Thai headers
or the content files' front-matter keys (``slug``, ``title``, ``kind``, ``village``, …).
"""

from __future__ import annotations

import hashlib
import heapq
import io
import pickle
import re
import tempfile
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from cdd_click import permissions, publishing, search, slugs
from cdd_click.content import sheets
from cdd_click.content.columns import (
    _HEADER_KEYS,
    COLUMNS,
    COLUMNS_BY_KEY,
    HELP_SHEETS,
    REQUIRED,
    SHEET_TYPES,
    TYPE_SHEET_NAMES,
    CellError,
    _normal,
    label,
    shown,
)
from cdd_click.extensions import db
from cdd_click.geography import find_subdistrict
from cdd_click.media import ImageRejected, ProcessedPhoto, process_photo
from cdd_click.models import Listing, Photo, Status, Subdistrict, User, Village
from cdd_click.models.listing import ListingKind
from cdd_click.vocabulary import (
    PRODUCT_KINDS,
)

MAX_PHOTO_BYTES = 20 * 1024 * 1024
CHUNK = 500  # keys per IN (...) when looking rows up
_COMMON_KEYS = ("title", "title_en", "summary", "summary_en", "body", "tags", "status",
                "external_id")
_VILLAGE_KEYS = ("moo", "highlights", "featured")
_LISTING_KEYS = ("kind", "category", "otop_stars", "otop_year", "producer", "price_min",
                 "price_max", "phone", "line_id", "email", "website", "facebook", "opening_hours")
_EMPTY = {"body": "", "tags": [], "highlights": [], "featured": False, "status": ""}  # else None
ROW_NUMBER_HEADERS = frozenset({"ลำดับ", "ลำดับที่", "ที่", "no", "no.", "#", "row"})
CLEAR_WORDS = frozenset({"-", "–", "—", "ลบ"})  # a cell that clears a stored value
CLEARABLE = frozenset(_COMMON_KEYS + _VILLAGE_KEYS + _LISTING_KEYS + ("lat", "lon")) - {
    "title", "summary", "kind", "external_id"}


class _Cleared:
    """The value of a cell that asks for the stored value to be cleared."""

    def __repr__(self) -> str:
        return "CLEARED"


CLEARED = _Cleared()


def _given(values: dict[str, Any], key: str) -> bool:
    """True when the row gives ``key`` a value (not blank, not cleared)."""
    return key in values and values[key] is not CLEARED


FINGERPRINT_BYTES = 8
CHANGED_SINCE_PREVIEW = ("แถวนี้ต่างจากที่ตรวจไว้: มีผู้แก้ไข ลบ หรือเพิ่มรายการนี้ในระบบหลังจากตรวจไฟล์ "
                         "จึงไม่เขียนทับ ตรวจไฟล์อีกครั้งเพื่อดูค่าล่าสุดก่อนนำเข้า")
KEPT_REFUSALS = 1_000  # refusals a plan lists (the first, by sheet row); the total counts all


@dataclass(frozen=True)
class Refusal:
    """Why a row (or a whole sheet) cannot be imported."""

    sheet: str
    row: int | None
    column: str | None
    message: str
    rank: int = 0  # 0: the file or a village sheet, 1: a listing sheet (listings name villages)

    def order(self) -> tuple[int, str, int]:
        return self.rank, self.sheet, self.row or 0

    def __str__(self) -> str:
        where = [f"ชีต {self.sheet}"] if self.sheet else []
        if self.row is not None:
            where.append(f"แถว {self.row}")
        if self.column:
            where.append(f"คอลัมน์ {self.column}")
        return f"{' '.join(where)}: {self.message}"


class _Spill:
    """The column values and photos of planned rows, pickled to a temporary file (kept in memory
    while small), so that a plan holds only each row's keys however long the sheet is."""

    IN_MEMORY = 4 * 1024 * 1024

    def __init__(self) -> None:
        self._file = tempfile.SpooledTemporaryFile(max_size=self.IN_MEMORY)  # noqa: SIM115

    def keep(self, value: Any) -> tuple[int, int]:
        """Store ``value``; returns where it is, for ``read``."""
        blob = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        self._file.seek(0, io.SEEK_END)
        offset = self._file.tell()
        self._file.write(blob)
        return offset, len(blob)

    def read(self, where: tuple[int, int]) -> Any:
        self._file.seek(where[0])
        return pickle.loads(self._file.read(where[1]))  # noqa: S301 - our own file, this process

    def close(self) -> None:
        self._file.close()


@dataclass(slots=True)
class PlannedRow:
    """One row that can be imported: what it will do, and where its column values are kept."""

    type: str
    sheet: str
    row: int
    action: str  # create, update or unchanged
    slug: str
    title: str
    province: str
    existing_id: int | None = None
    village_ref: str | None = None  # listings: the village's slug (it may be made by this file)
    approximate: bool = False  # a village placed at its tambon's centroid
    stored: tuple[int, int] | None = None  # where the row lies in the plan's spill file
    changes: tuple[tuple[str, str, str], ...] = ()  # an update's (label, old, new), as shown
    near: str = ""  # a new row: a stored item of the same village with a close title
    version: int | None = None  # an update's or unchanged row's item: the version planned from


def fingerprint(row: PlannedRow, columns: dict[str, Any] | None,
                photos: list[tuple[str, ProcessedPhoto]]) -> bytes:
    """Eight bytes that change when anything a preview showed of this row changes: its place in
    the file, what it does, the stored item and version it starts from, its link name, every
    value it writes and its photos. A confirmed import writes only rows whose fingerprint the
    preview had."""
    shown = (row.type, row.sheet, row.row, row.action, row.existing_id, row.version, row.slug,
             row.village_ref, sorted((key, repr(value)) for key, value in (columns or {}).items()),
             [(name, photo.key) for name, photo in photos])
    return hashlib.blake2b(repr(shown).encode(), digest_size=FINGERPRINT_BYTES).digest()


@dataclass(slots=True)
class _FileVillage:
    """A village row of the file, as the listings of the same file name it."""

    slug: str
    province: str
    existing_id: int | None


@dataclass
class ImportPlan:
    """Everything a file would do, and why it cannot. Planned rows wait in a temporary file
    (in the order they are written: villages, then listings) until ``apply_import`` writes
    them; the plan itself keeps counts and the first ``KEPT_REFUSALS`` refusals."""

    filename: str
    refusals: list[Refusal] = field(default_factory=list)
    refused_total: int = 0
    notices: list[str] = field(default_factory=list)  # what was read past (unknown columns)
    sheet_label: bool = False
    spill: _Spill = field(default_factory=_Spill, repr=False, compare=False)
    counts: Counter = field(default_factory=Counter)
    types: set[str] = field(default_factory=set)
    _offsets: array = field(default_factory=lambda: array("q"), repr=False)
    _lengths: array = field(default_factory=lambda: array("q"), repr=False)
    _fingerprints: bytearray = field(default_factory=bytearray, repr=False)

    def add(self, row: PlannedRow, columns: dict[str, Any] | None,
            photos: list[tuple[str, ProcessedPhoto]], digest: bytes = b"") -> None:
        """Write a planned row (with its values when it creates or updates) to the spill."""
        self._fingerprints += digest or fingerprint(row, columns, photos)
        offset, length = self.spill.keep((row, columns, photos))
        self._offsets.append(offset)
        self._lengths.append(length)
        self.counts[row.action] += 1
        self.types.add(row.type)

    def refuse(self, refusal: Refusal) -> None:
        """Count a refusal, keeping the first ``KEPT_REFUSALS`` by sheet and row."""
        self.refused_total += 1
        self.refusals.append(refusal)
        if len(self.refusals) > 2 * KEPT_REFUSALS:
            self.refusals = heapq.nsmallest(KEPT_REFUSALS, self.refusals, key=Refusal.order)

    def finish(self) -> None:
        self.refusals = sorted(self.refusals, key=Refusal.order)[:KEPT_REFUSALS]

    def fingerprints(self) -> bytes:
        """Every planned row's ``fingerprint``, sorted and joined: what a preview showed, kept
        with the job (8 bytes a row) so that its confirmation writes exactly that."""
        size = FINGERPRINT_BYTES
        digests = [bytes(self._fingerprints[at:at + size])
                   for at in range(0, len(self._fingerprints), size)]
        return b"".join(sorted(digests))

    def count(self, action: str) -> int:
        """Rows that would be created, updated or left unchanged."""
        return self.counts[action]

    @property
    def ok(self) -> bool:
        """True when nothing is refused (a file is all or nothing)."""
        return not self.refused_total

    def iter_rows(self) -> Iterator[PlannedRow]:
        """The planned rows, read back from the spill one at a time."""
        for where in zip(self._offsets, self._lengths, strict=True):
            row = self.spill.read(where)[0]
            row.stored = where
            yield row

    @property
    def rows(self) -> list[PlannedRow]:
        """Every planned row (a list: for small plans and tests; ``iter_rows`` streams)."""
        return list(self.iter_rows())

    def values(self, row: PlannedRow) -> tuple[dict[str, Any], list[tuple[str, ProcessedPhoto]]]:
        """(model column values, processed photos) of a row that creates or updates."""
        _row, columns, photos = self.spill.read(row.stored)
        columns["slug"] = row.slug
        return columns, photos

    def close(self) -> None:
        """Drop the kept values (the counts and refusals stay)."""
        self.spill.close()


MAX_CHANGES_SHOWN = 30  # per row, in the preview
_ORDER = {column.key: number for number, column in enumerate(COLUMNS)}  # the template's order


def _changes(existing: Any, columns: dict[str, Any], village_slug: str | None,
             photos: list[str] | None) -> tuple[tuple[str, str, str], ...]:
    """What an update changes, field by field: (Thai label, stored value, new value)."""
    found = []
    for key, value in sorted(columns.items(), key=lambda item: _ORDER.get(item[0], len(_ORDER))):
        old = getattr(existing, key)
        if old == value or (key in ("lat", "lon") and old is not None and value is not None
                            and abs(old - value) < 1e-9):
            continue
        if key == "village_id":
            found.append((label(key), "", village_slug or str(value)))
        else:
            found.append((label(key), shown(key, old), shown(key, value)))
    if photos:  # compared by content when written: listed as given
        found.append((label("photos"), "", shown("photos", photos)))
    return tuple(found[:MAX_CHANGES_SHOWN])


_NAME_NOISE = re.compile(r"\s+|บ้าน|ชุมชน|กลุ่ม|[\u0e47-\u0e4c]")


def _bare(title: str) -> str:
    """A title without spaces, tone marks and the words a name may carry or drop (บ้าน…)."""
    return _NAME_NOISE.sub("", title)


def _near(title: str, stored: list[tuple[str, str]] | None) -> str:
    """'title (slug)' of a stored item whose title is close to ``title`` (one holds the other,
    or they differ by a few letters), for the person to confirm it is not the same item."""
    bare = _bare(title)
    for other, slug in stored or ():
        theirs = _bare(other)
        if len(bare) >= 4 and len(theirs) >= 4 and (
                bare in theirs or theirs in bare
                or SequenceMatcher(None, bare, theirs).ratio() >= 0.85):
            return f"{other} ({slug})"
    return ""


def _stored_titles(village_refs: dict[int, tuple | None]) -> dict[int, list[tuple[str, str]]]:
    """The stored listings' (title, slug) of the villages a chunk of rows names, by village id."""
    ids = {ref[2] for ref in village_refs.values() if ref and ref[2] is not None}
    found: dict[int, list[tuple[str, str]]] = {}
    for batch in _chunks(sorted(ids)):
        for village_id, title, slug in db.session.execute(select(
                Listing.village_id, Listing.title, Listing.slug).where(
                Listing.village_id.in_(batch))):
            found.setdefault(village_id, []).append((title, slug))
    return found



def _given_columns(model: type, values: dict[str, Any], existing: Any) -> dict[str, Any]:
    """The model columns a row sets: for a new item all of them (empty where the row has no
    value, a draft without a status), for an update only those its cells fill in or clear."""
    columns = {}
    for key in _COMMON_KEYS + (_VILLAGE_KEYS if model is Village else _LISTING_KEYS):
        if key in values:
            columns[key] = _EMPTY.get(key) if values[key] is CLEARED else values[key]
        elif existing is None:
            columns[key] = _EMPTY.get(key)
    if "status" in columns and not columns["status"]:
        columns["status"] = str(Status.DRAFT)
    return columns


class ImportRefused(Exception):
    """The file has refused rows; nothing was written."""

    def __init__(self, plan: ImportPlan):
        super().__init__(f"{plan.refused_total} refusal(s) in {plan.filename}")
        self.plan = plan


def _sheet_type(sheet: sheets.Sheet, keys: set[str]) -> str | None:
    found = SHEET_TYPES.get(_normal(sheet.name))
    if found:
        return found
    if "kind" in keys or "village" in keys:
        return "listing"
    if "subdistrict" in keys:
        return "village"
    return None


def _chunks(values: Iterable[Any]) -> Iterable[list[Any]]:
    batch: list[Any] = []
    for value in values:
        batch.append(value)
        if len(batch) == CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


def _lookup(model: type, column, keys: Iterable[str]) -> dict[str, Any]:
    """Stored items whose ``column`` is one of ``keys`` (asked in chunks)."""
    found: dict[str, Any] = {}
    for batch in _chunks(sorted(set(keys))):
        for item in db.session.scalars(select(model).where(column.in_(batch))):
            found[getattr(item, column.key)] = item
    return found


def _slug_taken(model: type, candidates: Iterable[str]) -> set[str]:
    taken: set[str] = set()
    for batch in _chunks(sorted(set(candidates))):
        taken |= set(db.session.scalars(select(model.slug).where(model.slug.in_(batch))))
    return taken


def _stored_villages(wanted: set[str]) -> dict[str, list[Village]]:
    """Stored villages by slug, external id and ``=title``, for the names ``wanted``."""
    stored: dict[str, list[Village]] = {}
    for batch in _chunks(sorted(wanted)):
        for village in db.session.scalars(select(Village).where(
                Village.slug.in_(batch) | Village.external_id.in_(batch)
                | Village.title.in_(batch))):
            for key in {village.slug, village.external_id, "=" + village.title}:
                if key:
                    stored.setdefault(key, []).append(village)
    return stored


@dataclass
class _Draft:
    type: str
    sheet: str
    row: int
    values: dict[str, Any]
    headers: dict[str, str]  # key -> the header the sheet used


@dataclass
class _Table:
    """A data sheet whose columns are all known: its row type and how headers map to keys."""

    sheet: sheets.Sheet
    type: str
    mapping: dict[str, str | None]
    headers: dict[str, str]


@dataclass(slots=True)
class _NewRow:
    """A row that creates an item, waiting in the spill for its slug (chosen once every update
    is planned); only its place in the spill stays in memory until then, and its values are
    read back only when it is added to the plan."""

    body: tuple[int, int]  # where (row, columns, photos) lie in the spill
    given: str | None
    base: str
    external_id: str | None


class _Matching:
    """What planning the rows of one model needs. Across the file: the keys earlier rows took.
    For the chunk of rows being planned: the stored items they name and the slugs their titles
    suggest (so memory grows with the keys, not with the rows' values)."""

    def __init__(self, model: type):
        self.model = model
        self.seen_external: dict[str, int] = {}
        self.seen_slug: dict[str, int] = {}
        self.planned: dict[str, _FileVillage | None] = {}
        self.wanted_new = (array("q"), array("q"))  # offsets and lengths of _NewRows
        self.by_external: dict[str, Any] = {}
        self.by_slug: dict[str, Any] = {}
        self.suggested: dict[int, str] = {}
        self.same_place: dict[int, int] = {}  # hash of (title, place) -> the row that had it
        self.neighbours: dict[int, list[tuple[str, str]]] = {}  # village id -> stored titles

    def look_up(self, drafts: list[_Draft]) -> None:
        """The stored items a chunk of rows names, by external id and by slug."""
        model = self.model
        self.by_external = _lookup(model, model.external_id, (
            d.values["external_id"] for d in drafts if "external_id" in d.values))
        self.by_slug = _lookup(model, model.slug, (
            d.values["slug"] for d in drafts if "slug" in d.values))
        self.suggested = {  # rows an external id matches need no slug of their own
            id(d): slugs.suggest_slug(d.values.get("title", ""), d.values.get("title_en"))
            for d in drafts if "slug" not in d.values and "title" in d.values
            and d.values.get("external_id") not in self.by_external}
        self.by_slug |= _lookup(model, model.slug, self.suggested.values())


class _Planner:
    """Builds an ImportPlan; only reads the database. Rows are read as the sheet streams them
    and planned a chunk at a time: villages first (listings may name them), then listings."""

    def __init__(self, workbook: sheets.Workbook, user: User | None,
                 progress: Callable[[int], None] | None = None,
                 previewed: bytes | None = None):
        self.book, self.user, self.progress = workbook, user, progress
        self.previewed = None if previewed is None else frozenset(
            previewed[at:at + FINGERPRINT_BYTES]
            for at in range(0, len(previewed), FINGERPRINT_BYTES))
        self.plan = ImportPlan(workbook.filename, sheet_label=len(workbook.sheets) > 1)
        self.centroids: dict[str, tuple[float | None, float | None]] | None = None
        self.refused: dict[tuple[str, int], set[str | None]] = {}  # (sheet, row) -> headers
        self.rows_read = 0
        self.photo_problems: dict[str, str] = {}
        self.listing_sheets: dict[str, bool] = {}  # sheet name -> holds listings
        self.refused_villages: dict[str, int] = {}  # a refused village's names -> its row

    def refuse(self, draft: _Draft | None, key: str | None, message: str, *,
               sheet: str = "", row: int | None = None) -> None:
        header = (draft.headers.get(key) or COLUMNS_BY_KEY[key].header) if draft and key else key
        sheet, row = (draft.sheet, draft.row) if draft else (sheet, row)
        self._refusal(sheet, row, header, message)

    def _refusal(self, sheet: str, row: int | None, header: str | None, message: str) -> None:
        self.plan.refuse(Refusal(sheet if self.plan.sheet_label else "", row, header, message,
                                 int(self.listing_sheets.get(sheet, False))))
        if row is not None:
            self.refused.setdefault((sheet, row), set()).add(header)

    # -- reading ---------------------------------------------------------------------------

    def tables(self) -> list[_Table]:
        """The data sheets, once their headers are checked (refusals name row 1)."""
        tables: list[_Table] = []
        for sheet in self.book.sheets:
            if sheet.name in HELP_SHEETS:
                continue
            mapping = {head: _HEADER_KEYS.get(_normal(head)) for head in sheet.headers if head}
            keys = {key for key in mapping.values() if key}
            row_type = _sheet_type(sheet, keys)
            self.listing_sheets[sheet.name] = row_type == "listing"
            if row_type is None:
                self.refuse(None, None, "ไม่รู้ว่าเป็นตารางหมู่บ้านหรือสินค้าและที่เที่ยว: ตั้งชื่อชีต "
                            "'หมู่บ้าน' หรือ 'สินค้าและที่เที่ยว' หรือใช้หัวตารางของแม่แบบ",
                            sheet=sheet.name, row=1)
                continue
            unknown = [head for head, key in mapping.items()
                       if key is None or row_type not in COLUMNS_BY_KEY[key].types]
            for head in unknown:  # a ลำดับที่, a note of the office's own: read past, said once
                mapping[head] = None
                where = f"ชีต {sheet.name} " if self.plan.sheet_label else ""
                self.plan.notices.append(f"{where}คอลัมน์ {head}: ไม่ใช่คอลัมน์ของแม่แบบ "
                                         f"จึงข้ามไป ไม่นำเข้า")
            keys = {key for key in mapping.values() if key}
            missing = [c for c in COLUMNS if row_type in c.required and c.key not in keys]
            named = [head for head in unknown if _normal(head) not in ROW_NUMBER_HEADERS]
            hint = (f" (คอลัมน์ในไฟล์ที่ไม่ตรงกับแม่แบบ: {', '.join(named)} ตั้งชื่อให้ตรงกับแม่แบบ)"
                    if named else "")
            for column in missing:
                self._refusal(sheet.name, 1, column.header, f"ไม่มีคอลัมน์นี้ ซึ่งต้องมี{hint}")
            if not missing:
                tables.append(_Table(sheet, row_type, mapping,
                                     {key: head for head, key in mapping.items() if key}))
        return tables

    def drafts(self, tables: list[_Table], row_type: str) -> Iterator[_Draft]:
        """The rows of the sheets of ``row_type``, read one at a time."""
        for table in tables:
            if table.type != row_type:
                continue
            for number, cells in table.sheet.rows:
                self.rows_read += 1
                if self.progress is not None:
                    self.progress(self.rows_read)
                yield self._read_row(table, number, cells)

    def _read_row(self, table: _Table, number: int, cells: dict[str, Any]) -> _Draft:
        draft = _Draft(table.type, table.sheet.name, number, {}, table.headers)
        for head, raw in cells.items():
            key = table.mapping.get(head)
            if key is None or raw is None or (isinstance(raw, str) and not raw.strip()):
                continue
            if isinstance(raw, str) and raw.strip() in CLEAR_WORDS:
                if key in CLEARABLE:
                    draft.values[key] = CLEARED
                else:
                    self.refuse(draft, key, f"ล้างค่าคอลัมน์นี้ไม่ได้ ({raw.strip()} ใช้ล้างค่าได้เฉพาะ"
                                "คอลัมน์ที่ไม่บังคับกรอก)")
                continue
            try:
                draft.values[key] = COLUMNS_BY_KEY[key].parse(raw)
            except CellError as problem:
                self.refuse(draft, key, str(problem))
        for column in REQUIRED[table.type]:
            if column.key not in draft.values and column.key not in self._refused_keys(draft):
                self.refuse(draft, column.key, "ต้องกรอก")
        return draft

    def _refused_keys(self, draft: _Draft) -> set[str]:
        headers = self.refused.get((draft.sheet, draft.row))
        if not headers:
            return set()
        return {key for key, column in COLUMNS_BY_KEY.items()
                if draft.headers.get(key, column.header) in headers}

    # -- rules across columns and rows -------------------------------------------------------

    def _listing_rules(self, draft: _Draft) -> None:
        """A listing's kind, category, star level and year, and price range, together."""
        values, found = draft.values, draft.values.get("kind")
        if found == ListingKind.OTOP_PRODUCT and values.get("category") is CLEARED:
            self.refuse(draft, "category", "ผลิตภัณฑ์ OTOP ต้องระบุหมวด OTOP")
        if found and found not in PRODUCT_KINDS and _given(values, "category"):
            self.refuse(draft, "category", "หมวด OTOP ใช้กับสินค้าเท่านั้น")
        if found and found != ListingKind.OTOP_PRODUCT and _given(values, "otop_stars"):
            self.refuse(draft, "otop_stars", "ระดับดาวใช้กับผลิตภัณฑ์ OTOP เท่านั้น")
        if _given(values, "otop_year") and values.get("otop_stars") is CLEARED:
            self.refuse(draft, "otop_year", "ปีที่คัดสรรต้องมาพร้อมระดับดาว OTOP")
        low, high = values.get("price_min"), values.get("price_max")
        if _given(values, "price_min") and _given(values, "price_max") and low > high:
            self.refuse(draft, "price_max", f"{high:,} ต่ำกว่าราคาต่ำสุด {low:,}")

    def _with_stored(self, draft: _Draft, existing: Any) -> bool:
        """A listing's rules that read the stored value of a column the row leaves blank: an
        OTOP product needs a category, a selection year needs a star level."""
        values = draft.values
        if draft.type != "listing":
            return True
        before = self.plan.refused_total
        if values.get("kind") == ListingKind.OTOP_PRODUCT and "category" not in values and (
                existing is None or not existing.category):
            self.refuse(draft, "category", "ผลิตภัณฑ์ OTOP ต้องระบุหมวด OTOP")
        if _given(values, "otop_year") and "otop_stars" not in values and (
                existing is None or not existing.otop_stars):
            self.refuse(draft, "otop_year", "ปีที่คัดสรรต้องมาพร้อมระดับดาว OTOP")
        return self.plan.refused_total == before

    def _rules(self, draft: _Draft) -> bool:
        """Rules that involve several cells; False when the row is refused."""
        values, before = draft.values, self.plan.refused_total
        if ("lat" in values) != ("lon" in values) or _given(values, "lat") != _given(values,
                                                                                     "lon"):
            self.refuse(draft, "lon" if "lat" in values else "lat",
                        "ต้องกรอกละติจูดและลองจิจูดคู่กัน")
        if draft.type == "listing":
            self._listing_rules(draft)
        if "photos" in values and values["photos"]:
            missing = [name for name in values["photos"] if name not in self.book.photos]
            if missing:
                where = "ไม่มีในไฟล์ .zip" if self.book.photos else \
                    "ต้องส่งเป็นไฟล์ .zip ที่มีตารางและโฟลเดอร์รูป"
                self.refuse(draft, "photos", f"{', '.join(missing)}: {where}")
        return self.plan.refused_total == before

    def _place(self, draft: _Draft) -> str | None:
        """The village row's subdistrict code, or a refusal listing the candidates."""
        values = draft.values
        match = find_subdistrict(values.get("subdistrict", ""), values.get("district", ""),
                                 values.get("province", ""))
        if match.code:
            return match.code
        written = " ".join(filter(None, (values.get("subdistrict"), values.get("district"),
                                         values.get("province"))))
        if match.candidates:
            shown = "; ".join(match.candidates[:8])
            more = f" และอีก {len(match.candidates) - 8} แห่ง" if len(match.candidates) > 8 else ""
            self.refuse(draft, "subdistrict",
                        f"'{written}' ไม่ชัดเจนหรือไม่ตรงกัน: ตำบลที่เป็นไปได้ {shown}{more} "
                        "(ใส่อำเภอและจังหวัด หรือรหัสตำบล 6 หลัก)")
        else:
            self.refuse(draft, "subdistrict", f"ไม่พบตำบล '{written}' ในข้อมูลการปกครอง (geothai)")
        return None

    def _centroid(self, code: str) -> tuple[float | None, float | None]:
        if self.centroids is None:
            self.centroids = {c: (lat, lon) for c, lat, lon in db.session.execute(
                select(Subdistrict.code, Subdistrict.lat, Subdistrict.lon)
                .where(Subdistrict.lat.is_not(None)))}
        return self.centroids.get(code, (None, None))

    # -- matching rows to stored items ---------------------------------------------------------

    def build(self) -> ImportPlan:
        tables = self.tables()
        if not self.plan.ok:
            return self.plan  # the columns are wrong: row-by-row messages would only repeat it
        file_villages = self._match(Village, self.drafts(tables, "village"))
        self._match(Listing, self.drafts(tables, "listing"), file_villages)
        if not self.rows_read and self.plan.ok:
            self.refuse(None, None, "ไม่มีแถวข้อมูล", row=2)
        return self.plan

    def _match(self, model: type, drafts: Iterable[_Draft],
               file_villages: dict[str, _FileVillage | None] | None = None,
               ) -> dict[str, _FileVillage | None]:
        """Plan ``drafts`` against the stored items of ``model``, a chunk at a time; returns the
        planned rows by slug, ``#external id`` and ``=title`` (for listings to refer to)."""
        match = _Matching(model)
        for chunk in _chunks(drafts):
            match.look_up(chunk)
            village_refs = self._village_refs(chunk, file_villages) if model is Listing else {}
            match.neighbours = _stored_titles(village_refs) if model is Listing else {}
            for draft in chunk:
                self._plan_row(match, draft, village_refs)
            if model is Village:
                self._remember_refused(chunk)
            self.refused.clear()  # (sheet, row) -> headers: only a row's own checks ask it
        self._create(match)
        return match.planned

    def _remember_refused(self, drafts: list[_Draft]) -> None:
        """The names of the refused villages of a chunk, so that a listing naming one points
        at that row instead of repeating that the village was not found."""
        for draft in drafts:
            if (draft.sheet, draft.row) in self.refused:
                for name in (draft.values.get("external_id"), draft.values.get("slug"),
                             draft.values.get("title")):
                    if isinstance(name, str) and name:
                        self.refused_villages.setdefault(name, draft.row)

    def _first_of_its_name(self, match: _Matching, draft: _Draft,
                           columns: dict[str, Any]) -> bool:
        """False, with a refusal naming the earlier row, for a row without a reference id or
        slug that repeats the title of an earlier row in the same tambon (villages) or village
        (listings): importing it would make a second item of the same thing."""
        if "external_id" in draft.values or "slug" in draft.values:
            return True  # the office tells its rows apart itself
        place = columns.get("subdistrict_code") or columns.get("_village_slug")
        same = hash((draft.values["title"], place))  # a collision (~1e-10 at 100,000 rows)
        if same in match.same_place:                 # would only refuse with both rows named
            what = "ตำบล" if draft.type == "village" else "หมู่บ้าน"
            self.refuse(draft, "title", f"ซ้ำกับแถว {match.same_place[same]}: ชื่อเดียวกันใน{what}"
                        "เดียวกัน (ลบแถวที่ซ้ำ หรือใส่รหัสอ้างอิงให้แต่ละแถว)")
            return False
        match.same_place[same] = draft.row
        return True

    def _plan_row(self, match: _Matching, draft: _Draft, village_refs: dict) -> None:
        if not self._rules(draft) or (draft.sheet, draft.row) in self.refused:
            return
        existing = self._existing(match, draft)
        if existing is False or not self._with_stored(draft, existing):
            return
        columns, province = self._columns(match.model, draft, draft.values, village_refs,
                                          existing)
        if columns is None:
            return
        if not self._permitted(draft, match.model, existing, columns, province):
            return
        if not self._first_of_its_name(match, draft, columns):
            return
        if existing is None:
            self._queue_new(match, draft, columns, province)
        else:
            self._plan_update(match, draft, existing, columns, province)

    def _existing(self, match: _Matching, draft: _Draft) -> Any:
        """The stored item a row updates, None for a new one, False when the row is refused."""
        values = draft.values
        ext = values.get("external_id")
        if ext in match.seen_external:
            self.refuse(draft, "external_id", f"ซ้ำกับแถว {match.seen_external[ext]}")
            return False
        if ext and ext in match.by_external:
            return match.by_external[ext]
        if "slug" in values:
            existing = match.by_slug.get(values["slug"])
            if existing is not None and existing.external_id and ext:
                self.refuse(draft, "slug", f"เป็นชื่อลิงก์ของรายการรหัส {existing.external_id} แล้ว")
                return False
            return existing
        same = match.by_slug.get(match.suggested.get(id(draft), ""))
        if same is not None and same.title == values.get("title") and not (
                ext and same.external_id):
            return same  # the same sheet imported again, without ids or slugs
        return None

    def _plan_update(self, match: _Matching, draft: _Draft, existing: Any,
                     columns: dict[str, Any], province: str) -> None:
        values = draft.values
        target = values.get("slug", existing.slug)
        if target in match.seen_slug:
            self.refuse(draft, "slug", f"ซ้ำกับแถว {match.seen_slug[target]}")
            return
        if target != existing.slug and target in match.by_slug:
            self.refuse(draft, "slug", "มีรายการอื่นใช้ชื่อลิงก์นี้แล้ว")
            return
        village_slug = columns.pop("_village_slug", None)
        columns["slug"] = target
        changes = _changes(existing, columns, village_slug, values.get("photos"))
        changed = bool(changes)
        row = PlannedRow(draft.type, draft.sheet, draft.row,
                         "update" if changed else "unchanged", target, values["title"],
                         province, existing.id, village_slug,
                         bool(columns.get("location_approximate")), changes=changes,
                         version=existing.version)
        if changed:
            self._add(match, row, values.get("external_id"), columns, self._photos(draft))
        else:
            self._add(match, row, values.get("external_id"), None, [])

    def _queue_new(self, match: _Matching, draft: _Draft, columns: dict[str, Any],
                   province: str) -> None:
        given = draft.values.get("slug")
        if given and given in match.seen_slug:
            self.refuse(draft, "slug", f"ซ้ำกับแถว {match.seen_slug[given]}")
            return
        village_slug = columns.pop("_village_slug", None)
        row = PlannedRow(draft.type, draft.sheet, draft.row, "create", "", draft.values["title"],
                         province, None, village_slug, bool(columns.get("location_approximate")))
        row.near = _near(draft.values["title"], match.neighbours.get(columns.get("village_id")))
        kept = self.plan.spill.keep((row, columns, self._photos(draft)))
        offset, length = self.plan.spill.keep(_NewRow(
            kept, given, given or match.suggested[id(draft)], draft.values.get("external_id")))
        match.wanted_new[0].append(offset)
        match.wanted_new[1].append(length)

    def _add(self, match: _Matching, row: PlannedRow, ext: str | None,
             columns: dict[str, Any] | None, photos: list[tuple[str, ProcessedPhoto]]) -> None:
        digest = fingerprint(row, columns, photos)
        if self.previewed is not None and digest not in self.previewed:
            self._refusal(row.sheet, row.row, None, CHANGED_SINCE_PREVIEW)
            return
        match.seen_slug[row.slug] = row.row
        if ext:
            match.seen_external[ext] = row.row
        self.plan.add(row, columns, photos, digest)
        if row.type == "village":  # listings name villages; nothing names a listing
            self._remember(match.planned, row, ext)

    def _create(self, match: _Matching) -> None:
        """Plan the new rows, a chunk at a time: slugs made unique against the database and
        this file."""
        for places in _chunks(zip(*match.wanted_new, strict=True)):
            batch = [self.plan.spill.read(where) for where in places]
            asked = {new.base for new in batch} | {
                f"{new.base}-{n}" for new in batch for n in range(2, 10)}
            taken = _slug_taken(match.model, asked)
            for new in batch:
                row, columns, photos = self.plan.spill.read(new.body)
                if new.external_id and new.external_id in match.seen_external:
                    self._refusal(row.sheet, row.row, self._header(row.sheet, "external_id"),
                                  f"ซ้ำกับแถว {match.seen_external[new.external_id]}")
                    continue
                if new.given and (new.given in taken or new.given in match.seen_slug):
                    self._refusal(row.sheet, row.row, self._header(row.sheet, "slug"),
                                  "มีรายการอื่นใช้ชื่อลิงก์นี้แล้ว")
                    continue
                row.slug = new.given or self._free_slug(match, new.base, taken, asked)
                self._add(match, row, new.external_id, columns, photos)
        match.wanted_new = (array("q"), array("q"))

    @staticmethod
    def _free_slug(match: _Matching, base: str, taken: set[str], asked: set[str]) -> str:
        """``base``, or ``base-2`` … when the database (``taken``: those of ``asked`` stored) or an
        earlier row of the file has it."""
        return slugs.unique_slug(base, lambda s: s in taken or s in match.seen_slug or (
            s not in asked and bool(_slug_taken(match.model, [s]))))

    def _header(self, sheet_name: str, key: str) -> str:
        """The header sheet ``sheet_name`` gave column ``key``."""
        for sheet in self.book.sheets:
            if sheet.name == sheet_name:
                for head in sheet.headers:
                    if _HEADER_KEYS.get(_normal(head)) == key:
                        return head
        return COLUMNS_BY_KEY[key].header

    @staticmethod
    def _remember(planned: dict[str, _FileVillage | None], row: PlannedRow,
                  ext: str | None) -> None:
        village = _FileVillage(row.slug, row.province, row.existing_id)
        planned[row.slug] = village
        if ext:
            planned["#" + ext] = village
        planned.setdefault("=" + row.title, village)
        if planned["=" + row.title] is not village:
            planned["=" + row.title] = None  # two villages of that name: the title is ambiguous

    def _columns(self, model, draft, values, village_refs, existing):
        """(model column values, province code) of a row; (None, '') when refused. A new item
        gets every column (empty where the sheet has none); an update only the columns whose
        cells are filled in, a cell of ``-`` or ``ลบ`` clearing its value, so a blank cell or a
        column the sheet lacks keeps what is stored. A new item without a status is a draft."""
        columns = _given_columns(model, values, existing)
        given = _given(values, "lat")
        if given:
            columns.update(lat=values["lat"], lon=values["lon"])
        if model is Village:
            code = self._place(draft)
            if code is None or not self._village_position(draft, columns, existing, code):
                return None, ""
            return columns, code[:2]
        ref = village_refs.get(id(draft))
        if ref is None:
            return None, ""
        village_slug, province, village_id = ref
        if not given and ("lat" in values or existing is None):
            columns.update(lat=None, lon=None)
        columns["_village_slug"] = village_slug
        if village_id is not None:
            columns["village_id"] = village_id
        return columns, province

    def _village_position(self, draft: _Draft, columns: dict[str, Any], existing: Any,
                          code: str) -> bool:
        """A village's subdistrict and position: its own coordinates, else (when new, cleared,
        or an approximate one moved to another tambon) its tambon's centroid, marked
        approximate; False with a refusal when there is neither."""
        values = draft.values
        columns["subdistrict_code"] = code
        if _given(values, "lat"):
            columns["location_approximate"] = False
        elif existing is None or "lat" in values or (
                existing.location_approximate and existing.subdistrict_code != code):
            lat, lon = self._centroid(code)
            if lat is None:
                self.refuse(draft, "lat", "ไม่มีพิกัด และยังไม่มีพิกัดกลางของตำบลนี้ "
                            "(ผู้ดูแลระบบโหลดได้ด้วย flask geo centroids)")
                return False
            columns.update(lat=lat, lon=lon, location_approximate=True)
        return True

    def _village_refs(self, drafts, file_villages) -> dict[int, tuple | None]:
        """For each listing draft: (village slug, province, stored id or None), or None with a
        refusal. A village is named by slug, external id or Thai name, in this file or stored."""
        stored = _stored_villages({d.values["village"] for d in drafts if "village" in d.values})
        return {id(draft): self._village_ref(draft, draft.values["village"], file_villages,
                                             stored)
                for draft in drafts if "village" in draft.values}

    def _village_ref(self, draft, written, file_villages, stored):
        in_file = file_villages.get(written) or file_villages.get("#" + written) \
            or file_villages.get("=" + written)
        if in_file is not None:
            return in_file.slug, in_file.province, in_file.existing_id
        if ("=" + written) in file_villages:  # stored as None: two villages of that name
            self.refuse(draft, "village", f"มีหมู่บ้านชื่อ '{written}' หลายแห่งในไฟล์นี้: "
                        "ใช้ชื่อลิงก์หรือรหัสอ้างอิง")
            return None
        found = {v.id: v for v in stored.get(written, []) + stored.get("=" + written, [])}
        if len(found) == 1:
            village = next(iter(found.values()))
            return village.slug, village.subdistrict.province_code, village.id
        if found:
            names = "; ".join(f"{v.title} ({v.slug}, จ.{v.subdistrict.province.name_th})"
                              for v in found.values())
            self.refuse(draft, "village", f"มีหมู่บ้านชื่อนี้หลายแห่ง: {names} "
                        "(ใส่ชื่อลิงก์หรือรหัสอ้างอิงแทน)")
        elif written in self.refused_villages:
            self.refuse(draft, "village", f"ดูแถว {self.refused_villages[written]} ของชีตหมู่บ้าน: "
                        f"หมู่บ้าน '{written}' ยังนำเข้าไม่ได้ แก้แถวนั้นแล้วแถวนี้จะผ่าน")
        else:
            self.refuse(draft, "village", f"ไม่พบหมู่บ้าน '{written}' ในระบบหรือในไฟล์นี้")
        return None

    # -- permissions and photos ----------------------------------------------------------------

    def _permitted(self, draft: _Draft, model: type, existing: Any, columns: dict[str, Any],
                   province: str) -> bool:
        """The form's rule set (``permissions.refusals``): the province, and the fields only
        admins set, each refused on the row and column that would change it."""
        if self.user is None:
            return True
        reasons = permissions.refusals(self.user, model, existing, columns, province)
        for reason, message in reasons.items():
            key = reason if reason in COLUMNS_BY_KEY else (
                "province" if draft.type == "village" else "village")
            self.refuse(draft, key, message)
        return not reasons

    def _photos(self, draft: _Draft) -> list[tuple[str, ProcessedPhoto]]:
        """The row's photos through the same checks as an upload (before anything is written);
        a photo that fails is refused on every row that names it."""
        done = []
        for name in draft.values.get("photos", ()):
            problem = self.photo_problems.get(name)
            if problem is None:
                try:
                    done.append((name, process_photo(self.book.photos[name], MAX_PHOTO_BYTES)))
                    continue
                except ImageRejected as rejected:
                    problem = self.photo_problems[name] = str(rejected)
            self.refuse(draft, "photos", f"{name}: {problem}")
        return done


def plan_import(workbook: sheets.Workbook, user: User | None = None,
                progress: Callable[[int], None] | None = None,
                previewed: bytes | None = None) -> ImportPlan:
    """What ``workbook`` would create and update, and every row it refuses; writes nothing.
    ``user``: the editor importing (None: the command line, every province); ``progress`` is
    told how many rows have been read, after each; ``previewed``: the fingerprints of the plan
    the person saw (a confirmed import), so a row that would now do anything else (an item
    edited, deleted or added since, by version) is refused rather than written."""
    plan = _Planner(workbook, user, progress, previewed).build()
    plan.finish()
    return plan


@dataclass
class ImportReport:
    """What an applied import did."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0


def apply_import(plan: ImportPlan, user: User | None = None,
                 progress: Callable[[int], None] | None = None,
                 before_commit: Callable[[ImportReport], None] | None = None) -> ImportReport:
    """Write ``plan`` in one transaction (villages first, then listings, in batches), each change
    with its revision; raise ImportRefused, writing nothing, if it refuses rows, or if an item
    it updates no longer has the version it was planned from. ``progress`` is told the rows
    written after each batch; ``before_commit`` adds its own last statement to the transaction
    (an import job's state).

    One order of locks for every writer: rows first, the search outbox's lock last. The
    import's outbox rows are added in one statement just before the commit, so an editor's save
    of another item during an import takes its row and the outbox lock and commits at once
    (it never waits for the whole import), and neither can hold what the other waits for."""
    if not plan.ok:
        raise ImportRefused(plan)
    report = ImportReport(unchanged=plan.count("unchanged"))
    changed: list[tuple[str, int]] = []
    unused_photos: list[str] = []
    try:
        rows = (row for row in plan.iter_rows() if row.action != "unchanged")
        for batch in _chunks(rows):  # villages come first in the spill: listings name them
            for row_type, model in (("village", Village), ("listing", Listing)):
                of_type = [row for row in batch if row.type == row_type]
                if not of_type:
                    continue
                written = _write_batch(plan, of_type, model, user, unused_photos)
                changed += [(row_type, item.id) for item, _ in written]
                report.created += sum(1 for _, before in written if before is None)
                report.updated += sum(1 for _, before in written if before is not None)
            if progress is not None:
                progress(report.created + report.updated)
        search.record_changes(changed)
        if before_commit is not None:
            before_commit(report)
        db.session.commit()
    except StaleDataError:  # an item changed between its read in a batch and its UPDATE
        db.session.rollback()
        plan.refuse(Refusal("", None, None, CHANGED_SINCE_PREVIEW))
        raise ImportRefused(plan) from None
    except Exception:
        db.session.rollback()
        raise
    from cdd_click import photos

    photos.remove_unused_files(unused_photos)
    return report


def _write_batch(plan: ImportPlan, rows: list[PlannedRow], model: type, user: User | None,
                 unused_photos: list[str]) -> list[tuple[Any, dict | None]]:
    """Create or update a batch of planned rows with one flush; then their photos and
    revisions. Returns (item, snapshot before or None) for each. An item whose version is no
    longer the planned one refuses the import (ImportRefused, naming its rows). A listing
    naming a village of the same file finds it by slug (written, and flushed, earlier)."""
    stored = {item.id: item for item in db.session.scalars(
        select(model).where(model.id.in_([r.existing_id for r in rows if r.existing_id])))}
    moved = [row for row in rows if row.existing_id and (
        row.existing_id not in stored or stored[row.existing_id].version != row.version)]
    if moved:
        for row in moved:
            plan.refuse(Refusal(row.sheet, row.row, None, CHANGED_SINCE_PREVIEW))
        raise ImportRefused(plan)
    written, photos = [], []
    values_of = [plan.values(row) for row in rows]
    refs = {row.village_ref for row, (values, _) in zip(rows, values_of, strict=True)
            if model is Listing and "village_id" not in values}
    village_ids = dict(db.session.execute(select(Village.slug, Village.id).where(
        Village.slug.in_(refs))).all()) if refs else {}
    for row, (values, pictures) in zip(rows, values_of, strict=True):
        if model is Listing and "village_id" not in values:
            values["village_id"] = village_ids[row.village_ref]
        item = stored[row.existing_id] if row.existing_id else model()
        before = publishing.snapshot(item) if row.existing_id else None
        for key, value in values.items():
            setattr(item, key, value)
        db.session.add(item)
        written.append((item, before))
        photos.append(pictures)
    db.session.flush()  # ids for the new rows, one INSERT batch
    for pictures, (item, before) in zip(photos, written, strict=True):
        if pictures:
            unused_photos += _replace_photos(item, pictures)
        publishing.record(item, "import" if before else "create", user, before)
    return written


def _replace_photos(item: Village | Listing, wanted: list[tuple[str, ProcessedPhoto]]
                    ) -> list[str]:
    """Make the item's photos those the row names, in its order (files kept by content key);
    returns the keys of the photos it removed, whose files may go once this is committed."""
    from cdd_click import photos

    current = db.session.scalars(select(Photo).where(
        (Photo.village_id if isinstance(item, Village) else Photo.listing_id) == item.id)).all()
    if [p.key for p in current] == [pic.key for _, pic in wanted]:
        return []
    for photo in current:
        db.session.delete(photo)
    store = photos.media_store()
    owner = {"village_id": item.id} if isinstance(item, Village) else {"listing_id": item.id}
    for position, (_name, pic) in enumerate(wanted, start=1):
        alt = item.title if len(wanted) == 1 else f"{item.title} ภาพที่ {position}"
        photo = Photo(key=pic.key, alt=alt, width=pic.width, height=pic.height,
                      position=position, **owner)
        for width, blob in pic.variants.items():
            store.save(photo.filename(width), blob)
        db.session.add(photo)
    return [photo.key for photo in current]


def type_label(row_type: str) -> str:
    """The Thai name of a row type (the template's sheet name)."""
    return TYPE_SHEET_NAMES[row_type]
