"""Error pages in Thai. A visitor never sees a traceback; the log keeps it."""

from __future__ import annotations

from flask import Flask, current_app, render_template
from sqlalchemy.exc import (
    DBAPIError,
    DisconnectionError,
    InterfaceError,
    OperationalError,
    PendingRollbackError,
    SQLAlchemyError,
)
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException, InternalServerError

from cdd_click import uploads
from cdd_click.extensions import db

_TEMPLATES = {404: "errors/404.html", 503: "errors/503.html"}
RETRY_AFTER_SECONDS = 30  # an outage the site rides out (a restart, a failover) lasts about this
_INVALID_TRANSACTION = "8s2b"  # SQLAlchemy's code for "Can't reconnect until ... rolled back"


_FALLBACK = (
    '<!doctype html><html lang="th"><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
    "<title>ขออภัย ระบบขัดข้อง · Click ชุมชน</title>"
    "<h1>ขออภัย ระบบขัดข้องชั่วคราว</h1><p>โปรดลองใหม่อีกครั้งในภายหลัง</p>"
    '<p><a href="/">กลับหน้าแรก</a></p></html>'
)


def _render(code: int, headers: dict[str, str] | None = None):
    """The Thai page for ``code``; a plain Thai page when even the template cannot render."""
    headers = dict(headers or {})
    if code == 503:
        headers.setdefault("Retry-After", str(RETRY_AFTER_SECONDS))
    try:
        limit_mb = uploads.megabytes(uploads.route_cap())
        return render_template(_TEMPLATES.get(code, "errors/error.html"), code=code,
                               limit_mb=limit_mb), code, headers
    except Exception:  # the frame itself is broken (e.g. the database is down mid-render)
        current_app.logger.exception("error page %s could not be rendered", code)
        return _FALLBACK, code, headers


def is_database_outage(error: BaseException) -> bool:
    """The database went away (not a bug in a query): the visitor should simply come back."""
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    if isinstance(error, PendingRollbackError):
        return error.code == _INVALID_TRANSACTION
    return isinstance(error, OperationalError | InterfaceError | DisconnectionError | PoolTimeout)


def discard_session() -> None:
    """Roll back the failed request's work; a dead connection cannot, so it is dropped instead."""
    try:
        db.session.rollback()
    except SQLAlchemyError:
        current_app.logger.warning("rollback failed; the connection is dropped", exc_info=True)
        db.session().invalidate()


def handle_http_error(error: HTTPException):
    """4xx/5xx raised by Flask or a view: the matching Thai page, with the headers the error
    carries (``Allow`` on a 405, ``Retry-After`` on a 429 or 503)."""
    headers = {name: value for name, value in error.get_headers()
               if name.lower() != "content-type"}
    return _render(error.code or 500, headers)


def handle_database_error(error: SQLAlchemyError):
    """The database cannot be reached: a Thai 503 page; any other database error is a 500."""
    if not is_database_outage(error):
        return handle_unexpected(error)
    cause = getattr(error, "orig", None) or error  # the class only: the SQL may carry e-mails
    current_app.logger.warning("database unavailable: %s", type(cause).__name__)
    discard_session()
    return _render(503)


def handle_unexpected(error: Exception):
    """Any other error: logged with its traceback, answered with the Thai 500 page."""
    if isinstance(error, HTTPException):
        return handle_http_error(error)
    current_app.logger.exception("unhandled error")
    discard_session()
    return _render(InternalServerError.code)


def release_session(error: BaseException | None) -> None:
    """Give the connection back without raising: the answer is made and still true."""
    # A raise here would reach the WSGI server, which swaps the finished answer for a bare 500.
    try:
        db.session.remove()
    except SQLAlchemyError:
        current_app.logger.warning("the database went away as the request ended", exc_info=True)
        db.session().invalidate()
        db.session.registry.clear()


def init_app(app: Flask) -> None:
    """Register the handlers, and a teardown that runs before Flask-SQLAlchemy's own."""
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(SQLAlchemyError, handle_database_error)
    app.register_error_handler(Exception, handle_unexpected)
    app.teardown_appcontext(release_session)
