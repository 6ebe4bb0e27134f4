"""Validate every content file first, then load all of them in one transaction, or none.

A load is an idempotent upsert keyed by slug: loading the same files twice changes nothing, and an
edited file updates its row. Items that exist only in the database (made by staff) are kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from cdd_click import photos, publishing, search
from cdd_click.content.checks import coordinate_pair, listing_rules
from cdd_click.content.fields import FieldError, markdown_body
from cdd_click.content.files import ContentError, RawItem, read_item
from cdd_click.content.schema import CONTENT_TYPES, Field
from cdd_click.extensions import db
from cdd_click.geography import geothai_codes, is_seeded
from cdd_click.media import ImageRejected, process_photo
from cdd_click.models import Article, Listing, Photo, Province, Subdistrict, Village

MODELS = {"village": Village, "listing": Listing, "article": Article}
MAX_PHOTO_BYTES = 20 * 1024 * 1024


class ContentInvalid(Exception):
    """The content has errors; nothing was loaded."""

    def __init__(self, errors: list[ContentError]):
        super().__init__(f"{len(errors)} error(s) in content")
        self.errors = errors


@dataclass
class ContentItem:
    """A checked item: its type, slug, source file and column values."""

    type: str
    slug: str
    path: str
    values: dict[str, Any]


@dataclass
class LoadReport:
    """How many items of each type were created, updated or left unchanged."""

    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    def add(self, type_: str, outcome: str) -> None:
        """Count one item."""
        per_type = self.counts.setdefault(type_, {"created": 0, "updated": 0, "unchanged": 0})
        per_type[outcome] += 1

    @property
    def changed(self) -> int:
        """Items created or updated."""
        return sum(c["created"] + c["updated"] for c in self.counts.values())


def _convert(raw: RawItem, table: dict[str, Field]) -> tuple[dict[str, Any], list[ContentError]]:
    """Check each front-matter key of ``raw`` against ``table``."""
    values: dict[str, Any] = {}
    errors = [
        ContentError(raw.path, key, "unknown field")
        for key in raw.front_matter
        if key not in table
    ]
    for key, spec in table.items():
        value = raw.front_matter.get(key)
        if value is None or value == "":
            if spec.required:
                errors.append(ContentError(raw.path, key, "is required"))
            continue
        try:
            values[key] = spec.convert(value)
        except ValueError as exc:
            errors.append(ContentError(raw.path, key, str(exc)))
    return values, errors


def _read_folder(folder: Path, type_: str, table: dict[str, Field], body_required: bool):
    """Items and errors of every ``*.md`` file in one content folder."""
    items: list[ContentItem] = []
    errors: list[ContentError] = []
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        raw, read_errors = read_item(path)
        errors += read_errors
        if raw is None:
            continue
        values, field_errors = _convert(raw, table)
        errors += field_errors
        rules = listing_rules(values) if type_ == "listing" else coordinate_pair(values)
        errors += [ContentError(raw.path, name, message) for name, message in rules]
        if "photos" in values:
            values["photos"], photo_errors = _read_photos(raw.path, folder.parent,
                                                          values["photos"])
            errors += photo_errors
        errors += _body_errors(raw, body_required)
        values["body"] = raw.body
        items.append(ContentItem(type_, raw.slug, raw.path, values))
    return items, errors


def _body_errors(raw: RawItem, required: bool) -> list[ContentError]:
    """An empty body where one is needed, or one longer than the admin form would take."""
    if required and not raw.body:
        return [ContentError(raw.path, "body", "the Markdown text is empty")]
    try:
        markdown_body(raw.body)
    except FieldError as problem:
        return [ContentError(raw.path, "body", str(problem))]
    return []


def _read_photos(where: str, root: Path, entries: list[dict]):
    """Each photo file re-encoded (so a bad one fails validation, before anything is loaded)."""
    processed, errors = [], []
    for entry in entries:
        path = root / entry["file"]
        try:
            processed.append((entry["alt"], process_photo(path.read_bytes(), MAX_PHOTO_BYTES)))
        except FileNotFoundError:
            errors.append(ContentError(where, "photos", f"{entry['file']} not found"))
        except ImageRejected as problem:
            errors.append(ContentError(where, "photos", f"{entry['file']}: {problem}"))
    return processed, errors


@dataclass(frozen=True)
class KnownAreas:
    """The province and subdistrict codes that content may refer to."""

    provinces: frozenset[str]
    subdistricts: frozenset[str]

    @classmethod
    def in_database(cls) -> KnownAreas:
        """The areas of the database."""
        return cls(frozenset(db.session.scalars(select(Province.code))),
                   frozenset(db.session.scalars(select(Subdistrict.code))))

    @classmethod
    def for_load(cls) -> KnownAreas:
        """The areas ``flask content load`` will know, found by reading only: the database's,
        or geothai's while the database has none (a load seeds them first)."""
        if is_seeded():
            return cls.in_database()
        return cls(*geothai_codes())


def _reference_errors(items: list[ContentItem], areas: KnownAreas) -> list[ContentError]:
    """Unknown subdistrict codes, province codes and village slugs."""
    known_codes, provinces = areas.subdistricts, areas.provinces
    villages = {i.slug for i in items if i.type == "village"}
    villages |= set(db.session.scalars(select(Village.slug)))
    errors = []
    for item in items:
        code = item.values.get("subdistrict")
        if item.type == "village" and code and code not in known_codes:
            errors.append(ContentError(item.path, "subdistrict", f"unknown code {code}"))
        province = item.values.get("province")
        if item.type == "article" and province and province not in provinces:
            errors.append(ContentError(item.path, "province", f"unknown code {province}"))
        slug = item.values.get("village")
        if item.type == "listing" and slug and slug not in villages:
            errors.append(ContentError(item.path, "village", f"unknown village {slug!r}"))
    return errors + _external_id_errors(items)


