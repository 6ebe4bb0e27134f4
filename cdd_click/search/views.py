"""The search results page (``/search``)."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request
from markupsafe import Markup

from cdd_click import search
from cdd_click.page_cache import cached_page
from cdd_click.search.params import request_from_args

bp = Blueprint("search", __name__)


@bp.get("/search")
@cached_page
def results():
    """Results with facets, sorting, snippets, "did you mean" and pagination."""
    search_request = request_from_args(request.args, current_app.config["SEARCH_PER_PAGE"])
    result = search.search(search_request)
    return render_template(
        "search/results.html", request_=search_request, result=result, Markup=Markup,
        args={k: v for k, v in request.args.items() if k != "page"},
    )
