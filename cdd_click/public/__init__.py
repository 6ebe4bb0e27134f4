"""Public pages: home, provinces, villages, listings and articles."""

from flask import Blueprint

bp = Blueprint("public", __name__)

from cdd_click.public import claims, reports, site, views  # noqa: E402,F401
