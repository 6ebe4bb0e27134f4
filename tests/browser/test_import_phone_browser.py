"""Issue 23, measured: at phone size a province editor imports a messy register in each form Thai
offices send it (an .xlsx, a CSV Thai Excel saved in cp874, a CSV in UTF-8 with a BOM), reads
the preview's old → new values, fixes the refused row, imports again, and the fix an editor
typed by hand through the form (an English summary and coordinates the sheet leaves blank)
survives while the sheet's new values land. No page scrolls sideways at 390 px."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest

pytest.importorskip("playwright")
from conftest import start_site  # noqa: E402
from playwright.sync_api import expect  # noqa: E402
from test_admin_browser import sign_in  # noqa: E402

from cdd_click.extensions import db  # noqa: E402
from cdd_click.models import Listing  # noqa: E402

JOB = 20_000  # ms a job page may take to reload itself into its result
ITEM = "mae-kampong-coffee"  # a Chiang Mai listing the register also lists
HAND_SUMMARY = "Shade-grown Arabica from Mae Kampong, roasted by the villagers themselves."
HAND_LAT, HAND_LON = "18.865432", "99.351234"
HEAD = ["ลำดับที่", "ชื่อลิงก์ (slug)", "ชื่อ", "คำอธิบายสั้น", "คำอธิบายสั้นภาษาอังกฤษ", "ประเภท",
        "หมู่บ้าน", "หมวด OTOP", "ระดับดาว OTOP", "ปีที่คัดสรร OTOP (พ.ศ.)", "ราคาต่ำสุด (บาท)",
        "ราคาสูงสุด (บาท)", "โทรศัพท์", "ละติจูด", "ลองจิจูด"]
UNKNOWN = "บ้านที่ไม่มีในทะเบียน"


def _rows(village_of_row_4: str, phone_cell) -> list[list]:
    """The register: row 2 updates the hand-fixed item (English summary and coordinates left
    blank), rows 3 and 4 add products; row 4 names ``village_of_row_4``."""
    return [
        ["๑", ITEM, "กาแฟอาราบิกาบ้านแม่กำปอง",
         "กาแฟอาราบิกาที่ชาวบ้านแม่กำปองปลูกใต้ร่มไม้บนไหล่เขา แล้วนำมาแปรรูปและคั่วจำหน่ายในชุมชน",
         "", "ผลิตภัณฑ์ OTOP", "บ้านแม่กำปอง", "เครื่องดื่ม", "★★★★", "พ.ศ. ๒๕๖๕", "๑๕๐", "๓๕๐",
         phone_cell, "", ""],
        ["๒", "", "ชาเมี่ยงอบแห้งกลุ่มแม่บ้านแม่กำปอง", "ใบเมี่ยงอบแห้งสำหรับชงดื่ม บรรจุถุงกระดาษ",
         "", "ผลิตภัณฑ์ OTOP", "บ้านแม่กำปอง", "เครื่องดื่ม", "★★★", "๒๕๖๖", "๘๐", "๑๒๐",
         "๐๘๑-๒๓๔-๕๖๗๘", "", ""],
        ["๓", "", "หมอนใบชาบ้านแม่กำปอง", "หมอนยัดใบชาแห้ง กลิ่นหอมอ่อน ๆ", "", "ผลิตภัณฑ์ OTOP",
         village_of_row_4, "ของใช้ ของตกแต่ง ของที่ระลึก", "★★★★★", "๒๕๖๔", "๒๕๐", "๒๕๐",
         "", "", ""],
    ]


def _xlsx(rows: list[list]) -> bytes:
    """The workbook as Thai Excel keeps it: the phone a number cell that lost its 0, a year a
    date cell with its Buddhist-era year in it."""
    from openpyxl import Workbook

    rows[1][9] = dt.date(2566, 6, 1)
    book = Workbook()
    sheet = book.active
    sheet.title = "สินค้าและที่เที่ยว"
    sheet.append(HEAD)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _csv(rows: list[list], encoding: str) -> bytes:
    lines = [",".join(f'"{cell}"' for cell in row) for row in [HEAD, *rows]]
    # cp874 has no ★: Thai Excel writes ? for each, and the import reads ???? as four stars
    return "\r\n".join(lines).encode(encoding, errors="replace")


SHEETS = {  # form -> (file name, bytes of the register; the phone cell as that form keeps it)
    "xlsx": ("otop-chiang-mai.xlsx", lambda village: _xlsx(_rows(village, 53123456))),
    "cp874": ("otop-chiang-mai.csv", lambda village: _csv(_rows(village, "53123456"), "cp874")),
    "utf8-bom": ("otop-chiang-mai.csv",
                 lambda village: _csv(_rows(village, "053-123456"), "utf-8-sig")),
}


@pytest.fixture
def site(databases, tmp_path):
    """A live site of its own (the import writes); yields (base URL, its Flask app)."""
    base, server = start_site(databases.clone(), tmp_path, {"cm@cdd.go.th": ["50"]})
    yield base, server.app
    server.shutdown()


def _fits(page) -> None:
    """Nothing on the page scrolls sideways at phone width."""
    width, inner = page.evaluate(
        "[document.scrollingElement.scrollWidth, window.innerWidth]")
    assert width <= inner, f"{page.url} is {width} px wide in a {inner} px window"


def _fix_by_hand(page, base: str, app) -> None:
    with app.app_context():
        item_id = db.session.execute(db.select(Listing.id).filter_by(slug=ITEM)).scalar_one()
        db.session.remove()
    page.goto(f"{base}/admin/listings/{item_id}/edit")
    _fits(page)
    page.get_by_label("สรุปภาษาอังกฤษ").fill(HAND_SUMMARY)
    page.get_by_label("ละติจูด").fill(HAND_LAT)
    page.get_by_label("ลองจิจูด").fill(HAND_LON)
    page.get_by_role("button", name="บันทึก", exact=True).click()
    expect(page.get_by_role("status").first).to_contain_text("บันทึกแล้ว")
    _fits(page)


def _upload(page, path, button: str) -> None:
    page.get_by_label("ไฟล์ตาราง").set_input_files(str(path))
    page.get_by_role("button", name=button).click()
    expect(page).to_have_url(re.compile(r"/admin/import/jobs/[0-9]+$"))


def _reads_the_preview(page) -> None:
    """The update names each changed field old → new, and none of the fields fixed by hand."""
    expect(page.locator(".import-counts")).to_contain_text("แก้ไข 1 แถว", timeout=JOB)
    _fits(page)
    update = page.locator("tr", has_text=ITEM)
    changes = update.locator(".import-changes")
    box = changes.bounding_box()  # read on the phone as it is, not by scrolling the table sideways
    assert box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"], box
    expect(changes).to_contain_text("ระดับดาว OTOP: (ว่าง) → 4")
    expect(changes).to_contain_text("ปีที่คัดสรร OTOP (พ.ศ.): (ว่าง) → พ.ศ. 2565")
    expect(changes).to_contain_text("ราคาต่ำสุด (บาท): (ว่าง) → 150")
    expect(changes).to_contain_text("โทรศัพท์: (ว่าง) → 053 123 456")
    for untouched in ("ภาษาอังกฤษ", "ละติจูด", "ลองจิจูด", "คำอธิบายสั้น:", "ชื่อ:"):
        expect(changes).not_to_contain_text(untouched)
    expect(page.locator(".import-notices")).to_contain_text("คอลัมน์ ลำดับที่")


def _confirm(page) -> None:
    page.get_by_role("button", name="ยืนยันนำเข้า").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "นำเข้าแล้ว: เพิ่ม 2 รายการ แก้ไข 1 รายการ", timeout=JOB)
    _fits(page)


def _landed(app) -> None:
    """The sheet's values are stored and the hand-made fix is intact."""
    with app.app_context():
        item = db.session.execute(db.select(Listing).filter_by(slug=ITEM)).scalar_one()
        assert (item.summary_en, f"{item.lat:.6f}", f"{item.lon:.6f}") == (
            HAND_SUMMARY, HAND_LAT, HAND_LON)
        assert (item.otop_stars, item.otop_year, item.price_min, item.price_max, item.phone) == (
            4, 2022, 150, 350, "053 123 456")
        added = db.session.execute(db.select(Listing).filter_by(
            title="ชาเมี่ยงอบแห้งกลุ่มแม่บ้านแม่กำปอง")).scalar_one()
        assert (added.otop_stars, added.otop_year, added.phone, added.village.slug) == (
            3, 2023, "081 234 5678", "ban-mae-kampong")
        db.session.remove()


