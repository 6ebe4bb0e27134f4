"""Staff pages under /admin: sign-in, content editing, photos, history and accounts."""

import re

from flask import Blueprint, Response, request

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.after_app_request  # app-wide, so router redirects and 404s under /admin are covered too
def no_store(response: Response) -> Response:
    """Staff pages hold accounts, drafts and CSRF tokens: no browser or proxy keeps a copy."""
    path = re.sub("/{2,}", "/", request.path)  # a second spelling (//admin) is a 404, unstored too
    if request.blueprint == bp.name or path == bp.url_prefix \
            or path.startswith(bp.url_prefix + "/"):
        response.headers["Cache-Control"] = "no-store"
    return response


from cdd_click.admin import (  # noqa: E402,F401
    auth,
    changes,
    checks,
    claims,
    dashboard,
    imports,
    locating,
    owners,
    pickers,
    reports,
    users,
    views,
)
