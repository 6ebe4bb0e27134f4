"""The page cache keys on the path and the query parameters a page reads (issue 22, item 13):
random query strings cannot evict real pages, and one page under two spellings is one entry."""

from __future__ import annotations

import pytest

from tests.admin_helpers import build_site

FLOOD = 300  # more than the in-process cache holds (CACHE_THRESHOLD, set low here)


@pytest.fixture
def site(app, content_tree):
    from cdd_click import create_app

    build_site(content_tree)
    small = create_app({**app.config, "CACHE_THRESHOLD": 200})  # the same site, a small cache
    with small.app_context():
        yield small


def test_random_query_strings_leave_real_pages_cached(site):
    assert FLOOD > site.config["CACHE_THRESHOLD"]
    visitor = site.test_client()
    assert visitor.get("/villages/ban-test").headers["X-Page-Cache"] == "miss"
    handled = 0
    for number in range(1, FLOOD + 1):
        flooded = visitor.get(f"/villages/ban-test?x={number}")
        assert flooded.status_code == 200
        handled += "X-Page-Cache" in flooded.headers
    assert visitor.get("/villages/ban-test").headers["X-Page-Cache"] == "hit"
    assert handled == 0  # each was rendered, and neither read nor stored


def test_one_page_under_two_spellings_is_one_entry(site):
    visitor = site.test_client()
    first = visitor.get("/listings/?page=2&kind=otop_product")
    assert first.headers["X-Page-Cache"] == "miss"
    again = visitor.get("/listings/?kind=otop_product&page=2")
    assert again.headers["X-Page-Cache"] == "hit"
    assert again.get_data() == first.get_data()
    # an empty parameter and a default value are the page without them
    assert visitor.get("/listings/").headers["X-Page-Cache"] == "miss"
    for same in ("/listings/?page=1", "/listings/?kind=", "/listings/?stars=&page=1"):
        assert visitor.get(same).headers["X-Page-Cache"] == "hit", same


def test_parameters_a_page_does_not_read_are_never_cached(site):
    visitor = site.test_client()
    for url in ("/?utm_source=line", "/villages/?region=north&x=1", "/articles/?sort=new",
                "/listings/?kind=otop_product&kind=textile", "/villages/ban-test?Page=1"):
        for _ in range(2):
            response = visitor.get(url)
            assert response.status_code == 200, url
            assert "X-Page-Cache" not in response.headers, url  # not even a hit the 2nd time
    # the parameters a page does read still reach it, and are part of the key
    north = visitor.get("/villages/?region=north")
    assert north.headers["X-Page-Cache"] == "miss"
    assert visitor.get("/villages/?region=northeast").headers["X-Page-Cache"] == "miss"
    assert visitor.get("/villages/?region=north").headers["X-Page-Cache"] == "hit"
