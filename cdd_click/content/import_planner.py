"""Planning an import: matching checked rows to stored items and to each other, and ``plan_import``.

``_Planner`` takes the rows ``import_rows._RowChecker`` reads and checks, a ``CHUNK`` at a time,
and matches each to the stored item it updates (by reference id, else slug, else the slug its
title gives when the stored title is the same) or plans it as new; refuses rows that repeat an
id, a slug or a title of an earlier row; finds the village a listing names (in the file or
stored); lists what an update changes; and gives new rows free slugs once every update is
planned. Planned rows go to the plan's spill file (``import_plan``).
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from sqlalchemy import select

from cdd_click import slugs
from cdd_click.content import sheets
from cdd_click.content.columns import _HEADER_KEYS, COLUMNS, COLUMNS_BY_KEY, _normal, label, shown
from cdd_click.content.import_plan import (
    CHANGED_SINCE_PREVIEW,
    FINGERPRINT_BYTES,
    ImportPlan,
    PlannedRow,
    _chunks,
    fingerprint,
)
from cdd_click.content.import_rows import _Draft, _RowChecker
from cdd_click.extensions import db
from cdd_click.media import ProcessedPhoto
from cdd_click.models import Listing, User, Village

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


@dataclass(slots=True)
class _FileVillage:
    """A village row of the file, as the listings of the same file name it."""

    slug: str
    province: str
    existing_id: int | None


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


class _Planner(_RowChecker):
    """Builds an ImportPlan; only reads the database. Rows are read as the sheet streams them
    and planned a chunk at a time: villages first (listings may name them), then listings."""

    def __init__(self, workbook: sheets.Workbook, user: User | None,
                 progress: Callable[[int], None] | None = None,
                 previewed: bytes | None = None):
        super().__init__(workbook, user, progress)
        self.previewed = None if previewed is None else frozenset(
            previewed[at:at + FINGERPRINT_BYTES]
            for at in range(0, len(previewed), FINGERPRINT_BYTES))
        self.refused_villages: dict[str, int] = {}  # a refused village's names -> its row

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
