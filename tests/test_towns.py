"""Towns: where "near X" measures from, and which provinces are near one another.

The search table (tests/search_cases.py, groups "near a town" and "nearby provinces") checks the
distances results show against published town centres; these are the rules underneath.
"""

from __future__ import annotations

import logging

import geothai
import pytest
from sqlalchemy import func, select

from cdd_click import pins, search, towns
from cdd_click.config import DEFAULT_CENTROIDS
from cdd_click.content import load_content
from cdd_click.extensions import db
from cdd_click.geography import load_centroids
from cdd_click.models import Subdistrict

CHIANG_MAI_OLD_CITY = (18.79, 98.99)


def test_every_province_has_a_town_in_itself():
    for province in geothai.provinces():
        point = towns.town_point(province_code=province.code)
        assert point is not None, province.name_en
        assert pins.nearest_tambon(*point)[:2] == province.code, (province.name_en, point)


def test_a_province_town_is_its_capital_districts_tambon_01_unless_listed():
    shipped = {code: (lat, lon) for code, lat, lon in pins.shipped_centroids()}
    for province in geothai.provinces():
        code = towns.CAPITAL_TAMBON.get(province.code, f"{province.code}0101")
        if code in shipped:
            assert towns.town_point(province.code) == shipped[code], province.name_en
    assert towns.town_point("50") == shipped["500101"]  # ศรีภูมิ, Chiang Mai's old city
    assert towns.town_point("10") == shipped["100106"]  # เสาชิงช้า, Bangkok's City Hall
    # every exception names a tambon of the province's capital district found in the file
    for province, code in towns.CAPITAL_TAMBON.items():
        assert code[:4] == f"{province}01" and code in shipped


def test_a_district_town_is_its_seat_or_the_middle_of_its_tambons():
    assert towns.town_point(district_code="5015") == towns.place_point("subdistrict", "501501")
    # Mueang Nakhon Ratchasima's tambon 01 (ในเมือง) has no centroid in the file: the mean of
    # its tambons, a kilometre from the Thao Suranari monument
    korat = towns.town_point(district_code="3001")
    assert korat == towns.town_point(province_code="30")
    assert towns.haversine_km(korat, (14.975, 102.098)) < 2
    # a district given wins over its province; a region has no town
    assert towns.town_point("50", "5023") != towns.town_point("50")
    assert towns.place_point("region", "north") is None
    assert towns.town_point() is None and towns.town_point("99") is None


def test_nearest_provinces_are_the_neighbours_by_town():
    nan = towns.nearest_provinces("55")
    assert nan[:2] == ("54", "56")  # Phrae 99 km, Phayao 103 km
    assert "53" in nan[:4] and not {"43", "38"} & set(nan[:10])  # not Nong Khai, Bueng Kan
    assert "55" not in nan and len(nan) == 76
    assert towns.nearest_provinces("10")[:1] == ("12",)  # Nonthaburi


def test_the_town_is_read_from_the_shipped_file_whatever_the_database_holds(
        app, content_tree):
    content_tree.village("ban-tawai-test", title="บ้านถวายทดสอบ", subdistrict='"501505"',
                         lat=18.687, lon=98.943)
    content_tree.village("ban-far", title="บ้านไกล", subdistrict='"502304"', lat=18.865,
                         lon=99.351)
    load_content(content_tree.root)
    search.rebuild_index()
    client = app.test_client()
    fresh = client.get("/api/v1/search?q=near chiang mai").get_json()
    assert db.session.scalar(select(func.count()).where(Subdistrict.lat.is_not(None))) == 0
    assert (fresh["understood"]["near"]["lat"], fresh["understood"]["near"]["lon"]) \
        == towns.town_point("50")
    distances = {hit["slug"]: hit["distance_km"] for hit in fresh["results"]}
    assert distances["ban-tawai-test"] == pytest.approx(
        towns.haversine_km(CHIANG_MAI_OLD_CITY, (18.687, 98.943)), rel=0.1)
    page = client.get("/search?q=near chiang mai").get_data(as_text=True)
    assert f"{distances['ban-tawai-test']}" in page and f"{distances['ban-far']}" in page
    load_centroids(DEFAULT_CENTROIDS)  # `flask geo centroids`: the same town
    db.session.commit()
    app.extensions.pop("cdd_place_points", None)
    assert client.get("/api/v1/search?q=near chiang mai").get_json() == fresh


@pytest.fixture
def no_shipped_centroids(monkeypatch):
    """The shipped centroid file gone (a copy that lost cdd_click/data)."""
    caches = (pins.shipped_centroids, towns._tambons, towns._district_seats,
              towns._province_towns, towns.provinces_by_distance)
    for cache in caches:
        cache.cache_clear()
    monkeypatch.setattr("cdd_click.pins.DEFAULT_CENTROIDS", DEFAULT_CENTROIDS.parent / "none.csv")
    yield
    for cache in caches:
        cache.cache_clear()


def test_without_the_file_near_says_so_and_falls_back(app, content_tree, no_shipped_centroids,
                                                      caplog):
    content_tree.village("ban-far", title="บ้านไกล", subdistrict='"502304"', lat=18.865,
                         lon=99.351)
    load_content(content_tree.root)
    search.rebuild_index()
    client = app.test_client()
    with caplog.at_level(logging.WARNING, logger="cdd_click.towns"):
        near = client.get("/api/v1/search?q=near chiang mai").get_json()["understood"]["near"]
    assert "no shipped tambon centroids" in caplog.text
    assert towns.town_point("50") is None
    assert (near["lat"], near["lon"]) == (18.865, 99.351)  # the middle of the items: all known
    load_centroids(DEFAULT_CENTROIDS)  # the database's district centroids, then
    db.session.commit()
    app.extensions.pop("cdd_place_points", None)
    near = client.get("/api/v1/search?q=near chiang mai").get_json()["understood"]["near"]
    assert towns.haversine_km((near["lat"], near["lon"]), CHIANG_MAI_OLD_CITY) < 10
