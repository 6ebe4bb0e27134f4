"""Error pages in Thai. A visitor never sees a traceback; the log keeps it."""

from __future__ import annotations

from flask import Flask, current_app, render_template
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError

from cdd_click.extensions import db

_TEMPLATES = {404: "errors/404.html", 503: "errors/503.html"}


_FALLBACK = (
    '<!doctype html><html lang="th"><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
    "<title>ขออภัย ระบบขัดข้อง · Click ชุมชน</title>"
    "<h1>ขออภัย ระบบขัดข้องชั่วคราว</h1><p>โปรดลองใหม่อีกครั้งในภายหลัง</p>"
    '<p><a href="/">กลับหน้าแรก</a></p></html>'
)


def _render(code: int):
    """The Thai page for ``code``; a plain Thai page when even the template cannot render."""
    try:
        return render_template(_TEMPLATES.get(code, "errors/error.html"), code=code), code
    except Exception:  # the frame itself is broken (e.g. the database is down mid-render)
        current_app.logger.exception("error page %s could not be rendered", code)
        return _FALLBACK, code


def handle_http_error(error: HTTPException):
    """4xx/5xx raised by Flask or a view: the matching Thai page."""
    return _render(error.code or 500)


def handle_database_down(error: OperationalError):
    """The database cannot be reached: a Thai 503 page."""
    db.session.rollback()
    return _render(503)


def handle_unexpected(error: Exception):
    """Any other error: logged with its traceback, answered with the Thai 500 page."""
    if isinstance(error, HTTPException):
        return handle_http_error(error)
    current_app.logger.exception("unhandled error")
    db.session.rollback()
    return _render(InternalServerError.code)


def init_app(app: Flask) -> None:
    """Register the handlers."""
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(OperationalError, handle_database_down)
    app.register_error_handler(Exception, handle_unexpected)
