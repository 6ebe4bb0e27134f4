"""Reading a query (issue 25, points 3–5): tone marks put back on whole queries, questions read
before filters, misspelt place names. The cases against the shipped content are in
tests/search_cases.py (groups "whole queries typed without tone marks", "questions", "misspelt
place names"); these are the rules, what the page and the API say, and precision over every
shipped title.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from cdd_click.extensions import db
from cdd_click.models import Article, Listing, Village
from cdd_click.search import marks, places, questions
from cdd_click.search.documents import name_keys
from cdd_click.search.understanding import gazetteer, read


def reading(text: str):
    tokens = [(m.group(), m.start(), m.end()) for m in re.finditer(r"[^\s.]+", text)]
    return read(text, tokens, gazetteer())


def test_marks_are_put_back_from_the_name_keeping_the_spaces_typed():
    assert marks.put_marks("บานบางเจาฉา", "บ้านบางเจ้าฉ่า") == "บ้านบางเจ้าฉ่า"
    assert marks.put_marks("ผาไหม นาน", "ผ้าไหมน่าน") == "ผ้าไหม น่าน"
    assert marks.put_marks("บ้านบางเจาฉา", "บ้านบางเจ้าฉ่า") == "บ้านบางเจ้าฉ่า"  # some typed


def test_every_thai_name_key_is_also_indexed_without_its_marks():
    keys = set(name_keys("บ้านบางเจ้าฉ่า", "Ban Bang Chao Cha").split(","))
    assert {"บ้านบางเจ้าฉ่า", "^บานบางเจาฉา", "^บางเจาฉา"} <= keys
    assert marks.toneless_keys({"กาแฟ", "coffee"}) == set()  # nothing to leave out


def test_a_question_is_read_before_filters_and_its_words_are_not_searched():
    otop = reading("OTOP กี่ ดาว")  # cut as the index's analyzer cuts "OTOP กี่ดาว"
    assert otop.question == questions.EXPLAIN and otop.parts == []
    assert otop.words_text == "OTOP ดาว" and otop.asked == ["กี่"]
    assert reading("กี่ ทอผ้า").question is None  # กี่ before no classifier: a loom
    assert reading("อะไร").question is None  # question words alone are searched as typed
    where = reading("โฮมสเตย์ ที่ไหน")
    assert where.question == questions.WHERE and where.filters() == {"kind": "accommodation"}
    stay = reading("where to stay in korat")  # a kind of listing, not a question
    assert stay.question is None
    assert stay.filters() == {"kind": "accommodation", "province": "30"}
    explain = reading("what is otop in chiang mai")
    assert explain.filters() == {} and explain.words_text == "otop chiang mai"


def test_place_names_are_matched_within_a_few_edits_in_both_scripts():
    spelling = places.spelling_of(gazetteer())
    for typed, code in (("khon kean", "40"), ("chaing mai", "50"), ("nakorn ratchasima", "30"),
                        ("chachoengsoa", "24"), ("ขอนแก่ง", "40"), ("เชียงไหม่", "50")):
        found = spelling.closest(typed)
        assert found is not None and found.place.code == code, typed
    for word in ("pottery", "weaving", "homestaay", "coffee", "kampung", "museum"):
        assert spelling.closest(word) is None, word
    assert places.distance("kean", "kaen") == 1 and places.distance("abc", "abc") == 0


@pytest.fixture(scope="module")
def client(shipped_site):
    return shipped_site.test_client()


def api(client, **params) -> dict:
    response = client.get("/api/v1/search", query_string=params)
    assert response.status_code == 200
    return response.get_json()


def test_the_api_says_a_question_was_asked(client):
    assert api(client, q="นวัตวิถี คืออะไร")["understood"]["question"] == "explain"
    assert api(client, q="โฮมสเตย์ ที่ไหน")["understood"]["question"] == "where"
    assert api(client, q="นวัตวิถี")["understood"]["question"] is None


def test_a_misspelt_place_is_searched_and_named(client):
    data = api(client, q="khon kean")
    fix = data["understood"]["corrections"][0]
    assert fix == {"reason": "place", "typed": "khon kean", "used": "Khon Kaen",
                   "applied": True, "guess": True, "label": "Khon Kaen (ขอนแก่น)"}
    assert data["understood"]["filters"] == {"province": "40"}
    page = client.get("/search?q=khon kean").get_data(as_text=True)
    assert "<strong>Khon Kaen</strong>" in page and ": Khon Kaen (ขอนแก่น))" in page


def test_a_misspelt_place_that_finds_nothing_is_offered_by_name(client):
    data = api(client, q="homestay khon kean")  # no homestay in Khon Kaen: only offered
    assert data["suggestion"] == "homestay Khon Kaen"
    assert [c["label"] for c in data["understood"]["corrections"]
            if not c["applied"]] == ["Khon Kaen (ขอนแก่น)"]
    page = client.get("/search?q=homestay khon kean").get_data(as_text=True)
    assert "<strong>homestay Khon Kaen</strong></a> — Khon Kaen (ขอนแก่น)" in page


def test_a_word_typed_without_marks_that_is_a_word_is_only_offered(client):
    data = api(client, q="นาน")  # "long": found as typed; the province is offered
    assert data["suggestion"] == "น่าน" and data["understood"]["corrections"] == []
    assert data["understood"]["filters"] == {}


def test_correct_titles_are_never_corrected(shipped_site, client):
    """Precision: every shipped title, Thai and English, searched as written, is neither
    rewritten as a place nor given tone marks, and comes first."""
    with shipped_site.app_context():
        items = [(f"{kind}:{item.slug}", title) for kind, model in
                 (("village", Village), ("listing", Listing), ("article", Article))
                 for item in db.session.scalars(select(model))
                 for title in (item.title, item.title_en) if title]
    assert len(items) > 500
    for key, title in items:
        data = api(client, q=title)
        reasons = {c["reason"] for c in data["understood"]["corrections"]}
        assert not reasons & {"place", "tone_marks"}, (title, data["understood"])
        if key.startswith(("village", "listing")) and not title.isascii():
            assert [f"{r['type']}:{r['slug']}" for r in data["results"]][:1] == [key], title
