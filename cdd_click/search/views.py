"""The search results page (``/search``)."""

from __future__ import annotations

from flask import Blueprint, current_app, make_response, render_template, request
from markupsafe import Markup

from cdd_click import catalog, search
from cdd_click.i18n import select_locale
from cdd_click.page_cache import cached_page
from cdd_click.photos import first_photos_by_slug
from cdd_click.search.params import request_from_args
from cdd_click.stats import SEARCH_TOTAL_HEADER

bp = Blueprint("search", __name__)
RETRY_AFTER = 30  # seconds: about a rebuild at 50,000 documents


@bp.get("/search")
@cached_page
def results():
    """Results with facets, sorting, snippets, "did you mean" and pagination."""
    search_request = request_from_args(request.args, current_app.config["SEARCH_PER_PAGE"])
    result = search.search(search_request)
    english = catalog.english_summaries(
        (hit.type, hit.slug) for hit in result.hits) if select_locale() == "en" else {}
    response = make_response(render_template(
        "search/results.html", request_=search_request, result=result, Markup=Markup,
        english_summaries=english,
        pictures=first_photos_by_slug((hit.type, hit.slug) for hit in result.hits),
        args={k: v for k, v in request.args.items() if k != "page"},
    ))
    response.headers[SEARCH_TOTAL_HEADER] = str(result.total)  # for the weekly query counts
    return response


@bp.app_errorhandler(search.SearchUnavailable)
def repairing(_error: search.SearchUnavailable):
    """The index is being rebuilt: a clear Thai page, 503 with Retry-After, never a 500 (the
    API answers in JSON from its own handler)."""
    response = current_app.make_response((render_template("search/repairing.html"), 503,
                                           {"Retry-After": str(RETRY_AFTER)}))
    response.cache_control.no_store = True
    return response
