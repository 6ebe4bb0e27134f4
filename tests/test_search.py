"""Thai search: the query table, the JSON shape, odd input, facets, completion and index upkeep."""

from __future__ import annotations

import logging
import math
import os
import shutil
from urllib.parse import parse_qsl

import pytest
from search_cases import CASES
from sqlalchemy import select

from cdd_click import search
from cdd_click.content import load_content
from cdd_click.extensions import db
from cdd_click.models import Village
from cdd_click.search import thai


def run(client, query: str) -> dict:
    text, _, filters = query.partition("&")
    params = {"q": text, **dict(parse_qsl(filters))}
    response = client.get("/api/v1/search", query_string=params)
    assert response.status_code == 200
    return response.get_json()


def keys(data: dict) -> list[str]:
    return [f"{r['type']}:{r['slug']}" for r in data["results"]]


def check(client, query: str, expectation: tuple) -> None:
    """Assert one table case (also used by bench/analyzer_swap.py through ``case_passes``)."""
    data = run(client, query)
    kind, *args = expectation
    if kind == "top":
        assert keys(data)[:1] == [args[0]], keys(data)
    elif kind == "in":
        assert args[0] in keys(data)[: args[1]], keys(data)
    elif kind == "all_in":
        assert data["results"]
        for r in data["results"]:
            assert args[0] in (r["title"] + r["snippet"] + r["title_en"]).lower(), r
    elif kind == "same_top":
        assert keys(data)[: args[1]] == keys(run(client, args[0]))[: args[1]]
        assert keys(data)
    elif kind == "suggest":
        assert data["suggestion"] == args[0]
    elif kind == "no_suggestion":
        assert data["suggestion"] is None and data["total"] > 0
        assert not data["understood"]["corrections"], data["understood"]
    elif kind == "total":
        assert data["total"] == args[0], (data["total"], keys(data))
    elif kind == "distance":
        check_distance(client, data, *args)
    else:
        check_understanding(data, kind, args)


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle km, written out here so the test does not trust the code it checks."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def check_distance(client, data: dict, key: str, town: tuple[float, float]) -> None:
    """``key`` is on the first page and its distance is within 10 % of the great-circle
    distance from ``town`` (a town centre, written down independently of the code) to the
    item's own coordinates (the item API)."""
    found = {f"{r['type']}:{r['slug']}": r for r in data["results"]}
    assert key in found, keys(data)
    type_, slug = key.split(":")
    item = client.get(f"/api/v1/items/{type_}s/{slug}").get_json()
    real = haversine_km(town, (item["lat"], item["lon"]))
    assert found[key]["distance_km"] == pytest.approx(real, rel=0.10), \
        (key, found[key]["distance_km"], round(real, 1), data["understood"]["near"])


def check_understanding(data: dict, kind: str, args: list) -> None:
    """The expectations about how a query was read (see tests/search_cases.py)."""
    understood = data["understood"]
    if kind == "applied":
        reason, text = args
        assert {(c["reason"], c["used"]) for c in understood["corrections"]
                if c["applied"]} >= {(reason, text)}, understood["corrections"]
        assert data["total"] > 0
    elif kind == "every":
        assert data["results"], understood
        for hit in data["results"]:
            assert {name: hit[name] for name in args[0]} == args[0], (hit["slug"], understood)
    elif kind == "understood":
        expected = dict(args[0])
        near = expected.pop("near", None)
        assert understood["filters"] == expected, understood
        if near:
            assert understood["near"] and understood["near"]["text"] == near, understood
    else:
        check_order(data, kind, args)


