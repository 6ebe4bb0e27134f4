"""Every change to content goes through here: one transaction with its revision, then the index.

Saving checks the version the editor loaded (no silent overwrite), records who changed what
(before/after), commits once, and only then updates the search index — before the caller reports
success. Maps need no step: their cache key follows the rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from cdd_click import permissions, photos, search
from cdd_click.extensions import db
from cdd_click.models import Article, Listing, Revision, Status, User, Village

Item = Village | Listing | Article
ITEM_TYPES = {Village: "village", Listing: "listing", Article: "article"}
_NOT_SNAPSHOT = {"id", "created_at", "updated_at", "version", "pin_other_province",
                 "title_sort"}  # derived


def item_type(item: Item) -> str:
    """village, listing or article."""
    return ITEM_TYPES[type(item)]


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def snapshot(item: Item) -> dict[str, Any]:
    """The item's editable state as JSON-ready values."""
    return {column.key: _plain(getattr(item, column.key)) for column in item.__table__.columns
            if column.key not in _NOT_SNAPSHOT}


def _is_date(column) -> bool:
    try:
        return column.type.python_type is dt.date
    except NotImplementedError:
        return False


def from_snapshot(model: type, values: dict[str, Any]) -> dict[str, Any]:
    """Column values from a snapshot (dates parsed back)."""
    columns = {column.key: column for column in model.__table__.columns}
    result = {}
    for key, value in values.items():
        if key in _NOT_SNAPSHOT or key not in columns:
            continue
        if value is not None and _is_date(columns[key]):
            value = dt.date.fromisoformat(value)
        result[key] = value
    return result


@dataclass
class Change:
    """One field that differs: what the editor loaded and what is stored now."""

    field: str
    loaded: Any
    current: Any


class VersionConflict(Exception):
    """Someone saved a newer version since the form was loaded."""

    def __init__(self, changes: list[Change], current_version: int):
        super().__init__("the item changed since it was loaded")
        self.changes = changes
        self.current_version = current_version


def _conflict(item: Item, loaded_version: int) -> VersionConflict:
    """What changed between the loaded version and the stored one."""
    loaded = db.session.scalar(
        db.select(Revision.after).where(Revision.item_type == item_type(item),
                                        Revision.item_id == item.id,
                                        Revision.version == loaded_version)
        .order_by(Revision.id.desc()).limit(1))
    current = snapshot(item)
    changes = [Change(key, (loaded or {}).get(key), value) for key, value in current.items()
               if loaded is None or loaded.get(key) != value]
    return VersionConflict(changes, item.version)


def record(item: Item, action: str, user: User | None, before: dict | None) -> Revision:
    """Add the revision of a change to the session (committed with the change)."""
    revision = Revision(item_type=item_type(item), item_id=item.id, version=item.version,
                        action=action, user_id=user.id if user else None, before=before,
                        after=snapshot(item))
    db.session.add(revision)
    return revision


def check_version(item: Item, loaded_version: int | None) -> None:
    """Refuse a change to a stored item unless the caller names the version it loaded and that
    is still the stored one: a form or a request without a version never writes blind."""
    if loaded_version is None or item.version != loaded_version:
        raise _conflict(item, loaded_version or 0)


def save(item: Item, values: dict[str, Any], user: User | None, loaded_version: int | None,
         action: str = "edit", also: Callable[[], Any] | None = None) -> Revision:
    """Apply ``values`` to ``item`` (new or existing) in one transaction; then update search.
    A stored item changes only from the version the caller loaded (``check_version``).
    ``also`` runs inside the transaction, after the item's flush (a photo, a queue row)."""
    is_new = item.id is None
    if not is_new:
        check_version(item, loaded_version)
    before = None if is_new else snapshot(item)
    for key, value in values.items():
        setattr(item, key, value)
    try:
        db.session.add(item)
        db.session.flush()
        revision = record(item, "create" if is_new else action, user, before)
        if also is not None:
            also()
        search.record_change(item)
        db.session.commit()
    except StaleDataError:  # another request saved between our check and our UPDATE
        db.session.rollback()
        fresh = db.session.get(type(item), item.id)
        raise _conflict(fresh, loaded_version or 0) from None
    except Exception:
        db.session.rollback()
        raise
    search.after_commit()  # this machine's index has the change before the response is sent
    return revision


def set_status(item: Item, status: Status, user: User, loaded_version: int | None) -> Revision:
    """Publish, unpublish (draft) or archive."""
    return save(item, {"status": str(status)}, user, loaded_version, action=str(status))


def set_status_many(items: list[Item], status: Status, user: User) -> int:
    """Give every item ``status`` in one transaction, each with its revision and outbox row;
    then update search once. Returns how many changed."""
    changed = 0
    try:
        for item in items:
            if item.status == str(status):
                continue
            before = snapshot(item)
            item.status = str(status)
            db.session.flush()
            record(item, str(status), user, before)
            search.record_change(item)
            changed += 1
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    search.after_commit()
    return changed


