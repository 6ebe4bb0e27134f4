"""Maps: vendored assets only, the right markers, a text alternative, a cache that sees change."""

from __future__ import annotations

import json
import re

import pytest
from flask import url_for

from cdd_click import maps
from cdd_click.catalog import village as find_village
from cdd_click.content import load_content
from cdd_click.maps.render import Place, render_map

URL_RE = re.compile(r"https?://[^\s\"'<>)\\]+")
TILE = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"


def rows_of(html: str) -> list[list]:
    return json.loads(re.search(r"var rows = (\[.*?\]);\n", html).group(1))


@pytest.fixture
def mapped(app, content_tree):
    """A village with a mapped listing, an unmapped listing and an unpublished mapped one."""
    content_tree.village()
    content_tree.listing("test-temple", title="วัดทดสอบ", kind="attraction", category=None,
                         otop_stars=None, lat=18.861, lon=99.351)
    content_tree.listing("test-homestay", title="โฮมสเตย์ทดสอบ", kind="accommodation",
                         category=None, otop_stars=None)
    content_tree.listing("test-draft", title="ร่างทดสอบ", kind="attraction", category=None,
                         otop_stars=None, lat=18.862, lon=99.352, status="draft")
    load_content(content_tree.root)
    return app.test_client()


def test_map_asks_for_nothing_but_vendored_files_and_tiles(mapped):
    html = mapped.get("/maps/villages/ban-test").get_data(as_text=True)
    assert set(URL_RE.findall(html)) == {TILE, "https://www.openstreetmap.org/copyright"}
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets and all(a.startswith("/static/vendor/leaflet-1.9.4/") for a in assets)
    assert "jquery" not in html.lower() and "bootstrap" not in html.lower()


def test_vendored_files_exist_with_licences(app):
    from pathlib import Path

    vendor = Path(app.static_folder) / "vendor"
    for name in ("leaflet-1.9.4/leaflet.js", "leaflet-1.9.4/leaflet.css", "leaflet-1.9.4/LICENSE",
                 "leaflet-1.9.4/images/marker-icon.png",
                 "leaflet.markercluster-1.5.3/leaflet.markercluster.js",
                 "leaflet.markercluster-1.5.3/LICENSE"):
        assert (vendor / name).is_file(), name


def test_published_listings_with_coordinates_are_marked(mapped):
    rows = rows_of(mapped.get("/maps/villages/ban-test").get_data(as_text=True))
    names = [row[2] for row in rows]
    assert names == ["บ้านทดสอบ", "วัดทดสอบ"]
    assert rows[1][:2] == [18.861, 99.351] and rows[1][4] == "/listings/test-temple"
    assert "ร่างทดสอบ" not in names and "โฮมสเตย์ทดสอบ" not in names


def test_village_page_embeds_the_map_lazily_with_a_text_alternative(mapped):
    page = mapped.get("/villages/ban-test").get_data(as_text=True)
    assert re.search(r'<iframe class="map-frame" src="/maps/villages/ban-test" loading="lazy" '
                     r'title="แผนที่บ้านทดสอบ">', page)
    assert page.index("เรื่องราวของหมู่บ้าน") < page.index("<iframe")
    assert 'href="#after-map"' in page and 'id="after-map"' in page
    places = page[page.index('id="after-map"'):]
    assert "วัดทดสอบ" in places and "โฮมสเตย์ทดสอบ" in places and "ร่างทดสอบ" not in places
    assert "ยังไม่มีพิกัดบนแผนที่" in places  # the homestay is listed but not mapped
    assert "https://www.google.com/maps/dir/?api=1&amp;destination=18.86,99.35" in page
    assert 'href="geo:18.86,99.35?q=18.86,99.35(' in page


