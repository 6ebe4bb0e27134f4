"""API errors as JSON, never the site's Thai HTML pages.

A program calling ``/api/v1/`` parses JSON whatever happens: an unknown path or method, the
search index being rebuilt, a database outage, an unexpected failure. Every error body is
``{"error": "<code>", "status": <HTTP status>, "message": "<English sentence>"}``. The rest of the
site keeps its pages (``cdd_click.errors``).
"""

from __future__ import annotations

import re

from flask import Response, current_app, jsonify, request
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable

from cdd_click import search
from cdd_click.api import API_PREFIX, bp
from cdd_click.errors import RETRY_AFTER_SECONDS, discard_session, is_database_outage

SEARCH_UNAVAILABLE = "The search index is being rebuilt; try again shortly."
DATABASE_UNAVAILABLE = "The database cannot be reached; try again shortly."
UNEXPECTED = "Something went wrong on our side; it has been logged."


def error_code(error: HTTPException) -> str:
    """``Method Not Allowed`` -> ``method_not_allowed``."""
    return re.sub(r"[^a-z]+", "_", (error.name or "error").lower()).strip("_")


def error_response(status: int, code: str, message: str,
                   headers: dict[str, str] | None = None) -> Response:
    """The JSON body every API error has; never cached."""
    response = jsonify(error=code, status=status, message=message)
    response.status_code = status
    response.headers.update(headers or {})
    response.cache_control.no_store = True
    return response


def _from_http_error(error: HTTPException) -> Response:
    """A werkzeug HTTP error, with the headers it carries (``Allow`` on a 405)."""
    headers = {name: value for name, value in error.get_headers()
               if name.lower() != "content-type"}
    return error_response(error.code or 500, error_code(error), error.description or "", headers)


def _retry_later(code: str, message: str) -> Response:
    return error_response(ServiceUnavailable.code, code, message,
                          {"Retry-After": str(RETRY_AFTER_SECONDS)})


def is_api_path(path: str) -> bool:
    """True for ``/api/v1`` and everything under it."""
    return path == API_PREFIX or path.startswith(API_PREFIX + "/")


@bp.before_app_request
def api_routing_error() -> Response | None:
    """An unknown path or method under ``/api/v1/`` is found before any API view runs (so the
    blueprint's handlers below never see it): answer it in JSON here."""
    error = request.routing_exception
    if isinstance(error, HTTPException) and (error.code or 0) >= 400 \
            and is_api_path(request.path):
        return _from_http_error(error)
    return None


@bp.errorhandler(HTTPException)
def api_http_error(error: HTTPException) -> Response:
    """A 4xx/5xx raised inside an API view."""
    return _from_http_error(error)


@bp.errorhandler(search.SearchUnavailable)
def api_search_unavailable(error: search.SearchUnavailable) -> Response:
    """The index is broken or missing and being rebuilt: 503, try again shortly."""
    return _retry_later("search_unavailable", SEARCH_UNAVAILABLE)


@bp.errorhandler(SQLAlchemyError)
def api_database_error(error: SQLAlchemyError) -> Response:
    """The database cannot be reached: 503, try again shortly. Any other database error is a
    bug: 500."""
    if not is_database_outage(error):
        return api_unexpected(error)
    cause = getattr(error, "orig", None) or error  # the class only: the SQL may carry e-mails
    current_app.logger.warning("API answered 503: database unavailable (%s)",
                               type(cause).__name__)
    discard_session()
    return _retry_later("database_unavailable", DATABASE_UNAVAILABLE)


@bp.errorhandler(Exception)
def api_unexpected(error: Exception) -> Response:
    """Any other failure: logged with its traceback, answered with a JSON 500."""
    current_app.logger.exception("unhandled error in the API")
    discard_session()
    return error_response(InternalServerError.code, "internal_server_error", UNEXPECTED)