def check_order(data: dict, kind: str, args: list) -> None:
    """Expectations about the order of results and about queries that find (almost) nothing."""
    understood = data["understood"]
    if kind == "order":
        found = keys(data)
        positions = [found.index(key) for key in args[0] if key in found]
        assert len(positions) == len(args[0]) and positions == sorted(positions), found
        assert data["total"] > 10, data["total"]  # an order among many, not a short list
    elif kind == "villages_first":
        types = [r["type"] for r in data["results"]]
        villages = sum(1 for r in data["results"] if r["type"] == "village")
        assert data["total"] > args[0] and types[:villages] == ["village"] * villages, types
        assert villages, types
    elif kind == "by_distance":
        distances = [r["distance_km"] for r in data["results"]]
        assert distances and None not in distances and distances == sorted(distances), distances
        assert data["results"][0]["province"] == args[0], keys(data)
    elif kind == "near_point":
        near = understood["near"]
        assert near, understood
        assert haversine_km((near["lat"], near["lon"]), args[0]) <= args[1], near
    elif kind == "nearby":
        offered = [s["params"]["province"] for s in data["next_steps"]
                   if s["reason"] == "nearby_province"]
        assert offered[:len(args[0])] == args[0] and not set(offered) & set(args[1]), offered
    elif kind == "partial":
        assert data["total"] and not understood["all_words"], understood
        assert understood["dropped"] == args[0], understood
    elif kind == "none":
        assert data["total"] == 0 and not data["results"]
        assert {step["reason"] for step in data["next_steps"]} >= set(args[0]), data["next_steps"]
    else:
        raise AssertionError(f"unknown expectation {kind}")


@pytest.fixture(scope="module")
def shipped_client(shipped_site):
    return shipped_site.test_client()


def test_the_table_has_at_least_40_cases():
    assert len(CASES) >= 40


@pytest.mark.parametrize(("query", "expectation"), CASES, ids=[c[0] or "empty" for c in CASES])
def test_search_table(shipped_client, query, expectation):
    check(shipped_client, query, expectation)


def test_json_shape(shipped_client):
    data = run(shipped_client, "แม่กำปอง")
    assert set(data) >= {"query", "total", "page", "results", "facets", "suggestion"}
    assert data["query"] == "แม่กำปอง" and data["page"] == 1 and data["total"] >= 5
    first = data["results"][0]
    assert set(first) >= {"type", "slug", "title", "title_en", "url", "snippet", "kind", "province"}
    assert first["url"] == "/villages/ban-mae-kampong"
    assert first["province"] == "50"
    assert "<mark>แม่กำปอง</mark>" in first["snippet"]
    assert set(data["facets"]) == {"type", "kind", "province", "category", "stars"}


def test_facet_counts_add_up_and_filters_combine(shipped_client):
    # words, not a category: "ผ้า" alone is read as the textile category, listings only, which
    # would leave a type filter nothing to narrow
    data = run(shipped_client, "ทอผ้า")
    assert sum(data["facets"]["type"].values()) == data["total"]
    listings = data["facets"]["type"]["listing"]
    assert 0 < listings < data["total"]  # so an ignored type filter cannot pass
    narrowed = run(shipped_client, "ทอผ้า&type=listing")
    assert narrowed["total"] == listings
    assert narrowed["results"] and all(r["type"] == "listing" for r in narrowed["results"])
    both = run(shipped_client, "ทอผ้า&type=listing&province=46")
    assert both["total"] >= 1
    assert all(r["province"] == "46" for r in both["results"])


def test_empty_query_with_filter_lists_everything_filtered(shipped_client):
    data = run(shipped_client, "&kind=accommodation")
    assert data["total"] == data["facets"]["kind"]["accommodation"]
    assert data["results"] and all(r["kind"] == "accommodation" for r in data["results"])


def test_empty_query_without_filters_gives_facets_and_no_results(shipped_client):
    data = run(shipped_client, "")
    assert data["total"] == 0 and data["results"] == []
    assert data["facets"]["type"]["village"] == 79


def test_pagination(shipped_client):
    first = shipped_client.get("/api/v1/search?q=ชุมชน&page=1").get_json()
    second = shipped_client.get("/api/v1/search?q=ชุมชน&page=2").get_json()
    assert first["page"] == 1 and second["page"] == 2
    assert not set(keys(first)) & set(keys(second))
    beyond = shipped_client.get("/api/v1/search?q=ชุมชน&page=999").get_json()
    assert beyond["page"] == beyond["pages"] and beyond["results"]


