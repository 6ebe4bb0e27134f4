"""Maps in a phone-sized Chromium with the network closed except for this site."""

from __future__ import annotations

import pytest

pytest.importorskip("playwright")
from playwright.sync_api import expect  # noqa: E402

from cdd_click.config import CONTENT_DIR  # noqa: E402

TILE_HOSTS = ("tile.openstreetmap.org",)


def only_tiles_were_asked(page) -> None:
    assert all(any(host in url for host in TILE_HOSTS) for url in page.refused), page.refused


def test_village_map_initialises_with_its_markers(offline_page, live_server):
    page = offline_page
    page.goto(f"{live_server}/villages/ban-nong-bua-nan")
    expect(page.locator("h1")).to_contain_text("บ้านหนองบัว")
    page.locator("iframe.map-frame").scroll_into_view_if_needed()
    frame = page.frame_locator("iframe.map-frame")
    expect(frame.locator(".leaflet-container")).to_be_visible()
    expect(frame.locator(".leaflet-marker-icon")).to_have_count(2)  # the village and its temple
    frame.locator(".leaflet-marker-icon").last.click()
    expect(frame.locator(".leaflet-popup-content a")).to_have_attribute("target", "_top")
    only_tiles_were_asked(page)


def test_province_map_clusters(offline_page, live_server):
    page = offline_page
    page.goto(f"{live_server}/provinces/50")
    page.locator("iframe.map-frame").scroll_into_view_if_needed()
    frame = page.frame_locator("iframe.map-frame")
    expect(frame.locator(".leaflet-container")).to_be_visible()
    expect(frame.locator(".leaflet-marker-icon").first).to_be_visible()
    only_tiles_were_asked(page)


def test_country_map_page(offline_page, live_server):
    page = offline_page
    page.goto(f"{live_server}/map")
    page.locator("iframe.map-frame").scroll_into_view_if_needed()
    frame = page.frame_locator("iframe.map-frame")
    expect(frame.locator(".leaflet-marker-icon").first).to_be_visible()
    villages = len(list((CONTENT_DIR / "villages").glob("*.md")))  # every shipped one is mapped
    # the text alternative lists them a page at a time, and says how many there are
    expect(page.locator("#after-map li")).to_have_count(min(villages, 24))
    expect(page.locator("#after-map h3")).to_contain_text(f"จาก {villages}")
    page.locator('#after-map a[rel="next"]').click()
    expect(page).to_have_url(f"{live_server}/map?page=2")
    expect(page.locator("#after-map li")).to_have_count(min(villages - 24, 24))
    only_tiles_were_asked(page)


def test_keyboard_users_can_skip_the_map(offline_page, live_server):
    page = offline_page
    page.goto(f"{live_server}/villages/ban-mae-kampong")
    page.locator(".skip-map").focus()
    expect(page.locator(".skip-map")).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("#after-map")).to_be_focused()


@pytest.mark.parametrize("path", ["/", "/villages/ban-mae-kampong", "/listings/",
                                  "/listings/phrae-wa-silk-ban-phon", "/articles/what-is-otop",
                                  "/search?q=ผ้าไหม", "/map"])
def test_pages_fit_a_phone_screen(offline_page, live_server, path):
    page = offline_page
    page.goto(f"{live_server}{path}")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    only_tiles_were_asked(page)
