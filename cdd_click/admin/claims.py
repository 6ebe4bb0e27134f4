"""The office's queue of owners' claims (``/admin/claims``, issue 24): open claims of the
editor's provinces, oldest first; approving one makes the owner's account and shows its one-time
sign-in link once, for the editor to pass on; refusing needs a reason. Rules: ``cdd_click.claims``.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from cdd_click import claims, reports
from cdd_click.admin import bp
from cdd_click.admin.forms import SubmitForm
from cdd_click.extensions import db
from cdd_click.models import User
from cdd_click.urls import absolute


def _page() -> int:
    value = request.args.get("page", "1")
    return max(1, min(int(value), 100_000)) if value.isdigit() else 1


@bp.get("/claims")
@login_required
def claim_queue():
    page = _page()
    rows, total = claims.queue(current_user, page)
    return render_template("admin/claims.html", rows=rows, total=total, page=page,
                           pages=max(1, -(-total // claims.PER_PAGE)), form=SubmitForm(),
                           admin_kinds=reports.ADMIN_KINDS, domain=claims.OWNER_EMAIL_DOMAIN)


def _link_page(owner, token: str, claim=None):
    """The one-time link, shown once (never flashed into a cookie, never sent by us)."""
    link = absolute(url_for("admin.owner_sign_in", token=token))
    return render_template("admin/claim_link.html", owner=owner, link=link, claim=claim,
                           days=claims.LINK_DAYS, domain=claims.OWNER_EMAIL_DOMAIN)


@bp.post("/claims/<int:claim_id>/approve")
@login_required
def claim_approve(claim_id: int):
    SubmitForm()  # the CSRF token is checked app-wide
    try:
        claim, owner, token = claims.approve(claim_id, current_user)
    except claims.Refused as refusal:
        flash(str(refusal.args[0]), "error")
        return redirect(url_for("admin.claim_queue"), 303)
    return _link_page(owner, token, claim)


@bp.post("/claims/<int:claim_id>/refuse")
@login_required
def claim_refuse(claim_id: int):
    SubmitForm()
    try:
        claims.refuse(claim_id, request.form.get("reason", "").strip(), current_user)
    except claims.Refused as refusal:
        flash(str(refusal.args[0]), "error")
    else:
        flash(_("ไม่อนุมัติคำขอแล้ว และลบช่องทางติดต่อของผู้ขอแล้ว"), "info")
    return redirect(url_for("admin.claim_queue", page=_page()), 303)


@bp.post("/owners/<int:owner_id>/link")
@login_required
def owner_new_link(owner_id: int):
    """Another one-time link for an owner whose items this account may edit."""
    SubmitForm()
    token = claims.new_link(owner_id, current_user)
    return _link_page(db.session.get(User, owner_id), token)


@bp.app_template_global()
def open_claim_count() -> int:
    return claims.open_count(current_user)
