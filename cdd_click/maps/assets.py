"""Folium elements that load Leaflet and markercluster from ``static/vendor/`` only.

Folium's default map pulls Leaflet, jQuery, Bootstrap, Font Awesome and more from CDNs. These
subclasses declare only the vendored files; ``PlacesLayer`` draws markers from a compact data
array (popups built with DOM calls, so names are never parsed as HTML).
"""

from __future__ import annotations

import json

import folium
from folium.elements import JSCSSMixin
from jinja2 import Template
from markupsafe import Markup

LEAFLET = "/static/vendor/leaflet-1.9.4"
MARKERCLUSTER = "/static/vendor/leaflet.markercluster-1.5.3"


def script_json(value) -> Markup:
    """``value`` as JSON in UTF-8 (half the bytes of Thai as \\u escapes), safe in <script>."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("'", "\\u0027"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return Markup(text)  # noqa: S704 - JSON with every HTML-significant character escaped


class LocalMap(folium.Map):
    """A Folium map whose only assets are the vendored Leaflet files."""

    default_js = [("leaflet", f"{LEAFLET}/leaflet.js")]
    default_css = [("leaflet_css", f"{LEAFLET}/leaflet.css")]


class PlacesLayer(JSCSSMixin):
    """Markers for rows ``[lat, lon, name, kind label, url]``, clustered or fitted to bounds."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var rows = {{ this.rows_json }};
            function popup(row) {
                var box = document.createElement("div"), link = document.createElement("a");
                link.href = row[4]; link.target = "_top"; link.textContent = row[2];
                box.appendChild(link);
                box.appendChild(document.createElement("br"));
                box.appendChild(document.createTextNode(row[3]));
                return box;
            }
            var layer = {{ "L.markerClusterGroup({showCoverageOnHover: false})"
                           if this.cluster else "L.featureGroup()" }};
            rows.forEach(function (row) {
                L.marker([row[0], row[1]], {alt: row[2], title: row[2]})
                    .bindPopup(popup(row)).addTo(layer);
            });
            layer.addTo({{ this._parent.get_name() }});
            if (rows.length > 1) {
                {{ this._parent.get_name() }}.fitBounds(layer.getBounds(),
                    {padding: [28, 28], maxZoom: 15});
            }
        })();
        {% endmacro %}
    """)

    @property
    def rows_json(self) -> Markup:
        return script_json(self.rows)

    def __init__(self, rows: list[list], cluster: bool = False):
        super().__init__()
        self._name = "PlacesLayer"
        self.rows = rows
        self.cluster = cluster
        if cluster:
            self.default_js = [("markercluster", f"{MARKERCLUSTER}/leaflet.markercluster.js")]
            self.default_css = [
                ("markercluster_css", f"{MARKERCLUSTER}/MarkerCluster.css"),
                ("markercluster_default_css", f"{MARKERCLUSTER}/MarkerCluster.Default.css"),
            ]


class CoverageLayer(JSCSSMixin):
    """One circle per province, filled with its band's colour, for rows
    ``[lat, lon, name, [popup lines], band index, url]``, and a legend of the ``bands``
    ``[[colour, label], ...]`` (popups and legend built with DOM calls)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var rows = {{ this.rows_json }}, bands = {{ this.bands_json }};
            function popup(row) {
                var box = document.createElement("div"), link = document.createElement("a");
                link.href = row[5]; link.target = "_top"; link.textContent = row[2];
                box.appendChild(link);
                row[3].forEach(function (line) {
                    box.appendChild(document.createElement("br"));
                    box.appendChild(document.createTextNode(line));
                });
                return box;
            }
            var layer = L.featureGroup();
            rows.forEach(function (row) {
                L.circleMarker([row[0], row[1]], {radius: 9, weight: 1, color: "#333",
                                                  fillColor: bands[row[4]][0], fillOpacity: 0.85})
                    .bindTooltip(row[2]).bindPopup(popup(row)).addTo(layer);
            });
            layer.addTo(map);
            if (rows.length > 1) { map.fitBounds(layer.getBounds(), {padding: [20, 20]}); }
            var legend = L.control({position: "bottomleft"});
            legend.onAdd = function () {
                var box = L.DomUtil.create("div", "coverage-legend");
                bands.forEach(function (band) {
                    var line = document.createElement("div");
                    var swatch = document.createElement("span");
                    swatch.className = "swatch"; swatch.style.background = band[0];
                    line.appendChild(swatch);
                    line.appendChild(document.createTextNode(" " + band[1]));
                    box.appendChild(line);
                });
                return box;
            };
            legend.addTo(map);
        })();
        {% endmacro %}
    """)

    def __init__(self, rows: list[list], bands: list[list[str]]):
        super().__init__()
        self._name = "CoverageLayer"
        self.rows = rows
        self.bands = bands

    @property
    def rows_json(self) -> Markup:
        return script_json(self.rows)

    @property
    def bands_json(self) -> Markup:
        return script_json(self.bands)
