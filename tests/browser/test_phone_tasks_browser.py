"""The five everyday tasks of issue 13, retried at phone size, each counting its taps; and the
tap-target rule (44 × 44 CSS px) on every page type a visitor moves through."""

from __future__ import annotations

import re

import pytest

pytest.importorskip("playwright")
from playwright.sync_api import expect  # noqa: E402

TARGETS = (".site-nav a", ".breadcrumbs a", ".chips a", ".lang-switch", ".pagination a",
           ".facets a")
PAGES = ("/", "/villages/", "/listings/", "/listings/?kind=otop_product&page=2", "/articles/",
         "/search?q=ผ้าไหม", "/villages/ban-mae-kampong", "/listings/mae-kampong-homestay",
         "/provinces/58", "/en/listings/", "/en/villages/ban-mae-kampong")


class Taps:
    """Clicks and fills a visitor makes, counted."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def tap(self, locator) -> None:
        self.count += 1
        locator.click()

    def choose(self, locator, value: str) -> None:
        self.count += 1
        locator.select_option(value)

    def type(self, locator, text: str) -> None:
        self.count += 1
        locator.fill(text)


def test_every_tap_target_is_at_least_44_px(offline_page, live_server):
    page, small = offline_page, []
    for url in PAGES:
        page.goto(live_server + url)
        for selector in TARGETS:
            for width, height, label in page.locator(selector).evaluate_all(
                    "els => els.filter(e => e.offsetParent !== null).map(e => {"
                    "const r = e.getBoundingClientRect();"
                    "return [r.width, r.height, e.textContent.trim()]; })"):
                if width < 43.5 or height < 43.5:
                    small.append(f"{url} {selector} '{label}' {width:.0f}×{height:.0f}")
    assert small == []


def test_a_whole_card_is_tappable(offline_page, live_server):
    page = offline_page
    page.goto(f"{live_server}/villages/")
    card = page.locator(".card").first
    box = card.bounding_box()
    page.mouse.click(box["x"] + box["width"] - 8, box["y"] + box["height"] - 8)  # not the title
    expect(page).to_have_url(re.compile(r"/villages/[a-z0-9-]+$"))


def test_task_1_a_homestay_in_the_north_with_a_map_and_whom_to_ask(offline_page, live_server):
    page = offline_page
    taps = Taps(page)
    page.goto(f"{live_server}/")
    taps.tap(page.locator(".site-nav").get_by_role("link", name="สินค้าและที่เที่ยว"))
    taps.tap(page.locator(".chips").get_by_role("link", name="ภาคเหนือ"))
    taps.choose(page.locator("#f-kind"), "accommodation")
    taps.tap(page.get_by_role("button", name="กรอง"))
    expect(page.locator(".card").first).to_be_visible()
    taps.tap(page.locator(".card .card-title a").first)
    expect(page.locator("iframe.map-frame")).to_be_attached()  # its own map (or its village's)
    expect(page.locator(".directions a").first).to_have_attribute(
        "href", re.compile(r"google\.com/maps/dir/.*destination="))
    expect(page.locator("section.offices li").first).to_contain_text("สำนักงานพัฒนาชุมชนอำเภอ")
    assert taps.count == 5


def test_task_2_isan_otop_silk_from_several_producers(offline_page, live_server):
    page = offline_page
    taps = Taps(page)
    page.goto(f"{live_server}/listings/")
    taps.tap(page.locator(".chips").get_by_role("link", name="ภาคตะวันออกเฉียงเหนือ"))
    taps.choose(page.locator("#f-kind"), "otop_product")
    taps.choose(page.locator("#f-category"), "textile")
    taps.tap(page.get_by_role("button", name="กรอง"))
    count = int(re.search(r"พบ (\d+) รายการ", page.locator(".result-count").inner_text())[1])
    assert count >= 5  # silk and cotton from several Isan villages, not one producer
    taps.tap(page.locator(".card .card-title a").first)
    expect(page.locator("section.offices")).to_contain_text("สำนักงานพัฒนาชุมชนจังหวัด")
    assert taps.count == 5


def test_task_3_an_english_speaking_tourist_reads_english(offline_page, live_server):
    page = offline_page
    taps = Taps(page)
    page.goto(f"{live_server}/en/")
    taps.tap(page.locator(".card .card-title a").first)
    story = page.locator("#story-heading + div")
    expect(story).not_to_have_attribute("lang", "th")
    text = story.inner_text()
    assert len(re.findall(r"[A-Za-z]", text)) > 10 * len(re.findall(r"[\u0E00-\u0E7F]", text))
    expect(page.locator("ul.highlights")).not_to_have_attribute("lang", "th")
    assert taps.count == 1


def test_task_4_pai_and_the_provinces_that_had_nothing(offline_page, live_server):
    page = offline_page
    taps = Taps(page)
    page.goto(f"{live_server}/")
    taps.type(page.locator("main input[name=q]"), "ปาย")
    taps.tap(page.locator("main form[role=search]").get_by_role("button", name="ค้นหา"))
    expect(page.locator(".hits a", has_text="สันติชล").first).to_be_visible()
    assert taps.count == 2
    for code in ("57", "58", "40", "34"):  # Chiang Rai, Mae Hong Son, Khon Kaen, Ubon
        page.goto(f"{live_server}/provinces/{code}")
        expect(page.locator(".card").first).to_be_visible()


def test_task_5_cards_without_a_photo_show_where_the_place_is(offline_page, live_server):
    page = offline_page
    page.goto(f"{live_server}/villages/?region=south")
    locator = page.locator(".card .card-locator").first
    expect(locator).to_be_visible()
    box = locator.bounding_box()
    assert (round(box["width"]), round(box["height"])) == (44, 80)
    dot = locator.locator("circle")
    assert 0 < float(dot.get_attribute("cy")) <= 182  # drawn inside Thailand's outline
    assert page.locator(".card").count() == page.locator(".card .card-locator").count()
