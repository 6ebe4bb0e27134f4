"""Per-village, per-province and national maps (Folium + vendored Leaflet), cached."""

from __future__ import annotations

from flask import current_app, url_for
from flask_babel import gettext as _

from cdd_click.maps import places
from cdd_click.maps.cache import cached_map
from cdd_click.maps.render import Place, render_map
from cdd_click.models import Village

__all__ = ["Place", "country_map", "province_map", "village_map"]


def _group_label(count: int) -> str:
    return _("%(n)s แห่งในบริเวณนี้ ดูรายการ", n=f"{count:,}")


def _render(found: list[Place], title: str, cluster: bool, group_url: str = "") -> str:
    config = current_app.config
    return render_map(found, title, config["TILE_URL"], config["TILE_ATTRIBUTION"], cluster,
                      _group_label if group_url else None, group_url)


def village_map(village: Village) -> str:
    """The map document of one village and its listings."""
    return cached_map(
        f"village:{village.id}", places.village_stamp(village),
        lambda: _render(places.village_places(village), _("แผนที่%(name)s", name=village.title),
                        False),
    )


def province_map(code: str, name: str) -> str:
    """The clustered map document of a province."""
    return cached_map(
        f"province:{code}", places.province_stamp(code),
        lambda: _render(places.province_places(code), _("แผนที่จังหวัด%(name)s", name=name),
                        True, url_for("public.province", code=code)),
    )


def country_map() -> str:
    """The clustered map document of every village in Thailand (stamped with the content version:
    no scan of the villages to know whether it changed)."""
    return cached_map(
        "country", places.country_stamp(),
        lambda: _render(places.country_places(), _("แผนที่หมู่บ้านท่องเที่ยวชุมชนทั่วไทย"), True,
                        url_for("public.villages")),
    )
