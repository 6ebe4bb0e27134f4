"""Editing villages, listings and articles: one set of views for the three content types."""

from __future__ import annotations

import re

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup
from sqlalchemy import select

from cdd_click import completeness, pending_photos, permissions, photos, publishing, slugs, stats
from cdd_click.admin import bp, coverage, headline, lists, locating
from cdd_click.admin.content_types import CONTENT_TYPES, ContentType, editable_provinces
from cdd_click.admin.error_summary import FieldError, error_summary
from cdd_click.admin.forms import PhotoForm, SubmitForm
from cdd_click.extensions import db
from cdd_click.media import ImageRejected, process_photo
from cdd_click.models import Listing, Photo, Revision, Status, Subdistrict, Village
from cdd_click.paging import page_number
from cdd_click.permissions import require_edit
from cdd_click.text import markdown_problem, render_markdown

STATUSES = {"published": Status.PUBLISHED, "draft": Status.DRAFT, "archived": Status.ARCHIVED}


def _type(kind: str) -> ContentType:
    return CONTENT_TYPES.get(kind) or abort(404)


def _item(kind: str, item_id: int):
    return require_edit(db.session.get(_type(kind).model, item_id))


def _version(form) -> int | None:
    value = (form.version.data or "").strip()
    return int(value) if value.isdigit() else None


def _changed_meanwhile(endpoint: str, kind: str, item_id: int):
    """Someone saved first: say so and send the editor back to look."""
    flash(_("มีผู้แก้ไขรายการนี้ก่อนหน้าคุณ กรุณาตรวจสอบแล้วลองอีกครั้ง"), "error")
    return redirect(url_for(endpoint, kind=kind, item_id=item_id), 303)


@bp.get("/")
@login_required
def dashboard():
    """The headline figures of this account's provinces, and what it may edit, newest first."""
    recent = {kind: lists.recent(content.model, current_user)
              for kind, content in CONTENT_TYPES.items()}
    rows, as_of = coverage.provinces_recent(current_user)
    return render_template("admin/dashboard.html", recent=recent, types=CONTENT_TYPES,
                           headline=headline.headline(rows), headline_as_of=as_of)


@bp.get("/<kind>/")
@login_required
def item_list(kind: str):
    """The items of a type this account may edit: searchable, filtered, a page at a time."""
    content = _type(kind)
    wanted = lists.ListFilter.from_args(request.args)
    page = lists.items_page(content.model, current_user, wanted)
    provinces = editable_provinces(current_user)
    return render_template("admin/list.html", content=content, page=page, wanted=wanted,
                           provinces=provinces, form=SubmitForm(),
                           item_provinces=lists.page_provinces(content.model, page.items),
                           province_names={p.code: p.name_th for p in provinces},
                           criteria=completeness.CRITERIA)


@bp.get("/todo")
@login_required
def todo():
    """What the items of this account's provinces lack, the items that lack most first."""
    stats.flush()  # this worker's waiting visit counts first: the order reads them
    kind = request.args.get("kind", "listings")
    kind = kind if kind in lists.TODO_TYPES else "listings"
    wanted = lists.ListFilter.from_args(request.args)
    rows = lists.todo_page(lists.TODO_TYPES[kind], current_user, wanted.page, wanted.province)
    return render_template("admin/todo.html", rows=rows, kind=kind, wanted=wanted,
                           provinces=editable_provinces(current_user), types=CONTENT_TYPES,
                           lacking=completeness.lacking)


def _check_values(content: ContentType, form, values: dict, item) -> bool:
    """Checks that need the database: unique slug, known subdistrict, allowed province."""
    model = content.model
    clash = db.session.scalar(select(model.id).where(model.slug == values["slug"]))
    if clash and (item is None or clash != item.id):
        form.slug.errors.append(_("มีรายการที่ใช้ชื่อในลิงก์นี้แล้ว"))
    if model is Village and not db.session.get(Subdistrict, values["subdistrict_code"]):
        form.subdistrict.errors.append(_("ไม่พบรหัสตำบลนี้"))
    else:
        place = {"villages": "subdistrict", "listings": "village", "articles": "province"}
        for reason, message in permissions.refusals(current_user, model, item, values).items():
            field = "featured" if reason == "featured" else place[content.name]
            getattr(form, field).errors.append(message)
    locating.check_pin(form, values, item)
    return not any(f.errors for f in form)


