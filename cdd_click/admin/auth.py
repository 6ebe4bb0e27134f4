"""Signing in and out; the login is rate-limited and never says which of the two was wrong."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from cdd_click import accounts
from cdd_click.admin import bp, devices, throttle
from cdd_click.admin.forms import LoginForm, SubmitForm
from cdd_click.extensions import db, login_manager
from cdd_click.models import User
from cdd_click.models.user import password_matches


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """The signed-in account, if the session's "id:version" is still current and it is active."""
    user_id, _sep, version = session_id.partition(":")
    if not (user_id.isdigit() and version.isdigit()):
        return None  # a cookie from before session versions: sign in again
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user


def safe_next(target: str | None) -> str:
    """``target`` when it is a path on this site that can go in a header, else the admin home."""
    if target and target.isprintable() and target.isascii() and " " not in target:
        parts = urlsplit(target)
        if (not parts.scheme and not parts.netloc and target.startswith("/")
                and not target.startswith("//") and "\\" not in target):
            return target
    return url_for("admin.dashboard")


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Email and password; one generic message for any failure, the same work for any e-mail.

    The client address is limited (429); the e-mail is held past its limit for every browser
    but the account's known devices (``throttle.py`` says why), and a held attempt answers
    exactly as a wrong password does.
    """
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")))
    form = LoginForm()
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        if not throttle.allow_address(request.remote_addr):
            current_app.logger.info("login throttled")
            abort(429)
        user = accounts.find_user(email)
        matches = password_matches(user, form.password.data)  # always, so timing tells nothing
        if matches and devices.is_known(user, request):
            return _signed_in(user, "known device")
        if throttle.allow_account(email):
            if matches:
                return _signed_in(user, "new device")
            current_app.logger.info("login failed")
        else:
            current_app.logger.info("login held: e-mail over its limit, not a known device")
        flash(_("อีเมลหรือรหัสผ่านไม่ถูกต้อง หรือมีการลองเข้าบัญชีนี้บ่อยเกินไป "
                "โปรดลองใหม่ภายหลัง หรือเข้าจากเครื่องที่เคยใช้เข้าระบบ"), "error")
    return render_template("admin/login.html", form=form)


def _signed_in(user: User, device: str):
    """Open the session and remember this browser as one of the account's known devices."""
    login_user(user)
    current_app.logger.info("login user_id=%s (%s)", user.id, device)
    return devices.remember(redirect(safe_next(request.args.get("next"))), user, request)


@bp.post("/logout")
@login_required
def logout():
    """Sign out everywhere: the session version moves on, so a copied cookie stops working."""
    SubmitForm()
    user = db.session.get(User, current_user.id)
    user.end_sessions()
    db.session.commit()
    logout_user()
    flash(_("ออกจากระบบแล้ว"), "info")
    return redirect(url_for("admin.login"))
