"""An editor publishes a listing with a photo from a phone; the public finds it at once."""

from __future__ import annotations

import io

import pytest

pytest.importorskip("playwright")
from conftest import STAFF_PASSWORD  # noqa: E402
from PIL import Image  # noqa: E402
from playwright.sync_api import expect  # noqa: E402


def sign_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/admin/login")
    page.get_by_label("อีเมล").fill(email)
    page.get_by_label("รหัสผ่าน").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    expect(page.locator("h1")).to_have_text("แผงควบคุม")


def test_editor_publishes_a_listing_with_a_photo(offline_page, live_server, tmp_path, browser):
    page = offline_page
    sign_in(page, live_server, "cm@cdd.go.th")
    page.goto(f"{live_server}/admin/listings/new")
    page.get_by_label("ชื่อ (ภาษาไทย)").fill("จุดชมวิวดอยทดสอบบราวเซอร์")
    page.get_by_label("ชื่อในลิงก์ (slug)").fill("browser-test-viewpoint")
    page.get_by_label("สรุปสั้น ๆ").fill("จุดชมวิวสำหรับทดสอบระบบ")
    page.get_by_label("ประเภท", exact=True).select_option("attraction")
    village = page.get_by_label("หมู่บ้าน")
    village.fill("แม่กำปอง")  # the search box asks the server as one types
    offered = page.locator("#village-options option[value='ban-mae-kampong']")
    expect(offered).to_have_attribute("label", "บ้านแม่กำปอง (อ.แม่ออน จ.เชียงใหม่)")
    village.fill("ban-mae-kampong")  # what picking the offered option puts in the box
    page.get_by_label("ละติจูด").fill("18.8702")
    page.get_by_label("ลองจิจูด").fill("99.3551")
    page.get_by_role("button", name="บันทึก", exact=True).click()
    expect(page.get_by_role("status").first).to_contain_text("บันทึกแล้ว")
    edit_url = page.url

    photo = tmp_path / "view.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (1400, 900), (60, 130, 90)).save(buffer, "JPEG")
    photo.write_bytes(buffer.getvalue())
    page.get_by_label("รูปภาพ (JPEG, PNG หรือ WebP)").set_input_files(str(photo))
    page.get_by_label("คำบรรยายภาพ (ภาษาไทย)").fill("ทะเลหมอกยามเช้าจากจุดชมวิว")
    page.get_by_role("button", name="อัปโหลดรูปภาพ").click()
    expect(page.get_by_role("status").first).to_contain_text("เพิ่มรูปภาพแล้ว")
    page.get_by_role("button", name="เผยแพร่", exact=True).click()
    expect(page.get_by_role("status").first).to_contain_text("เปลี่ยนสถานะแล้ว")

    page.goto(f"{live_server}/search?q=จุดชมวิวดอยทดสอบ")
    page.get_by_role("link", name="จุดชมวิวดอยทดสอบบราวเซอร์").click()
    expect(page.locator("h1")).to_contain_text("จุดชมวิวดอยทดสอบบราวเซอร์")
    expect(page.get_by_alt_text("ทะเลหมอกยามเช้าจากจุดชมวิว")).to_be_visible()

    page.goto(f"{live_server}/villages/ban-mae-kampong")
    page.locator("iframe.map-frame").scroll_into_view_if_needed()
    frame = page.frame_locator("iframe.map-frame")
    expect(frame.get_by_role("button", name="จุดชมวิวดอยทดสอบบราวเซอร์")).to_have_count(1)

    other = browser.new_context(viewport={"width": 390, "height": 844})
    intruder = other.new_page()
    sign_in(intruder, live_server, "ks@cdd.go.th")
    response = intruder.goto(edit_url)
    assert response.status == 403
    expect(intruder.locator("h1")).to_have_text("ไม่มีสิทธิ์เข้าถึงหน้านี้")
    other.close()
