"""Owners update their items; the district office approves (issue 24, point 4).

An owner asks for a change to an item they hold (``propose``): only what an owner knows
(``owner_facts.FIELDS``), only the fields that differ, each beside the value it replaces, and an
optional photo. It waits in the district's queue (``queue``) until an editor of that province
approves it (the values are written through ``publishing.save``: the item's version, a revision,
one transaction, the search index; the item counts as checked today) or refuses it with a reason
the owner sees. An editor may trust an owner (``set_trusted``): that owner's changes then publish
at once, recorded as the owner's revision, and any editor of the province can revert one.
Withdrawing consent (``withdraw_consent``) removes the owner's published personal contacts at once,
and from their changes still waiting.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import abort, current_app
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from cdd_click import freshness, owner_facts, photos, publishing
from cdd_click.extensions import db
from cdd_click.i18n import Label as _l  # noqa: N813 - the keyword `make translations-extract` reads
from cdd_click.media import ImageRejected, process_photo
from cdd_click.models import Claim, Listing, OwnerChange, OwnerItem, Photo, User, Village
from cdd_click.models.common import utcnow
from cdd_click.models.media import PHOTO_WIDTHS
from cdd_click.permissions import can_edit_province

MODELS = {"village": Village, "listing": Listing}
PENDING, APPROVED, REFUSED = "pending", "approved", "refused"
PUBLISHED, REVERTED, WITHDRAWN = "published", "reverted", "withdrawn"
STATES = (PENDING, APPROVED, REFUSED, PUBLISHED, REVERTED, WITHDRAWN)
PER_PAGE = 50
REASON_MAX = 1000


class Refused(Exception):
    """A change that cannot be made (the message says why, in the page's language)."""


def province_of(item: Village | Listing) -> str:
    return item.province_code if isinstance(item, Village) else item.village.province_code


# --- what an owner holds -------------------------------------------------------------------


def holding(owner: User, item_type: str, item_id: int) -> OwnerItem | None:
    return db.session.get(OwnerItem, (owner.id, item_type, item_id))


def owned_item(owner: User, item_type: str, item_id: int) -> Village | Listing:
    """The item ``owner`` holds (404 for anything else: another's item, an unknown one)."""
    if item_type not in MODELS or holding(owner, item_type, item_id) is None:
        abort(404)
    item = db.session.get(MODELS[item_type], item_id)
    if item is None:
        abort(404)
    return item


def is_trusted(owner: User, item: Village | Listing) -> bool:
    held = holding(owner, item.__class__.__name__.lower(), item.id)
    return bool(held and held.trusted)


# --- asking for a change -------------------------------------------------------------------


def differences(item: Village | Listing, values: dict[str, Any]) -> tuple[dict, dict]:
    """(new, old) for the owner's fields of ``values`` that differ from the stored item."""
    allowed = owner_facts.FIELDS[item.__class__.__name__.lower()]
    new, old = {}, {}
    for field in allowed:
        if field in values and not _same(field, values[field], getattr(item, field)):
            value = values[field]
            new[field] = _text(value) if isinstance(value, str) else value
            old[field] = getattr(item, field)
    if ("lat" in new or "lon" in new) and getattr(item, "location_approximate", False):
        # a village at its tambon's centre, moved by its owner: its own place from now on
        new["location_approximate"], old["location_approximate"] = False, True
    return new, old


def _same(field: str, new: Any, old: Any) -> bool:
    if field in owner_facts.PIN and new is not None and old is not None:
        return round(float(new), 6) == round(float(old), 6)  # the form shows six places
    if isinstance(new, str) and isinstance(old, str):  # a browser sends CRLF line ends
        return _text(new) == _text(old)
    return new == old


def _text(value: str) -> str:
    return value.replace("\r\n", "\n").strip()


def _photo_webp(data: bytes) -> bytes:
    """The photo as the site would publish it (its widest WebP): refused like any upload."""
    try:
        return process_photo(data, current_app.config["MAX_CONTENT_LENGTH"]).variants[
            PHOTO_WIDTHS[-1]]
    except ImageRejected as problem:
        raise Refused(str(problem)) from None


def by_token(token: str) -> OwnerChange | None:
    return db.session.scalar(select(OwnerChange).where(OwnerChange.token == token))


def propose(owner: User, item: Village | Listing, values: dict[str, Any], token: str,
            photo: bytes | None = None, photo_alt: str = "",
            consent: bool = False) -> OwnerChange:
    """Record what ``owner`` asks to change on ``item`` (one transaction; the same form twice
    is one change). A trusted owner's change publishes at once."""
    found = by_token(token)
    if found is not None:
        return found
    new, old = differences(item, values)
    if not new and not photo:
        raise Refused(_l("ไม่มีข้อมูลที่เปลี่ยนจากเดิม"))
    if any(new.get(field) for field in owner_facts.PERSONAL) and not consent:
        raise Refused(_l("กรุณายินยอมให้เผยแพร่ช่องทางติดต่อที่กรอกบนเว็บไซต์ หรือเว้นช่องนั้นว่าง"))
    if photo and not photo_alt.strip():
        raise Refused(_l("กรุณาบรรยายภาพสำหรับผู้ที่มองไม่เห็นภาพ"))
    change = OwnerChange(owner_id=owner.id, item_type=item.__class__.__name__.lower(),
                         item_id=item.id, province_code=province_of(item), values=new,
                         before=old, token=token, photo_alt=photo_alt.strip()[:300],
                         photo_data=_photo_webp(photo) if photo else None,
                         consent_at=utcnow() if consent and any(
                             new.get(f) for f in owner_facts.PERSONAL) else None)
    db.session.add(change)
    try:
        db.session.flush()
    except IntegrityError:  # the same form at the same moment: one change
        db.session.rollback()
        return by_token(token)
    if is_trusted(owner, item):
        _publish(change, item, owner, checked=False, state=PUBLISHED)
    else:
        db.session.commit()
    return change


def from_claim(claim: Claim, owner: User) -> OwnerChange | None:
    """The contacts a claimant agreed to publish, as a waiting change of the owner the claim
    approval made (the caller commits): the office still sees old beside new before they show."""
    if claim.item_type != "listing":
        return None  # a village holds no contacts of its own
    item = db.session.get(Listing, claim.item_id)
    wanted = {field: value for field, value, agreed in (
        ("phone", claim.phone, claim.publish_phone), ("email", claim.email, claim.publish_email),
        ("line_id", claim.line_id, claim.publish_line)) if agreed and value}
    new, old = differences(item, wanted) if item is not None else ({}, {})
    if not new:
        return None
    change = OwnerChange(owner_id=owner.id, item_type="listing", item_id=item.id,
                         province_code=claim.province_code, values=new, before=old,
                         consent_at=claim.consent_at, token=f"claim-{claim.id}")
    db.session.add(change)
    return change


def _publish(change: OwnerChange, item: Village | Listing, user: User, checked: bool,
             state: str) -> None:
    """Write the change's values (and photo) to the item in one transaction with its revision
    and the change's new state. Approval by the office counts as a check of the item."""
    values = dict(change.values)
    today = freshness.today()
    values["owner_supplied"] = owner_facts.marked(item, change.values, today, checked)
    if checked:
        values["checked_on"] = today
        if change.values.get("lat") is not None:  # the queue showed the editor any doubt
            values["location_confirmed"] = True

    def with_photo() -> None:
        if change.photo_data:
            photo = photos.stage_photo(item, change.photo_data, change.photo_alt)
            change.photo_id, change.photo_data = photo.id, None
        change.state = state
        if state != PUBLISHED:
            change.decided_by_id, change.decided_at = user.id, utcnow()

    publishing.save(item, values, user, item.version,
                    action="owner" if state == PUBLISHED else "owner-approved", also=with_photo)


# --- the office's queue --------------------------------------------------------------------


def _visible(query, user: User):
    if user.is_admin:
        return query
    return query.where(OwnerChange.province_code.in_(sorted(user.province_codes)))


def pending_count(user: User) -> int:
    if user.is_owner:
        return 0
    return db.session.scalar(_visible(select(func.count(OwnerChange.id))
                                      .where(OwnerChange.state == PENDING), user)) or 0


@dataclass
class Row:
    change: OwnerChange
    item: Village | Listing | None
    trusted: bool = False  # the owner's changes to this item publish at once

    @property
    def fields(self) -> list[tuple[str, Any, Any]]:
        """(field, old, new) for each field the change sets."""
        return [(field, self.change.before.get(field), value)
                for field, value in self.change.values.items()]


def _with_items(changes: list[OwnerChange]) -> list[Row]:
    items = {}
    for type_, model in MODELS.items():
        ids = [c.item_id for c in changes if c.item_type == type_]
        if ids:
            items.update({(type_, row.id): row for row in db.session.scalars(
                select(model).where(model.id.in_(ids)))})
    owners = {c.owner_id for c in changes if c.owner_id}
    trusted = {(h.user_id, h.item_type, h.item_id) for h in db.session.scalars(
        select(OwnerItem).where(OwnerItem.user_id.in_(owners), OwnerItem.trusted))} \
        if owners else set()
    return [Row(c, items.get((c.item_type, c.item_id)),
                (c.owner_id, c.item_type, c.item_id) in trusted) for c in changes]


def queue(user: User, state: str = PENDING, page: int = 1) -> tuple[list[Row], int]:
    """A page of changes in ``state`` for ``user``'s provinces: waiting ones oldest first,
    decided ones newest first."""
    base = _visible(select(OwnerChange).where(OwnerChange.state == state), user)
    total = db.session.scalar(select(func.count()).select_from(base.subquery())) or 0
    order = (OwnerChange.created_at, OwnerChange.id) if state == PENDING else (
        OwnerChange.created_at.desc(), OwnerChange.id.desc())
    changes = list(db.session.scalars(base.order_by(*order).limit(PER_PAGE)
                                      .offset((page - 1) * PER_PAGE)))
    return _with_items(changes), total


def of_owner(owner: User, page: int = 1) -> list[Row]:
    """The owner's own changes, newest first (with the office's reasons)."""
    changes = list(db.session.scalars(
        select(OwnerChange).where(OwnerChange.owner_id == owner.id)
        .order_by(OwnerChange.created_at.desc(), OwnerChange.id.desc())
        .limit(PER_PAGE).offset((page - 1) * PER_PAGE)))
    return _with_items(changes)


def visible_change(change_id: int, user: User, lock: bool = False) -> OwnerChange:
    """A change ``user`` may see: an editor's province, or the owner's own (404 / 403)."""
    query = select(OwnerChange).where(OwnerChange.id == change_id)
    change = db.session.scalar(query.with_for_update() if lock else query)
    if change is None:
        abort(404)
    if user.is_owner:
        if change.owner_id != user.id:
            abort(404)
    elif not can_edit_province(user, change.province_code):
        abort(403)
    return change


def _item(change: OwnerChange) -> Village | Listing:
    item = db.session.get(MODELS[change.item_type], change.item_id)
    if item is None:
        raise Refused(_l("รายการนี้ถูกลบไปแล้ว"))
    return item


def _moved_since(item, expected: dict[str, Any]) -> list[str]:
    """Fields whose stored value is no longer ``expected`` (someone changed them since)."""
    return [str(owner_facts.LABELS.get(field, field)) for field, value in expected.items()
            if getattr(item, field) != value]


def _decidable(change_id: int, user: User, states: tuple[str, ...]) -> OwnerChange:
    if user.is_owner:
        abort(403)
    change = visible_change(change_id, user, lock=True)
    if change.state not in states:
        raise Refused(_l("การแก้ไขนี้ได้รับการพิจารณาไปแล้ว"))
    return change


def _done(action) -> Any:
    try:
        return action()
    except Exception:
        db.session.rollback()
        raise


def approve(change_id: int, user: User) -> OwnerChange:
    """Publish a waiting change, unless a field it sets changed since the owner asked."""
    def action():
        change = _decidable(change_id, user, (PENDING,))
        item = _item(change)
        moved = _moved_since(item, change.before)
        if moved:
            raise Refused(str(_l("ข้อมูลเปลี่ยนไปแล้วหลังเจ้าของส่งคำขอ: %(fields)s "
                                 "ตรวจดูหน้ารายการ แล้วปฏิเสธพร้อมเหตุผลหรือขอให้ส่งใหม่"))
                          % {"fields": ", ".join(moved)})
        _publish(change, item, user, checked=True, state=APPROVED)
        return change
    return _done(action)


def refuse(change_id: int, reason: str, user: User) -> OwnerChange:
    """Refuse a waiting change with a reason the owner sees; its photo is dropped."""
    def action():
        change = _decidable(change_id, user, (PENDING,))
        if not reason.strip():
            raise Refused(_l("กรุณาระบุเหตุผลที่ไม่อนุมัติ เจ้าของจะเห็นเหตุผลนี้"))
        change.state, change.reason = REFUSED, reason.strip()[:REASON_MAX]
        change.photo_data = None
        change.decided_by_id, change.decided_at = user.id, utcnow()
        db.session.commit()
        return change
    return _done(action)


def revert(change_id: int, reason: str, user: User) -> OwnerChange:
    """Put back what a published change replaced (and remove its photo), unless a field it
    set changed since."""
    def action():
        change = _decidable(change_id, user, (PUBLISHED, APPROVED))
        item = _item(change)
        moved = _moved_since(item, change.values)
        if moved:
            raise Refused(str(_l("ข้อมูลเปลี่ยนไปแล้วหลังการแก้ไขนี้: %(fields)s "
                                 "แก้ไขที่หน้ารายการแทน")) % {"fields": ", ".join(moved)})
        values = dict(change.before)
        marks = {f: m for f, m in (item.owner_supplied or {}).items() if f not in change.values}
        values["owner_supplied"] = marks
        photo = db.session.get(Photo, change.photo_id) if change.photo_id else None
        key = photo.key if photo else None

        def also() -> None:
            if photo is not None:
                db.session.delete(photo)
            change.state, change.reason = REVERTED, reason.strip()[:REASON_MAX]
            change.decided_by_id, change.decided_at = user.id, utcnow()

        publishing.save(item, values, user, item.version, action="owner-reverted", also=also)
        if key:
            photos.remove_unused_files([key])
        return change
    return _done(action)


def set_trusted(owner_id: int, trusted: bool, user: User) -> int:
    """Trust (or stop trusting) an owner for their items in ``user``'s provinces; how many
    items that covers."""
    owner = db.session.get(User, owner_id)
    if owner is None or not owner.is_owner or user.is_owner:
        abort(404)
    count = 0
    for held in db.session.scalars(select(OwnerItem).where(OwnerItem.user_id == owner.id)):
        item = db.session.get(MODELS.get(held.item_type, Village), held.item_id)
        if item is not None and can_edit_province(user, province_of(item)):
            held.trusted, count = trusted, count + 1
    if not count:
        abort(403)
    db.session.commit()
    return count


# --- consent ------------------------------------------------------------------------------


def withdraw_consent(owner: User, item: Village | Listing) -> list[str]:
    """The owner withdraws consent to publish their personal contacts on ``item``: the ones
    they supplied leave the page now, and their waiting changes lose them. One transaction;
    returns the fields removed from the page."""
    marks = owner_facts.current_fields(item)
    gone = [field for field in owner_facts.PERSONAL if field in marks]
    type_ = item.__class__.__name__.lower()

    def also() -> None:
        waiting = db.session.scalars(select(OwnerChange).where(
            OwnerChange.owner_id == owner.id, OwnerChange.item_type == type_,
            OwnerChange.item_id == item.id, OwnerChange.state == PENDING))
        for change in waiting:
            kept = {f: v for f, v in change.values.items() if f not in owner_facts.PERSONAL}
            if kept != change.values:
                change.values = kept
                change.before = {f: v for f, v in change.before.items() if f in kept}
                change.consent_at = None
                if not kept and change.photo_data is None:
                    change.state = WITHDRAWN
        db.session.execute(update(Claim).where(
            Claim.owner_id == owner.id, Claim.item_type == type_, Claim.item_id == item.id)
            .values(publish_phone=False, publish_email=False, publish_line=False))

    values = {field: None for field in gone}
    values["owner_supplied"] = {f: m for f, m in (item.owner_supplied or {}).items()
                                if f not in gone}
    publishing.save(item, values, owner, item.version, action="consent-withdrawn", also=also)
    return gone
