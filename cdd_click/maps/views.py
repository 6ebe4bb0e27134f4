"""Map documents (embedded by pages in a lazy iframe) and the national map page."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request

from cdd_click import catalog, maps
from cdd_click.maps import places
from cdd_click.page_cache import cached_page
from cdd_click.paging import page_number
from cdd_click.security import content_security_policy, inline_script_hashes

bp = Blueprint("maps", __name__)

MAP_MAX_AGE = 300


def map_document(html: str, public: bool = True) -> Response:
    """A map document as a response: its own inline scripts allowed by hash; public ones are
    cacheable by anyone, staff ones by nobody."""
    response = Response(html, mimetype="text/html")
    # Folium writes inline scripts: allow exactly these, by hash, and nothing else inline.
    response.headers["Content-Security-Policy"] = content_security_policy(
        inline_script_hashes(html))
    if public:
        response.cache_control.public = True
        response.cache_control.max_age = MAP_MAX_AGE
    else:
        response.cache_control.no_store = True
    return response


@bp.get("/maps/villages/<slug>")
def village_frame(slug: str):
    """The map of one village."""
    village = catalog.village(slug) or abort(404)
    return map_document(maps.village_map(village))


@bp.get("/maps/provinces/<code>")
def province_frame(code: str):
    """The clustered map of one province."""
    province = catalog.province(code) or abort(404)
    return map_document(maps.province_map(province.code, province.name_th))


@bp.get("/maps/thailand")
def country_frame():
    """The clustered map of every village."""
    return map_document(maps.country_map())


@bp.get("/map")
@cached_page(reads=("page",), defaults={"page": "1"})
def country_page():
    """Every village in Thailand on one map, with the list as its text alternative, one page
    of it at a time."""
    page = catalog.villages_page(page_number(request.args.get("page")))
    return render_template("maps/country.html", regions=catalog.regions_with_content(),
                           page=page, places=list(map(places.village_place, page.items)))
