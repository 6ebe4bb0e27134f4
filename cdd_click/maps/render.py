"""Folium maps rendered into a small standalone document that the pages embed lazily."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

import folium
from flask import render_template
from markupsafe import Markup

from cdd_click.maps.assets import CoverageLayer, LocalMap, PlacesLayer

THAILAND_BOUNDS = {"lat": (5.6, 20.5), "lon": (97.3, 105.7)}
THAILAND_CENTRE = (13.0, 101.0)
# A map document carries at most this many markers: past it, nearby places become one marker
# per grid cell ("12 places", linking to the list), so no map grows with the site.
MAX_MARKERS = 400
FIRST_CELL = 0.02  # degrees; doubled until the cells fit MAX_MARKERS
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


def marker_rows(points: list[Place], group_label: Callable[[int], str] | None = None,
                group_url: str = "", limit: int | None = None) -> list[list]:
    """``[lat, lon, name, kind, url]`` of each place, or, past ``limit`` places, of each grid
    cell holding some (its places' mean point, "n places", ``group_url``): at most ``limit``
    rows whatever the number of places (``limit``: ``MAX_MARKERS``)."""
    limit = limit or MAX_MARKERS
    if len(points) <= limit or group_label is None:
        return [[round(p.lat, 6), round(p.lon, 6), p.name, p.kind, p.url] for p in points]
    size = FIRST_CELL
    while True:
        cells: dict[tuple[int, int], list[Place]] = {}
        for p in points:
            cells.setdefault((math.floor(p.lat / size), math.floor(p.lon / size)), []).append(p)
        if len(cells) <= limit:
            break
        size *= 2
    rows = []
    for members in cells.values():
        if len(members) == 1:
            p = members[0]
            rows.append([round(p.lat, 6), round(p.lon, 6), p.name, p.kind, p.url])
            continue
        lat = sum(p.lat for p in members) / len(members)
        lon = sum(p.lon for p in members) / len(members)
        rows.append([round(lat, 6), round(lon, 6), group_label(len(members)), "", group_url])
    return rows


def render_map(places: list[Place], title: str, tile_url: str, tile_attribution: str,
               cluster: bool = False, group_label: Callable[[int], str] | None = None,
               group_url: str = "") -> str:
    """The map document: vendored Leaflet, our tiles, a marker for every mappable place (past
    ``MAX_MARKERS``, one per grid cell: ``marker_rows``)."""
    points = [p for p in places if p.mappable]
    centre = (points[0].lat, points[0].lon) if points else THAILAND_CENTRE
    zoom = 14 if len(points) == 1 else 6
    fmap = LocalMap(location=centre, zoom_start=zoom, tiles=None, control_scale=True)
    folium.TileLayer(tiles=tile_url, attr=tile_attribution, max_zoom=19, max_native_zoom=19,
                     name="tiles").add_to(fmap)
    rows = marker_rows(points, group_label, group_url)
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
