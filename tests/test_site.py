"""Findable and shareable: titles, canonical and alternate links, Open Graph, JSON-LD, sitemap,
robots.txt, share buttons, QR posters, manifest and service worker."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest


def ld(page: str) -> dict:
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page,
                                re.S).group(1))


PAGES = ["/", "/villages/", "/villages/ban-mae-kampong", "/listings/",
         "/listings/phrae-wa-silk-ban-phon", "/articles/", "/articles/what-is-otop",
         "/provinces/50", "/map", "/search?q=ผ้าไหม"]


def test_titles_and_descriptions_are_unique(site_client):
    seen_titles, seen_descriptions = set(), set()
    for url in PAGES + ["/en" + url for url in PAGES]:
        page = site_client.get(url).get_data(as_text=True)
        title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
        description = re.search(r'<meta name="description" content="([^"]*)"', page).group(1)
        assert title not in seen_titles, url
        seen_titles.add(title)
        if "/search" not in url:
            assert description, url
        seen_descriptions.add(description)
    assert len(seen_descriptions) >= len(PAGES)


@pytest.mark.parametrize(("url", "kind"), [
    ("/villages/ban-mae-kampong", "TouristAttraction"),
    ("/listings/ban-chiang-national-museum", "TouristAttraction"),
    ("/listings/phrae-wa-silk-ban-phon", "Product"),
    ("/listings/mae-kampong-homestay", "LodgingBusiness"),
    ("/articles/what-is-otop", "Article"),
])
def test_json_ld_by_type(site_client, url, kind):
    data = ld(site_client.get(url).get_data(as_text=True))
    assert data["@context"] == "https://schema.org" and data["@type"] == kind
    assert data.get("name") or data.get("headline")
    assert data["url"].endswith(url)


def test_product_carries_its_otop_level(app, content_tree):
    from cdd_click.content import load_content

    content_tree.village()
    content_tree.listing(otop_stars=5)
    load_content(content_tree.root)
    data = ld(app.test_client().get("/listings/test-coffee").get_data(as_text=True))
    assert data["additionalProperty"]["value"] == 5


def test_open_graph_and_twitter_cards(site_client):
    page = site_client.get("/villages/ban-mae-kampong").get_data(as_text=True)
    for tag in ('property="og:title"', 'property="og:description"', 'property="og:image"',
                'property="og:url"', 'name="twitter:card" content="summary_large_image"'):
        assert tag in page
    assert 'rel="canonical" href="http://localhost/villages/ban-mae-kampong"' in page


SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def _sitemap_locations(client) -> list[str]:
    """Every <loc> of every file the sitemap index lists (each file fetched and parsed)."""
    index = client.get("/sitemap.xml")
    assert index.mimetype == "application/xml"
    files = [loc.text for loc in ET.fromstring(index.data).findall("s:sitemap/s:loc", SITEMAP_NS)]
    assert files and all(url.startswith("http://localhost/sitemaps/") for url in files)
    locations = []
    for url in files:
        response = client.get(url.removeprefix("http://localhost"))
        assert response.status_code == 200 and response.mimetype == "application/xml"
        locations += [loc.text for loc in ET.fromstring(response.data).findall("s:url/s:loc",
                                                                                  SITEMAP_NS)]
    return locations


def test_sitemap_lists_both_languages(site_client):
    locations = set(_sitemap_locations(site_client))
    assert "http://localhost/villages/ban-mae-kampong" in locations
    assert "http://localhost/en/villages/ban-mae-kampong" in locations
    assert "http://localhost/en/articles/what-is-otop" in locations
    assert "http://localhost/provinces/50" in locations
    assert not any("/admin" in loc for loc in locations)


def test_sitemap_is_split_into_files_of_a_fixed_size(site, site_client, monkeypatch):
    """However large the site, each sitemap file lists at most SITEMAP_CHUNK items (so a request
    does the same work at 50,000 items): every published page appears once per language."""
    from sqlalchemy import func, select

    from cdd_click import catalog, seo
    from cdd_click.extensions import db

    site.config["PAGE_CACHE"] = False
    monkeypatch.setattr(seo, "SITEMAP_CHUNK", 3)
    listings = db.session.scalar(select(func.count()).select_from(
        catalog.published_listings().subquery()))
    assert listings > 6
    files = ET.fromstring(site_client.get("/sitemap.xml").data).findall("s:sitemap/s:loc",
                                                                        SITEMAP_NS)
    listing_files = [loc.text for loc in files if "/sitemaps/listings-" in loc.text]
    assert len(listing_files) == -(-listings // 3)
    for url in listing_files:
        page = ET.fromstring(site_client.get(url.removeprefix("http://localhost")).data)
        assert len(page.findall("s:url", SITEMAP_NS)) <= 3 * 2
    locations = _sitemap_locations(site_client)
    assert len(locations) == len(set(locations))
    thai_listings = [loc for loc in locations if loc.startswith("http://localhost/listings/")
                     and loc != "http://localhost/listings/"]
    assert len(thai_listings) == listings
    for missing in ("/sitemaps/listings-999.xml", "/sitemaps/listings-0.xml",
                    "/sitemaps/photos-1.xml", "/sitemaps/listings-x.xml"):
        assert site_client.get(missing).status_code == 404, missing


def test_robots(site_client):
    text = site_client.get("/robots.txt").get_data(as_text=True)
    assert "User-agent: *" in text and "Sitemap: http://localhost/sitemap.xml" in text


def test_share_buttons_and_qr_poster(site_client):
    page = site_client.get("/listings/phrae-wa-silk-ban-phon").get_data(as_text=True)
    assert ("https://social-plugins.line.me/lineit/share?url=http%3A//localhost/listings/"
            "phrae-wa-silk-ban-phon") in page
    assert 'class="secondary copy-link" data-url="http://localhost/listings/' in page
    poster = site_client.get("/listings/phrae-wa-silk-ban-phon/poster").get_data(as_text=True)
    assert 'class="qr"' in poster and "<svg viewBox=" in poster
    assert "ผ้าไหมแพรวาบ้านโพน" in poster
    assert "http://localhost/listings/phrae-wa-silk-ban-phon" in poster
    assert site_client.get("/villages/ban-mae-kampong/poster").status_code == 200
    assert site_client.get("/villages/nope/poster").status_code == 404


def test_qr_code_encodes_the_page_url():
    import segno

    from cdd_click.posters import qr_svg

    url = "https://click.example/villages/ban-mae-kampong"
    svg = str(qr_svg(url))
    assert svg.startswith('<svg viewBox="0 0 ') and 'class="qr"' in svg
    same = segno.make(url, error="m")
    assert svg == same.svg_inline(scale=10, dark="#0a3d2c", light="#ffffff", border=2,
                                  svgclass="qr", lineclass=None, omitsize=True)
    other = segno.make(url + "x", error="m").svg_inline(scale=10, border=2, svgclass="qr")
    assert svg != other
    # dark modules in the site's green on a white quiet zone, so phone cameras read it
    assert 'stroke="#0a3d2c"' in svg and 'fill="#fff"' in svg


def test_manifest_and_service_worker(site_client):
    manifest = site_client.get("/manifest.webmanifest")
    assert manifest.mimetype == "application/manifest+json"
    data = manifest.get_json()
    assert data["display"] == "standalone" and {i["sizes"] for i in data["icons"]} == {
        "192x192", "512x512"}
    for icon in data["icons"]:
        assert site_client.get(icon["src"]).status_code == 200
    worker = site_client.get("/sw.js")
    assert worker.headers["Service-Worker-Allowed"] == "/"
    script = worker.get_data(as_text=True)
    allowed = re.search(r"var PUBLIC = /(.*)/;", script).group(1)  # only public paths cached
    assert "villages" in allowed and "admin" not in allowed and "api" not in allowed
    assert "/offline" in script
    assert site_client.get("/offline").status_code == 200
