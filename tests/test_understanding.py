"""Query understanding (cdd_click/search/understanding.py): the reading of a query into places,
kinds and categories, the rewrites of mistyped queries, and what the results page shows of them.

The table of queries against the shipped content is tests/search_cases.py; these are the rules.
"""

from __future__ import annotations

import re

import pytest
from pythainlp.util import thai_to_eng

from cdd_click.search import understanding
from cdd_click.search.understanding import gazetteer, keyboard_fix, loose, read


def reading(text: str):
    """The reading of ``text``, cut into words at spaces and script changes (as the index's
    analyzer does for these queries)."""
    tokens = [(m.group(), m.start(), m.end()) for m in re.finditer(r"[^\s.]+", text)]
    return read(text, tokens, gazetteer())


def parts(text: str) -> dict[str, str]:
    found = reading(text)
    return {part.param: part.value for part in found.parts}


def test_a_multi_word_place_is_one_place_and_its_parts_are_words():
    assert parts("chiang mai") == {"province": "50"}
    assert parts("Chiang Mai") == {"province": "50"}
    assert parts("chiangmai") == {"province": "50"}
    assert parts("chiang") == {}
    assert reading("chiang").words_text == "chiang"
    assert parts("nakhon si thammarat") == {"province": "80"}
    assert parts("nakhon pathom") == {"province": "73"}
    assert parts("korat") == {"province": "30"}
    assert parts("phang-nga") == {"province": "82"}  # loose spelling of geothai's Phang-nga


def test_markers_say_the_level_and_everyday_words_need_one():
    assert parts("จ เลย") == {"province": "42"}
    assert parts("เลย") == {"province": "42"}  # alone: the province
    assert parts("สวย เลย") == {}  # "สวยเลย": beautiful indeed, not Loei
    assert parts("อ ปาย") == {"district": "5803"}
    assert parts("ปาย") == {"district": "5803"}


def test_kinds_categories_types_and_regions_in_both_languages():
    assert parts("โฮมสเตย์ เชียงใหม่") == {"kind": "accommodation", "province": "50"}
    assert parts("otop products from ratchaburi") == {"kind": "otop_product", "province": "70"}
    assert parts("things to see in nan") == {"kind": "attraction", "province": "55"}
    assert parts("workshop isan") == {"kind": "experience", "region": "northeast"}
    assert parts("villages in the north") == {"type": "village", "region": "north"}
    assert parts("ผ้า") == {"category": "textile"}
    assert parts("coffee") == {"category": "beverage"}
    # a word more specific than its category is also searched
    assert reading("silk").words_text == "silk"
    assert reading("ผ้า").words_text == ""


def test_filler_words_go_only_when_something_was_understood():
    assert reading("otop products from ratchaburi").words_text == ""
    assert reading("the best of").words_text == "the best of"


def test_near_a_place_is_a_distance_sort_and_near_a_name_is_kept_for_the_index():
    found = reading("community experience near chiang mai")
    near = found.part("near")
    assert near and near.place.code == "50" and near.text == "chiang mai"
    assert {p.param: p.value for p in found.parts if p.role != "near"} == {"kind": "experience"}
    assert found.words_text == ""
    found = reading("homestay near mae kampong")
    assert found.part("near") is None and found.near_words
    start, end = found.near_words
    assert found.text[start:end] == "mae kampong"
    assert reading("โฮมสเตย์ ใกล้ฉัน").near_me


def test_one_place_one_kind_the_second_stays_a_word():
    found = reading("เชียงใหม่ ลำพูน")
    assert [p.value for p in found.parts] == ["50"] and found.words_text == "ลำพูน"


def test_removing_a_chip_searches_the_rest():
    found = reading("โฮมสเตย์ เชียงใหม่")
    kind, place = found.parts
    assert found.without(place) == "โฮมสเตย์" and found.without(kind) == "เชียงใหม่"


def test_loose_romanisation_agrees_on_common_spellings():
    assert loose("Khiriwong") == loose("kiriwong") == loose("Kiri Wong")
    assert loose("Mae Kampong") == loose("maekampong") == loose("mae kam pong")
    assert loose("Amphawa") == loose("ampawa")
    assert loose("Chiang Mai") != loose("Chiang Rai")


