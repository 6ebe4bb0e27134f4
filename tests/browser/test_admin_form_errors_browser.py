"""A failed save: the focus lands on the summary of what stopped it, and each of its links
takes the focus to its field (a form of ~70 fields, the error far below)."""

from __future__ import annotations

import pytest

pytest.importorskip("playwright")
from playwright.sync_api import expect  # noqa: E402
from test_admin_browser import sign_in  # noqa: E402


def test_a_failed_save_focuses_the_summary_and_its_links_focus_the_fields(offline_page,
                                                                           live_server):
    page = offline_page
    sign_in(page, live_server, "cm@cdd.go.th")
    page.goto(f"{live_server}/admin/listings/new")
    page.get_by_label("สรุปสั้น ๆ").fill("ผ้าทอมือสำหรับทดสอบ")
    page.get_by_label("ราคาต่ำสุด (บาท)").fill("สองร้อย")  # far down the form, refused
    page.get_by_role("button", name="บันทึก", exact=True).click()
    heading = page.locator("#error-summary-heading")
    expect(heading).to_be_focused()
    expect(page.locator("#error-summary")).to_have_attribute("role", "alert")
    page.locator("#error-summary a[href='#price_min']").click()
    expect(page.locator("#price_min")).to_be_focused()
    expect(page.locator("#price_min")).to_have_value("สองร้อย")  # shown again as typed
    page.locator("#error-summary a[href='#title']").click()
    expect(page.locator("#title")).to_be_focused()
