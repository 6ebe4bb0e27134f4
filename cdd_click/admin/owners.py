"""An owner's own pages in the admin (issue 24): the one-time sign-in link, a password of their
own, and the items they look after. An owner's account reaches nothing else under /admin: the
guard below allows only these pages (and signing out), whatever other views check."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user

from cdd_click import accounts, claims
from cdd_click.admin import bp
from cdd_click.admin.forms import SubmitForm
from cdd_click.extensions import db

OWNER_ENDPOINTS = frozenset({"admin.owner_home", "admin.owner_password", "admin.owner_sign_in",
                             "admin.logout", "admin.login", "admin.static"})


@bp.before_request
def _owners_stay_on_their_pages():
    """Default deny: an owner's session reaches only ``OWNER_ENDPOINTS`` under /admin (403);
    the staff home sends them to their own. Public pages never run this."""
    if not current_user.is_authenticated:
        return None
    if not current_user.is_owner or request.endpoint in OWNER_ENDPOINTS:
        return None
    if request.endpoint == "admin.dashboard":
        return redirect(url_for("admin.owner_home"))
    abort(403)


@bp.route("/owner/sign-in/<token>", methods=["GET", "POST"])
def owner_sign_in(token: str):
    """GET asks (a link preview in a chat app must not use the link up); POST signs in once."""
    if len(token) > 64:
        abort(404)
    owner = claims.link_owner(token)
    if request.method == "GET" or owner is None:
        return render_template("admin/owner_sign_in.html", owner=owner, form=SubmitForm(),
                               token=token), 200 if owner else 410
    SubmitForm()
    owner = claims.use_link(token)
    if owner is None:
        abort(410)
    login_user(owner)
    return redirect(url_for("admin.owner_password" if not owner.email.endswith(
        claims.OWNER_EMAIL_DOMAIN) else "admin.owner_home"), 303)


@bp.route("/owner/password", methods=["GET", "POST"])
@login_required
def owner_password():
    """An owner with an e-mail sets a password, to sign in at /admin/login from then on."""
    if not current_user.is_owner:
        abort(404)
    error = None
    if request.method == "POST":
        SubmitForm()
        password = request.form.get("password", "")
        if len(password) < accounts.MIN_PASSWORD:
            error = _("รหัสผ่านต้องยาวอย่างน้อย %(n)s ตัวอักษร", n=accounts.MIN_PASSWORD)
        elif password != request.form.get("again", ""):
            error = _("รหัสผ่านสองช่องไม่ตรงกัน")
        else:
            current_user.set_password(password)
            db.session.commit()
            login_user(current_user)  # the new session version
            flash(_("ตั้งรหัสผ่านแล้ว ครั้งต่อไปเข้าระบบด้วยอีเมลและรหัสผ่านนี้"), "info")
            return redirect(url_for("admin.owner_home"), 303)
    return render_template("admin/owner_password.html", error=error, form=SubmitForm(),
                           min_length=accounts.MIN_PASSWORD), 422 if error else 200


@bp.get("/owner/")
@login_required
def owner_home():
    """The items this owner looks after."""
    if not current_user.is_owner:
        abort(404)
    return render_template("admin/owner_home.html", items=claims.owner_items(current_user),
                           domain=claims.OWNER_EMAIL_DOMAIN)
