"""Visitors' problem reports (issue 24): filing one, the office's queue, resolving, the one-line
notice on the item's page and the dashboard's figures.

A report is about one published village, listing or article. It belongs to the item's province
(stored with it and moved with the item, so the queue and the dashboard are index reads); a
national article's reports are the department's (admins). While a report of a kind the page
mentions (``NOTICE_KINDS``) is open, the item's page says so in one line. Pages are cached
under the content version (``page_cache``): filing the first such report of a kind on an item,
or closing the last one, adds a search outbox row for the item in the same transaction, which
moves that version on, as a publish does. Other reports change no public page and leave the
cache alone.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from flask import abort
from sqlalchemy import event, false, func, inspect, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from cdd_click import catalog, search
from cdd_click.extensions import db
from cdd_click.i18n import Label as _l  # noqa: N813 - the keyword `make translations-extract` reads
from cdd_click.models import (
    Article,
    Listing,
    ProblemReport,
    Province,
    Subdistrict,
    User,
    Village,
)
from cdd_click.models.common import utcnow
from cdd_click.offices import BANGKOK, Office, responsible_offices
from cdd_click.permissions import can_edit_province, item_province

KINDS = {
    "closed": _l("ปิดกิจการถาวรแล้ว"),
    "contact": _l("เบอร์โทรหรือ LINE ไม่ถูกต้อง"),
    "location": _l("ตำแหน่งไม่ถูกต้อง"),
    "price_hours": _l("ราคาหรือเวลาทำการไม่ถูกต้อง"),
    "other": _l("อื่น ๆ"),
}
NOTICE_KINDS = ("closed", "contact")  # open reports of these kinds are told on the page
NOTICES = {
    "closed": _l("มีผู้แจ้งว่าที่นี่ปิดกิจการถาวรแล้ว: %(office)s กำลังตรวจสอบ"),
    "contact": _l("มีผู้แจ้งว่าเบอร์โทรหรือ LINE ไม่ถูกต้อง: %(office)s กำลังตรวจสอบ"),
}
OPEN = "open"
CLOSED_STATES = {
    "fixed": _l("แก้ไขแล้ว"),
    "not_a_problem": _l("ไม่ใช่ปัญหา"),
    "duplicate": _l("ซ้ำกับรายการอื่น"),
}
NOTE_MAX = 1000
CONTACT_MAX = 200
RESOLUTION_MAX = 1000
PER_PAGE = 50
TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}\Z")

# the public URL's section -> (model, stored item type, the catalogue's published lookup)
SECTIONS = {
    "villages": (Village, "village", catalog.village),
    "listings": (Listing, "listing", catalog.listing),
    "articles": (Article, "article", catalog.article),
}
MODELS = {item_type: model for model, item_type, _find in SECTIONS.values()}
PUBLIC_ENDPOINTS = {"village": "public.village", "listing": "public.listing",
                    "article": "public.article"}
ADMIN_KINDS = {"village": "villages", "listing": "listings", "article": "articles"}
DEPARTMENT = Office("กรมการพัฒนาชุมชน", "Community Development Department")

Item = Village | Listing | Article


def published(section: str, slug: str) -> Item:
    """The published item a report form is for; 404 for anything else (a draft, no such)."""
    if section not in SECTIONS:
        abort(404)
    return SECTIONS[section][2](slug) or abort(404)


def item_type(item: Item) -> str:
    return type(item).__name__.lower()


def office(item: Item) -> Office:
    """Who looks at a report: the district office of the item's place; an article, its
    province's office (none in Bangkok) or, without a province, the department."""
    if isinstance(item, Listing):
        item = item.village
    if isinstance(item, Village):
        return responsible_offices(item.subdistrict)[0] if item.subdistrict else DEPARTMENT
    province = db.session.get(Province, item.province_code) if item.province_code else None
    if province is None or province.code == BANGKOK:
        return DEPARTMENT
    return Office(f"สำนักงานพัฒนาชุมชนจังหวัด{province.name_th}",
                  f"{province.name_en} Provincial Community Development Office")


# --- filing ------------------------------------------------------------------------------


def problems(kind: str, note: str, contact: str) -> dict[str, _l]:
    """Field name -> what is wrong with it (shown in the page's language)."""
    found = {}
    if kind not in KINDS:
        found["kind"] = _l("กรุณาเลือกว่าข้อมูลใดไม่ถูกต้อง")
    if len(note) > NOTE_MAX:
        found["note"] = _l("รายละเอียดยาวเกิน 1,000 ตัวอักษร")
    elif kind == "other" and not note:
        found["note"] = _l("กรุณาบอกรายละเอียดว่าข้อมูลใดไม่ถูกต้อง")
    if len(contact) > CONTACT_MAX:
        found["contact"] = _l("ช่องทางติดต่อยาวเกิน 200 ตัวอักษร")
    return found


