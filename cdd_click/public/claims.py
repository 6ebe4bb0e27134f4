"""Owners claim their page: "เป็นเจ้าของหรือผู้ดูแล?" under each published listing and village
leads to a form; the district office verifies and decides (issue 24, point 3). The logic lives in
``cdd_click.claims``."""

from __future__ import annotations

import secrets

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _

from cdd_click import claims, reports
from cdd_click.admin import throttle
from cdd_click.i18n import select_locale
from cdd_click.public import bp
from cdd_click.public.reports import unindexed

SECTION = "<any(villages, listings):section>"
HONEYPOT = "website"
FIELDS = ("name", "role", "phone", "email", "line_id", "note")
CHOICES = ("publish_phone", "publish_email", "publish_line", "agree")


def claim_url(item) -> str | None:
    """The item's claim form (template global ``claim_url``); None for an article."""
    section = {"village": "villages", "listing": "listings"}.get(reports.item_type(item))
    return url_for("public.claim_form", section=section, slug=item.slug) if section else None


@bp.record_once
def _globals(state) -> None:
    state.app.jinja_env.globals.update(claim_url=claim_url)


def _page(template: str, status: int = 200, **context):
    return unindexed(render_template(template, **context), status)


def _form(section: str, item, values: dict, errors: dict, status: int = 200):
    return _page("public/claim.html", status, section=section, item=item, values=values,
                 errors=errors, summary=[(name, str(message)) for name, message in errors.items()],
                 honeypot=HONEYPOT, office=reports.office(item).name(select_locale()),
                 note_max=claims.NOTE_MAX)


@bp.get(f"/{SECTION}/<slug>/claim")
def claim_form(section: str, slug: str):
    """The form, with its own one-time token (a double submit is one claim)."""
    item = claims.published(section, slug)
    return _form(section, item, {"token": secrets.token_urlsafe(18)}, {})


@bp.post(f"/{SECTION}/<slug>/claim")
def claim_submit(section: str, slug: str):
    """Check, limit and store a claim, then say who will call (a redirect: reloading sends
    nothing again)."""
    item = claims.published(section, slug)
    form = request.form
    thanks = redirect(url_for("public.claim_thanks", section=section, slug=item.slug), 303)
    if form.get(HONEYPOT):
        current_app.logger.info("claim dropped: honeypot filled")
        return thanks
    token = form.get("token", "")
    if not claims.TOKEN.fullmatch(token):
        abort(400)
    values = {key: form.get(key, "").strip() for key in FIELDS}
    values.update({key: form.get(key) == "1" for key in CHOICES}, token=token)
    errors = claims.problems(values)
    if errors:
        return _form(section, item, values, errors, 422)
    if claims.by_token(token) is not None:
        return thanks
    if not throttle.allow_claim(request.remote_addr):
        current_app.logger.info("claim throttled")
        abort(429)
    claims.file(item, values, token)
    return thanks


@bp.get(f"/{SECTION}/<slug>/claim/thanks")
def claim_thanks(section: str, slug: str):
    item = claims.published(section, slug)
    return _page("public/claim_thanks.html", section=section, item=item,
                 office=reports.office(item).name(select_locale()),
                 title=_("ได้รับคำขอแล้ว"))
