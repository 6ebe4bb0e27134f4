"""Adding, listing and removing photos of villages and listings; the media store they live in."""

from __future__ import annotations

from typing import NamedTuple

from flask import current_app
from sqlalchemy import bindparam, delete, func, select

from cdd_click import search
from cdd_click.extensions import db
from cdd_click.media import DatabaseMediaStore, LocalMediaStore, process_photo
from cdd_click.models import Listing, Photo, Village

MEDIA_NAME_RE = r"[0-9a-f]{32}-(?:480|1200)\.webp"


def media_store() -> LocalMediaStore | DatabaseMediaStore:
    """The configured media store: ``MEDIA_STORE=local`` (``MEDIA_DIR``, the embedded default)
    or ``database`` (shared by every machine)."""
    if current_app.config["MEDIA_STORE"] == "database":
        return DatabaseMediaStore()
    return LocalMediaStore(current_app.config["MEDIA_DIR"])


def _owner(item: Village | Listing) -> dict:
    return {"village_id": item.id} if isinstance(item, Village) else {"listing_id": item.id}


_PHOTOS_OF = {  # built once: every village and listing page asks
    owner: select(Photo).where(getattr(Photo, owner) == bindparam("owner"))
    .order_by(Photo.position, Photo.id)
    for owner in ("village_id", "listing_id")
}


def photos_of(item: Village | Listing) -> list[Photo]:
    """The item's photos in display order, as records to edit."""
    owner_column, = _owner(item)
    return list(db.session.scalars(_PHOTOS_OF[owner_column], {"owner": item.id}))


class ShownPhoto(NamedTuple):
    """A photo as a public page shows it: what ``<img>`` and JSON-LD need, nothing to edit."""

    key: str
    alt: str
    width: int
    height: int

    def filename(self, width: int) -> str:
        """Name of the variant ``width`` pixels wide (the same names as ``Photo.filename``)."""
        return f"{self.key}-{width}.webp"


_SHOWN_OF = {  # plain rows through the session's connection: most items have no photo, and
    # an empty ORM query costs three times as much as this one
    owner: select(Photo.key, Photo.alt, Photo.width, Photo.height)
    .where(getattr(Photo, owner) == bindparam("owner")).order_by(Photo.position, Photo.id)
    for owner in ("village_id", "listing_id")
}


def shown_photos(item: Village | Listing) -> list[ShownPhoto]:
    """The item's photos in display order, for a public page; no query when the statement that
    loaded the item counted none (``catalog.village``, ``catalog.listing``)."""
    if item.photo_count == 0:
        return []
    owner_column, = _owner(item)
    rows = db.session.connection().execute(_SHOWN_OF[owner_column], {"owner": item.id})
    return [ShownPhoto(*row) for row in rows]


def first_photos(items) -> dict[tuple[str, int], ShownPhoto]:
    """The first photo of each of ``items`` (a page of cards) by (type, id): one query per type,
    as many rows as the page has photos."""
    wanted: dict[str, list[int]] = {"village_id": [], "listing_id": []}
    for item in items:
        if getattr(item, "photo_count", None) != 0:  # a query that counted none: skip it
            wanted["village_id" if isinstance(item, Village) else "listing_id"].append(item.id)
    found: dict[tuple[str, int], ShownPhoto] = {}
    for owner, ids in wanted.items():
        if not ids:
            continue
        column = getattr(Photo, owner)
        rows = db.session.execute(select(column, Photo.key, Photo.alt, Photo.width, Photo.height)
                                  .where(column.in_(ids)).order_by(Photo.position.desc(),
                                                                   Photo.id.desc()))
        for owner_id, *shown in rows:  # the first in display order comes last and stays
            found[(owner.removesuffix("_id"), owner_id)] = ShownPhoto(*shown)
    return found


def first_photos_by_slug(keys) -> dict[tuple[str, str], ShownPhoto]:
    """The first photo of each item named by (type, slug) (a page of search hits)."""
    wanted: dict[str, list[str]] = {}
    for type_, slug in keys:
        wanted.setdefault(type_, []).append(slug)
    found: dict[tuple[str, str], ShownPhoto] = {}
    for type_, model, owner in (("village", Village, Photo.village_id),
                                ("listing", Listing, Photo.listing_id)):
        if not wanted.get(type_):
            continue
        rows = db.session.execute(
            select(model.slug, Photo.key, Photo.alt, Photo.width, Photo.height)
            .join(model, model.id == owner).where(model.slug.in_(wanted[type_]))
            .order_by(Photo.position.desc(), Photo.id.desc()))
        for slug, *shown in rows:
            found[(type_, slug)] = ShownPhoto(*shown)
    return found


def add_photo(item: Village | Listing, data: bytes, alt: str) -> Photo:
    """Re-encode ``data`` (ImageRejected if it is not a real photo), store it, record it."""
    photo = stage_photo(item, data, alt)
    db.session.commit()
    return photo


def stage_photo(item: Village | Listing, data: bytes, alt: str) -> Photo:
    """``add_photo`` in the caller's transaction (the caller commits)."""
    processed = process_photo(data, current_app.config["MAX_CONTENT_LENGTH"])
    store = media_store()
    photo = Photo(key=processed.key, alt=alt.strip(), width=processed.width,
                  height=processed.height, **_owner(item))
    for width, blob in processed.variants.items():
        store.save(photo.filename(width), blob)
    owner_column, = _owner(item)
    photo.position = (db.session.scalar(select(func.max(Photo.position)).where(
        getattr(Photo, owner_column) == item.id)) or 0) + 1
    db.session.add(photo)
    db.session.flush()
    search.record_change(item)  # pages and documents showing the item must be redone
    return photo


def delete_photo(photo: Photo) -> None:
    """Remove the record; once that is committed, its files go too unless another photo shares
    their content."""
    key = photo.key
    owner = photo.village_id and db.session.get(Village, photo.village_id) or \
        db.session.get(Listing, photo.listing_id)
    try:
        search.record_change(owner)
        db.session.delete(photo)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    remove_unused_files([key])


def keys_of(item: Village | Listing) -> list[str]:
    """The content keys of the item's photos (read before a change that removes them)."""
    (column, item_id), = _owner(item).items()
    return list(db.session.scalars(select(Photo.key).where(getattr(Photo, column) == item_id)))


def remove_unused_files(keys) -> int:
    """Delete the stored files of each content key no photo row uses any more; call it after
    the commit that removed the rows (a rollback must find its files where they were). Files
    are shared by content: another item holding the same picture keeps them. Returns how many
    keys went."""
    from cdd_click.models.media import PHOTO_WIDTHS

    wanted = sorted(set(keys))
    if not wanted:
        return 0
    store = media_store()
    used = set(db.session.scalars(select(Photo.key).where(Photo.key.in_(wanted))))
    gone = [key for key in wanted if key not in used]
    if isinstance(store, DatabaseMediaStore):  # one statement: a key taken meanwhile stays
        from cdd_click.models import MediaBlob

        for key in gone:
            db.session.execute(delete(MediaBlob).where(
                MediaBlob.name.in_([f"{key}-{width}.webp" for width in PHOTO_WIDTHS]),
                ~select(Photo.id).where(Photo.key == key).exists()))
        db.session.commit()
        return len(gone)
    db.session.rollback()  # end the read: nothing here writes rows
    for key in gone:
        for width in PHOTO_WIDTHS:
            store.delete(f"{key}-{width}.webp")
    return len(gone)
