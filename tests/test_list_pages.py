"""Public lists a page at a time (issue 25, points 7 and 9): a fixed page size, page 2 really
page 2, every item on exactly one page, rel=prev/next, a count, filters kept in the links, a
page past the end answered with the last page; pages whose HTML does not grow with the site,
and pages whose work does not either (statements counted)."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from sqlalchemy import event

from cdd_click.extensions import db
from tests.list_helpers import (
    KALASIN_TAMBON,
    add_articles,
    add_listings,
    add_villages,
    linked,
)

PER_PAGE = 24


@pytest.fixture
def lists(app):
    app.config["PAGE_CACHE"] = False  # every request rendered: the pages themselves are tested
    return app.test_client()


def html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def normal(url: str) -> str:
    """``url`` with its query parameters in name order (links may name them in any order)."""
    parts = urlsplit(url.replace("&amp;", "&"))
    query = urlencode(sorted(parse_qsl(parts.query)))
    return parts.path + (f"?{query}" if query else "")


def head_links(page: str) -> dict[str, str]:
    head = page.split("</head>", 1)[0]
    return {rel: normal(href)
            for rel, href in re.findall(r'<link rel="(prev|next)" href="([^"]+)">', head)}


def walk(client, url: str, section: str, prefix: str) -> list[list[str]]:
    """Every page of a list, following rel=next from ``url``; the slugs of each page."""
    pages, seen_urls = [], set()
    while url:
        assert url not in seen_urls
        seen_urls.add(url)
        page = html(client, url)
        pages.append(linked(page, section, prefix))
        url = head_links(page).get("next")
    return pages


def assert_partition(pages: list[list[str]], expected: set[str], size: int = PER_PAGE) -> None:
    flat = [slug for page in pages for slug in page]
    assert len(flat) == len(set(flat)), "an item on two pages"
    assert set(flat) == expected, "an item on no page"
    assert all(len(page) == size for page in pages[:-1]) and 0 < len(pages[-1]) <= size


def test_villages_are_paged_and_every_village_is_on_exactly_one_page(lists):
    made = {v.slug for v in add_villages(60)}
    first, second = html(lists, "/villages/"), html(lists, "/villages/?page=2")
    assert linked(first, "villages", "gen") != linked(second, "villages", "gen")
    assert head_links(first) == {"next": "/villages/?page=2"}
    assert head_links(second) == {"prev": "/villages/", "next": "/villages/?page=3"}
    assert 'rel="next" href="/villages/?page=3"' in second  # and in the page's own links
    assert "1–24 จาก 60" in first and "25–48 จาก 60" in second and "หน้า 2 จาก 3" in second
    english = html(lists, "/en/villages/?page=2")
    assert "25–48 of 60" in english and head_links(english)["prev"] == "/en/villages/"
    assert_partition(walk(lists, "/villages/", "villages", "gen"), made)
    assert_partition(walk(lists, "/en/villages/", "villages", "gen"), made)


def test_a_filter_stays_in_the_page_links(lists):
    add_villages(30)  # Chiang Mai: the north
    add_villages(30, tambon=KALASIN_TAMBON, prefix="ks", lat=16.4, lon=103.5)
    north = html(lists, "/villages/?region=north")
    assert head_links(north) == {"next": "/villages/?page=2&region=north"}
    assert "1–24 จาก 30" in north
    assert_partition(walk(lists, "/villages/?region=north", "villages", "gen"),
                     {f"gen-{i}" for i in range(30)})
    assert linked(html(lists, "/villages/?region=north&page=2"), "villages", "ks") == []


@pytest.mark.parametrize("query", ["page=999", "page=0", "page=-1", "page=x", "page=" + "9" * 40])
def test_a_page_out_of_range_is_a_page(lists, query):
    add_villages(30)
    for path in ("/villages/", "/articles/", "/map", "/provinces/50", "/listings/"):
        assert lists.get(f"{path}?{query}").status_code == 200, path
    last = html(lists, "/villages/?page=999")
    assert "25–30 จาก 30" in last and "next" not in head_links(last)


def test_listings_pages_cover_every_listing_once(app, lists):
    village = add_villages(1)[0]
    made = {item.slug for item in add_listings(village, 40)}
    size = app.config["LISTINGS_PER_PAGE"]
    first = html(lists, "/listings/?kind=otop_product")
    assert head_links(first) == {"next": "/listings/?kind=otop_product&page=2"}  # name order
    assert f"1–{size} จาก 40" in first
    assert_partition(walk(lists, "/listings/?kind=otop_product", "listings", "gl"), made, size)


def test_articles_are_paged(lists):
    made = {a.slug for a in add_articles(50)}
    first, second = html(lists, "/articles/"), html(lists, "/articles/?page=2")
    assert linked(first, "articles", "ga") != linked(second, "articles", "ga")
    assert head_links(second) == {"prev": "/articles/", "next": "/articles/?page=3"}
    assert "25–48 จาก 50" in second
    assert_partition(walk(lists, "/articles/", "articles", "ga"), made)
    by_category = html(lists, "/articles/?category=โอทอป")
    assert "category=" in head_links(by_category)["next"]


def test_a_province_pages_its_villages_and_listings(lists):
    villages = add_villages(30)
    listings = {item.slug for item in add_listings(villages[0], 50)}
    first = html(lists, "/provinces/50")
    assert head_links(first) == {"next": "/provinces/50?page=2"}
    assert "1–24 จาก 30" in first and "1–24 จาก 50" in first
    pages = walk(lists, "/provinces/50", "villages", "gen")
    assert_partition([p for p in pages if p], {v.slug for v in villages})
    assert_partition(walk(lists, "/provinces/50", "listings", "gl"), listings)
    # the map's text alternative lists what the page shows, not the whole province
    places = first.split('id="after-map"', 1)[1].split("</ul>", 1)[0]
    assert places.count("<li>") == 2 * PER_PAGE


def test_the_national_maps_text_alternative_is_paged_and_cached(app):
    made = {v.slug for v in add_villages(60)}
    client = app.test_client()
    first = client.get("/map")
    assert first.headers.get("X-Page-Cache") == "miss"
    assert client.get("/map").headers.get("X-Page-Cache") == "hit"
    page = first.get_data(as_text=True)
    assert head_links(page) == {"next": "/map?page=2"} and "1–24 จาก 60" in page
    assert_partition(walk(client, "/map", "villages", "gen"), made)


def test_no_list_page_grows_with_the_site(lists, monkeypatch):
    """The same pages at 60 and at 560 villages (500 more, 300 listings more): every list page
    stays within a few per cent, and a map document holds at most MAX_MARKERS markers (here
    50: places past it are grouped by grid cell)."""
    from cdd_click.maps import render

    monkeypatch.setattr(render, "MAX_MARKERS", 50, raising=False)
    urls = ["/villages/", "/villages/?page=2", "/en/villages/", "/map", "/provinces/50",
            "/listings/", "/articles/"]
    maps = ["/maps/thailand", "/maps/provinces/50"]
    village = add_villages(60)[0]
    add_listings(village, 30)
    add_articles(30)
    small = {url: len(html(lists, url)) for url in urls}
    more = add_villages(500, prefix="more", lat=17.0, lon=98.6)
    add_listings(more[0], 300, prefix="ml")
    large = {url: len(html(lists, url)) for url in urls}
    for url in urls:
        assert large[url] < small[url] * 1.1 + 2000, (url, small[url], large[url])
    for url in maps:
        document = html(lists, url)
        rows = re.search(r"var rows = (\[.*?\]);\n", document, re.S).group(1)
        assert 10 < rows.count("],[") + 1 <= 50 and len(document) < 50 * 300 + 8000


def statements(client, url: str) -> list[str]:
    seen: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return seen


def test_the_home_page_reads_three_articles_whatever_their_number(lists):
    add_articles(40)
    asked = statements(lists, "/")
    articles = [s for s in asked if re.match(r"SELECT article\.", s)]
    assert len(articles) == 1 and "LIMIT" in articles[0]
    add_articles(40, prefix="gb")
    assert len(statements(lists, "/")) == len(asked)


def test_a_province_page_asks_once_for_its_villages_and_once_for_its_listings(lists):
    add_listings(add_villages(30)[0], 30)
    asked = statements(lists, "/provinces/50")
    assert len([s for s in asked if s.startswith("SELECT village.")]) == 1
    assert len([s for s in asked if s.startswith("SELECT listing.")]) == 1
    assert not any("COLLATE" in s for s in asked)


def test_the_national_map_is_stamped_by_the_content_version_not_a_scan(lists):
    add_villages(30)
    assert "/villages/gen-29" in html(lists, "/maps/thailand")
    again = statements(lists, "/maps/thailand")
    assert not any("village" in s for s in again), again  # a cache hit reads no village
    add_villages(1, prefix="late")
    assert "/villages/late-0" in html(lists, "/maps/thailand")  # a change is seen at once


def test_a_lists_total_is_counted_once_per_content_version(lists):
    add_villages(60)
    first = [s for s in statements(lists, "/villages/") if s.startswith("SELECT village.")]
    assert len(first) == 1 and "count(*)" in first[0]
    second = [s for s in statements(lists, "/villages/?page=2")
              if s.startswith("SELECT village.")]
    assert len(second) == 1 and "count(*)" not in second[0]  # the total was kept
    add_villages(1, prefix="late")  # a change: counted afresh
    assert "25–48 จาก 61" in html(lists, "/villages/?page=2")


def test_counts_over_every_item_are_made_once_per_content_version(lists):
    """Home's kinds and categories, the provinces of the filters and of /map: the GROUP BY over
    every published item runs once per change of content, not on every page rendered."""
    village = add_villages(3)[0]
    add_listings(village, 5)
    assert any("GROUP BY" in s for s in statements(lists, "/"))
    for url in ("/", "/listings/", "/map"):
        assert not any("GROUP BY" in s for s in statements(lists, url)), url
    add_listings(village, 2, prefix="late")  # a change: counted afresh
    assert any("GROUP BY" in s for s in statements(lists, "/"))
    from cdd_click import catalog

    assert catalog.kind_counts()["otop_product"] == 7
    assert catalog.regions_with_content()["north"][0].listings == 7