def _save(content: ContentType, form, item, publish: bool):
    """Validate, save (one transaction + revision + index), or show what stopped it."""
    values = content.values(form)
    if not values["slug"]:  # left empty: made from the English title, else the Thai one
        model = content.model
        values["slug"] = item.slug if item is not None else slugs.unique_slug(
            slugs.suggest_slug(values["title"], values.get("title_en")),
            lambda slug: db.session.scalar(select(model.id).where(model.slug == slug)) is not None)
        form.slug.data = values["slug"]
    values = permissions.kept_for_editor(current_user, item, content.model, values)
    locating.mark_exact(values, item)
    if not _check_values(content, form, values, item):
        return None
    if publish:
        values["status"] = str(Status.PUBLISHED)
    elif item is None:
        values["status"] = str(Status.DRAFT)
    target = item if item is not None else content.model()
    try:
        publishing.save(target, values, current_user, _version(form))
    except publishing.VersionConflict as conflict:
        form.version.data = str(conflict.current_version)
        return _edit_page(content, form, item, conflict=conflict), 409
    flash(_("บันทึกแล้ว") + (" · " + _("เผยแพร่แล้ว") if publish else ""), "info")
    return redirect(url_for("admin.edit", kind=content.name, item_id=target.id), 303)


def _photos(item):
    return photos.photos_of(item) if isinstance(item, Village | Listing) else []


def _edit_page(content: ContentType, form, item, conflict=None, photo_error=None,
               pending=None, pending_token=""):
    """The edit page: the error summary first, the map picker where the item is."""
    if not hasattr(form, "pin_message") and hasattr(form, "lat"):
        if request.method == "POST":
            locating.describe_posted_pin(form)
        else:
            locating.describe_stored_pin(form, item)
    extra = [FieldError("first-photo", _("รูปภาพแรก"), photo_error)] if photo_error else []
    return render_template("admin/edit.html", content=content, form=form, item=item,
                           conflict=conflict, photo_form=PhotoForm() if item else None,
                           photos=_photos(item), photo_error=photo_error, pending=pending,
                           pending_token=pending_token,
                           map_start=(locating.map_start(form, item) if hasattr(form, "lat")
                                      else None),
                           errors=error_summary(form, extra))


@bp.route("/<kind>/new", methods=["GET", "POST"])
@login_required
def create(kind: str):
    """A new item, saved as a draft unless published at once. A photo chosen with a form that
    cannot be saved yet is kept (pending_photos) and saved with the item next time."""
    content = _type(kind)
    form = content.make_form(current_user, formdata=request.form if request.method == "POST"
                             else None)
    photo_error, pending, token = None, None, ""
    if request.method == "POST":
        first, photo_error = _first_photo(content)
        pending = None if first else pending_photos.find(request.form.get("photo_pending"),
                                                         current_user.id)
        if form.validate() and photo_error is None:
            result = _save(content, form, None, publish="publish" in request.form)
            if result is not None:
                if first is not None or pending is not None:  # the item is saved: its photo
                    item = db.session.scalar(select(content.model).where(
                        content.model.slug == form.slug.data))
                    data = first[0] if first else pending.data
                    if pending is not None:
                        pending_photos.forget(pending)  # in add_photo's transaction
                    photos.add_photo(item, data, _photo_alt())
                return result
        if first is not None:
            token = pending_photos.keep(current_user.id, first[2], first[0])
            pending = pending_photos.find(token, current_user.id)
        elif pending is not None:
            token = request.form.get("photo_pending", "")
    return _edit_page(content, form, None, photo_error=photo_error, pending=pending,
                      pending_token=token)


