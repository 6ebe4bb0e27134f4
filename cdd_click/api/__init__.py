"""JSON API, version 1 (mounted at ``/api/v1``), described by ``/api/v1/openapi.json``."""

from flask import Blueprint

API_PREFIX = "/api/v1"

bp = Blueprint("api", __name__, url_prefix=API_PREFIX)

from cdd_click.api import errors, items, views  # noqa: E402,F401
