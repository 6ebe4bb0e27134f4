"""Small locator maps: where a place lies in Thailand, for cards without a photo.

The outline is Natural Earth's (public domain) Thailand, taken from the ``world-atlas`` npm
package's TopoJSON by ``flask geo outline`` into ``static/img/thailand.svg`` once; a card then
draws ``<use href=".../thailand.svg#th">`` and one dot, placed here in the same projection
(equirectangular, longitudes shortened by the cosine of Thailand's middle latitude).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

WEST, EAST, SOUTH, NORTH = 97.3, 105.7, 5.6, 20.5
_COS = math.cos(math.radians((SOUTH + NORTH) / 2))
WIDTH = 100.0
HEIGHT = round(WIDTH * (NORTH - SOUTH) / ((EAST - WEST) * _COS), 1)
THAILAND_ID = "764"  # ISO 3166-1 numeric, as world-atlas names countries


def project(lat: float, lon: float) -> tuple[float, float]:
    """(x, y) in the outline's viewBox (0 0 WIDTH HEIGHT) of a point in Thailand."""
    x = (lon - WEST) / (EAST - WEST) * WIDTH
    y = (NORTH - lat) / (NORTH - SOUTH) * HEIGHT
    return round(min(max(x, 0.0), WIDTH), 1), round(min(max(y, 0.0), HEIGHT), 1)


def _arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """The topology's arcs as (lon, lat) points (delta-decoded, transformed)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        decoded.append(points)
    return decoded


def _ring(arcs: list, indices: list[int]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indices:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def outline_path(topology: dict) -> str:
    """SVG path data of Thailand from a world-atlas ``countries-*.json`` topology."""
    arcs = _arcs(topology)
    country = next(g for g in topology["objects"]["countries"]["geometries"]
                   if str(g.get("id")) == THAILAND_ID)
    polygons = country["arcs"] if country["type"] == "MultiPolygon" else [country["arcs"]]
    parts = []
    for polygon in polygons:
        for ring in polygon[:1]:  # outer rings only: Thailand has no holes worth a card
            previous, commands = None, []
            for lon, lat in _ring(arcs, ring):
                point = project(lat, lon)
                if point != previous:
                    commands.append(f"{point[0]:g},{point[1]:g}")
                    previous = point
            if len(commands) > 3:
                parts.append("M" + "L".join(commands) + "Z")
    return "".join(parts)


def write_outline(topojson: Path, target: Path) -> int:
    """Write the outline SVG from a world-atlas file; returns the path's length."""
    path = outline_path(json.loads(topojson.read_text(encoding="utf-8")))
    target.write_text(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH:g} {HEIGHT:g}">'
        "<!-- Thailand, Natural Earth (public domain) via world-atlas (ISC); "
        "written by `flask geo outline` -->"
        f'<path id="th" d="{path}"/></svg>\n', encoding="utf-8")
    return len(path)