def test_sort_newest_and_nearest(shipped_client):
    newest = run(shipped_client, "&type=article&sort=newest")
    assert newest["results"][0]["slug"] == "community-enterprise"  # published 2026-11-21
    near = run(shipped_client, "ผ้า&sort=nearest&lat=16.37&lon=103.78")  # Ban Phon, Kalasin
    assert near["results"][0]["province"] == "46"


@pytest.mark.parametrize(
    "raw",
    ['"unbalanced', "*", "?", "AND OR NOT (", "title:x", "a" * 1000, "ก" * 1000, "😀🙏",
     "   ", "%FF%FE", "\x00\x01", "<script>alert(1)</script>", "'; DROP TABLE village;--",
     "แม่กำปอง" * 200],
)
def test_odd_queries_return_a_page(shipped_client, raw):
    page = shipped_client.get("/search", query_string={"q": raw})
    assert page.status_code == 200
    assert "<script>alert(1)" not in page.get_data(as_text=True)
    api = shipped_client.get("/api/v1/search", query_string={"q": raw, "page": "x"})
    assert api.status_code == 200
    assert len(api.get_json()["query"]) <= 200


def test_invalid_utf8_and_odd_parameters(shipped_client):
    for url in ("/search?q=%FF%FE%FD", "/search?q=ok&page=-3", "/search?q=ok&page=99999999",
                "/api/v1/search?q=%C3%28&stars=9&type=bogus&sort=weird&lat=500&lon=x",
                "/api/v1/suggest?q=%FF", "/api/v1/suggest?q="):
        assert shipped_client.get(url).status_code == 200, url


def test_search_page_shows_results_snippets_facets_and_suggestion(shipped_client):
    page = shipped_client.get("/search?q=แม่กำปอฃ").get_data(as_text=True)
    assert "แสดงผลของ" in page and "<strong>แม่กำปอง</strong>" in page  # found nothing as typed
    assert "literal=1" in page  # and the query as typed is one tap away
    page = shipped_client.get("/search?q=แม่กำปอฃ&literal=1").get_data(as_text=True)
    assert "คุณหมายถึง" in page and "แม่กำปอง" in page
    page = shipped_client.get("/search?q=ผ้าไหม").get_data(as_text=True)
    assert "<mark>ผ้าไหม</mark>" in page
    assert "ประเภทเนื้อหา" in page and "จังหวัด" in page
    page = shipped_client.get("/search?q=ผ้าไหมแพรวา").get_data(as_text=True)
    assert 'href="/listings/phrae-wa-silk-ban-phon"' in page


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [("แม่ก", "บ้านแม่กำปอง"), ("แม่กำป", "บ้านแม่กำปอง"), ("ผ้าไหมมัดห", "ผ้าไหมมัดหมี่"),
     ("เกาะเก", "เกาะเกร็ด"), ("mae k", "บ้านแม่กำปอง"), ("คีรี", "บ้านคีรีวง")],
)
def test_autocomplete_completes_mid_word_prefixes(shipped_client, prefix, expected):
    data = shipped_client.get("/api/v1/suggest", query_string={"q": prefix}).get_json()
    titles = [t["title"] for t in data["titles"]]
    assert any(expected in title for title in titles), titles
    assert all(t["url"].startswith("/") for t in data["titles"])


def test_autocomplete_offers_words(shipped_client):
    data = shipped_client.get("/api/v1/suggest?q=แม่ก").get_json()
    assert "แม่กำปอง" in data["terms"]


def test_search_box_is_wired_to_autocomplete(shipped_client):
    home = shipped_client.get("/").get_data(as_text=True)
    assert 'data-suggest="/api/v1/suggest"' in home and "js/search.js" in home


def test_sub_word_matching_costs_little_precision(shipped_client):
    """Results found through syllables still contain the query as typed."""
    total = relevant = 0
    for query in ("ไหม", "แพรวา", "กำปอง", "ชุมชน", "ยกทอง", "จักสาน", "มะพร้าว", "คราม"):
        for result in run(shipped_client, query)["results"]:
            total += 1
            relevant += query in result["title"] + result["snippet"]
    assert relevant / total >= 0.9


