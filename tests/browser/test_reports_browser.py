"""At phone size: a visitor reports a wrong phone on a listing; the district's editor sees it in
the queue (another province's editor does not) and resolves it (issue 24)."""

from __future__ import annotations

import pytest

pytest.importorskip("playwright")
from conftest import PHONE, STAFF_PASSWORD  # noqa: E402
from playwright.sync_api import expect  # noqa: E402

LISTING = "mae-kampong-homestay"  # a Chiang Mai (50) listing of the shipped content


def sign_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/admin/login")
    page.get_by_label("อีเมล").fill(email)
    page.get_by_label("รหัสผ่าน").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    expect(page.locator("h1")).to_have_text("แผงควบคุม")


def test_a_wrong_phone_reaches_the_district_and_is_resolved(page, live_server, browser):
    page.goto(f"{live_server}/listings/{LISTING}")
    page.get_by_role("link", name="แจ้งข้อมูลไม่ถูกต้อง").click()
    expect(page.locator("h1")).to_have_text("แจ้งข้อมูลไม่ถูกต้อง")

    page.get_by_role("button", name="ส่งเรื่อง").click()  # nothing chosen: the error summary
    summary = page.locator("#error-summary")
    expect(summary).to_contain_text("กรุณาเลือกว่าข้อมูลใดไม่ถูกต้อง")
    expect(page.locator("#error-summary-heading")).to_be_focused()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.get_by_label("เบอร์โทรหรือ LINE ไม่ถูกต้อง").check()
    page.get_by_label("รายละเอียด (ไม่เกิน 1000 ตัวอักษร)").fill("โทรแล้วเป็นเบอร์ของร้านอื่น")
    page.get_by_label("ช่องทางติดต่อกลับ (ไม่บังคับ)").fill("ทดสอบ@example.com")
    page.get_by_role("button", name="ส่งเรื่อง").click()
    expect(page.locator("h1")).to_have_text("ขอบคุณที่แจ้งให้เราทราบ")
    expect(page.get_by_role("status")).to_contain_text("สำนักงานพัฒนาชุมชนอำเภอแม่ออน")
    page.goto(f"{live_server}/listings/{LISTING}")
    expect(page.locator(".report-notice")).to_contain_text("มีผู้แจ้งว่าเบอร์โทรหรือ LINE ไม่ถูกต้อง")

    other = browser.new_context(viewport=PHONE)
    intruder = other.new_page()
    sign_in(intruder, live_server, "ks@cdd.go.th")
    intruder.goto(f"{live_server}/admin/reports")
    expect(intruder.locator("h1")).to_have_text("เรื่องที่ผู้ใช้แจ้ง")
    expect(intruder.get_by_text("โทรแล้วเป็นเบอร์ของร้านอื่น")).to_have_count(0)
    other.close()

    staff = browser.new_context(viewport=PHONE)
    editor = staff.new_page()
    sign_in(editor, live_server, "cm@cdd.go.th")
    editor.get_by_role("link", name="เรื่องที่ผู้ใช้แจ้ง").click()
    entry = editor.locator("section.report-entry", has_text="โทรแล้วเป็นเบอร์ของร้านอื่น")
    expect(entry).to_contain_text("ทดสอบ@example.com")  # the contact, for staff only
    assert editor.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    entry.get_by_label("แก้ไขแล้ว").check()
    entry.get_by_label("บันทึกผล (ไม่บังคับ)").fill("โทรยืนยันกับเจ้าของแล้ว แก้เบอร์แล้ว")
    entry.get_by_role("button", name="ปิดเรื่อง").click()
    expect(editor.get_by_role("status").first).to_contain_text("ปิดเรื่องแล้ว")
    expect(editor.get_by_text("โทรแล้วเป็นเบอร์ของร้านอื่น")).to_have_count(0)
    staff.close()

    page.goto(f"{live_server}/listings/{LISTING}")
    expect(page.locator(".report-notice")).to_have_count(0)
