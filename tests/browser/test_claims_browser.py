"""At phone size: an owner claims a listing; the district's editor approves it and passes on
the one-time link; the owner signs in with it, sets a password and sees what they look after
(issue 24, point 3)."""

from __future__ import annotations

import pytest

pytest.importorskip("playwright")
from conftest import PHONE, STAFF_PASSWORD  # noqa: E402
from playwright.sync_api import expect  # noqa: E402

LISTING = "mae-kampong-homestay"  # a Chiang Mai (50) listing of the shipped content


def test_an_owner_claims_is_approved_and_signs_in_by_link(page, live_server, browser):
    page.goto(f"{live_server}/listings/{LISTING}")
    page.get_by_role("link", name="เป็นเจ้าของหรือผู้ดูแล?").click()
    expect(page.locator("h1")).to_have_text("เป็นเจ้าของหรือผู้ดูแล?")
    page.get_by_role("button", name="ส่งคำขอ").click()  # empty: the error summary, focused
    expect(page.locator("#error-summary-heading")).to_be_focused()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_label("ชื่อ-นามสกุล").fill("ทดสอบ เจ้าของ")
    page.get_by_label("ความเกี่ยวข้องกับที่นี่").fill("เจ้าของโฮมสเตย์")
    page.get_by_role("textbox", name="เบอร์โทรศัพท์").fill("081-234-5678")
    page.get_by_label("อีเมล (ไม่บังคับ)").fill("owner@example.com")
    page.locator("#claim-agree").check()
    page.get_by_role("button", name="ส่งคำขอ").click()
    expect(page.get_by_role("status")).to_contain_text("สำนักงานพัฒนาชุมชนอำเภอแม่ออน")

    staff = browser.new_context(viewport=PHONE)
    editor = staff.new_page()
    editor.goto(f"{live_server}/admin/login")
    editor.get_by_label("อีเมล").fill("cm@cdd.go.th")
    editor.get_by_label("รหัสผ่าน").fill(STAFF_PASSWORD)
    editor.get_by_role("button", name="เข้าสู่ระบบ").click()
    editor.get_by_role("link", name="คำขอเป็นเจ้าของ").click()
    entry = editor.locator("section.report-entry", has_text="ทดสอบ เจ้าของ")
    expect(entry).to_contain_text("081 234 5678")
    assert editor.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    entry.get_by_role("button", name="อนุมัติ (โทรยืนยันแล้ว)").click()
    link = editor.locator("#owner-link").input_value()
    staff.close()

    page.goto(link)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    expect(page.locator("h1")).to_have_text("ตั้งรหัสผ่าน")
    page.get_by_label("รหัสผ่าน (อย่างน้อย 12 ตัวอักษร)").fill("a long owner password")
    page.get_by_label("รหัสผ่านอีกครั้ง").fill("a long owner password")
    page.get_by_role("button", name="ตั้งรหัสผ่าน").click()
    expect(page.locator("h1")).to_have_text("ข้อมูลที่คุณดูแล")
    expect(page.locator("main")).to_contain_text("โฮมสเตย์")
    page.goto(f"{live_server}/admin/import")
    assert "นำเข้า" not in page.locator("h1").inner_text()  # 403: staff pages are not theirs