@pytest.mark.parametrize("form", ["xlsx", "cp874", "utf8-bom"])
def test_a_messy_register_keeps_the_fix_typed_by_hand(offline_page, site, tmp_path, form):
    page, (base, app) = offline_page, site
    name, register = SHEETS[form]
    sheet = tmp_path / name
    sign_in(page, base, "cm@cdd.go.th")
    _fits(page)
    _fix_by_hand(page, base, app)
    page.goto(f"{base}/admin/import")
    _fits(page)

    if form == "xlsx":  # the whole round: refused, fixed in the file, checked again
        sheet.write_bytes(register(UNKNOWN))
        _upload(page, sheet, "ตรวจไฟล์")
        expect(page.locator(".refusals")).to_contain_text(
            f"แถว 4 คอลัมน์ หมู่บ้าน: ไม่พบหมู่บ้าน '{UNKNOWN}'", timeout=JOB)
        expect(page.locator(".refusals li")).to_have_count(1)
        expect(page.get_by_role("button", name="ยืนยันนำเข้า")).to_have_count(0)
        _reads_the_preview(page)
        sheet.write_bytes(register("บ้านแม่กำปอง"))
        _upload(page, sheet, "ตรวจไฟล์ที่แก้แล้ว")
    else:
        sheet.write_bytes(register("บ้านแม่กำปอง"))
        _upload(page, sheet, "ตรวจไฟล์")
    _reads_the_preview(page)
    expect(page.locator(".import-counts")).to_contain_text("เพิ่มใหม่ 2 แถว")
    _confirm(page)
    _landed(app)

    if form == "xlsx":  # and the visitor sees both
        page.goto(f"{base}/en/listings/{ITEM}")
        expect(page.locator("main")).to_contain_text(HAND_SUMMARY)
        expect(page.locator("main")).to_contain_text("053 123 456")
        _fits(page)
        page.goto(f"{base}/listings/{ITEM}")
        expect(page.locator("main")).to_contain_text("4 ดาว (คัดสรรปี 2565)")
        _fits(page)
