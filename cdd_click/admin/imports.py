"""Importing a spreadsheet: upload, a preview of what it would do, then confirm (or fix it).

The check and the import each run as a background job (``content.import_jobs``); the upload and
the confirmation answer at once with the job's page, which refreshes itself while it runs."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import PurePath

from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from cdd_click.admin import bp
from cdd_click.admin.forms import ImportForm, SubmitForm
from cdd_click.collation import thai_key
from cdd_click.content import import_jobs
from cdd_click.content.sheet_export import write_workbook
from cdd_click.content.sheet_template import template_workbook
from cdd_click.geography import province_names
from cdd_click.permissions import can_edit_province
from cdd_click.uploads import larger_uploads, megabytes, size_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REFRESH_SECONDS = 2  # the job page reloads itself this often while the job runs


@bp.route("/import", methods=["GET", "POST"])
@larger_uploads("IMPORT_MAX_CONTENT_LENGTH")
@login_required
def import_upload():
    """Upload a sheet: it is checked in the background; nothing is written until confirmed.
    The upload stays on disk (Werkzeug spools it) and goes to the database a piece at a time."""
    form = ImportForm()
    limits = upload_limits()
    if form.validate_on_submit():
        upload = form.sheet.data
        filename = PurePath(upload.filename or "upload").name
        refusal = size_refusal(filename, size_of(upload.stream), limits)
        if refusal is None:
            job = import_jobs.create(current_user, filename, upload.stream)
            import_jobs.start(job.id)
            return redirect(url_for("admin.import_job", job_id=job.id), 303)
        form.sheet.errors = [*form.sheet.errors, refusal]
    failed = form.is_submitted() and any(field.errors for field in form)
    return render_template("admin/import.html", form=form, limits=limits,
                           provinces=exportable_provinces()), 422 if failed else 200


def exportable_provinces() -> dict[str, str]:
    """Code -> Thai name of the provinces the signed-in account may export (its own; all for
    an admin), in Thai order."""
    names = province_names()
    return {code: names[code] for code in sorted(names, key=lambda c: thai_key(names[c]))
            if can_edit_province(current_user, code)}


def upload_limits() -> dict[str, str]:
    """The import's caps in MB, as the page and the refusals state them: a .zip (a sheet and
    its photos) and a .xlsx or .csv alone."""
    config = current_app.config
    return {"zip": megabytes(config["IMPORT_MAX_CONTENT_LENGTH"]),
            "sheet": megabytes(min(config["MAX_CONTENT_LENGTH"],
                                   config["IMPORT_MAX_CONTENT_LENGTH"]))}


def size_refusal(filename: str, size: int, limits: dict[str, str]) -> str | None:
    """Why a file of ``size`` bytes is too large for the import, in Thai with its cap; or None."""
    config = current_app.config
    if filename.lower().endswith(".zip"):
        if size > config["IMPORT_MAX_CONTENT_LENGTH"]:
            return _("ไฟล์ .zip นี้ใหญ่ %(size)s MB ไฟล์ .zip ต้องไม่เกิน %(mb)s MB "
                     "กรุณาแบ่งรูปเป็นหลายไฟล์ .zip", size=megabytes(size), mb=limits["zip"])
    elif size > min(config["MAX_CONTENT_LENGTH"], config["IMPORT_MAX_CONTENT_LENGTH"]):
        return _("ไฟล์ตารางนี้ใหญ่ %(size)s MB ไฟล์ .xlsx หรือ .csv ต้องไม่เกิน %(mb)s MB "
                 "กรุณาแบ่งเป็นหลายไฟล์", size=megabytes(size), mb=limits["sheet"])
    return None


@bp.get("/import/jobs/<int:job_id>")
@login_required
def import_job(job_id: int):
    """Where a check or an import stands: progress while it runs, then the preview, the
    report or the refusals. Only its owner or an admin sees it."""
    job = import_jobs.visible(job_id, current_user) or abort(404)
    import_jobs.resume_if_stale(job)
    status = (409 if job.confirmed else 422) if job.state == "refused" else 200
    return render_template("admin/import_job.html", job=job, result=job.result or {},
                           form=SubmitForm(), upload=ImportForm(), limits=upload_limits(),
                           provinces=province_names(),
                           refresh=REFRESH_SECONDS, owner=job.user_id == current_user.id), status


@bp.post("/import/jobs/<int:job_id>/confirm")
@login_required
def import_confirm(job_id: int):
    """Import a checked upload: planned again against the database as it is then, and
    written all in one transaction, or nothing, in the background."""
    if not SubmitForm().validate_on_submit():
        abort(400)
    if not import_jobs.confirm(job_id, current_user):
        flash(_("ไม่พบไฟล์ที่รอนำเข้า (เกิน 1 วันหรือนำเข้าไปแล้ว) กรุณาอัปโหลดอีกครั้ง"), "error")
        return redirect(url_for("admin.import_upload"), 303)
    import_jobs.start(job_id)
    return redirect(url_for("admin.import_job", job_id=job_id), 303)


@bp.get("/import/template.xlsx")
@login_required
def import_template():
    """The template with Thai headers and drop-down lists."""
    response = Response(template_workbook(), mimetype=XLSX)
    response.headers["Content-Disposition"] = "attachment; filename=click-chumchon-import.xlsx"
    return response


@bp.get("/import/export.xlsx")
@login_required
def import_export():
    """A province's villages and listings (any state) as the import template, to edit in a
    spreadsheet and import back (cdd_click/content/sheet_export.py). One province at a time,
    so a download stays the size of a province; the whole country is `flask content
    export-sheet`."""
    code = request.args.get("province", "")
    if code not in province_names():
        flash(_("เลือกจังหวัดที่จะส่งออก"), "error")
        return redirect(url_for("admin.import_upload"), 303)
    if not can_edit_province(current_user, code):
        abort(403)
    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    write_workbook(out, [code])
    out.seek(0)
    name = f"click-chumchon-{code}-{dt.date.today():%Y%m%d}.xlsx"
    return send_file(out, mimetype=XLSX, as_attachment=True, download_name=name)