def _photo_alt() -> str:
    return (request.form.get("photo_alt") or "").strip()


def _first_photo(content: ContentType) -> tuple[tuple[bytes, str, str] | None, str | None]:
    """The create form's optional photo: (bytes, Thai description, file name) or None, and the
    reason it is refused (checked by Pillow before the item is saved, so a bad photo saves
    nothing). A photo kept from an earlier try needs its description too."""
    upload = request.files.get("photo")
    chosen = upload is not None and bool(upload.filename)
    kept = bool(request.form.get("photo_pending"))
    if content.model not in (Village, Listing) or not (chosen or kept):
        return None, None
    alt = _photo_alt()
    if not re.search(r"[\u0E00-\u0E7F]", alt) or len(alt) > 300:
        return None, _("กรุณาบรรยายภาพเป็นภาษาไทย (ไม่เกิน 300 ตัวอักษร) สำหรับผู้ที่มองไม่เห็นภาพ")
    if not chosen:
        return None, None
    data = upload.read(current_app.config["MAX_CONTENT_LENGTH"] + 1)
    try:
        process_photo(data, current_app.config["MAX_CONTENT_LENGTH"])
    except ImageRejected as problem:
        return None, str(problem)
    return (data, alt, upload.filename), None


@bp.route("/<kind>/<int:item_id>/edit", methods=["GET", "POST"])
@login_required
def edit(kind: str, item_id: int):
    """Edit an item; the form carries the version it was loaded from."""
    content, item = _type(kind), _item(kind, item_id)
    if request.method == "POST":
        form = content.make_form(current_user, item, formdata=request.form)
        if form.validate():
            result = _save(content, form, item, publish="publish" in request.form)
            if result is not None:
                return result
    else:
        form = content.make_form(current_user, item)
    return _edit_page(content, form, item)


@bp.post("/<kind>/<int:item_id>/status/<status>")
@login_required
def set_status(kind: str, item_id: int, status: str):
    """Publish, unpublish or archive."""
    item, form = _item(kind, item_id), SubmitForm()
    if status not in STATUSES or not form.validate():
        abort(400)
    try:
        publishing.set_status(item, STATUSES[status], current_user, _version(form))
    except publishing.VersionConflict:
        return _changed_meanwhile("admin.edit", kind, item_id)
    flash(_("เปลี่ยนสถานะแล้ว"), "info")
    return redirect(url_for("admin.edit", kind=kind, item_id=item_id), 303)


@bp.post("/<kind>/<int:item_id>/delete")
@login_required
def delete(kind: str, item_id: int):
    """Delete an item (its history is kept), once the editor has confirmed on a page that
    says what will go: the edit page's button only asks."""
    item, form = _item(kind, item_id), SubmitForm()
    if not form.validate():
        abort(400)
    if request.form.get("confirmed") != "1":
        return render_template("admin/confirm_delete.html", content=_type(kind), item=item,
                               form=SubmitForm(), version=_version(form))
    try:
        publishing.delete(item, current_user, _version(form))
    except publishing.VersionConflict:
        return _changed_meanwhile("admin.edit", kind, item_id)
    except ValueError:
        flash(_("ลบหมู่บ้านไม่ได้ เพราะยังมีสินค้าหรือที่เที่ยวอยู่"), "error")
        return redirect(url_for("admin.edit", kind=kind, item_id=item_id), 303)
    flash(_("ลบแล้ว"), "info")
    return redirect(url_for("admin.item_list", kind=kind), 303)


