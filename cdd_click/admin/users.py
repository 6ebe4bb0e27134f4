"""Accounts, managed by admins: role, provinces, active, password."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user
from sqlalchemy import func, select

from cdd_click import accounts
from cdd_click.admin import bp
from cdd_click.admin.forms import UserForm
from cdd_click.extensions import db
from cdd_click.models import Province, Role, User
from cdd_click.permissions import admin_required


def _form(user: User | None = None) -> UserForm:
    form = UserForm(formdata=request.form if request.method == "POST" else None)
    provinces = db.session.scalars(select(Province).order_by(Province.code))
    form.provinces.choices = [(p.code, f"{p.code} {p.name_th}") for p in provinces]
    if user is not None and request.method == "GET":
        form.email.data, form.role.data, form.active.data = user.email, user.role, user.active
        form.provinces.data = sorted(user.province_codes)
    return form


def _saved(form: UserForm, change, *args) -> bool:
    """Run ``change``; a rule it enforces becomes a form error instead of a 500."""
    try:
        change(*args)
    except accounts.AccountError as problem:
        db.session.rollback()
        current_app.logger.info("account not saved: %s", problem)
        form.form_errors.append(_("บันทึกบัญชีไม่ได้ กรุณาตรวจสอบข้อมูลแล้วลองอีกครั้ง"))
        return False
    return True


@bp.get("/users/")
@admin_required
def users():
    """Every staff account (owners' accounts come from claims and are many: not listed here)."""
    rows = db.session.scalars(select(User).where(User.role != Role.OWNER).order_by(User.email))
    return render_template("admin/users.html", users=list(rows))


@bp.route("/users/new", methods=["GET", "POST"])
@admin_required
def user_new():
    """Create an account (a password of 12+ characters is required)."""
    form = _form()
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        if db.session.scalar(select(User.id).where(func.lower(User.email) == email)):
            form.email.errors.append(_("มีบัญชีนี้แล้ว"))
        elif not form.password.data:
            form.password.errors.append(_("กรุณาตั้งรหัสผ่าน"))
        elif _saved(form, accounts.create_user, email, form.password.data, form.role.data,
                    form.provinces.data):
            flash(_("สร้างบัญชีแล้ว"), "info")
            return redirect(url_for("admin.users"), 303)
    return render_template("admin/user_edit.html", form=form, user=None)


@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
@admin_required
def user_edit(user_id: int):
    """Change role, provinces, active state or password."""
    user = db.session.get(User, user_id)
    if user is None or user.is_owner:  # an owner is never turned into staff here
        abort(404)
    form = _form(user)
    if form.validate_on_submit() and _saved(form, accounts.update_user, user, form.role.data,
                                            form.provinces.data, form.active.data,
                                            form.password.data or None):
        if user.id == current_user.id and user.active:
            login_user(user)  # a new password ends old sessions, but not the one that set it
        flash(_("บันทึกแล้ว"), "info")
        return redirect(url_for("admin.users"), 303)
    return render_template("admin/user_edit.html", form=form, user=user)
