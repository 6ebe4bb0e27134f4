"""An import's plan: what each row of a file will do, and why rows are refused.

``ImportPlan`` holds counts, the first ``KEPT_REFUSALS`` refusals (``Refusal``) and, in a
temporary spill file (``_Spill``), every ``PlannedRow`` with its column values and photos; each
row's ``fingerprint`` lets a confirmed import write only what its preview showed.
``ImportRefused`` is raised when a plan with refusals would be applied. ``CHUNK``/``_chunks``:
the batch size planning and applying both read and write in.
"""

from __future__ import annotations

import hashlib
import heapq
import io
import pickle
import tempfile
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from cdd_click.content.columns import TYPE_SHEET_NAMES
from cdd_click.media import ProcessedPhoto

CHUNK = 500  # keys per IN (...) when looking rows up, rows per batch when writing
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


class ImportRefused(Exception):
    """The file has refused rows; nothing was written."""

    def __init__(self, plan: ImportPlan):
        super().__init__(f"{plan.refused_total} refusal(s) in {plan.filename}")
        self.plan = plan


def _chunks(values: Iterable[Any]) -> Iterable[list[Any]]:
    """``values`` in lists of ``CHUNK`` (read here at each call: patch it on this module)."""
    batch: list[Any] = []
    for value in values:
        batch.append(value)
        if len(batch) == CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


def type_label(row_type: str) -> str:
    """The Thai name of a row type (the template's sheet name)."""
    return TYPE_SHEET_NAMES[row_type]