def test_the_keyboard_layout_is_fixed_only_when_nothing_typed_is_a_word():
    def known(words):
        return {w for w in words if w in {"homestay", "silk", "ผ้าไหม"}}

    assert keyboard_fix("zhkws,", known) == "ผ้าไหม"
    assert keyboard_fix(thai_to_eng("แม่กำปอง"), known) == "แม่กำปอง"
    assert keyboard_fix("silk", known) is None  # a real word is left alone
    assert keyboard_fix("้นทำหะฟั", known) == "homestay"  # English typed in Thai mode
    assert keyboard_fix("ผ้าไหม", known) is None


def test_tone_marks_and_thai_digits():
    assert understanding.strip_tones("ผ้าขาวม้า") == "ผาขาวมา"
    assert understanding.strip_tones("โฮมสเตย์") == "โฮมสเตย"
    assert understanding.thai_digits("หมู่ ๓") == "หมู่ 3"


@pytest.fixture(scope="module")
def client(shipped_site):
    return shipped_site.test_client()


def api(client, **params) -> dict:
    response = client.get("/api/v1/search", query_string=params)
    assert response.status_code == 200
    return response.get_json()


def test_the_results_page_shows_removable_chips(client):
    page = client.get("/search?q=โฮมสเตย์ เชียงใหม่").get_data(as_text=True)
    chips = re.findall(r'<ul class="chips understood".*?</ul>', page, re.S)
    assert chips, page
    assert "ที่พัก โฮมสเตย์" in chips[0] and "เชียงใหม่" in chips[0]
    # removing the place chip searches the kind alone, anywhere
    assert "href=\"/search?q=%E0%B9%82%E0%B8%AE%E0%B8%A1%E0%B8%AA%E0%B9%80%E0%B8%95%E0%B8%A2" \
           "%E0%B9%8C\"" in chips[0]
    page = client.get("/en/search?q=homestay chiang mai").get_data(as_text=True)
    chips = re.findall(r'<ul class="chips understood".*?</ul>', page, re.S)[0]
    assert "Chiang Mai" in chips and "เชียงใหม่" not in chips


def test_the_page_says_what_was_searched_instead_and_offers_the_query_as_typed(client):
    page = client.get("/search?q=zhkws,").get_data(as_text=True)
    assert "แสดงผลของ <strong>ผ้าไหม</strong>" in page and "literal=1" in page
    literal = api(client, q="zhkws,", literal="1")
    assert literal["total"] == 0 and literal["understood"]["parts"] == []


def test_a_partial_match_says_so_and_names_the_dropped_words(client):
    page = client.get("/search?q=แม่กำปอง กาแฟ ทะเลสาบ").get_data(as_text=True)
    assert "ไม่พบผลที่ตรงทุกคำ — แสดงผลที่ตรงบางคำ" in page and "<s>ทะเลสาบ</s>" in page


def test_no_match_gives_next_steps_not_a_random_partial_match(client):
    data = api(client, q="ดอยอินทนนท์")
    assert data["total"] == 0 and data["results"] == []
    assert data["understood"]["dropped"] == ["อินทนนท์"]
    data = api(client, q="โฮมสเตย์ น่าน")
    assert data["total"] == 0
    steps = {step["reason"]: step for step in data["next_steps"]}
    assert steps["kind_everywhere"]["params"] == {"kind": "accommodation"}
    assert steps["place_everything"]["params"] == {"province": "55"}
    nearby = [s for s in data["next_steps"] if s["reason"] == "nearby_province"]
    assert nearby and all(s["count"] > 0 and s["params"]["kind"] == "accommodation"
                          for s in nearby)
    page = client.get("/search?q=โฮมสเตย์ น่าน").get_data(as_text=True)
    assert "ลองดู" in page and "จังหวัดใกล้เคียง" in page


def test_the_url_filters_win_over_the_words(client):
    data = api(client, q="โฮมสเตย์ เชียงใหม่", province="80")  # Nakhon Si Thammarat's homestay
    assert data["understood"]["filters"] == {"kind": "accommodation"}
    assert [(hit["slug"], hit["province"]) for hit in data["results"]] == [
        ("khiriwong-homestay", "80")]


def _shown(client, path: str, params: dict) -> tuple[int, list[tuple[str, str]]]:
    """The result count a page states and the (type, slug) of the items on its first page."""
    response = client.get(path, query_string=params)
    assert response.status_code == 200, (path, params)
    if path.startswith("/api/"):
        data = response.get_json()
        return data["total"], [(hit["type"], hit["slug"]) for hit in data["results"]]
    page = response.get_data(as_text=True)
    count = re.search(r'class="result-count"[^>]*>พบ ([0-9,]+) รายการ', page)
    items = re.findall(r'class="card-title"><a href="/(village|listing)s/([^"]+)"', page)
    return (int(count.group(1).replace(",", "")) if count else 0), items


