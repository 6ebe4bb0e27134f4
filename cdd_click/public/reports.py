"""Report a problem: a form under each published village, listing and article, for any visitor,
no account (issue 24). The logic lives in ``cdd_click.reports``."""

from __future__ import annotations

import secrets

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _

from cdd_click import reports
from cdd_click.admin import throttle
from cdd_click.i18n import select_locale
from cdd_click.public import bp

SECTION = "<any(villages, listings, articles):section>"
HONEYPOT = "website"  # hidden from people; a bot that fills every field fills it


SECTIONS = {"village": "villages", "listing": "listings", "article": "articles"}


def notices(item) -> list[str]:
    """The page's one-line notices of open reports (template global ``report_notices``)."""
    kinds = reports.notices(item)
    if not kinds:
        return []
    name = reports.office(item).name(select_locale())
    return [str(reports.NOTICES[kind]) % {"office": name} for kind in kinds]


def report_url(item) -> str:
    """The item's report form (template global ``report_url``)."""
    return url_for("public.report_form", section=SECTIONS[reports.item_type(item)],
                   slug=item.slug)


def item_url(item) -> str:
    return url_for(reports.PUBLIC_ENDPOINTS[reports.item_type(item)], slug=item.slug)


@bp.record_once
def _globals(state) -> None:
    state.app.jinja_env.globals.update(report_notices=notices, report_url=report_url,
                                       report_item_url=item_url)


def unindexed(body: str, status: int = 200):
    """A form or thank-you page: never in a search engine's results."""
    return body, status, {"X-Robots-Tag": "noindex"}


def _form(section: str, item, values: dict, errors: dict, status: int = 200):
    summary = [(name, str(message)) for name, message in errors.items()]
    return unindexed(render_template(
        "public/report.html", section=section, item=item, values=values, errors=errors,
        summary=summary, kinds=reports.KINDS, honeypot=HONEYPOT,
        office=reports.office(item).name(select_locale()),
        note_max=reports.NOTE_MAX, contact_max=reports.CONTACT_MAX), status)


@bp.get(f"/{SECTION}/<slug>/report")
def report_form(section: str, slug: str):
    """The form; each rendering carries its own one-time token (a double submit is one
    report). Never page-cached: the token and the CSRF token are this visitor's."""
    item = reports.published(section, slug)
    kind = request.args.get("kind", "")
    return _form(section, item, {"kind": kind if kind in reports.KINDS else "",
                                 "token": secrets.token_urlsafe(18)}, {})


@bp.post(f"/{SECTION}/<slug>/report")
def report_submit(section: str, slug: str):
    """Check, limit and store a report, then thank the visitor (a redirect, so that reloading
    the thank-you page sends nothing again)."""
    item = reports.published(section, slug)
    form = request.form
    thanks = redirect(url_for("public.report_thanks", section=section, slug=item.slug), 303)
    if form.get(HONEYPOT):
        current_app.logger.info("problem report dropped: honeypot filled")
        return thanks  # a bot learns nothing; nothing is stored
    token = form.get("token", "")
    if not reports.TOKEN.match(token):
        abort(400)
    values = {"kind": form.get("kind", ""), "note": form.get("note", "").strip(),
              "contact": form.get("contact", "").strip(), "token": token}
    errors = reports.problems(values["kind"], values["note"], values["contact"])
    if errors:
        return _form(section, item, values, errors, 422)
    if reports.by_token(token) is not None:
        return thanks  # the same form again: already stored, not counted again
    if not throttle.allow_report(request.remote_addr):
        current_app.logger.info("problem report throttled")
        abort(429)
    reports.file(item, values["kind"], values["note"], values["contact"], token)
    return thanks


@bp.get(f"/{SECTION}/<slug>/report/thanks")
def report_thanks(section: str, slug: str):
    """Who will look at the report: the item's office by name."""
    item = reports.published(section, slug)
    return unindexed(render_template(
        "public/report_thanks.html", section=section, item=item,
        office=reports.office(item).name(select_locale()), title=_("ขอบคุณที่แจ้งให้เราทราบ")))
