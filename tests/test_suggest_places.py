"""Autocomplete names places: provinces and districts from the gazetteer, by the start of their
Thai or English name, each with its kind and the page it opens (issue 25, point 6)."""

from __future__ import annotations

import time

import pytest
from test_api_openapi import assert_matches, documented_response


def suggest(client, prefix: str, lang: str = "") -> dict:
    response = client.get(f"{lang}/api/v1/suggest", query_string={"q": prefix})
    assert response.status_code == 200
    return response.get_json()


def labels(data: dict) -> list[str]:
    return [place["label"] for place in data["places"]]


@pytest.fixture(scope="module")
def client(shipped_site):
    return shipped_site.test_client()


@pytest.fixture(scope="module")
def document(client) -> dict:
    return client.get("/api/v1/openapi.json").get_json()


def test_nan_offers_the_province_first_then_its_districts_and_villages(client):
    data = suggest(client, "น่าน")
    first = data["places"][0]
    assert first == {"name": "น่าน", "name_en": "Nan", "kind": "province", "kind_label": "จังหวัด",
                     "label": "จังหวัดน่าน", "code": "55", "province": "55",
                     "province_name": "น่าน", "url": "/provinces/55"}
    districts = data["places"][1:]
    assert districts and all(p["kind"] == "district" and p["province"] == "55" for p in districts)
    assert districts[0]["label"] == "อำเภอเมืองน่าน"
    assert districts[0]["url"] == "/search?district=5501"
    # the places in it: Nan's villages, though none of their titles says น่าน
    assert {"ban-nong-bua-nan", "ban-nam-kian"} <= {t["slug"] for t in data["titles"]}
    assert all(t["url"].startswith("/") for t in data["titles"])


def test_a_district_link_searches_that_district(client):
    place = suggest(client, "ภูเพีย")["places"][0]
    assert place["label"] == "อำเภอภูเพียง" and place["province_name"] == "น่าน"
    page = client.get(place["url"])
    assert page.status_code == 200
    assert "บ้านน้ำเกี๋ยน" in page.get_data(as_text=True)  # Ban Nam Kian, in Phu Phiang


def test_the_english_name_finds_the_province(client):
    data = suggest(client, "nan")
    assert data["places"][0]["code"] == "55" and data["places"][0]["kind"] == "province"
    assert suggest(client, "Nan")["places"][0]["code"] == "55"


def test_thai_prefix_offers_both_chiang_provinces_before_districts(client):
    data = suggest(client, "เชียง")
    kinds = [p["kind"] for p in data["places"]]
    assert labels(data)[:2] == ["จังหวัดเชียงราย", "จังหวัดเชียงใหม่"]
    assert kinds[:2] == ["province", "province"] and "province" not in kinds[2:]
    assert "อำเภอเชียงของ" in labels(data)  # districts whose names start so come after
    assert suggest(client, "เชียงด")["places"][0]["label"] == "อำเภอเชียงดาว"
    assert {p["url"] for p in data["places"][:2]} == {"/provinces/50", "/provinces/57"}


def test_english_prefix_and_loose_spellings(client):
    data = suggest(client, "chiang")
    assert [p["name_en"] for p in data["places"][:2]] == ["Chiang Mai", "Chiang Rai"]
    assert suggest(client, "chiang m")["places"][0]["name_en"] == "Chiang Mai"
    assert suggest(client, "korat")["places"][0]["code"] == "30"  # an everyday spelling
    assert suggest(client, "จังหวัดเชียงใ")["places"][0]["code"] == "50"
    assert suggest(client, "อำเภอเชียงด")["places"][0]["code"] == "5004"


def test_english_pages_get_english_labels_and_urls(client):
    data = suggest(client, "nan", lang="/en")
    nan = data["places"][0]
    assert nan["label"] == "Nan Province" and nan["kind_label"] == "Province"
    assert nan["url"] == "/en/provinces/55" and nan["province_name"] == "Nan"
    district = data["places"][1]
    assert district["label"] == "Mueang Nan District"
    assert district["url"] == "/en/search?district=5501"
    assert all(t["url"].startswith("/en/") for t in data["titles"])
    assert client.get(nan["url"]).status_code == 200


def test_bangkok_districts_are_khet(client):
    data = suggest(client, "เขตพระนค")
    assert data["places"][0]["label"] == "เขตพระนคร" and data["places"][0]["kind_label"] == "เขต"
    assert suggest(client, "กรุงเทพ")["places"][0]["label"] == "กรุงเทพมหานคร"


@pytest.mark.parametrize("prefix", ["ผ้าไหม", "แม่ก", "silk", "zzzz", "ก", ""])
def test_no_places_for_what_names_no_place(client, prefix):
    data = suggest(client, prefix)
    assert data["places"] == []


def test_titles_and_terms_are_kept(client):
    data = suggest(client, "แม่ก")
    assert "แม่กำปอง" in data["terms"]
    assert any("แม่กำปอง" in t["title"] for t in data["titles"])


@pytest.mark.parametrize("url", ["/api/v1/suggest?q=น่าน", "/api/v1/suggest?q=chiang",
                                 "/en/api/v1/suggest?q=เชียง", "/api/v1/suggest?q=เขตพระ"])
def test_answers_with_places_match_the_document(client, document, url):
    body = client.get(url).get_json()
    assert body["places"]
    assert_matches(document, documented_response(document, "/api/v1/suggest", 200), body)


def test_the_document_describes_places_strictly(document):
    schema = document["components"]["schemas"]["SuggestResponse"]
    assert "places" in schema["required"]
    place = schema["properties"]["places"]["items"]
    assert place["additionalProperties"] is False
    assert place["properties"]["kind"]["enum"] == ["province", "district"]
    example = document["paths"]["/api/v1/suggest"]["get"]["responses"]["200"]["content"][
        "application/json"]["example"]
    assert example["places"]


class CountingList(list):
    """A list that counts the items read from it (``bisect`` reads through ``__getitem__``)."""

    reads = 0

    def __getitem__(self, index):
        CountingList.reads += 1
        return super().__getitem__(index)


def test_the_lookup_is_a_bisect_over_a_fixed_list(monkeypatch):
    """A prefix reads a bisect's few keys and the run that starts with it, not every name: at
    most 80 of the 4,000-odd keys here, whatever the prefix."""
    from cdd_click.search import place_names

    names = place_names.index()
    assert names.size() > 1000  # Thai, English and written-out names of 77 + 928 places
    monkeypatch.setattr(names, "keys", {level: CountingList(keys)
                                        for level, keys in names.keys.items()})
    for prefix in ("เชียง", "ch", "น่าน", "nan", "ว", "zz", "ฮ"):
        CountingList.reads = 0
        names.starting(prefix, 6)
        assert CountingList.reads <= 80, (prefix, CountingList.reads)
    start = time.perf_counter()
    for _ in range(1000):
        names.starting("เชียง", 6)
    assert (time.perf_counter() - start) < 1.0  # about 25 µs a lookup; a second is broken