@bp.get("/<kind>/deleted")
@login_required
def deleted(kind: str):
    """Items of a type that were deleted, newest first, a page at a time: those this account
    may bring back have a restore button."""
    content = _type(kind)
    page = max(1, request.args.get("page", 1, type=int) or 1)
    revisions = publishing.deleted(content.model, page)
    restorable = {r.id for r in revisions if not permissions.refusals(
        current_user, content.model, None, publishing.from_snapshot(content.model,
                                                                    r.before or {}))}
    return render_template("admin/deleted.html", content=content, revisions=revisions,
                           restorable=restorable, page=page, form=SubmitForm())


@bp.post("/<kind>/deleted/<int:revision_id>/restore")
@login_required
def undelete(kind: str, revision_id: int):
    """Bring a deleted item back as it was when it was deleted."""
    content, form = _type(kind), SubmitForm()
    revision = db.session.get(Revision, revision_id)
    if not form.validate() or revision is None or \
            revision.item_type != publishing.ITEM_TYPES[content.model]:
        abort(400)
    try:
        item = publishing.undelete(revision, current_user)
    except permissions.NotPermitted:
        abort(403)
    except publishing.RestoreClash as clash:
        flash(_("กู้คืนรายการนี้ไม่ได้") + ": " + str(clash), "error")
        return redirect(url_for("admin.deleted", kind=kind), 303)
    flash(_("กู้คืนรายการที่ลบแล้ว"), "info")
    return redirect(url_for("admin.edit", kind=kind, item_id=item.id), 303)


@bp.post("/<kind>/bulk-status")
@login_required
def bulk_status(kind: str):
    """Publish, unpublish or archive the rows ticked in a list, in one transaction; a row this
    account may not edit refuses the whole batch."""
    content, form = _type(kind), SubmitForm()
    status = request.form.get("status", "")
    # each ticked row is "id:version", the version the list showed (a row without one refuses)
    picked = dict(re.fullmatch(r"([0-9]+):?([0-9]*)", v).groups()
                  for v in request.form.getlist("ids") if re.fullmatch(r"[0-9]+:?[0-9]*", v))
    versions = {int(i): int(v) if v else None for i, v in list(picked.items())[:lists.PER_PAGE]}
    if not form.validate() or status not in STATUSES:
        abort(400)
    if not versions:
        flash(_("ยังไม่ได้เลือกรายการ"), "error")
        return redirect(url_for("admin.item_list", kind=kind), 303)
    items = list(db.session.scalars(select(content.model).where(
        content.model.id.in_(versions))))
    for item in items:
        require_edit(item)
    moved = [item.title for item in items if item.version != versions[item.id]]
    if moved:
        flash(_("มีผู้แก้ไขรายการเหล่านี้หลังจากคุณเปิดหน้ารายการ จึงยังไม่เปลี่ยนสถานะรายการใดเลย "
                "กรุณาตรวจสอบแล้วเลือกใหม่: %(titles)s", titles=", ".join(moved[:10])), "error")
        return redirect(url_for("admin.item_list", kind=kind), 303)
    changed = publishing.set_status_many(items, STATUSES[status], current_user)
    flash(_("เปลี่ยนสถานะแล้ว %(n)s รายการ", n=changed), "info")
    return redirect(url_for("admin.item_list", kind=kind), 303)


@bp.app_template_global("completeness_of")
def completeness_of(item) -> dict | None:
    """An item's completeness for its edit page: score and what it lacks (villages, listings)."""
    if not isinstance(item, Village | Listing):
        return None
    return {"score": completeness.score(item), "missing": completeness.missing(item)}


