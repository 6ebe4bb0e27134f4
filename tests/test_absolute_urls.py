"""Absolute URLs come from SITE_URL: a forged Host header reaches no page and no cache."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from cdd_click import create_app
from cdd_click.extensions import cache, db
from cdd_click.models import Article, Listing, Village
from tests.admin_helpers import login, make_staff

FORGED = {"Host": "evil.example", "X-Forwarded-Host": "evil.example",
          "X-Forwarded-Proto": "https"}
SITE = "https://click.example.go.th"


def _paths() -> list[str]:
    village = db.session.scalar(select(Village.slug).order_by(Village.slug))
    listing = db.session.scalar(select(Listing.slug).order_by(Listing.slug))
    article = db.session.scalar(select(Article.slug).order_by(Article.slug))
    return ["/", "/en/", f"/villages/{village}", f"/en/villages/{village}",
            f"/listings/{listing}", f"/articles/{article}", f"/villages/{village}/poster",
            f"/listings/{listing}/poster", "/search?q=ผ้าไหม", "/sitemap.xml", "/robots.txt"]


@pytest.mark.parametrize("proxy_fix", [False, True])
def test_a_forged_host_reaches_no_page_and_no_later_visitor(site, proxy_fix):
    app = create_app({**site.config, "SITE_URL": SITE, "PROXY_FIX": proxy_fix})
    with app.app_context():
        paths = _paths()
        attacker, visitor = app.test_client(), app.test_client()
        for path in paths:
            for _ in range(4):
                page = attacker.get(path, headers=FORGED)
                assert page.status_code == 200, path
                assert b"evil.example" not in page.data, path
        for path in paths:
            page = visitor.get(path).get_data(as_text=True)
            assert "evil.example" not in page, path
            assert SITE in page, path
        db.session.remove()


def test_canonical_hreflang_and_og_url_use_site_url(site):
    app = create_app({**site.config, "SITE_URL": SITE + "/"})
    with app.app_context():
        village = _paths()[2]
        page = app.test_client().get(village).get_data(as_text=True)
        assert f'<link rel="canonical" href="{SITE}{village}">' in page
        assert f'hreflang="en" href="{SITE}/en{village}"' in page
        assert f'<meta property="og:url" content="{SITE}{village}">' in page
        db.session.remove()


def _cached_pages() -> int:
    return sum(1 for key in cache.cache._cache if str(key).startswith("page:"))


def test_pages_seen_by_a_signed_in_editor_are_never_cached(site):
    staff = make_staff()
    client = site.test_client()
    login(client, staff["editor"])
    before = _cached_pages()
    assert client.get("/").status_code == 200
    assert client.get(_paths()[2]).status_code == 200
    assert _cached_pages() == before
    site.test_client().get("/")  # an anonymous visitor's page is cached as before
    assert _cached_pages() == before + 1
