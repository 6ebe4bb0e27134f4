"""At phone size, an editor imports a sheet, fixes the refused row, imports it again, and sees
the items on the public site and on the coverage dashboard. The check and the import run as
background jobs; their page reloads itself (no script) until each is done."""

from __future__ import annotations

import re

import pytest

pytest.importorskip("playwright")
from conftest import start_site  # noqa: E402
from playwright.sync_api import expect  # noqa: E402
from test_admin_browser import sign_in  # noqa: E402

HEAD = "รหัสอ้างอิง,ชื่อ,ชื่อภาษาอังกฤษ,คำอธิบายสั้น,ตำบล,อำเภอ,จังหวัด,ละติจูด,ลองจิจูด,สถานะ"
GOOD = ("BR-1,บ้านนำเข้าบราวเซอร์,Ban Browser Import,หมู่บ้านจากตาราง,ต.ห้วยแก้ว,อ.แม่ออน,"
        "จ.เชียงใหม่,18.86,99.35,เผยแพร่")
BAD = ("BR-2,บ้านแถวผิด,Ban Wrong Row,หมู่บ้านจากตาราง,ตำบลที่ไม่มีจริง,อ.แม่ออน,จ.เชียงใหม่,"
       "18.87,99.36,เผยแพร่")
FIXED = BAD.replace("ตำบลที่ไม่มีจริง", "ต.ออนกลาง")
JOB = 20_000  # ms a job page may take to reload itself into its result


@pytest.fixture
def own_server(databases, tmp_path):
    """A live site of its own: this test adds villages the shared one's tests do not expect."""
    base, server = start_site(databases.clone(), tmp_path, {"cm@cdd.go.th": ["50"]})
    yield base
    server.shutdown()


def _chiang_mai_villages(page, base: str) -> int:
    page.goto(f"{base}/admin/dashboard")
    row = page.locator("tr", has=page.get_by_role("rowheader", name="เชียงใหม่", exact=True))
    return int(row.locator("td").nth(1).inner_text())


def test_an_editor_imports_fixes_and_reimports_a_sheet_from_a_phone(offline_page, own_server,
                                                                      tmp_path):
    page, live_server = offline_page, own_server
    sign_in(page, live_server, "cm@cdd.go.th")
    before = _chiang_mai_villages(page, live_server)

    sheet = tmp_path / "villages.csv"
    sheet.write_bytes("\n".join([HEAD, GOOD, BAD]).encode("cp874"))  # as Thai Excel saves it
    page.goto(f"{live_server}/admin/import")
    page.get_by_label("ไฟล์ตาราง").set_input_files(str(sheet))
    page.get_by_role("button", name="ตรวจไฟล์").click()
    expect(page.locator(".refusals")).to_contain_text("แถว 3 คอลัมน์ ตำบล", timeout=JOB)
    expect(page.get_by_role("button", name="ยืนยันนำเข้า")).to_have_count(0)

    sheet.write_bytes("\n".join([HEAD, GOOD, FIXED]).encode("cp874"))
    page.get_by_label("ไฟล์ตาราง").set_input_files(str(sheet))
    page.get_by_role("button", name="ตรวจไฟล์ที่แก้แล้ว").click()
    expect(page.locator(".import-counts")).to_contain_text("เพิ่มใหม่ 2 แถว", timeout=JOB)
    page.get_by_role("button", name="ยืนยันนำเข้า").click()
    expect(page).to_have_url(re.compile(r"/admin/import/jobs/[0-9]+$"))
    expect(page.get_by_role("status").first).to_contain_text("นำเข้าแล้ว: เพิ่ม 2 รายการ",
                                                             timeout=JOB)

    page.goto(f"{live_server}/villages/ban-browser-import")
    expect(page.locator("h1")).to_contain_text("บ้านนำเข้าบราวเซอร์")
    page.goto(f"{live_server}/search?q=บ้านแถวผิด")
    expect(page.get_by_role("link", name="บ้านแถวผิด")).to_be_visible()
    assert _chiang_mai_villages(page, live_server) == before + 2