@bp.app_template_filter("revision_value")
def revision_value(value) -> str:
    """A stored value as the history table shows it: yes/no in Thai, numbers, lists, "—"."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("ใช่") if value else _("ไม่ใช่")
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, list):  # a source shows as its title and address
        return ", ".join(f"{entry.get('title')} ({entry.get('url')})" if isinstance(entry, dict)
                         else str(entry) for entry in value)
    return str(value)


@bp.get("/<kind>/<int:item_id>/history")
@login_required
def history(kind: str, item_id: int):
    """Every change, 50 a page, newest first: who, when, which fields, before and after."""
    item, content = _item(kind, item_id), _type(kind)
    labels = {field.name: str(field.label.text) for field in content.form(meta={"csrf": False})}
    labels |= {"lat": _("ละติจูด"), "lon": _("ลองจิจูด"), "village_id": _("หมู่บ้าน"),
               "subdistrict_code": _("ตำบล"), "status": _("สถานะ"),
               "location_approximate": _("พิกัดโดยประมาณ (จุดกลางตำบล)"),
               "checked_on": _("ตรวจสอบล่าสุด")}
    revisions = publishing.history(item, page_number(request.args.get("page")))
    return render_template("admin/history.html", content=content, item=item, labels=labels,
                           revisions=revisions, form=SubmitForm())


@bp.post("/<kind>/<int:item_id>/restore/<int:revision_id>")
@login_required
def restore(kind: str, item_id: int, revision_id: int):
    """Bring back an earlier state as a new revision."""
    item, form = _item(kind, item_id), SubmitForm()
    revision = db.session.get(Revision, revision_id)
    if not form.validate() or revision is None or revision.item_id != item.id \
            or revision.item_type != publishing.item_type(item):
        abort(400)
    try:
        publishing.restore(item, revision, current_user, _version(form))
    except publishing.VersionConflict:
        return _changed_meanwhile("admin.history", kind, item_id)
    except permissions.NotPermitted as refused:
        for message in refused.reasons.values():
            flash(_("กู้คืนฉบับนี้ไม่ได้") + ": " + message, "error")
        return redirect(url_for("admin.history", kind=kind, item_id=item_id), 303)
    except publishing.RestoreClash as clash:
        flash(_("กู้คืนฉบับนี้ไม่ได้") + ": " + str(clash), "error")
        return redirect(url_for("admin.history", kind=kind, item_id=item_id), 303)
    flash(_("กู้คืนฉบับที่เลือกแล้ว"), "info")
    return redirect(url_for("admin.edit", kind=kind, item_id=item_id), 303)


@bp.post("/<kind>/<int:item_id>/photos")
@login_required
def add_photo(kind: str, item_id: int):
    """Upload a photo with its Thai description."""
    item = _item(kind, item_id)
    if kind == "articles":
        abort(404)
    form = PhotoForm()
    if form.validate():
        try:
            photos.add_photo(item, form.photo.data.read(current_app.config["MAX_CONTENT_LENGTH"]
                                                       + 1), form.alt.data)
        except ImageRejected as problem:
            flash(str(problem), "error")
            return redirect(url_for("admin.edit", kind=kind, item_id=item_id), 303)
        flash(_("เพิ่มรูปภาพแล้ว"), "info")
    else:
        for errors in form.errors.values():
            for message in errors:
                flash(message, "error")
    return redirect(url_for("admin.edit", kind=kind, item_id=item_id), 303)


@bp.post("/<kind>/<int:item_id>/photos/<int:photo_id>/delete")
@login_required
def delete_photo(kind: str, item_id: int, photo_id: int):
    """Remove one photo."""
    item, form = _item(kind, item_id), SubmitForm()
    photo = db.session.get(Photo, photo_id)
    if not form.validate() or photo is None or photo not in photos.photos_of(item):
        abort(400)
    photos.delete_photo(photo)
    flash(_("ลบรูปภาพแล้ว"), "info")
    return redirect(url_for("admin.edit", kind=kind, item_id=item_id), 303)


@bp.post("/preview")
@login_required
def preview():
    """Markdown rendered through the same sanitiser as the public pages; a body the form would
    refuse (over the rendering budget) answers the reason instead (200: admin.js shows it)."""
    if not SubmitForm().validate():
        abort(400)
    body = request.form.get("body", "")
    problem = markdown_problem(body)
    if problem:
        return str(Markup('<ul class="errors" role="alert"><li>%s</li></ul>') % problem)
    return str(render_markdown(body, heading_level=2))
