"""Folium maps rendered into a small standalone document that the pages embed lazily."""

from __future__ import annotations

import re
from dataclasses import dataclass

import folium
from flask import render_template
from markupsafe import Markup

from cdd_click.maps.assets import CoverageLayer, LocalMap, PlacesLayer

THAILAND_BOUNDS = {"lat": (5.6, 20.5), "lon": (97.3, 105.7)}
THAILAND_CENTRE = (13.0, 101.0)
# Folium's own viewport (forbids zooming) and content-type metas: our frame has better ones.
_VIEWPORT_RE = re.compile(r"<meta (?:name=\"viewport\"|http-equiv=\"content-type\")[^>]*>",
                          re.DOTALL)


@dataclass(frozen=True)
class Place:
    """Something shown on a map and in its text alternative."""

    name: str
    kind: str
    url: str
    address: str
    lat: float | None = None
    lon: float | None = None

    @property
    def mappable(self) -> bool:
        """True when the place has coordinates inside Thailand."""
        if self.lat is None or self.lon is None:
            return False
        (south, north), (west, east) = THAILAND_BOUNDS["lat"], THAILAND_BOUNDS["lon"]
        return south <= self.lat <= north and west <= self.lon <= east


def render_map(places: list[Place], title: str, tile_url: str, tile_attribution: str,
               cluster: bool = False) -> str:
    """The map document: vendored Leaflet, our tiles, a marker for every mappable place."""
    points = [p for p in places if p.mappable]
    centre = (points[0].lat, points[0].lon) if points else THAILAND_CENTRE
    zoom = 14 if len(points) == 1 else 6
    fmap = LocalMap(location=centre, zoom_start=zoom, tiles=None, control_scale=True)
    folium.TileLayer(tiles=tile_url, attr=tile_attribution, max_zoom=19, max_native_zoom=19,
                     name="tiles").add_to(fmap)
    rows = [[round(p.lat, 6), round(p.lon, 6), p.name, p.kind, p.url] for p in points]
    PlacesLayer(rows, cluster=cluster).add_to(fmap)
    return _document(fmap, title)


def render_coverage_map(rows: list[list], bands: list[list[str]], title: str, tile_url: str,
                        tile_attribution: str) -> str:
    """A map document of Thailand with one circle per province filled by its coverage band
    (rows and bands as ``CoverageLayer`` takes them)."""
    fmap = LocalMap(location=THAILAND_CENTRE, zoom_start=5, tiles=None, control_scale=True)
    folium.TileLayer(tiles=tile_url, attr=tile_attribution, max_zoom=12, max_native_zoom=19,
                     name="tiles").add_to(fmap)
    CoverageLayer(rows, bands).add_to(fmap)
    return _document(fmap, title)


def _document(fmap: LocalMap, title: str) -> str:
    figure = fmap.get_root()
    figure.render()
    header = _VIEWPORT_RE.sub("", figure.header.render())  # ours allows zooming the page
    return render_template(
        "maps/frame.html", title=title, header=Markup(header),  # noqa: S704 - Folium output
        body=Markup(figure.html.render()), script=Markup(figure.script.render()),  # noqa: S704
    )
