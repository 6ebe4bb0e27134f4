"""Signing in and out; the login is rate-limited and never says which of the two was wrong."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import func, select

from cdd_click.admin import bp
from cdd_click.admin.forms import LoginForm, SubmitForm
from cdd_click.extensions import db, limiter, login_manager
from cdd_click.models import User


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """The signed-in account (disabled accounts are refused by Flask-Login)."""
    return db.session.get(User, int(user_id)) if user_id.isdigit() else None


def safe_next(target: str | None) -> str:
    """``target`` when it is a path on this site, else the admin home (no open redirect)."""
    if target:
        parts = urlsplit(target)
        if (not parts.scheme and not parts.netloc and target.startswith("/")
                and not target.startswith("//") and "\\" not in target):
            return target
    return url_for("admin.dashboard")


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    """Email and password; one generic message for any failure."""
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")))
    form = LoginForm()
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        user = db.session.scalar(select(User).where(func.lower(User.email) == email))
        if user and user.active and user.check_password(form.password.data):
            login_user(user)
            current_app.logger.info("login user_id=%s", user.id)
            return redirect(safe_next(request.args.get("next")))
        current_app.logger.info("login failed")
        flash(_("อีเมลหรือรหัสผ่านไม่ถูกต้อง"), "error")
    return render_template("admin/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    """Sign out (POST with a CSRF token, so a link elsewhere cannot sign anyone out)."""
    SubmitForm()
    logout_user()
    flash(_("ออกจากระบบแล้ว"), "info")
    return redirect(url_for("admin.login"))
