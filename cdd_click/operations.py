"""Running in production: health checks, request ids in structured logs, HTTP caching."""

from __future__ import annotations

import hashlib
import json
import logging
import uuid
from functools import lru_cache
from pathlib import Path

from flask import Flask, Response, current_app, g, jsonify, request
from sqlalchemy import text

from cdd_click import search
from cdd_click.extensions import db

STATIC_MAX_AGE = 31_536_000  # a year: static URLs carry a content fingerprint
_CACHEABLE_PAGE_PREFIXES = ("/admin", "/api/v1/suggest")


class JsonFormatter(logging.Formatter):
    """One JSON object per line, with the request id when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {"time": self.formatTime(record), "level": record.levelname,
                 "logger": record.name, "message": record.getMessage()}
        try:
            entry["request_id"] = g.request_id
        except (AttributeError, RuntimeError):
            pass
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(app: Flask) -> None:
    """Structured logs on stderr (gunicorn collects them); never secrets or passwords."""
    if app.config.get("LOG_FORMAT", "json") != "json" or app.testing:
        return
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    for name in ("cdd_click", app.logger.name):
        logger = logging.getLogger(name)
        logger.handlers = [handler]
        logger.setLevel(logging.INFO)
        logger.propagate = False


def healthz() -> Response:
    """Alive: the process answers."""
    return jsonify(status="ok")


def readyz() -> tuple[Response, int]:
    """Ready: the database answers and this machine's search index is readable and has caught
    up (a broken index says so, and is being rebuilt in the background)."""
    checks = {}
    try:
        db.session.execute(text("SELECT 1"))
        checks["database"] = "ok"
        checks["search_index"] = search.readiness()
    except Exception as problem:  # any failure means "not ready", with the reason
        db.session.rollback()
        checks.setdefault("database", f"error: {type(problem).__name__}")
        checks.setdefault("search_index", "unknown")
    ready = all(value == "ok" for value in checks.values())
    return jsonify(status="ready" if ready else "not ready", checks=checks), 200 if ready else 503


@lru_cache(maxsize=512)
def _fingerprint(path: str, mtime: float) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


def static_fingerprint(endpoint: str, values: dict) -> None:
    """``url_for('static', ...)`` gains ``?v=<content hash>``: the URL changes with the file."""
    if endpoint != "static" or "filename" not in values or "v" in values:
        return
    path = Path(current_app.static_folder) / values["filename"]
    if path.is_file():
        values["v"] = _fingerprint(str(path), path.stat().st_mtime)


def begin_request() -> None:
    """A request id for the logs (the proxy's X-Request-ID when given)."""
    incoming = request.headers.get("X-Request-ID", "")
    g.request_id = incoming[:64] if incoming.replace("-", "").isalnum() else uuid.uuid4().hex


def finish_response(response: Response) -> Response:
    """Request id header, year-long caching of fingerprinted static files, ETags on pages.

    Each request is logged once, by gunicorn's access log (method, path, status, size, time and
    this request id: ``gunicorn.conf.py``); the app logs only what goes wrong, with the id."""
    response.headers["X-Request-ID"] = getattr(g, "request_id", "")
    if request.endpoint == "static" and request.args.get("v"):
        response.cache_control.public = True
        response.cache_control.max_age = STATIC_MAX_AGE
        response.cache_control.immutable = True
    elif (request.method == "GET" and response.status_code == 200
          and response.mimetype in ("text/html", "application/json", "application/xml")
          and not request.path.startswith(_CACHEABLE_PAGE_PREFIXES)
          and not response.direct_passthrough):
        response.add_etag()
        if response.cache_control.max_age is None:
            response.cache_control.no_cache = True  # revalidate: cheap 304s, never stale
        response = response.make_conditional(request)
    return response


def init_app(app: Flask) -> None:
    """Health routes, logging, request ids and HTTP caching."""
    configure_logging(app)
    app.add_url_rule("/healthz", "healthz", healthz)
    app.add_url_rule("/readyz", "readyz", readyz)
    app.url_defaults(static_fingerprint)
    app.before_request(begin_request)
    app.after_request(finish_response)