def test_map_is_cached_and_the_cache_notices_changes(app, mapped, content_tree):
    with app.test_request_context():
        village = find_village("ban-test")
        first = maps.village_map(village)
        assert maps.village_map(village) == first  # Folium names differ per render: a hit
        content_tree.listing("test-temple", title="วัดใหม่ทดสอบ", kind="attraction",
                             category=None, otop_stars=None, lat=18.861, lon=99.351)
        load_content(content_tree.root)
        second = maps.village_map(find_village("ban-test"))
        assert second != first and "วัดใหม่ทดสอบ" in second
        content_tree.listing("test-temple", title="วัดใหม่ทดสอบ", kind="attraction",
                             category=None, otop_stars=None, lat=18.861, lon=99.351,
                             status="draft")
        load_content(content_tree.root)
        assert "วัดใหม่ทดสอบ" not in maps.village_map(find_village("ban-test"))


def test_places_outside_thailand_or_without_coordinates_are_not_mapped(app):
    with app.test_request_context():
        places = [Place("ในไทย", "หมู่บ้าน", "/a", "", 13.75, 100.5),
                  Place("โตเกียว", "หมู่บ้าน", "/b", "", 35.68, 139.69),
                  Place("ไม่มีพิกัด", "หมู่บ้าน", "/c", "")]
        rows = rows_of(render_map(places, "t", TILE, "OSM"))
    assert [row[2] for row in rows] == ["ในไทย"]


def test_fifty_markers_stay_under_30_kb(app):
    with app.test_request_context():
        places = [Place(f"ผลิตภัณฑ์ชุมชนบ้านทดสอบลำดับที่ {i}", "ผลิตภัณฑ์ OTOP",
                        f"/listings/product-number-{i}", "", 18.8 + i / 1000, 99.3 + i / 1000)
                  for i in range(50)]
        html = render_map(places, "แผนที่", TILE, "OSM")
    assert len(rows_of(html)) == 50
    assert len(html.encode()) < 30 * 1024


def test_tile_settings_are_used(app, mapped):
    app.config["TILE_URL"] = "https://tiles.example.go.th/{z}/{x}/{y}.png"
    app.config["TILE_ATTRIBUTION"] = "แผนที่ฐาน กรมทดสอบ"
    html = mapped.get("/maps/villages/ban-test").get_data(as_text=True)
    assert "https://tiles.example.go.th/{z}/{x}/{y}.png" in html and TILE not in html
    attributions = re.findall(r'"attribution": ("(?:[^"\\]|\\.)*")', html)
    assert [json.loads(text) for text in attributions] == ["แผนที่ฐาน กรมทดสอบ"]


def test_province_and_country_maps_cluster_their_villages(site_client):
    province = site_client.get("/maps/provinces/50").get_data(as_text=True)
    assert "/static/vendor/leaflet.markercluster-1.5.3/leaflet.markercluster.js" in province
    assert "L.markerClusterGroup" in province
    assert {row[4] for row in rows_of(province)} >= {"/villages/ban-mae-kampong",
                                                      "/villages/ban-tawai"}
    country = site_client.get("/maps/thailand").get_data(as_text=True)
    rows = rows_of(country)
    assert len(rows) >= 15 and all(row[4].startswith("/villages/") for row in rows)
    page = site_client.get("/map").get_data(as_text=True)
    assert '<iframe class="map-frame" src="/maps/thailand"' in page
    # the text alternative lists every village, a page at a time (Thai order)
    pages = [page] + [site_client.get(f"/map?page={n}").get_data(as_text=True)
                      for n in range(2, 10)]
    assert any("บ้านแม่กำปอง" in each for each in pages)
    assert 'src="/maps/provinces/50"' in site_client.get("/provinces/50").get_data(as_text=True)


def test_map_documents_are_thai_and_cacheable(mapped):
    response = mapped.get("/maps/villages/ban-test")
    assert response.headers["Cache-Control"] == "public, max-age=300"
    html = response.get_data(as_text=True)
    assert '<html lang="th">' in html and "<title>แผนที่บ้านทดสอบ</title>" in html
    assert "user-scalable=no" not in html
    assert mapped.get("/maps/villages/nope").status_code == 404
    assert mapped.get("/maps/provinces/99").status_code == 404


def test_map_urls(app):
    with app.test_request_context():
        assert url_for("maps.country_page") == "/map"
