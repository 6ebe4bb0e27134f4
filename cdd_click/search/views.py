"""The search results page (``/search``)."""

from __future__ import annotations

from flask import Blueprint, current_app, make_response, render_template, request
from markupsafe import Markup

from cdd_click import catalog, search
from cdd_click.i18n import Label as _l  # noqa: N813 - the keyword translations-extract reads
from cdd_click.i18n import select_locale
from cdd_click.page_cache import cached_page
from cdd_click.photos import first_photos_by_slug
from cdd_click.search.params import request_from_args
from cdd_click.search.understanding import gazetteer, part_label
from cdd_click.stats import SEARCH_TOTAL_HEADER
from cdd_click.templating import area_name
from cdd_click.vocabulary import CATEGORY_LABELS, KIND_LABELS, REGION_LABELS, TYPE_LABELS

bp = Blueprint("search", __name__)
CORRECTION_REASONS = {
    "digits": _l("เลขไทยอ่านเป็นเลขอารบิก"),
    "keyboard": _l("พิมพ์ขณะแป้นพิมพ์เป็นอีกภาษา"),
    "romanised": _l("อ่านคำที่เขียนด้วยอักษรโรมัน"),
    "tone_marks": _l("เติมวรรณยุกต์ที่ขาด"),
    "spelling": _l("ไม่พบคำที่พิมพ์ จึงแก้คำสะกด"),
    "place": _l("ชื่อสถานที่ที่สะกดใกล้เคียง"),
}


def next_step_what(params: dict[str, str]) -> str:
    """What a next step shows: its kind, category or type, in the page's language."""
    for name, labels in (("kind", KIND_LABELS), ("category", CATEGORY_LABELS),
                         ("type", TYPE_LABELS)):
        if params.get(name) in labels:
            return str(labels[params[name]])
    return str(_l("ทุกประเภท"))


def next_step_place(params: dict[str, str]) -> str:
    """Where a next step looks: its region, province or district, in the page's language."""
    gaz = gazetteer()
    for name in ("district", "subdistrict", "province"):
        place = gaz.place(name, params.get(name, ""))
        if place:
            return area_name(place)
    return str(REGION_LABELS.get(params.get("region", ""), ""))
RETRY_AFTER = 30  # seconds: about a rebuild at 50,000 documents


@bp.get("/search")
@cached_page(reads=("q", "type", "kind", "category", "region", "province", "district", "stars",
                    "sort", "lat", "lon", "page", "literal"),
             defaults={"page": "1", "sort": "relevance"})
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
        args={k: v for k, v in request.args.items() if k not in ("page", "literal")},
        part_label=part_label, CORRECTION_REASONS=CORRECTION_REASONS,
        next_step_what=next_step_what, next_step_place=next_step_place,
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
