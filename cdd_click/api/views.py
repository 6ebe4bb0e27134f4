"""JSON endpoints: search, autocomplete and the description of both."""

from __future__ import annotations

from flask import current_app, jsonify, request, url_for

from cdd_click import search
from cdd_click.api import bp
from cdd_click.i18n import Label as _l  # noqa: N813 - the keyword translations-extract reads
from cdd_click.i18n import select_locale
from cdd_click.search import place_names
from cdd_click.search.params import request_from_args
from cdd_click.search.query import SearchResult
from cdd_click.search.understanding import Place, gazetteer, part_label
from cdd_click.stats import SEARCH_TOTAL_HEADER

MAX_SUGGESTIONS = 10
MAX_PLACES = 6
SUGGEST_PREFIX_CHARS = 60
OPENAPI_MAX_AGE = 3600
UNDERSTOOD_FILTERS = ("type", "kind", "category", "region", "province", "district", "subdistrict")


def item_url(type_: str, slug: str) -> str:
    """The public page of a village, listing or article."""
    return url_for(f"public.{type_}", slug=slug)


def result_json(result: SearchResult) -> dict:
    """The documented JSON shape of a search result."""
    return {
        "query": result.query,
        "total": result.total,
        "page": result.page,
        "pages": result.pages,
        "results": [
            {
                "type": hit.type, "slug": hit.slug, "title": hit.title,
                "title_en": hit.title_en, "url": item_url(hit.type, hit.slug),
                "snippet": hit.snippet, "kind": hit.kind, "province": hit.province,
                "province_name": hit.province_name, "distance_km": hit.distance_km,
            }
            for hit in result.hits
        ],
        "facets": result.facets,
        "suggestion": result.suggestion,
        "understood": understood_json(result),
        "next_steps": [{"reason": step.reason, "params": step.params, "count": step.count,
                        "url": url_for("search.results", **step.params)}
                       for step in result.next_steps],
    }


def understood_json(result: SearchResult) -> dict:
    """What the query was read as: its parts (each a filter or the point of a distance sort),
    the words left to search, rewrites, and whether results hold every word."""
    read = result.understanding
    parts = read.parts if read else []
    near = next((p for p in parts if p.role == "near"), None)
    filters = {p.param: p.value for p in parts if p.role != "near"}
    return {
        **{name: filters.get(name) for name in UNDERSTOOD_FILTERS},
        "words": read.words_text if read else result.query,
        "filters": filters,
        "parts": [{"role": p.role, "param": p.param, "value": p.value, "text": p.text,
                   "name": (str(part_label(p)) if p.param == "region" else p.place.name_th)
                   if p.place else str(part_label(p)),
                   "name_en": p.place.name_en if p.place else ""} for p in parts],
        "near": None if near is None or result.origin is None else {
            "text": near.text, "lat": round(result.origin[0], 5),
            "lon": round(result.origin[1], 5)},
        "corrections": [{"reason": c.reason, "typed": c.typed, "used": c.used,
                         "applied": c.applied, "guess": c.guess, "label": c.label}
                        for c in (read.corrections if read else [])],
        "all_words": result.all_words,
        "dropped": result.dropped,
        "question": read.question if read else None,
    }


@bp.get("/search")
def search_json():
    """``GET /api/v1/search?q=…``: the same search as the page, as JSON."""
    search_request = request_from_args(request.args, current_app.config["SEARCH_PER_PAGE"])
    result = search.search(search_request)
    response = jsonify(result_json(result))
    response.headers[SEARCH_TOTAL_HEADER] = str(result.total)  # for the weekly query counts
    return response


@bp.get("/suggest")
def suggest_json():
    """``GET /api/v1/suggest?q=แม่ก``: titles and words for autocomplete."""
    prefix = search.clean_query(request.args.get("q"))[:SUGGEST_PREFIX_CHARS]
    found = search.complete(prefix, MAX_SUGGESTIONS, MAX_PLACES)
    titles = [dict(t, url=item_url(t["type"], t["slug"])) for t in found["titles"]]
    response = jsonify({"query": prefix, "places": [place_json(p) for p in found["places"]],
                        "titles": titles, "terms": found["terms"]})
    response.cache_control.public = True
    response.cache_control.max_age = 60
    return response


PLACE_KINDS = {"province": (_l("จังหวัด"), _l("จังหวัด%(name)s")),
               "district": (_l("อำเภอ"), _l("อำเภอ%(name)s")),
               "khet": (_l("เขต"), _l("เขต%(name)s"))}  # Bangkok's districts


def place_json(place: Place) -> dict:
    """A suggested province (its page) or district (the search narrowed to it), named in the
    page's language: จังหวัดน่าน, อำเภอเมืองน่าน, เขตพระนคร; Nan Province."""
    english = select_locale() == "en"
    province = gazetteer().place("province", place.province) or place
    if place.level == "province":
        url = url_for("public.province", code=place.code)
    else:
        url = url_for("search.results", district=place.code)
    khet = place.level == "district" and place.province == place_names.BANGKOK
    kind, written = PLACE_KINDS["khet" if khet else place.level]
    name = place.name_en if english else place.name_th.removeprefix("เขต" if khet else "")
    label = str(written) % {"name": name}
    if place.code == place_names.BANGKOK:  # not a จังหวัด: กรุงเทพมหานคร
        label = place.name_en if english else place.name_th
    return {"name": place.name_th, "name_en": place.name_en, "kind": place.level,
            "kind_label": str(kind), "label": label, "code": place.code,
            "province": place.province,
            "province_name": province.name_en if english else province.name_th, "url": url}


@bp.get("/openapi.json")
def openapi_json():
    """``GET /api/v1/openapi.json``: the OpenAPI 3.1 description of the public API."""
    from cdd_click.api import openapi

    response = current_app.response_class(openapi.document_json(openapi.server_url()),
                                          mimetype="application/json")
    response.cache_control.public = True
    response.cache_control.max_age = OPENAPI_MAX_AGE
    return response