def delete(item: Item, user: User, loaded_version: int | None) -> None:
    """Delete the item from the version the editor saw (its history stays, and ``undelete``
    brings it back); remove it from search; after the commit, its photo files unless another
    photo shares them."""
    check_version(item, loaded_version)
    dependants = db.session.scalar(db.select(Listing.id).where(Listing.village_id == item.id)
                                   .limit(1)) if isinstance(item, Village) else None
    if dependants is not None:
        raise ValueError("village has listings")
    keys = [] if isinstance(item, Article) else photos.keys_of(item)
    revision = Revision(item_type=item_type(item), item_id=item.id, version=item.version,
                        action="delete", user_id=user.id, before=snapshot(item), after=None)
    try:
        db.session.add(revision)
        search.record_change(item)
        db.session.delete(item)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    search.after_commit()
    photos.remove_unused_files(keys)


def deleted(model: type, page: int = 1, per_page: int = 50) -> list[Revision]:
    """Delete revisions of ``model`` whose item is still gone, newest first, a page at a time."""
    return list(db.session.scalars(
        db.select(Revision).where(Revision.item_type == ITEM_TYPES[model],
                                  Revision.action == "delete",
                                  ~db.select(model.id).where(model.id == Revision.item_id).exists())
        .order_by(Revision.id.desc()).limit(per_page).offset((page - 1) * per_page)))


def undelete(revision: Revision, user: User) -> Item:
    """Bring a deleted item back, with its id, as it was when deleted (photos do not come back:
    their files went with it). Under the rules of a save: the account may create it, its unique
    values are still free, and a listing's village still exists."""
    model = {name: model for model, name in ITEM_TYPES.items()}.get(revision.item_type)
    if model is None or revision.action != "delete" or revision.before is None \
            or db.session.get(model, revision.item_id) is not None:
        raise RestoreClash("รายการนี้ไม่ได้ถูกลบ หรือกู้คืนไปแล้ว")
    values = from_snapshot(model, revision.before)
    if model is Listing and db.session.get(Village, values.get("village_id")) is None:
        raise RestoreClash("หมู่บ้านของรายการนี้ถูกลบไปแล้ว กู้คืนหมู่บ้านก่อน")
    reasons = permissions.refusals(user, model, None, values)
    if reasons:
        raise permissions.NotPermitted(reasons)
    item = model(id=revision.item_id, **values)
    _check_unique(item, values, new=True)
    try:
        db.session.add(item)
        db.session.flush()
        record(item, "undelete", user, None)
        search.record_change(item)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise RestoreClash("ข้อมูลของรายการนี้ซ้ำกับรายการอื่นที่มีอยู่แล้ว") from None
    except Exception:
        db.session.rollback()
        raise
    search.after_commit()
    return item


def restore(item: Item, revision: Revision, user: User, loaded_version: int | None) -> Revision:
    """Bring back an earlier revision's state as a new revision, under the rules of a save."""
    state = revision.after if revision.after is not None else revision.before
    values = from_snapshot(type(item), state)
    permissions.check_change(user, item, values)
    _check_unique(item, values)
    try:
        return save(item, values, user, loaded_version, action="restore")
    except IntegrityError:  # taken between the check and the write
        raise RestoreClash("ข้อมูลของฉบับนี้ซ้ำกับรายการอื่นที่มีอยู่แล้ว") from None


class RestoreClash(Exception):
    """An earlier state cannot come back: a value it holds (its link name) is now another
    item's. The message is Thai, for the editor."""


def _check_unique(item: Item, values: dict[str, Any], new: bool = False) -> None:
    """Refuse a restore whose unique values (slug, reference id) now belong to another item."""
    model = type(item)
    labels = {"slug": "ชื่อในลิงก์", "external_id": "รหัสอ้างอิง"}
    for key, label in labels.items():
        value = values.get(key)
        if value is None or not hasattr(model, key) or (not new and value == getattr(item, key)):
            continue
        other = db.session.scalar(db.select(model.id).where(getattr(model, key) == value,
                                                            model.id != item.id))
        if other is not None:
            raise RestoreClash(f"{label} “{value}” เป็นของรายการอื่นแล้ว "
                               "แก้ชื่อในลิงก์ของรายการนั้นหรือของฉบับนี้ก่อน")


HISTORY_PER_PAGE = 50


def history(item: Item, page: int = 1, per_page: int = HISTORY_PER_PAGE):
    """One page (``paging.Page``) of the item's revisions, newest first."""
    from cdd_click.paging import page_of

    return page_of(db.select(Revision).where(Revision.item_type == item_type(item),
                                             Revision.item_id == item.id)
                   .order_by(Revision.id.desc()), page, per_page, keep_count=False)