def test_dictionary_holds_place_and_content_names(shipped_site):
    words = set(thai.dictionary_words(["บ้านแม่กำปอง", "ผ้าไหมแพรวา บ้านโพน"]))
    assert {"แม่กำปอง", "ผ้าไหมแพรวา", "โพน", "นวัตวิถี", "โอทอป"} <= words
    assert "บ้าน" in words  # from the standard list


def test_normalisation_fixes_zero_width_and_doubled_marks():
    assert thai.normalize("แม่\u200bกำปอง") == "แม่กำปอง"
    assert thai.normalize("เเม่กำปอง") == "แม่กำปอง"
    assert thai.normalize("แม่่กำปอง") == "แม่กำปอง"


def test_normalised_query_finds_the_village(shipped_client):
    assert keys(run(shipped_client, "เเม่\u200bกำปอง"))[0] == "village:ban-mae-kampong"


# -- the index never lies -------------------------------------------------------------------

def test_content_load_updates_the_index(app, runner, content_tree):
    content_tree.village(title="บ้านผาหมีทดสอบ")
    result = runner.invoke(args=["content", "load", str(content_tree.root)])
    assert result.exit_code == 0, result.output
    assert "search index: 1 documents" in result.output
    assert keys(run(app.test_client(), "ผาหมี")) == ["village:ban-test"]
    content_tree.village(title="บ้านดอยตุงทดสอบ")
    runner.invoke(args=["content", "load", str(content_tree.root)])
    client = app.test_client()
    assert run(client, "ผาหมี")["total"] == 0
    assert [r["title"] for r in run(client, "ดอยตุง")["results"]] == ["บ้านดอยตุงทดสอบ"]


def test_unpublished_content_is_not_indexed(app, content_tree):
    content_tree.village()
    content_tree.village("ban-draft", title="บ้านร่างทดสอบ", status="draft")
    load_content(content_tree.root)
    search.rebuild_index()
    client = app.test_client()
    assert run(client, "ร่างทดสอบ")["total"] == 0
    assert run(client, "บ้านทดสอบ")["total"] == 1


def test_rebuild_swaps_in_a_complete_new_index(app, content_tree):
    content_tree.village()
    load_content(content_tree.root)
    search.rebuild_index()
    index = app.extensions["cdd_search"]
    first = index.live_dir()
    with index.searcher() as searcher:
        before = searcher.doc_count()
        search.rebuild_index()
        # the old searcher keeps reading its complete index while the new one is swapped in
        assert searcher.doc_count() == before == 1
    assert index.live_dir() != first
    assert os.path.islink(index.root / "current")
    assert run(app.test_client(), "บ้านทดสอบ")["total"] == 1


def test_missing_index_is_rebuilt_from_the_database(app, content_tree, caplog):
    content_tree.village()
    load_content(content_tree.root)
    shutil.rmtree(app.config["SEARCH_INDEX_DIR"], ignore_errors=True)
    with caplog.at_level(logging.WARNING, logger="cdd_click.search"):
        assert run(app.test_client(), "บ้านทดสอบ")["total"] == 1
    assert "rebuilding from the database" in caplog.text


def test_corrupt_index_is_rebuilt_from_the_database(app, content_tree, caplog):
    content_tree.village()
    load_content(content_tree.root)
    search.rebuild_index()
    live = app.extensions["cdd_search"].live_dir()
    for path in live.glob("*.toc"):
        path.write_bytes(b"garbage")
    fresh = app.extensions["cdd_search"].__class__(app.config["SEARCH_INDEX_DIR"])
    app.extensions["cdd_search"] = fresh  # a new worker process opening the broken index
    with caplog.at_level(logging.WARNING, logger="cdd_click.search"):
        assert run(app.test_client(), "บ้านทดสอบ")["total"] == 1
    assert "rebuilding" in caplog.text


def test_index_commands(runner, app, content_tree):
    content_tree.village()
    load_content(content_tree.root)
    result = runner.invoke(args=["index", "rebuild"])
    assert result.exit_code == 0 and "search index: 1 documents" in result.output
    status = runner.invoke(args=["index", "status"])
    assert "documents: 1" in status.output
    assert db.session.scalar(select(Village.slug)) == "ban-test"
