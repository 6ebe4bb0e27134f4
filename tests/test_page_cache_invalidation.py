"""A publish reaches anonymous visitors at once, through the page cache (issue 22, item 14).

Signed-in requests bypass the cache, so the editor publishes with a client of their own while an
anonymous visitor (whose pages are served from the cache) looks at the site.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from cdd_click.extensions import db
from cdd_click.models import Listing, Village
from tests.admin_helpers import build_site, edit_data, login, token

PAGES = ("/villages/ban-test", "/villages/", "/listings/test-coffee", "/listings/")


@pytest.fixture
def site(app, content_tree):
    build_site(content_tree)
    return app


def seen(visitor, url: str) -> tuple[int, str, str]:
    response = visitor.get(url)
    return (response.status_code, response.headers.get("X-Page-Cache", ""),
            response.get_data(as_text=True))


def cache_the_pages(visitor) -> None:
    for url in PAGES:
        assert seen(visitor, url)[:2] == (200, "miss"), url
        status, state, body = seen(visitor, url)
        assert (status, state) == (200, "hit"), url
        assert "บ้านทดสอบ" in body, url


def test_an_anonymous_visitor_sees_a_published_title_at_once(site):
    visitor, editor = site.test_client(), site.test_client()
    cache_the_pages(visitor)
    login(editor, "cm@cdd.go.th")
    village = db.session.scalar(select(Village.id).where(Village.slug == "ban-test"))
    url = f"/admin/villages/{village}/edit"
    assert editor.post(url, data=edit_data(editor, url, title="บ้านเปลี่ยนชื่อใหม่")).status_code \
        == 303
    for page in PAGES:  # the village's page, the list, its listing and the listings list
        status, state, body = seen(visitor, page)
        assert (status, state) == (200, "miss"), page
        assert "บ้านเปลี่ยนชื่อใหม่" in body, page  # a page cached before has the old name only
        if page == PAGES[0]:
            assert re.search(r"<h1[^>]*>(.*?)</h1>", body, re.S).group(1) == "บ้านเปลี่ยนชื่อใหม่"
        assert seen(visitor, page)[:2] == (200, "hit"), page


def test_an_anonymous_visitor_no_longer_sees_an_unpublished_listing(site):
    visitor, editor = site.test_client(), site.test_client()
    cache_the_pages(visitor)
    login(editor, "cm@cdd.go.th")
    listing = db.session.scalar(select(Listing).where(Listing.slug == "test-coffee"))
    base = f"/admin/listings/{listing.id}"
    response = editor.post(f"{base}/status/draft", data={
        "csrf_token": token(editor, f"{base}/edit"), "version": listing.version})
    assert response.status_code == 303
    assert seen(visitor, "/listings/test-coffee")[0] == 404
    status, state, body = seen(visitor, "/listings/")
    assert (status, state) == (200, "miss") and "กาแฟทดสอบ" not in body
    status, state, body = seen(visitor, "/villages/ban-test")
    assert (status, state) == (200, "miss") and "กาแฟทดสอบ" not in body