def _item_facts(kind: str, slug: str) -> tuple[str | None, str | None, str | None]:
    """(province code, region, listing kind) of a published item, from the database."""
    from sqlalchemy import select

    from cdd_click.extensions import db
    from cdd_click.models import Article, Listing, Province, Village

    model = {"village": Village, "listing": Listing, "article": Article}[kind]
    item = db.session.scalar(select(model).where(model.slug == slug))
    assert item is not None and item.status == "published", (kind, slug)
    if kind == "article":
        province = db.session.get(Province, item.province_code or "")
    else:
        province = (item if kind == "village" else item.village).subdistrict.province
    return (province and province.code), (province and province.region), getattr(
        item, "kind", None)


FILTERS = [  # (the same filter in each of its spellings, what each item shown must satisfy)
    (({"province": "เชียงใหม่"}, {"province": "Chiang Mai"}, {"province": "50"}),
     lambda code, region, kind: code == "50"),
    (({"region": "north"}, {"region": "ภาคเหนือ"}), lambda code, region, kind: region == "north"),
    (({"kind": "homestay"}, {"kind": "accommodation"}),
     lambda code, region, kind: kind == "accommodation"),
]


@pytest.mark.parametrize("path", ["/search", "/api/v1/search", "/listings/"])
def test_the_same_filter_names_and_values_everywhere(client, path):
    """Each filter narrows the results on every path to what it names, whatever its spelling:
    a filter ignored shows everything (or, on a search without words, nothing) and fails."""
    everything, _items = _shown(client, "/listings/", {})
    if path != "/listings/":  # a search lists villages, listings and articles
        from sqlalchemy import func, select

        from cdd_click.extensions import db
        from cdd_click.models import Article, Listing, Village
        everything = sum(db.session.scalar(select(func.count()).select_from(model))
                         for model in (Village, Listing, Article))
    for spellings, holds in FILTERS:
        shown = [_shown(client, path, params) for params in spellings]
        assert len({count for count, _items in shown}) == 1, (path, spellings, shown)
        count, items = shown[0]
        assert 0 < count < everything and items, (path, spellings, count)
        wrong = [item for item in items if not holds(*_item_facts(*item))]
        assert wrong == [], (path, spellings)


def test_near_measures_from_the_place_and_shows_distances(client):
    data = api(client, q="near korat")
    distances = [hit["distance_km"] for hit in data["results"]]
    assert distances == sorted(distances) and data["results"][0]["province"] == "30"
    assert data["understood"]["near"]["text"] == "korat"
    page = client.get("/search?q=near korat").get_data(as_text=True)
    assert "กม." in page and "ใกล้ นครราชสีมา" in page


def test_understanding_can_be_switched_off(shipped_site):
    client = shipped_site.test_client()
    shipped_site.config["SEARCH_UNDERSTANDING"] = False
    try:
        data = api(client, q="โฮมสเตย์ เชียงใหม่")
    finally:
        shipped_site.config["SEARCH_UNDERSTANDING"] = True
    assert data["understood"]["parts"] == [] and data["understood"]["words"]


def test_listings_take_the_same_place_values_as_search(client):
    def count(path: str) -> str:
        page = client.get(path).get_data(as_text=True)
        return re.search(r'class="result-count"[^>]*>([^<]*)', page).group(1)

    assert count("/listings/?district=5803") == "พบ 2 รายการ"  # Pai: Ban Santichon's two
    assert count("/listings/?province=korat") == count("/listings/?province=30")
    assert count("/listings/?province=จ.น่าน") == count("/listings/?province=55")
    search = api(client, district="5803", type="listing")
    assert search["total"] == 2 and {h["province"] for h in search["results"]} == {"58"}


def test_the_api_names_each_understood_filter(client):
    understood = api(client, q="otop products from ratchaburi")["understood"]
    assert understood["kind"] == "otop_product" and understood["province"] == "70"
    assert understood["region"] is None and understood["category"] is None
    understood = api(client, q="ผ้าไหม")["understood"]
    assert understood["category"] == "textile" and understood["words"] == "ผ้าไหม"
