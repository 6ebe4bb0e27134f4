"""The office's queue of owners' changes (``/admin/changes``, issue 24 point 4): waiting changes
of the editor's provinces, oldest first, each field old → new side by side; approve, refuse with a
reason the owner sees, revert a published one, trust an owner. Rules: ``cdd_click.owner_changes``.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from cdd_click import owner_changes, owner_facts, pins, reports
from cdd_click.admin import bp, locating
from cdd_click.admin.claims import _page
from cdd_click.admin.forms import SubmitForm
from cdd_click.i18n import Label as _l  # noqa: N813 - the keyword `make translations-extract` reads
from cdd_click.models import Village
from cdd_click.publishing import VersionConflict

STATE_LABELS = {owner_changes.PENDING: _l("รอสำนักงานพิจารณา"),
                owner_changes.APPROVED: _l("อนุมัติแล้ว ขึ้นหน้าเว็บแล้ว"),
                owner_changes.REFUSED: _l("ไม่อนุมัติ"),
                owner_changes.PUBLISHED: _l("ขึ้นหน้าเว็บแล้ว"),
                owner_changes.REVERTED: _l("สำนักงานย้อนกลับเป็นข้อมูลเดิม"),
                owner_changes.WITHDRAWN: _l("ยกเลิกแล้ว (ถอนความยินยอม)")}
TABS = {owner_changes.PENDING: _l("รอพิจารณา"),
        owner_changes.PUBLISHED: _l("เผยแพร่ทันที (เจ้าของที่เชื่อถือได้)"),
        owner_changes.APPROVED: _l("อนุมัติแล้ว"), owner_changes.REFUSED: _l("ไม่อนุมัติ"),
        owner_changes.REVERTED: _l("ย้อนกลับแล้ว")}


@bp.get("/changes")
@login_required
def change_queue():
    state = request.args.get("state", owner_changes.PENDING)
    if state not in TABS:
        state = owner_changes.PENDING
    page = _page()
    rows, total = owner_changes.queue(current_user, state, page)
    return render_template("admin/changes.html", rows=rows, total=total, page=page, state=state,
                           tabs=TABS, pages=max(1, -(-total // owner_changes.PER_PAGE)),
                           form=SubmitForm(), labels=owner_facts.LABELS,
                           admin_kinds=reports.ADMIN_KINDS, states=owner_changes)


def _back():
    return redirect(url_for("admin.change_queue", state=request.args.get("state"),
                            page=_page() if _page() > 1 else None), 303)


def _decide(action, done: str):
    SubmitForm()  # the CSRF token is checked app-wide
    try:
        action()
    except owner_changes.Refused as refusal:
        flash(str(refusal.args[0]), "error")
    except VersionConflict:
        flash(_("รายการนี้เพิ่งถูกแก้ไขพร้อมกัน ลองอีกครั้ง"), "error")
    else:
        flash(done, "info")
    return _back()


@bp.post("/changes/<int:change_id>/approve")
@login_required
def change_approve(change_id: int):
    return _decide(lambda: owner_changes.approve(change_id, current_user),
                   _("อนุมัติแล้ว ข้อมูลขึ้นบนหน้าเว็บแล้ว"))


@bp.post("/changes/<int:change_id>/refuse")
@login_required
def change_refuse(change_id: int):
    return _decide(lambda: owner_changes.refuse(change_id, _reason(), current_user),
                   _("ไม่อนุมัติแล้ว เจ้าของจะเห็นเหตุผล"))


@bp.post("/changes/<int:change_id>/revert")
@login_required
def change_revert(change_id: int):
    return _decide(lambda: owner_changes.revert(change_id, _reason(), current_user),
                   _("ย้อนกลับแล้ว หน้าเว็บแสดงข้อมูลเดิม"))


def _reason() -> str:
    return request.form.get("reason", "")


@bp.post("/owners/<int:owner_id>/trust")
@login_required
def owner_trust(owner_id: int):
    SubmitForm()
    trusted = request.form.get("trusted") == "1"
    count = owner_changes.set_trusted(owner_id, trusted, current_user)
    flash(_("เจ้าของรายนี้แก้ไข %(n)s รายการได้ทันทีโดยไม่ต้องรออนุมัติ", n=count) if trusted
          else _("การแก้ไขของเจ้าของรายนี้ต้องรออนุมัติอีกครั้ง (%(n)s รายการ)", n=count), "info")
    return _back()


@bp.get("/changes/<int:change_id>/photo")
@login_required
def change_photo(change_id: int):
    """The photo a waiting change holds, for the editor and the owner only."""
    change = owner_changes.visible_change(change_id, current_user)
    if not change.photo_data:
        abort(404)
    from io import BytesIO

    response = send_file(BytesIO(change.photo_data), mimetype="image/webp")
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.app_template_global()
def pending_change_count() -> int:
    return owner_changes.pending_count(current_user)


@bp.app_template_global()
def owner_field_label(field: str) -> str:
    return str(owner_facts.LABELS.get(field, field))


@bp.app_template_global()
def owner_value(field: str, value) -> str:
    return owner_facts.shown(field, value)


@bp.app_template_global()
def owner_change_state(state: str) -> str:
    return str(STATE_LABELS.get(state, state))


@bp.app_template_filter("owner_label")
def owner_label(field: str) -> str:
    return owner_field_label(field)


@bp.app_template_global()
def owner_pin_note(row) -> str:
    """Why a new pin needs a look (far from its tambon, or in another province), or ""."""
    lat, lon = row.change.values.get("lat"), row.change.values.get("lon")
    if lat is None or lon is None or row.item is None:
        return ""
    village = row.item if isinstance(row.item, Village) else row.item.village
    check = pins.check(lat, lon, village.subdistrict_code)
    return locating.pin_question(check, village.subdistrict_code) if check.doubtful else ""
