"""Importing a spreadsheet: upload, a preview of what it would do, then confirm (or fix it)."""

from __future__ import annotations

from pathlib import PurePath

from flask import Response, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from cdd_click import search
from cdd_click.admin import bp
from cdd_click.admin.forms import ImportForm, SubmitForm
from cdd_click.content import importer, sheets, uploads
from cdd_click.content.sheet_template import template_workbook
from cdd_click.extensions import db
from cdd_click.geography import province_names

PREVIEW_ROWS = 200  # rows listed in a preview; the counts cover them all
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _preview(plan: importer.ImportPlan, token: str | None, status: int = 200):
    shown = [row for row in plan.rows if row.action != "unchanged"][:PREVIEW_ROWS]
    return render_template("admin/import_preview.html", plan=plan, token=token, rows=shown,
                           provinces=province_names(), form=SubmitForm(),
                           upload=ImportForm()), status


@bp.route("/import", methods=["GET", "POST"])
@login_required
def import_upload():
    """Upload a sheet: nothing is written; the preview lists what would happen and why not."""
    form = ImportForm()
    if form.validate_on_submit():
        upload = form.sheet.data
        filename = PurePath(upload.filename or "upload").name
        data = upload.read(current_app.config["MAX_CONTENT_LENGTH"] + 1)
        try:
            plan = importer.plan_import(sheets.read_workbook(filename, data), current_user)
        except sheets.SheetError as problem:
            form.sheet.errors.append(str(problem))
        else:
            wanted = plan.ok and (plan.count("create") or plan.count("update"))
            token = uploads.keep(current_user, filename, data) if wanted else None
            return _preview(plan, token, 200 if plan.ok else 422)
    return render_template("admin/import.html", form=form), 422 if form.errors else 200


@bp.post("/import/<token>")
@login_required
def import_confirm(token: str):
    """Write a previewed upload: planned again against the database as it is now, then all of
    it in one transaction, or nothing."""
    if not SubmitForm().validate_on_submit():
        abort(400)
    pending = uploads.find(token, current_user)
    if pending is None:
        flash(_("ไม่พบไฟล์ที่รอนำเข้า (เกิน 1 วันหรือนำเข้าไปแล้ว) กรุณาอัปโหลดอีกครั้ง"), "error")
        return redirect(url_for("admin.import_upload"), 303)
    plan = importer.plan_import(sheets.read_workbook(pending.filename, pending.data),
                                current_user)
    if not plan.ok:  # the database changed since the preview
        return _preview(plan, None, 409)
    db.session.delete(pending)  # in the import's own transaction
    report = importer.apply_import(plan, current_user)
    search.after_commit()
    flash(_("นำเข้าแล้ว: เพิ่ม %(created)s รายการ แก้ไข %(updated)s รายการ ไม่เปลี่ยน "
            "%(unchanged)s รายการ", created=report.created, updated=report.updated,
            unchanged=report.unchanged), "info")
    kinds = {row.type for row in plan.rows}
    return redirect(url_for("admin.item_list",
                            kind="listings" if kinds == {"listing"} else "villages"), 303)


@bp.get("/import/template.xlsx")
@login_required
def import_template():
    """The template with Thai headers and drop-down lists."""
    response = Response(template_workbook(), mimetype=XLSX)
    response.headers["Content-Disposition"] = "attachment; filename=click-chumchon-import.xlsx"
    return response
