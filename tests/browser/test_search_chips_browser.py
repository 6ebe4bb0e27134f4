"""The understood parts of a query as chips, in Chromium at phone size: what + where is read into
chips, tapping a chip's ✕ searches without it, and a mistyped query says what was searched."""

from __future__ import annotations

import pytest

pytest.importorskip("playwright")
from playwright.sync_api import expect  # noqa: E402

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, locale="th-TH", service_workers="block")
    yield context.new_page()
    context.close()


def test_a_what_where_query_becomes_chips_and_a_chip_can_be_taken_off(phone, live_server):
    phone.goto(f"{live_server}/")
    phone.locator("#q").fill("โฮมสเตย์ เชียงใหม่")
    phone.locator("#q").press("Enter")
    chips = phone.locator(".chips.understood a")
    expect(chips).to_have_count(2)
    expect(chips.nth(0)).to_contain_text("ที่พัก โฮมสเตย์")
    expect(chips.nth(1)).to_contain_text("เชียงใหม่")
    for index in range(2):
        box = chips.nth(index).bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44, box
    expect(phone.locator(".hit")).to_have_count(1)
    expect(phone.locator(".hit").first).to_contain_text("โฮมสเตย์บ้านแม่กำปอง")
    chips.nth(1).click()
    expect(phone.locator(".chips.understood a")).to_have_count(1)
    expect(phone.locator("#q")).to_have_value("โฮมสเตย์")
    assert phone.locator(".hit").count() > 1  # homestays of every province
    badges = phone.locator(".hit .badge").all_inner_texts()
    assert all("ที่พัก โฮมสเตย์" in badge for badge in badges), badges


def test_a_query_typed_in_the_wrong_layout_says_what_was_searched(phone, live_server):
    phone.goto(f"{live_server}/search?q=zhkws,")
    notice = phone.locator(".notice.correction")
    expect(notice).to_contain_text("ผ้าไหม")
    expect(notice).to_contain_text("แป้นพิมพ์")
    assert phone.locator(".hit").count() > 0
    notice.get_by_role("link").click()
    expect(phone.locator(".notice.correction")).to_have_count(0)
    expect(phone.locator(".result-count")).to_contain_text("0")
