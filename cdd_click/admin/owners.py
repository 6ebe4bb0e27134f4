"""An owner's own pages in the admin (issue 24): the one-time sign-in link, a password of their
own, and the items they look after. An owner's account reaches nothing else under /admin: the
guard below allows only these pages (and signing out), whatever other views check."""

from __future__ import annotations

import secrets

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user

from cdd_click import accounts, claims, owner_changes, owner_facts, reports
from cdd_click.admin import bp, locating, owner_forms
from cdd_click.admin.forms import SubmitForm
from cdd_click.extensions import db
from cdd_click.publishing import VersionConflict

OWNER_ENDPOINTS = frozenset({"admin.owner_home", "admin.owner_password", "admin.owner_sign_in",
                             "admin.owner_edit", "admin.owner_withdraw", "admin.change_photo",
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
    items = claims.owner_items(current_user)
    return render_template("admin/owner_home.html", items=items, domain=claims.OWNER_EMAIL_DOMAIN,
                           changes=owner_changes.of_owner(current_user), form=SubmitForm(),
                           personal={_key(item): [f for f in owner_facts.PERSONAL if f in
                                                  owner_facts.current_fields(item)]
                                     for item in items},
                           trusted={_key(item): owner_changes.is_trusted(current_user, item)
                                    for item in items})


def _key(item) -> str:
    return f"{type(item).__name__.lower()}-{item.id}"


def _owner_only() -> None:
    if not current_user.is_owner:
        abort(404)


@bp.route("/owner/<item_type>/<int:item_id>/edit", methods=["GET", "POST"])
@login_required
def owner_edit(item_type: str, item_id: int):
    """An owner asks to change what they know about their item; the office approves (or, for
    a trusted owner, it is published at once)."""
    _owner_only()
    item = owner_changes.owned_item(current_user, item_type, item_id)
    form = owner_forms.make(item_type, item, request.form if request.method == "POST" else None)
    error = None
    if request.method == "POST" and form.validate():
        upload = request.files.get("photo")
        data = upload.read() if upload and upload.filename else None
        try:
            change = owner_changes.propose(
                current_user, item, owner_forms.values(form, item_type),
                form.token.data or secrets.token_urlsafe(16), photo=data,
                photo_alt=form.photo_alt.data or "", consent=bool(form.consent.data))
        except owner_changes.Refused as refusal:
            error = str(refusal.args[0])
        except VersionConflict:
            error = _("รายการนี้เพิ่งถูกแก้ไข ลองส่งอีกครั้ง")
        else:
            flash(_("เผยแพร่แล้ว สำนักงานยังตรวจย้อนหลังได้") if change.state ==
                  owner_changes.PUBLISHED else
                  _("ส่งให้สำนักงานพัฒนาชุมชนอำเภอพิจารณาแล้ว ผลจะแสดงที่หน้านี้"), "info")
            return redirect(url_for("admin.owner_home"), 303)
    if request.method == "GET" or not form.token.data:
        form.token.data = secrets.token_urlsafe(16)
    status = 422 if request.method == "POST" else 200
    return render_template("admin/owner_edit.html", form=form, item=item, item_type=item_type,
                           error=error, trusted=owner_changes.is_trusted(current_user, item),
                           office=reports.office(item),
                           map_start=locating.item_start(item)), status


@bp.post("/owner/<item_type>/<int:item_id>/withdraw")
@login_required
def owner_withdraw(item_type: str, item_id: int):
    """Withdraw consent: the owner's phone, LINE and e-mail leave the page at once."""
    _owner_only()
    SubmitForm()
    item = owner_changes.owned_item(current_user, item_type, item_id)
    gone = owner_changes.withdraw_consent(current_user, item)
    flash(_("ถอนความยินยอมแล้ว ลบ %(fields)s ออกจากหน้าเว็บแล้ว", fields=", ".join(
        str(owner_facts.LABELS[f]) for f in gone)) if gone else
        _("ถอนความยินยอมแล้ว ไม่มีช่องทางติดต่อของคุณแสดงอยู่บนหน้าเว็บ"), "info")
    return redirect(url_for("admin.owner_home"), 303)
