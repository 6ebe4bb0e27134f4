"""Owners claim their page (issue 24, point 3): filing a claim, the district office's queue,
approving (an owner account tied to the item, and a one-time sign-in link) or refusing with a
reason, and the links themselves.

A claim belongs to its item's province, like a problem report: the queue is an index read of a
province's open claims. The office verifies a claim out of band (a call to the number given, a
visit) before approving it. An owner's account can do nothing in the staff admin but its own
pages (``cdd_click.admin.owners``); ``permissions`` gives it no province.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass

from flask import abort
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from cdd_click import accounts, owner_changes, reports
from cdd_click.content.columns import CellError
from cdd_click.content.columns import email as parse_email
from cdd_click.content.columns import phone as parse_phone
from cdd_click.extensions import db
from cdd_click.i18n import Label as _l  # noqa: N813 - the keyword `make translations-extract` reads
from cdd_click.models import Claim, Listing, OwnerItem, Role, SignInLink, User, Village
from cdd_click.models.common import utcnow
from cdd_click.permissions import can_edit_province

SECTIONS = {"villages": Village, "listings": Listing}  # what can be claimed
TOKEN = re.compile(r"[A-Za-z0-9_-]{16,32}")
NAME_MAX, ROLE_MAX, LINE_MAX, NOTE_MAX, REASON_MAX = 120, 120, 60, 1000, 1000
PER_PAGE = 50
LINK_DAYS = 14  # a sign-in link works once, within this many days
OPEN, APPROVED, REFUSED = "open", "approved", "refused"
OWNER_EMAIL_DOMAIN = "owners.invalid"  # an owner who gave no e-mail signs in with this name


class Refused(Exception):
    """A decision that cannot be made (the message says why, in the page's language)."""


# --- filing ------------------------------------------------------------------------------


def published(section: str, slug: str):
    """The published village or listing a claim form is for (404 for anything else)."""
    if section not in SECTIONS:
        abort(404)
    return reports.published(section, slug)


def _contact_problems(values: dict[str, str], errors: dict[str, object]) -> None:
    try:
        values["phone"] = parse_phone(values.get("phone", "")) if values.get("phone") else ""
    except CellError:
        errors["phone"] = _l("กรุณากรอกเบอร์โทรศัพท์ไทย เช่น 081-234-5678 หรือ 053-123-456")
    if not values.get("phone") and "phone" not in errors:
        errors["phone"] = _l("กรุณากรอกเบอร์โทรศัพท์ เจ้าหน้าที่จะโทรยืนยันก่อนอนุมัติ")
    if values.get("email"):
        try:
            values["email"] = parse_email(values["email"]).lower()
        except CellError:
            errors["email"] = _l("อีเมลไม่ถูกต้อง เช่น otop@example.com")


def problems(values: dict[str, str]) -> dict[str, object]:
    """Field -> what is wrong with the claim form's values (empty: none). Phone and e-mail are
    read as the import reads them; ``values`` gets the phone in its stored form."""
    errors: dict[str, object] = {}
    for key, limit, label in (("name", NAME_MAX, _l("ชื่อ-นามสกุล")),
                              ("role", ROLE_MAX, _l("ความเกี่ยวข้องกับที่นี่"))):
        if not values.get(key):
            errors[key] = str(_l("กรุณากรอก%(field)s")) % {"field": label}
        elif len(values[key]) > limit:
            errors[key] = str(_l("ยาวเกิน %(n)s ตัวอักษร")) % {"n": limit}
    _contact_problems(values, errors)
    for key, limit in (("line_id", LINE_MAX), ("note", NOTE_MAX)):
        if len(values.get(key, "")) > limit:
            errors[key] = str(_l("ยาวเกิน %(n)s ตัวอักษร")) % {"n": limit}
    if not values.get("agree"):
        errors["agree"] = _l("กรุณายินยอมให้เจ้าหน้าที่เก็บและใช้ข้อมูลนี้เพื่อยืนยันตัวตน")
    return errors


def by_token(token: str) -> Claim | None:
    return db.session.scalar(select(Claim).where(Claim.token == token))


def file(item, values: dict[str, str], token: str) -> Claim:
    """Store a claim (one transaction; the same form twice is one claim)."""
    claim = Claim(item_type=reports.item_type(item), item_id=item.id,
                  province_code=item.province_code if isinstance(item, Village)
                  else item.village.province_code,
                  name=values["name"], role=values["role"], phone=values["phone"] or None,
                  email=values.get("email") or None, line_id=values.get("line_id") or None,
                  note=values.get("note", ""), token=token,
                  publish_phone=bool(values.get("publish_phone")),
                  publish_email=bool(values.get("publish_email") and values.get("email")),
                  publish_line=bool(values.get("publish_line") and values.get("line_id")))
    db.session.add(claim)
    try:
        db.session.commit()
    except IntegrityError:  # the same token at the same moment: one claim
        db.session.rollback()
        return by_token(token)
    return claim


# --- the office's queue ------------------------------------------------------------------


def _visible(query, user: User):
    if user.is_admin:
        return query
    return query.where(Claim.province_code.in_(sorted(user.province_codes)))


def open_count(user: User) -> int:
    if user.is_owner:
        return 0
    return db.session.scalar(_visible(select(func.count(Claim.id)).where(Claim.state == OPEN),
                                      user)) or 0


@dataclass
class QueueRow:
    claim: Claim
    item: Village | Listing | None


def queue(user: User, page: int = 1) -> tuple[list[QueueRow], int]:
    """A page of the open claims ``user`` looks after, oldest first, with their items."""
    base = _visible(select(Claim).where(Claim.state == OPEN), user)
    total = db.session.scalar(select(func.count()).select_from(base.subquery())) or 0
    claims = list(db.session.scalars(base.order_by(Claim.created_at, Claim.id)
                                     .limit(PER_PAGE).offset((page - 1) * PER_PAGE)))
    items = {}
    for type_, model in (("village", Village), ("listing", Listing)):
        ids = [c.item_id for c in claims if c.item_type == type_]
        if ids:
            items.update({(type_, row.id): row for row in db.session.scalars(
                select(model).where(model.id.in_(ids)))})
    return [QueueRow(c, items.get((c.item_type, c.item_id))) for c in claims], total


def _decidable(claim_id: int, user: User) -> Claim:
    """The open claim ``user`` may decide, its row locked (two editors deciding one claim at
    once: the second finds it decided). 404: none; 403: another province's."""
    claim = db.session.scalar(select(Claim).where(Claim.id == claim_id).with_for_update())
    if claim is None:
        abort(404)
    if not can_edit_province(user, claim.province_code):
        abort(403)
    if claim.state != OPEN:
        raise Refused(_l("คำขอนี้ได้รับการพิจารณาไปแล้ว"))
    return claim


def _owner_for(claim: Claim) -> User:
    """The owner account the claim goes to: the one its e-mail already names, else a new one
    (signing in by one-time link until its owner sets a password)."""
    if claim.email:
        found = accounts.find_user(claim.email)
        if found is not None:
            if not found.is_owner:
                raise Refused(_l("อีเมลนี้เป็นบัญชีของเจ้าหน้าที่ จึงใช้เป็นบัญชีเจ้าของไม่ได้"))
            return found
    owner = User(email=claim.email or f"owner-{claim.id}@{OWNER_EMAIL_DOMAIN}", role=Role.OWNER,
                 provinces=[])
    owner.set_password(secrets.token_urlsafe(32))  # unknown to anyone: the link signs in
    db.session.add(owner)
    db.session.flush()
    return owner


def approve(claim_id: int, user: User) -> tuple[Claim, User, str]:
    """Approve a claim in one transaction: the owner account (made or reused) holds the item,
    and a new one-time sign-in link is made. Returns (claim, owner, the link's token)."""
    try:
        claim = _decidable(claim_id, user)
        owner = _owner_for(claim)
        if db.session.get(OwnerItem, (owner.id, claim.item_type, claim.item_id)) is None:
            db.session.add(OwnerItem(user_id=owner.id, item_type=claim.item_type,
                                     item_id=claim.item_id))
        claim.state, claim.owner_id = APPROVED, owner.id
        claim.decided_by_id, claim.decided_at = user.id, utcnow()
        owner_changes.from_claim(claim, owner)  # the contacts agreed for publishing: a change
        token = _new_link(owner)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return claim, owner, token


def refuse(claim_id: int, reason: str, user: User) -> Claim:
    """Refuse a claim with a reason; its contact details are deleted (PDPA)."""
    try:
        claim = _decidable(claim_id, user)
        if not reason:
            raise Refused(_l("กรุณาระบุเหตุผลที่ไม่อนุมัติ"))
        claim.state, claim.reason = REFUSED, reason[:REASON_MAX]
        claim.phone = claim.email = claim.line_id = None
        claim.publish_phone = claim.publish_email = claim.publish_line = False
        claim.decided_by_id, claim.decided_at = user.id, utcnow()
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return claim


# --- one-time sign-in links ----------------------------------------------------------------


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_link(owner: User) -> str:
    token = secrets.token_urlsafe(32)
    db.session.add(SignInLink(user_id=owner.id, digest=_digest(token),
                              expires_at=utcnow() + dt.timedelta(days=LINK_DAYS)))
    return token


def new_link(owner_id: int, user: User) -> str:
    """Another one-time link for an owner of an item ``user`` may edit (a lost link)."""
    owner = db.session.get(User, owner_id)
    if owner is None or not owner.is_owner or not any(
            can_edit_province(user, province) for province in owner_provinces(owner)):
        abort(403)
    token = _new_link(owner)
    db.session.commit()
    return token


def link_owner(token: str) -> User | None:
    """The owner a valid, unused, unexpired link signs in (without using it)."""
    link = db.session.scalar(select(SignInLink).where(SignInLink.digest == _digest(token)))
    if link is None or link.used_at is not None:
        return None
    expires = link.expires_at if link.expires_at.tzinfo else link.expires_at.replace(
        tzinfo=dt.UTC)
    owner = db.session.get(User, link.user_id)
    if expires < utcnow() or owner is None or not owner.is_owner or not owner.is_active:
        return None
    return owner


def use_link(token: str) -> User | None:
    """Use a link once: the owner it signs in, or None (unknown, used, expired)."""
    owner = link_owner(token)
    if owner is None:
        return None
    link = db.session.scalar(select(SignInLink).where(SignInLink.digest == _digest(token)))
    link.used_at = utcnow()
    db.session.commit()
    return owner


# --- what an owner holds -------------------------------------------------------------------


def owner_items(owner: User) -> list[Village | Listing]:
    """The items an owner's account looks after, villages first, by title."""
    found: list[Village | Listing] = []
    for type_, model in (("village", Village), ("listing", Listing)):
        ids = select(OwnerItem.item_id).where(OwnerItem.user_id == owner.id,
                                              OwnerItem.item_type == type_)
        found += list(db.session.scalars(select(model).where(model.id.in_(ids))
                                         .order_by(model.title)))
    return found


def owner_provinces(owner: User) -> set[str]:
    return {item.province_code if isinstance(item, Village) else item.village.province_code
            for item in owner_items(owner)}
