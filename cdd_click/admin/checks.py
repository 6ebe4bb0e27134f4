"""The edit page's "ยืนยันว่าข้อมูลยังถูกต้อง": staff confirm an item is still correct today
(cdd_click/freshness.py), from the version they looked at, with a revision."""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from cdd_click import freshness, publishing
from cdd_click.admin import bp
from cdd_click.admin.forms import SubmitForm
from cdd_click.admin.views import _changed_meanwhile, _item, _version


@bp.post("/<kind>/<int:item_id>/checked")
@login_required
def confirm_checked(kind: str, item_id: int):
    """Set the item's checked_on to today (Thailand), if it is unchanged since the page showed
    it: a confirmation covers what the editor saw, nothing saved after."""
    item, form = _item(kind, item_id), SubmitForm()  # 404 / 403 outside the editor's provinces
    if not form.validate():
        abort(400)
    try:
        freshness.confirm(item, current_user, _version(form))
    except publishing.VersionConflict:
        return _changed_meanwhile("admin.edit", kind, item_id)
    flash(_("บันทึกแล้วว่าข้อมูลยังถูกต้อง ณ วันนี้"), "info")
    return redirect(url_for("admin.edit", kind=kind, item_id=item_id), 303)