def by_token(token: str) -> ProblemReport | None:
    return db.session.scalar(select(ProblemReport).where(ProblemReport.token == token))


def _open_of_kind(kind_type: str, item_id: int, kind: str, but: int | None = None) -> bool:
    """True when the item has an open report of ``kind`` (other than report ``but``)."""
    query = select(ProblemReport.id).where(
        ProblemReport.item_type == kind_type, ProblemReport.item_id == item_id,
        ProblemReport.state == OPEN, ProblemReport.kind == kind)
    if but is not None:
        query = query.where(ProblemReport.id != but)
    return db.session.scalar(query.limit(1)) is not None


def _lock_item(model: type, item_id: int) -> None:
    """Take the item's row lock (PostgreSQL; SQLite writers are serial anyway): a filing and a
    resolution of the same item's notices then see each other's commits, and the first report
    or the last resolution of a kind always moves the content version on."""
    db.session.execute(select(model.id).where(model.id == item_id).with_for_update())


def file(item: Item, kind: str, note: str, contact: str, token: str) -> ProblemReport:
    """Store a report in one transaction; the same form sent twice (its token) is one report."""
    existing = by_token(token)
    if existing is not None:
        return existing
    kind_type = item_type(item)
    report = ProblemReport(item_type=kind_type, item_id=item.id,
                           province_code=item_province(item), kind=kind, note=note,
                           contact=contact or None, token=token, state=OPEN)
    try:
        bumped = False
        if kind in NOTICE_KINDS:
            _lock_item(type(item), item.id)
            bumped = not _open_of_kind(kind_type, item.id, kind)
        if bumped:
            search.record_change(item)  # the page gains a notice: cached pages are stale
        db.session.add(report)
        db.session.commit()
    except IntegrityError:  # the same token committed meanwhile by the other submit
        db.session.rollback()
        return by_token(token) or abort(400)
    except Exception:
        db.session.rollback()
        raise
    if bumped:
        search.after_commit()
    return report


def notices(item: Item) -> list[str]:
    """The kinds of ``NOTICE_KINDS`` the item has open reports of: from the page's own
    statement when it asked (``catalog._report_notices``), else one indexed query."""
    if item.id is None:
        return []
    bits = getattr(item, "report_notices", None)
    if bits is not None:
        return [kind for i, kind in enumerate(NOTICE_KINDS) if bits & (1 << i)]
    found = set(db.session.scalars(select(ProblemReport.kind).distinct().where(
        ProblemReport.item_type == item_type(item), ProblemReport.item_id == item.id,
        ProblemReport.state == OPEN, ProblemReport.kind.in_(NOTICE_KINDS))))
    return [kind for kind in NOTICE_KINDS if kind in found]


def _moved(item, key: str) -> bool:
    state = inspect(item)
    return not state.pending and state.attrs[key].history.has_changes()


@event.listens_for(Session, "before_flush")
def _follow_moved_items(session: Session, _context, _instances) -> None:
    """An item moved to another province takes its open reports with it (any writer: form,
    import, restore), so the queue and the province check read the item's province."""
    moves = []  # (item type, ids query or id, new province)
    for item in list(session.dirty):
        if isinstance(item, Village) and _moved(item, "subdistrict_code"):
            province = session.get(Subdistrict, item.subdistrict_code)
            code = province.province_code if province else None
            moves.append(("village", [item.id], code))
            moves.append(("listing", select(Listing.id).where(Listing.village_id == item.id),
                          code))
        elif isinstance(item, Listing) and _moved(item, "village_id"):
            code = session.execute(select(Subdistrict.province_code).join(
                Village, Village.subdistrict_code == Subdistrict.code).where(
                Village.id == item.village_id)).scalar()
            moves.append(("listing", [item.id], code))
        elif isinstance(item, Article) and _moved(item, "province_code"):
            moves.append(("article", [item.id], item.province_code))
    for kind_type, ids, code in moves:
        session.execute(update(ProblemReport).where(
            ProblemReport.item_type == kind_type, ProblemReport.item_id.in_(ids),
            ProblemReport.state == OPEN).values(province_code=code)
            .execution_options(synchronize_session=False))


# --- the queue ---------------------------------------------------------------------------


def _visible(query, user: User):
    """``query`` over reports narrowed to the provinces ``user`` looks after, in SQL (the rule
    of ``permissions.editable``: admins everything, editors their provinces)."""
    if not user.is_authenticated or not user.is_active:
        return query.where(false())
    if user.is_admin:
        return query
    return query.where(ProblemReport.province_code.in_(sorted(user.province_codes)))


