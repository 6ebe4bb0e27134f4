"""The office's queue of visitors' problem reports (``/admin/reports``, issue 24): open
reports of the editor's provinces, oldest first; resolving one closes it and deletes the
reporter's contact. The rules live in ``cdd_click.reports``."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from cdd_click import reports
from cdd_click.admin import bp
from cdd_click.admin.forms import SubmitForm


def _page() -> int:
    value = request.args.get("page", "1")
    return max(1, min(int(value), 100_000)) if value.isdigit() else 1


@bp.get("/reports")
@login_required
def report_queue():
    """One page (``reports.PER_PAGE``) of the open reports this account looks after."""
    page = _page()
    rows, total = reports.queue(current_user, page)
    pages = max(1, -(-total // reports.PER_PAGE))
    return render_template("admin/reports.html", rows=rows, total=total, page=page, pages=pages,
                           kinds=reports.KINDS, states=reports.CLOSED_STATES,
                           admin_kinds=reports.ADMIN_KINDS, form=SubmitForm())


@bp.post("/reports/<int:report_id>/resolve")
@login_required
def report_resolve(report_id: int):
    """Close one report as fixed, not a problem or a duplicate, with a note (403: another
    province's report)."""
    SubmitForm()  # the CSRF token is checked app-wide; the form only reads it
    state = request.form.get("state", "")
    note = request.form.get("resolution_note", "").strip()
    try:
        reports.resolve(report_id, state, note, current_user)
    except reports.Refused as refusal:
        flash(str(refusal.args[0]), "error")
    else:
        flash(_("ปิดเรื่องแล้ว: %(state)s", state=str(reports.CLOSED_STATES[state])), "info")
    return redirect(url_for("admin.report_queue", page=_page()), 303)


@bp.app_template_global()
def open_report_count() -> int:
    """Open reports the signed-in account looks after (the admin menu's figure)."""
    return reports.open_count(current_user)


@bp.app_template_global()
def report_figures() -> list[reports.ProvinceReports]:
    """Open reports per province the signed-in account looks after, with their median age."""
    return reports.by_province(current_user)
