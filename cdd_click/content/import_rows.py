"""Reading an import's data sheets and checking each row on its own, the first half of planning.

``_RowChecker`` maps each sheet's headers to column keys (refusing a sheet whose required
columns are missing), parses each cell (``columns``/``fields``), and checks what a single row
can be refused for: required cells, cells that clear a value, rules across a row's cells (a
listing's kind, category, stars and prices; coordinates in pairs), its tambon and position,
the editor's permissions and its photos. It also turns a row into the model column values it
sets. Matching rows to stored items and to other rows is ``import_planner``'s.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from cdd_click import permissions
from cdd_click.content import sheets
from cdd_click.content.columns import (
    _HEADER_KEYS,
    COLUMNS,
    COLUMNS_BY_KEY,
    EXAMPLE_MARKER,
    HELP_SHEETS,
    REQUIRED,
    SHEET_TYPES,
    CellError,
    _normal,
)
from cdd_click.content.import_plan import ImportPlan, Refusal
from cdd_click.extensions import db
from cdd_click.geography import find_subdistrict
from cdd_click.media import ImageRejected, ProcessedPhoto, process_photo
from cdd_click.models import Status, Subdistrict, User, Village
from cdd_click.models.listing import ListingKind
from cdd_click.vocabulary import PRODUCT_KINDS

MAX_PHOTO_BYTES = 20 * 1024 * 1024
_COMMON_KEYS = ("title", "title_en", "summary", "summary_en", "body", "tags", "status",
                "external_id", "checked_on", "sources")
_VILLAGE_KEYS = ("moo", "highlights", "featured")
_LISTING_KEYS = ("kind", "category", "otop_stars", "otop_year", "producer", "price_min",
                 "price_max", "phone", "line_id", "email", "website", "facebook", "opening_hours")
_EMPTY = {"body": "", "tags": [], "highlights": [], "featured": False, "status": "",
          "sources": []}  # else None
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


def _sheet_type(sheet: sheets.Sheet, keys: set[str]) -> str | None:
    found = SHEET_TYPES.get(_normal(sheet.name))
    if found:
        return found
    if "kind" in keys or "village" in keys:
        return "listing"
    if "subdistrict" in keys:
        return "village"
    return None


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


class _RowChecker:
    """The row-by-row half of planning (``import_planner._Planner`` adds the matching): reads
    the data sheets, checks each row on its own and refuses in the plan it builds; only reads
    the database."""

    def __init__(self, workbook: sheets.Workbook, user: User | None,
                 progress: Callable[[int], None] | None = None):
        self.book, self.user, self.progress = workbook, user, progress
        self.plan = ImportPlan(workbook.filename, sheet_label=len(workbook.sheets) > 1)
        self.centroids: dict[str, tuple[float | None, float | None]] | None = None
        self.refused: dict[tuple[str, int], set[str | None]] = {}  # (sheet, row) -> headers
        self.rows_read = 0
        self.photo_problems: dict[str, str] = {}
        self.listing_sheets: dict[str, bool] = {}  # sheet name -> holds listings

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
            marker = table.headers.get("external_id")
            for number, cells in table.sheet.rows:
                self.rows_read += 1
                if self.progress is not None:
                    self.progress(self.rows_read)
                first = cells.get(marker) if marker else None
                if isinstance(first, str) and first.strip().startswith(EXAMPLE_MARKER):
                    where = f"ชีต {table.sheet.name} " if self.plan.sheet_label else ""
                    self.plan.notices.append(f"{where}แถว {number}: แถวตัวอย่างของแม่แบบ จึงข้ามไป "
                                             "ไม่นำเข้า")
                    continue
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

    # -- a row's column values -------------------------------------------------------------

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