def _external_id_errors(items: list[ContentItem]) -> list[ContentError]:
    """A reference id (external_id) names one village and one listing: two files with the same
    one, or a file whose id another stored item holds, are refused, each file by name."""
    errors = []
    for type_, model in (("village", Village), ("listing", Listing)):
        first: dict[str, ContentItem] = {}
        for item in items:
            ext = item.values.get("external_id") if item.type == type_ else None
            if not ext:
                continue
            if ext in first:
                errors.append(ContentError(item.path, "external_id", f"{ext!r} is also the "
                                           f"external_id of {first[ext].path}"))
            else:
                first[ext] = item
        held = {}
        names = list(first)
        for start in range(0, len(names), 500):
            held.update(db.session.execute(select(model.external_id, model.slug).where(
                model.external_id.in_(names[start:start + 500]))).all())
        in_files = {item.slug for item in items if item.type == type_}
        for ext, item in first.items():
            # the holder's own file in this load gives it another id: not a clash
            if ext in held and held[ext] != item.slug and held[ext] not in in_files:
                errors.append(ContentError(item.path, "external_id", f"{ext!r} is held by the "
                                           f"stored {type_} {held[ext]!r}"))
    return errors


def validate_content(directory: Path | str, areas: KnownAreas | None = None) -> list[ContentItem]:
    """Every item under ``directory``; raises ContentInvalid listing all errors.

    Only reads the database. Codes are checked against ``areas`` (default: the database's).
    """
    root = Path(directory)
    if not root.is_dir():
        raise ContentInvalid([ContentError(str(root), "directory", "does not exist")])
    items: list[ContentItem] = []
    errors: list[ContentError] = []
    for folder, (type_, table, body_required) in CONTENT_TYPES.items():
        found, problems = _read_folder(root / folder, type_, table, body_required)
        items += found
        errors += problems
    errors += _reference_errors(items, areas or KnownAreas.in_database())
    if errors:
        raise ContentInvalid(errors)
    return items


def _columns(item: ContentItem, village_ids: dict[str, int]) -> dict[str, Any]:
    """Model column values of an item (front-matter names mapped to columns)."""
    _, table, _ = CONTENT_TYPES[item.type + "s"]
    columns: dict[str, Any] = {name: None for name in table if name not in ("status", "photos")}
    columns.update({"tags": [], "status": "published", "body": ""})
    columns.update(highlights=[], highlights_en=[], sources=[])
    if item.type in ("village", "listing"):
        columns.update(best_months=[], languages=[], suitable_for=[], location_confirmed=False)
    if item.type == "listing":
        columns.update(open_days=[])
    if item.type == "village":
        columns.update(featured=False, location_approximate=False)
    columns.update({k: v for k, v in item.values.items() if k != "photos"})
    for name, spec in table.items():
        if spec.column and name in columns:
            columns[spec.column] = columns.pop(name)
    if item.type == "listing":
        columns["village_id"] = village_ids[columns["village_id"]]
    return columns


def _upsert(item: ContentItem, existing: Any, village_ids: dict[str, int]) -> str:
    """Create or update one row and its photos, with a revision; return the outcome."""
    columns = _columns(item, village_ids)
    if existing is None:
        row = MODELS[item.type](slug=item.slug, **columns)
        db.session.add(row)
        db.session.flush()
        _sync_photos(row, item.values.get("photos"))
        publishing.record(row, "content-load", None, None)
        search.record_change(row)
        return "created"
    before = publishing.snapshot(existing)
    for name, value in columns.items():
        if getattr(existing, name) != value:
            setattr(existing, name, value)
    photos_changed = _sync_photos(existing, item.values.get("photos"))
    if publishing.snapshot(existing) == before and not photos_changed:
        return "unchanged"
    db.session.flush()
    publishing.record(existing, "content-load", None, before)
    search.record_change(existing)
    return "updated"


def _sync_photos(row: Any, wanted: list | None) -> bool:
    """Make the row's photos those of the file (when the file lists photos); True if changed."""
    if wanted is None or isinstance(row, Article):
        return False
    current = photos.photos_of(row)
    if [(p.key, p.alt) for p in current] == [(pic.key, alt) for alt, pic in wanted]:
        return False
    for photo in current:
        db.session.delete(photo)
    store = photos.media_store()
    owner = {"village_id": row.id} if isinstance(row, Village) else {"listing_id": row.id}
    for position, (alt, pic) in enumerate(wanted, start=1):
        photo = Photo(key=pic.key, alt=alt, width=pic.width, height=pic.height,
                      position=position, **owner)
        for width, blob in pic.variants.items():
            store.save(photo.filename(width), blob)
        db.session.add(photo)
    return True


def load_content(directory: Path | str) -> LoadReport:
    """Validate all of ``directory``, then upsert everything in one transaction."""
    items = validate_content(directory)
    report = LoadReport()
    try:
        village_ids: dict[str, int] = {}
        for type_, model in MODELS.items():
            rows = {row.slug: row for row in db.session.scalars(select(model))}
            for item in (i for i in items if i.type == type_):
                report.add(type_, _upsert(item, rows.get(item.slug), village_ids))
            db.session.flush()
            if type_ == "village":
                village_ids = dict(db.session.execute(select(Village.slug, Village.id)).all())
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return report
