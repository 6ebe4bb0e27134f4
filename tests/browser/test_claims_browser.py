"""At phone size: an owner claims a listing; the district's editor approves it and passes on
the one-time link; the owner signs in with it, sets a password and sees what they look after
(issue 24, point 3); then sets a phone, a price and a photo, which the editor approves, and
withdraws consent to the phone (points 4 and 7)."""

from __future__ import annotations

import pytest

pytest.importorskip("playwright")
from conftest import PHONE, STAFF_PASSWORD  # noqa: E402
from playwright.sync_api import expect  # noqa: E402

LISTING = "mae-kampong-homestay"  # a Chiang Mai (50) listing of the shipped content


def test_an_owner_claims_updates_and_withdraws_consent(page, live_server, browser):
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
    _sign_in(editor, live_server, "cm@cdd.go.th")
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

    # The owner sets a phone, a price and a photo; the district's editor approves; the page,
    # its JSON-LD and the API show them as the operator's, checked by the office.
    page.goto(f"{live_server}/admin/owner/")
    page.get_by_role("link", name="แก้ไขช่องทางติดต่อ ราคา เวลาเปิด รูปภาพ และคำบรรยาย").click()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_role("textbox", name="โทรศัพท์").fill("089-765-4321")
    page.locator("#consent").check()
    page.get_by_label("ราคาต่ำสุด (บาท)").fill("650")
    page.locator("#photo").set_input_files({"name": "room.jpg", "mimeType": "image/jpeg",
                                            "buffer": _jpeg()})
    page.get_by_label("คำบรรยายภาพ (ภาษาไทย)").fill("ห้องพักชั้นบน")
    page.get_by_role("button", name="ส่งให้สำนักงานพิจารณา").click()
    expect(page.get_by_role("status")).to_contain_text("ส่งให้สำนักงานพัฒนาชุมชนอำเภอ")
    expect(page.locator("main")).to_contain_text("รอสำนักงานพิจารณา")
    assert "089 765 4321" not in _public(page, live_server)  # not before approval

    staff = browser.new_context(viewport=PHONE)
    editor = staff.new_page()
    _sign_in(editor, live_server, "cm@cdd.go.th")
    editor.get_by_role("link", name="การแก้ไขจากเจ้าของ").click()
    entry = editor.locator("section.report-entry", has_text="089 765 4321")
    expect(entry.locator("ins", has_text="650 บาท")).to_be_visible()
    expect(entry.locator("tbody tr")).to_have_count(3)  # phone, price, photo: nothing else
    photo = entry.get_by_role("img", name="ห้องพักชั้นบน")
    photo.scroll_into_view_if_needed()
    expect(photo).to_be_visible()
    assert photo.evaluate("img => img.complete && img.naturalWidth") == 1200  # the WebP loads
    assert editor.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    entry.get_by_role("button", name="อนุมัติและเผยแพร่").click()
    expect(editor.get_by_role("status")).to_contain_text("อนุมัติแล้ว")

    public = staff.new_page()
    public.goto(f"{live_server}/listings/{LISTING}")
    expect(public.locator("main")).to_contain_text("089 765 4321")
    expect(public.locator("main")).to_contain_text("ข้อมูลจากผู้ประกอบการ")
    expect(public.locator("main")).to_contain_text("สำนักงานพัฒนาชุมชนอำเภอแม่ออน")
    expect(public.get_by_role("img", name="ห้องพักชั้นบน").first).to_be_visible()
    ld = public.locator('script[type="application/ld+json"]').all_inner_texts()
    assert any('"telephone": "089 765 4321"' in block or '"telephone":"089 765 4321"' in block
               for block in ld), ld
    api = public.request.get(f"{live_server}/api/v1/items/listings/{LISTING}").json()
    assert api["phone"] == "089 765 4321" and api["price_min"] == 650
    assert "phone" in api["owner_supplied"]["fields"] and api["owner_supplied"]["checked_by_office"]

    # Consent withdrawn: the phone is gone from the page at once.
    page.goto(f"{live_server}/admin/owner/")
    page.get_by_role("button", name="ถอนความยินยอม: ลบออกจากหน้าเว็บทันที").click()
    expect(page.get_by_role("status")).to_contain_text("ถอนความยินยอมแล้ว")
    public.goto(f"{live_server}/listings/{LISTING}")
    expect(public.locator("main")).not_to_contain_text("089 765 4321")
    assert public.request.get(
        f"{live_server}/api/v1/items/listings/{LISTING}").json()["phone"] is None
    staff.close()


def _jpeg() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (1200, 800), (40, 110, 90)).save(out, "JPEG")
    return out.getvalue()


def _public(page, live_server) -> str:
    return page.request.get(f"{live_server}/listings/{LISTING}").text()


def _sign_in(page, live_server, email: str) -> None:
    page.goto(f"{live_server}/admin/login")
    page.get_by_label("อีเมล").fill(email)
    page.get_by_label("รหัสผ่าน").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
