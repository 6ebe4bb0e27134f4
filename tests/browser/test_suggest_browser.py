"""Autocomplete in Chromium at phone size (390 px): a place typed offers its province, which opens
its page; a title chosen with the keyboard opens the item; a word fills the box and searches; the
box is an ARIA combobox; English pages get English places and /en/ pages (issue 25, point 6)."""

from __future__ import annotations

import re

import pytest

pytest.importorskip("playwright")
from playwright.sync_api import expect  # noqa: E402

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, locale="th-TH", service_workers="block",
                                  has_touch=True, is_mobile=True)
    yield context.new_page()
    context.close()


def test_typing_nan_offers_the_province_and_tapping_it_opens_its_page(phone, live_server):
    phone.goto(f"{live_server}/")
    box = phone.locator("#q")
    box.press_sequentially("น่าน", delay=30)
    province = phone.get_by_role("option", name="จังหวัดน่าน")
    expect(province).to_be_visible()
    expect(box).to_have_attribute("role", "combobox")
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(phone.get_by_role("option", name="อำเภอเมืองน่าน")).to_be_visible()
    village = phone.get_by_role("option", name="บ้านหนองบัว", exact=True)  # a village in Nan
    expect(village).to_be_visible()
    size = province.bounding_box()
    assert size["height"] >= 44 and size["x"] + size["width"] <= PHONE["width"], size
    province.tap()
    expect(phone).to_have_url(f"{live_server}/provinces/55")


def test_arrow_down_and_enter_on_a_title_opens_the_item(phone, live_server):
    phone.goto(f"{live_server}/")
    box = phone.locator("#q")
    box.press_sequentially("บ้านแม่กำ", delay=30)
    village = _arrow_to(phone, box, "บ้านแม่กำปอง")
    expect(box).to_have_attribute("aria-activedescendant", village.get_attribute("id"))
    box.press("Enter")
    expect(phone).to_have_url(f"{live_server}/villages/ban-mae-kampong")


def test_a_word_fills_the_box_and_searches(phone, live_server):
    phone.goto(f"{live_server}/")
    box = phone.locator("#q")
    box.press_sequentially("แม่ก", delay=30)
    words = phone.get_by_role("group", name="คำค้น")
    expect(words.get_by_role("option", name="แม่กำปอง")).to_be_visible()
    words.get_by_role("option", name="แม่กำปอง").click()
    expect(phone).to_have_url(re.compile(r"/search\?q=%E0%B9%81"))
    expect(phone.locator("#q")).to_have_value("แม่กำปอง")


def test_escape_closes_and_enter_then_searches_what_was_typed(phone, live_server):
    phone.goto(f"{live_server}/search?q=")
    box = phone.locator("#q")
    box.press_sequentially("เชียง", delay=30)
    expect(phone.get_by_role("option", name="จังหวัดเชียงใหม่")).to_be_visible()
    box.press("Escape")
    expect(phone.locator("#q-suggestions")).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    box.press("Enter")
    expect(phone).to_have_url(re.compile(r"/search\?q=%E0%B9%80%E0%B8%8A"))


def test_english_pages_offer_english_places_and_english_pages(phone, live_server):
    phone.goto(f"{live_server}/en/")
    box = phone.locator("#q")
    box.press_sequentially("chiang", delay=30)
    chiang_mai = phone.get_by_role("option", name="Chiang Mai Province")
    expect(chiang_mai).to_be_visible()
    expect(phone.get_by_role("group", name="Provinces and districts")).to_be_visible()
    box.press("ArrowDown")  # Chiang Mai, Chiang Rai, then districts: the first
    box.press("Enter")
    expect(phone).to_have_url(f"{live_server}/en/provinces/50")


def test_a_list_that_arrives_after_arrow_down_keeps_the_highlight(phone, live_server):
    phone.goto(f"{live_server}/")
    box = phone.locator("#q")
    box.press_sequentially("บ้านแม่กำ", delay=30)
    _arrow_to(phone, box, "บ้านแม่กำปอง")
    with phone.expect_response(lambda r: "/api/v1/suggest" in r.url and "%E0%B8%9B" in r.url):
        box.press_sequentially("ป", delay=30)  # a new list for บ้านแม่กำป arrives
    village = phone.get_by_role("option", name="บ้านแม่กำปอง", exact=True)
    expect(village).to_have_attribute("aria-selected", "true")
    box.press("Enter")
    expect(phone).to_have_url(f"{live_server}/villages/ban-mae-kampong")


def _arrow_to(phone, box, name: str):
    """Press ArrowDown until the option ``name`` is highlighted (titles are ordered by how much
    they are viewed, which other tests change): the option."""
    option = phone.get_by_role("option", name=name, exact=True)
    expect(option).to_be_visible()
    for _ in range(phone.get_by_role("option").count()):
        box.press("ArrowDown")
        if option.get_attribute("aria-selected") == "true":
            return option
    raise AssertionError(f"{name} never highlighted")
