"""Applying an import's plan: ``apply_import`` writes it all in one transaction, or nothing.

Villages first, then listings, in batches of ``import_plan.CHUNK``: each item with its revision
and its photos, the search outbox rows in one statement just before the commit. An item whose
version moved on since it was planned refuses the whole import (``ImportRefused``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from cdd_click import publishing, search
from cdd_click.content.import_plan import (
    CHANGED_SINCE_PREVIEW,
    ImportPlan,
    ImportRefused,
    PlannedRow,
    Refusal,
    _chunks,
)
from cdd_click.extensions import db
from cdd_click.media import ProcessedPhoto
from cdd_click.models import Listing, Photo, User, Village


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