def open_count(user: User) -> int:
    return db.session.scalar(_visible(select(func.count()).select_from(ProblemReport)
                                      .where(ProblemReport.state == OPEN), user)) or 0


@dataclass
class QueueRow:
    report: ProblemReport
    item: Item | None


def queue(user: User, page: int = 1) -> tuple[list[QueueRow], int]:
    """One page of open reports ``user`` looks after, oldest first, each with its item; and
    how many there are in all."""
    query = _visible(select(ProblemReport).where(ProblemReport.state == OPEN), user)
    reports = list(db.session.scalars(query.order_by(ProblemReport.created_at, ProblemReport.id)
                                      .limit(PER_PAGE).offset((page - 1) * PER_PAGE)))
    items: dict[tuple[str, int], Item] = {}
    for kind_type, model in MODELS.items():
        ids = {r.item_id for r in reports if r.item_type == kind_type}
        if ids:
            for found in db.session.scalars(select(model).where(model.id.in_(ids))):
                items[(kind_type, found.id)] = found
    rows = [QueueRow(r, items.get((r.item_type, r.item_id))) for r in reports]
    return rows, open_count(user)


class Refused(Exception):
    """A resolution that cannot be made; its one argument (a label) says why."""


def resolve(report_id: int, state: str, note: str, user: User) -> ProblemReport:
    """Close a report as ``state`` with ``note`` in one transaction; the reporter's contact is
    deleted (PDPA). 404: no such report; 403: another province's."""
    if state not in CLOSED_STATES:
        raise Refused(_l("กรุณาเลือกผลการตรวจสอบ"))
    if len(note) > RESOLUTION_MAX:
        raise Refused(_l("บันทึกผลยาวเกิน 1,000 ตัวอักษร"))
    try:
        report = db.session.scalar(select(ProblemReport).where(ProblemReport.id == report_id)
                                   .with_for_update())
        if report is None:
            abort(404)
        if not can_edit_province(user, report.province_code):
            abort(403)
        if report.state != OPEN:
            raise Refused(_l("รายการนี้ปิดไปแล้ว"))
        report.state, report.resolution_note = state, note or None
        report.resolved_by_id, report.resolved_at = user.id, utcnow()
        report.contact = None
        if report.kind in NOTICE_KINDS:
            _lock_item(MODELS[report.item_type], report.item_id)
        item = db.session.get(MODELS[report.item_type], report.item_id)
        bumped = (report.kind in NOTICE_KINDS and item is not None
                  and not _open_of_kind(report.item_type, report.item_id, report.kind,
                                        but=report.id))
        if bumped:
            search.record_change(item)  # the page loses its notice
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    if bumped:
        search.after_commit()
    return report


# --- the dashboard -----------------------------------------------------------------------


@dataclass
class ProvinceReports:
    code: str | None
    name: str
    open: int
    median_days: float


def _days(created: dt.datetime, now: dt.datetime) -> float:
    if created.tzinfo is None:  # SQLite gives the stored UTC time back without its zone
        created = created.replace(tzinfo=dt.UTC)
    return max(0.0, (now - created).total_seconds() / 86400)


def by_province(user: User, now: dt.datetime | None = None) -> list[ProvinceReports]:
    """Open reports per province ``user`` looks after, most first, with their median age in
    days. One query: each province's middle report(s) by age, picked with window functions
    over the open reports (bounded by how many are open, never by the size of the site)."""
    now = now or utcnow()
    numbered = _visible(select(
        ProblemReport.province_code.label("code"), ProblemReport.created_at.label("created"),
        func.row_number().over(partition_by=ProblemReport.province_code,
                               order_by=(ProblemReport.created_at, ProblemReport.id))
        .label("n"),
        func.count().over(partition_by=ProblemReport.province_code).label("total"),
    ).where(ProblemReport.state == OPEN), user).subquery()
    middle = select(numbered.c.code, numbered.c.created, numbered.c.total).where(
        (numbered.c.n == (numbered.c.total + 1) // 2)
        | (numbered.c.n == numbered.c.total // 2 + 1))
    ages: dict[str | None, list[float]] = {}
    totals: dict[str | None, int] = {}
    for code, created, total in db.session.execute(middle):
        ages.setdefault(code, []).append(_days(created, now))
        totals[code] = total
    names = dict(db.session.execute(select(Province.code, Province.name_th)
                                    .where(Province.code.in_([c for c in totals if c]))).all())
    rows = [ProvinceReports(code, names.get(code, "") if code else DEPARTMENT.name_th,
                            totals[code], round(sum(ages[code]) / len(ages[code]), 1))
            for code in totals]
    return sorted(rows, key=lambda row: (-row.open, row.name))
