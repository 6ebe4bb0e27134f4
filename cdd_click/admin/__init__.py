"""Staff pages under /admin: sign-in, content editing, photos, history and accounts."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from cdd_click.admin import auth, users, views  # noqa: E402,F401
