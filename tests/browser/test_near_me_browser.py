"""The "ใกล้ฉัน / near me" button (templates/_near_me.html, static/js/nearme.js): it asks for the
location only when tapped, opens /search sorted by distance with the page's filters and the
position rounded to about 100 m, falls back with a message when the location is refused, and is
a tap target of at least 44 × 44 CSS px."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest

pytest.importorskip("playwright")
from playwright.sync_api import expect  # noqa: E402

PHONE = {"width": 390, "height": 844}
# West of Ban Mae Kampong, Chiang Mai (about 23 km); sent as 18.86 / 99.13 (3 decimals).
MAE_KAMPONG = {"latitude": 18.86042, "longitude": 99.12961}
# Counts every geolocation request, across navigations, in the test (window.nearMeAsked).
COUNT_CALLS = """
(() => {
  const geo = navigator.geolocation;
  if (!geo) { return; }
  for (const name of ["getCurrentPosition", "watchPosition"]) {
    const original = geo[name].bind(geo);
    geo[name] = function (...args) { window.nearMeAsked(name); return original(...args); };
  }
})();
"""
DISTANCE = re.compile(r"([\d.,]+)\s*กม\.")


@pytest.fixture
def visitor(browser, live_server):
    """Opens a phone-size page whose location is granted or not; records every request URL and
    every geolocation call, and refuses every request that would leave 127.0.0.1."""
    contexts = []

    def open_page(granted: bool, locale: str = "th-TH"):
        context = browser.new_context(
            viewport=PHONE, locale=locale, service_workers="block", geolocation=MAE_KAMPONG,
            permissions=["geolocation"] if granted else [])
        if not granted:
            context.clear_permissions()
        contexts.append(context)
        page = context.new_page()
        page.requests, page.asked, page.refused = [], [], []
        page.on("request", lambda request: page.requests.append(request.url))

        def only_local(route):
            if urlparse(route.request.url).hostname == "127.0.0.1":
                route.continue_()
            else:
                page.refused.append(route.request.url)
                route.abort()

        context.route("**/*", only_local)
        def asked(name: str) -> None:
            page.asked.append(name)

        page.expose_function("nearMeAsked", asked)
        page.add_init_script(COUNT_CALLS)
        return page

    yield open_page
    for context in contexts:
        context.close()


def distances(page) -> list[float | None]:
    """Each hit's distance in km, as its badge shows it (None where it shows none)."""
    found = []
    for text in page.locator(".hit .badge").all_text_contents():
        match = DISTANCE.search(text)
        found.append(float(match.group(1).replace(",", "")) if match else None)
    return found


def tap_near_me(page):
    button = page.get_by_role("button", name="ใกล้ฉัน")
    expect(button).to_be_visible()
    button.click()
    expect(page).to_have_url(re.compile(r"/search\?"))
    return parse_qs(urlparse(page.url).query)


def assert_sorted_by_distance(page, nearest_within_km: float):
    expect(page.locator(".hit").first).to_be_visible()
    shown = distances(page)
    assert shown[0] is not None and shown[0] < nearest_within_km, shown
    known = [km for km in shown if km is not None]
    assert known == sorted(known), shown
    assert None not in shown[:len(known)], shown  # places without a location come last


def assert_location_only_in_the_search_url(page, live_server):
    sent = [url for url in page.requests if "18.86" in url or "99.13" in url]
    assert sent and all(url.startswith(f"{live_server}/search?") for url in sent), sent
    assert not any("18.860" in url or "99.129" in url for url in page.requests)  # rounded
    assert page.refused == []


def test_granted_on_listings_opens_search_by_distance_with_the_filters(visitor, live_server):
    page = visitor(granted=True)
    page.goto(f"{live_server}/listings/?kind=accommodation")
    args = tap_near_me(page)
    assert urlparse(page.url).path == "/search"
    assert args["sort"] == ["nearest"]
    assert args["lat"] == ["18.86"] and args["lon"] == ["99.13"]
    assert args["type"] == ["listing"] and args["kind"] == ["accommodation"]
    assert "page" not in args and "q" not in args
    assert_sorted_by_distance(page, nearest_within_km=50)
    assert_location_only_in_the_search_url(page, live_server)


def test_granted_on_home_shows_the_nearest_places_first(visitor, live_server):
    page = visitor(granted=True)
    page.goto(f"{live_server}/")
    args = tap_near_me(page)
    assert urlparse(page.url).path == "/search"
    assert args == {"lat": ["18.86"], "lon": ["99.13"], "sort": ["nearest"]}
    assert_sorted_by_distance(page, nearest_within_km=30)
    assert_location_only_in_the_search_url(page, live_server)


def test_villages_of_a_region_keep_the_region(visitor, live_server):
    page = visitor(granted=True)
    page.goto(f"{live_server}/villages/?region=north")
    args = tap_near_me(page)
    assert args["type"] == ["village"] and args["region"] == ["north"]
    assert args["sort"] == ["nearest"] and args["lat"] == ["18.86"]


def test_english_pages_stay_in_english(visitor, live_server):
    page = visitor(granted=True, locale="en-US")
    page.goto(f"{live_server}/en/listings/?kind=accommodation&page=2")
    expect(page.locator("button.near-me")).to_be_visible()
    page.locator("button.near-me").click()
    expect(page).to_have_url(re.compile(r"/en/search\?"))
    args = parse_qs(urlparse(page.url).query)
    assert args["kind"] == ["accommodation"] and args["sort"] == ["nearest"]
    assert "page" not in args


def test_denied_explains_and_stays_on_the_page(visitor, live_server):
    page = visitor(granted=False)
    url = f"{live_server}/listings/?kind=accommodation"
    page.goto(url)
    button = page.get_by_role("button", name="ใกล้ฉัน")
    button.click()
    status = page.locator(".near-me-status")
    expect(status).to_contain_text("ไม่ได้รับอนุญาตให้ใช้ตำแหน่ง")
    expect(status).to_have_attribute("role", "status")
    assert page.url == url
    expect(button).to_be_visible()
    expect(button).to_be_enabled()
    button.click()  # still usable: asks again, says so again
    expect(status).to_contain_text("ไม่ได้รับอนุญาตให้ใช้ตำแหน่ง")
    assert page.url == url
    assert page.asked == ["getCurrentPosition", "getCurrentPosition"]
    assert not any("lat=" in request for request in page.requests)


def test_the_location_is_asked_for_only_on_the_tap(visitor, live_server):
    page = visitor(granted=True)
    page.goto(f"{live_server}/listings/?kind=accommodation", wait_until="networkidle")
    expect(page.locator("button.near-me")).to_be_visible()  # nearme.js has run
    page.wait_for_timeout(300)
    assert page.asked == []
    tap_near_me(page)
    page.wait_for_load_state("networkidle")
    assert page.asked == ["getCurrentPosition"]  # once, and not again by the results page


@pytest.mark.parametrize("path", ["/", "/villages/", "/listings/?kind=accommodation",
                                  "/en/listings/"])
def test_the_button_is_at_least_44_px(page, live_server, path):
    page.goto(live_server + path)
    button = page.locator("button.near-me")
    expect(button).to_be_visible()
    box = button.bounding_box()
    assert box["width"] >= 43.5 and box["height"] >= 43.5, box


def test_without_javascript_there_is_no_button(browser, live_server):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False,
                                  service_workers="block")
    try:
        page = context.new_page()
        page.goto(f"{live_server}/listings/")
        expect(page.locator("button.near-me")).to_be_attached()
        expect(page.locator("button.near-me")).to_be_hidden()
    finally:
        context.close()
