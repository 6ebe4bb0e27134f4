"""Spreadsheet import: the inputs Thai offices really send, row-and-column refusals in one pass,
all or nothing, idempotent upserts, province rights, photos from a .zip, search afterwards."""

from __future__ import annotations

import codecs
import io
import re
import zipfile

import pytest
from openpyxl import Workbook
from PIL import Image
from sqlalchemy import func, select

from cdd_click import accounts, search
from cdd_click.content import (
    columns,
    import_apply,
    import_plan,
    import_planner,
    importer,
    sheets,
)
from cdd_click.extensions import db
from cdd_click.geography import load_centroids
from cdd_click.models import Listing, Photo, Revision, Subdistrict, Village
from tests.test_shipped_content import CENTROIDS  # the thailand-geodata file, found once

VILLAGE_HEAD = ("รหัสอ้างอิง,ชื่อ,ชื่อภาษาอังกฤษ,คำอธิบายสั้น,ตำบล,อำเภอ,จังหวัด,หมู่ที่,ละติจูด,ลองจิจูด,"
                "สถานะ")
VILLAGES = [
    "V-1,บ้านห้วยแก้วทดสอบ,Ban Huai Kaeo Test,หมู่บ้านทดสอบ,ต.ห้วยแก้ว,อ.แม่ออน,จ.เชียงใหม่,๓,18.86,99.35,"
    "เผยแพร่",
    "V-2,บ้านศรีภูมิทดสอบ,,หมู่บ้านทดสอบ,500101,,,,,,เผยแพร่",
]
LISTING_HEAD = ("รหัสอ้างอิง,ชื่อ,คำอธิบายสั้น,ประเภท,หมู่บ้าน,หมวด OTOP,ระดับดาว OTOP,โทรศัพท์,ราคาต่ำสุด (บาท),"
                "สถานะ")
LISTINGS = [
    "P-1,กาแฟทดสอบนำเข้า,กาแฟคั่วมือ,ผลิตภัณฑ์ OTOP,V-1,เครื่องดื่ม,๕,0812345678,\"1,200\",เผยแพร่",
    "P-2,ผ้าทอทดสอบนำเข้า,ผ้าทอมือ,otop_product,บ้านศรีภูมิทดสอบ,ผ้าและเครื่องแต่งกาย,★★★★,+66 53 123 456,,"
    "เผยแพร่",
]


@pytest.fixture
def centroids(app):
    load_centroids(CENTROIDS)
    db.session.commit()


def csv_book(lines: list[str], name: str = "sheet.csv", encoding: str = "utf-8") -> sheets.Workbook:
    data = "\n".join(lines).encode(encoding)
    return sheets.read_workbook(name, data)


def xlsx_bytes(tables: dict[str, list[list]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, rows in tables.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def everything() -> tuple[int, int, int, int]:
    return count(Village), count(Listing), count(Revision), count(Photo)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp874"])
def test_csv_in_every_encoding_thai_offices_use_reads_the_same(app, encoding):
    data = "\n".join([VILLAGE_HEAD, *VILLAGES]).encode(encoding)
    if encoding == "utf-8-sig":
        assert data.startswith(codecs.BOM_UTF8)
    sheet = sheets.read_workbook("v.csv", data).sheets[0]
    rows = list(sheet.rows)
    assert sheet.headers[1] == "ชื่อ" and [number for number, _ in rows] == [2, 3]
    assert rows[0][1]["ชื่อ"] == "บ้านห้วยแก้วทดสอบ"


def test_cells_are_read_as_people_write_them():
    assert columns.phone("081-234-5678") == columns.phone("0812345678") == "081 234 5678"
    assert columns.phone("+66 81 234 5678") == "081 234 5678"
    assert columns.phone("๐๕๓-๑๒๓-๔๕๖") == "053 123 456"
    assert columns.phone(812345678) == "081 234 5678"  # Excel dropped the leading zero
    assert columns.phone("02-123-4567") == "02 123 4567"
    for bad in ("12345", "081-234-5678, 089-999-9999", "โทรหาได้"):
        with pytest.raises(columns.CellError):
            columns.phone(bad)
    assert columns.whole_number(0, 10**7, "ราคา")("฿1,200 บาท") == 1200
    assert columns.whole_number(1, 99, "หมู่ที่")("หมู่ ๓") == 3
    assert columns.stars("★★★★★") == columns.stars("๕ ดาว") == 5
    with pytest.raises(columns.CellError):
        columns.stars(6)
    assert columns.coordinate("lat")("๑๘.๘๖") == 18.86
    with pytest.raises(columns.CellError, match="สลับ"):
        columns.coordinate("lat")(99.35)
    assert columns.kind("ที่พัก โฮมสเตย์") == columns.kind("homestay") == "accommodation"
    assert columns.status("ฉบับร่าง") == "draft"


def test_a_valid_file_is_planned_then_written_with_revisions_and_search(app, centroids):
    book = sheets.Workbook("both.xlsx", sheets.read_xlsx(xlsx_bytes({
        "หมู่บ้าน": [row.split(",") for row in [VILLAGE_HEAD, *VILLAGES]],
        "สินค้าและที่เที่ยว": [LISTING_HEAD.split(","), *[
            ["P-1", "กาแฟทดสอบนำเข้า", "กาแฟคั่วมือ", "ผลิตภัณฑ์ OTOP", "V-1", "เครื่องดื่ม", "๕",
             812345678, "1,200", "เผยแพร่"],
            ["P-2", "ผ้าทอทดสอบนำเข้า", "ผ้าทอมือ", "otop_product", "บ้านศรีภูมิทดสอบ",
             "ผ้าและเครื่องแต่งกาย", "★★★★", "+66 53 123 456", None, "เผยแพร่"]]],
    })))
    search.rebuild_index()
    before = everything()
    plan = importer.plan_import(book)
    assert [str(r) for r in plan.refusals] == []
    assert (plan.count("create"), plan.count("update")) == (4, 0)
    assert everything() == before  # planning writes nothing
    report = importer.apply_import(plan)
    assert (report.created, report.updated) == (4, 0)
    search.catch_up_all()

    huai = db.session.scalar(select(Village).where(Village.external_id == "V-1"))
    assert (huai.subdistrict_code, huai.moo, huai.slug) == ("502304", 3, "ban-huai-kaeo-test")
    assert not huai.location_approximate
    sri = db.session.scalar(select(Village).where(Village.external_id == "V-2"))
    centroid = db.session.get(Subdistrict, "500101")
    assert sri.location_approximate and (sri.lat, sri.lon) == (centroid.lat, centroid.lon)
    assert sri.slug.startswith("ban-") and sri.slug.isascii()  # romanised from the Thai title
    client = app.test_client()
    approximate = "ตำแหน่งโดยประมาณ (จุดกลางตำบล)"
    assert approximate in client.get(f"/villages/{sri.slug}").get_data(as_text=True)
    assert approximate in client.get(f"/maps/villages/{sri.slug}").get_data(as_text=True)
    assert approximate not in client.get(f"/villages/{huai.slug}").get_data(as_text=True)
    coffee = db.session.scalar(select(Listing).where(Listing.external_id == "P-1"))
    assert (coffee.village_id, coffee.otop_stars, coffee.phone, coffee.price_min) == \
        (huai.id, 5, "081 234 5678", 1200)
    cloth = db.session.scalar(select(Listing).where(Listing.external_id == "P-2"))
    assert (cloth.village_id, cloth.otop_stars, cloth.phone) == (sri.id, 4, "053 123 456")
    assert count(Revision) == before[2] + 4
    found = app.test_client().get("/api/v1/search", query_string={"q": "กาแฟทดสอบนำเข้า"})
    assert coffee.slug in found.get_data(as_text=True)


def test_importing_the_same_file_again_changes_nothing_and_an_edit_updates(app, centroids):
    lines = [VILLAGE_HEAD, *VILLAGES]
    importer.apply_import(importer.plan_import(csv_book(lines)))
    before = everything()
    again = importer.plan_import(csv_book(lines))
    assert (again.count("create"), again.count("update"), again.count("unchanged")) == (0, 0, 2)
    importer.apply_import(again)
    assert everything() == before
    edited = [lines[0], lines[1].replace("หมู่บ้านทดสอบ", "หมู่บ้านทดสอบที่แก้แล้ว"), lines[2]]
    plan = importer.plan_import(csv_book(edited))
    assert (plan.count("update"), plan.count("unchanged")) == (1, 1)
    importer.apply_import(plan)
    village = db.session.scalar(select(Village).where(Village.external_id == "V-1"))
    assert village.summary == "หมู่บ้านทดสอบที่แก้แล้ว"
    assert count(Village) == before[0]


def test_rows_without_ids_or_slugs_are_matched_by_title_on_a_second_import(app, centroids):
    lines = ["ชื่อ,คำอธิบายสั้น,ตำบล,อำเภอ,จังหวัด", "บ้านไม่มีรหัส,ทดสอบ,ห้วยแก้ว,แม่ออน,เชียงใหม่"]
    importer.apply_import(importer.plan_import(csv_book(lines)))
    again = importer.plan_import(csv_book(lines))
    assert again.count("unchanged") == 1 and again.count("create") == 0


def test_every_bad_row_is_refused_in_one_pass_by_row_and_column_and_nothing_is_written(
        app, centroids):
    lines = [
        VILLAGE_HEAD,
        VILLAGES[0],
        "V-3,Ban English Only,,หมู่บ้าน,ห้วยแก้ว,แม่ออน,เชียงใหม่,,,",       # row 3: title not Thai
        "V-4,บ้านศรีภูมิไม่ชัด,,หมู่บ้าน,ศรีภูมิ,,,,,",                          # row 4: ambiguous
        "V-5,บ้านไม่มีตำบล,,หมู่บ้าน,ตำบลที่ไม่มีอยู่จริง,,เชียงใหม่,,,",          # row 5: unknown
        "V-6,บ้านพิกัดสลับ,,หมู่บ้าน,ห้วยแก้ว,แม่ออน,เชียงใหม่,,99.35,18.86",    # row 6: swapped
        "V-1,บ้านซ้ำ,,หมู่บ้าน,ห้วยแก้ว,แม่ออน,เชียงใหม่,,,",                     # row 7: duplicate id
        ",,,,,,,,,",                                                              # blank: skipped
        "V-8,บ้านหมู่เกิน,,หมู่บ้าน,ห้วยแก้ว,แม่ออน,เชียงใหม่,๑๒๐,,",              # row 9: moo 120
    ]
    before = everything()
    plan = importer.plan_import(csv_book(lines))
    messages = [str(r) for r in plan.refusals]
    assert [r.row for r in plan.refusals] == [3, 4, 5, 6, 6, 7, 9], messages
    assert messages[0].startswith("แถว 3 คอลัมน์ ชื่อ: ")
    assert messages[1].startswith("แถว 4 คอลัมน์ ตำบล: ") and "500101" in messages[1] \
        and "310311" in messages[1] and "550606" in messages[1]
    assert messages[2].startswith("แถว 5 คอลัมน์ ตำบล: ไม่พบตำบล")
    assert messages[3].startswith("แถว 6 คอลัมน์ ละติจูด: ") and "สลับ" in messages[3]
    assert messages[4].startswith("แถว 6 คอลัมน์ ลองจิจูด: 18.86 อยู่นอกประเทศไทย")
    assert messages[5] == "แถว 7 คอลัมน์ รหัสอ้างอิง: ซ้ำกับแถว 2"
    assert messages[6].startswith("แถว 9 คอลัมน์ หมู่ที่: 120")
    with pytest.raises(importer.ImportRefused):
        importer.apply_import(plan)
    assert everything() == before


def test_a_missing_column_is_refused_before_any_row_naming_the_unknown_ones(app):
    plan = importer.plan_import(csv_book(["ชื่อ,คำอธิบาย,ตำบล", "บ้านทดสอบ,ทดสอบ,ห้วยแก้ว"]))
    assert [str(r) for r in plan.refusals] == [
        "แถว 1 คอลัมน์ คำอธิบายสั้น: ไม่มีคอลัมน์นี้ ซึ่งต้องมี (คอลัมน์ในไฟล์ที่ไม่ตรงกับแม่แบบ: "
        "คำอธิบาย ตั้งชื่อให้ตรงกับแม่แบบ)"]
    assert plan.notices == ["คอลัมน์ คำอธิบาย: ไม่ใช่คอลัมน์ของแม่แบบ จึงข้ามไป ไม่นำเข้า"]


def test_front_matter_keys_work_as_headers(app, centroids):
    plan = importer.plan_import(csv_book([
        "slug,title,summary,subdistrict,lat,lon", "ban-keys,บ้านคีย์,ทดสอบ,502304,18.86,99.35"]))
    assert plan.ok and plan.rows[0].slug == "ban-keys"


def test_a_village_without_coordinates_needs_a_centroid(app):
    db.session.execute(Subdistrict.__table__.update().values(lat=None, lon=None))
    plan = importer.plan_import(csv_book(["ชื่อ,คำอธิบายสั้น,ตำบล", "บ้านทดสอบ,ทดสอบ,502304"]))
    assert [r.column for r in plan.refusals] == ["ละติจูด"]
    assert "flask geo centroids" in plan.refusals[0].message


def test_an_editor_imports_only_into_their_own_provinces(app, centroids):
    editor = accounts.create_user("cm-import@cdd.go.th", "a long enough password", "editor",
                                  ["50"])
    lines = [VILLAGE_HEAD, VILLAGES[0],
             "V-9,บ้านกาฬสินธุ์ทดสอบ,,ทดสอบ,ภูสิงห์,สหัสขันธ์,กาฬสินธุ์,,16.7,103.5"]
    plan = importer.plan_import(csv_book(lines), editor)
    assert [(r.row, r.column) for r in plan.refusals] == [(3, "จังหวัด")]
    assert "สิทธิ์" in plan.refusals[0].message
    importer.apply_import(importer.plan_import(csv_book(lines[:2]), editor), editor)
    assert db.session.scalar(select(Village).where(Village.external_id == "V-1")) is not None


def test_listings_refer_to_villages_by_slug_id_or_an_unambiguous_name(app, centroids):
    importer.apply_import(importer.plan_import(csv_book([VILLAGE_HEAD, *VILLAGES])))
    plan = importer.plan_import(csv_book([
        LISTING_HEAD, LISTINGS[0], "P-3,ของทดสอบ,ทดสอบ,สินค้าชุมชน,บ้านที่ไม่มี,,,,",
        "P-4,ที่พักทดสอบ,ทดสอบ,ที่พัก โฮมสเตย์,V-2,,5,,"]))
    assert [(r.row, r.column) for r in plan.refusals] == [(3, "หมู่บ้าน"), (4, "ระดับดาว OTOP")]
    assert "ไม่พบหมู่บ้าน 'บ้านที่ไม่มี'" in plan.refusals[0].message


def test_photos_come_from_a_zip_and_pass_the_upload_checks(app, centroids):
    image = io.BytesIO()
    Image.new("RGB", (900, 600), (40, 120, 80)).save(image, "JPEG")
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("villages.csv", "\n".join([
            VILLAGE_HEAD + ",รูปภาพ", VILLAGES[0] + ",rice.jpg"]).encode("utf-8"))
        zipped.writestr("images/rice.jpg", image.getvalue())
        zipped.writestr("images/fake.jpg", b"<html><script>alert(1)</script></html>")
    book = sheets.read_workbook("upload.zip", archive.getvalue())
    plan = importer.plan_import(book)
    assert plan.ok, [str(r) for r in plan.refusals]
    importer.apply_import(plan)
    village = db.session.scalar(select(Village).where(Village.external_id == "V-1"))
    photo = db.session.scalar(select(Photo).where(Photo.village_id == village.id))
    assert photo.alt == village.title and photo.width == 900

    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("villages.csv", "\n".join([
            VILLAGE_HEAD + ",รูปภาพ", VILLAGES[0] + ",fake.jpg", VILLAGES[1] + ",none.jpg"]))
        zipped.writestr("images/fake.jpg", b"<html><script>alert(1)</script></html>")
    plan = importer.plan_import(sheets.read_workbook("upload.zip", archive.getvalue()))
    assert [(r.row, r.column) for r in plan.refusals] == [(2, "รูปภาพ"), (3, "รูปภาพ")]


def test_unreadable_files_say_why(app):
    with pytest.raises(sheets.SheetError, match="xlsx"):
        sheets.read_workbook("list.xlsx", b"not a workbook")
    with pytest.raises(sheets.SheetError, match=r"\.xlsx, \.csv"):
        sheets.read_workbook("list.pdf", b"%PDF")
    with pytest.raises(sheets.SheetError, match="UTF-8"):
        sheets.read_workbook("list.csv", b"\x81\x8d\xff\xfe bad")


def test_the_command_line_checks_with_dry_run_then_imports(app, centroids, tmp_path):
    path = tmp_path / "villages.csv"
    path.write_text("\n".join([VILLAGE_HEAD, *VILLAGES]), encoding="utf-8-sig")
    runner = app.test_cli_runner()
    before = everything()
    result = runner.invoke(args=["content", "import", str(path), "--dry-run"])
    assert result.exit_code == 0 and "2 to create" in result.output and everything() == before
    result = runner.invoke(args=["content", "import", str(path)])
    assert result.exit_code == 0 and "2 created" in result.output
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join([VILLAGE_HEAD, VILLAGES[0].replace("ห้วยแก้ว", "ไม่มีจริง")]))
    result = runner.invoke(args=["content", "import", str(bad)])
    assert result.exit_code == 1 and "แถว 2 คอลัมน์ ตำบล" in result.output


# -- in the admin ------------------------------------------------------------------------------

JOB_STATE = re.compile(r'data-state="([a-z]+)"')


def _upload(client, name: str, data: bytes):
    from tests.admin_helpers import token

    return client.post("/admin/import", data={
        "csrf_token": token(client, "/admin/import"), "sheet": (io.BytesIO(data), name)},
        content_type="multipart/form-data")


def finished(client, url: str, deadline: float = 60.0):
    """The job page at ``url`` once its job has stopped running (polled; fails after
    ``deadline`` seconds)."""
    import time

    ends = time.monotonic() + deadline
    while True:
        page = client.get(url)
        state = JOB_STATE.search(page.get_data(as_text=True))
        assert state, page.get_data(as_text=True)[:500]
        if state.group(1) not in ("queued", "checking", "planning", "writing"):
            return page
        assert time.monotonic() < ends, f"job still {state.group(1)} after {deadline} s"
        time.sleep(0.05)  # a poll interval, not synchronisation: the loop checks the state


def test_an_editor_previews_fixes_and_confirms_an_import(app, centroids):
    from tests.admin_helpers import login, make_staff, token

    make_staff()
    client = app.test_client()
    login(client, "cm@cdd.go.th")
    assert client.get("/admin/import").status_code == 200
    bad = "\n".join([VILLAGE_HEAD, VILLAGES[0].replace("ห้วยแก้ว", "ห้วยแก้วผิด")]).encode()
    before = everything()
    job = _upload(client, "villages.csv", bad)
    assert job.status_code == 303 and "/admin/import/jobs/" in job.location
    page = finished(client, job.location)
    assert page.status_code == 422
    text = page.get_data(as_text=True)
    assert "แถว 2 คอลัมน์ ตำบล" in text and "ยืนยันนำเข้า" not in text
    assert everything() == before

    good = "\n".join([VILLAGE_HEAD, VILLAGES[0]]).encode("cp874")
    page = finished(client, _upload(client, "villages.csv", good).location)
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "เพิ่มใหม่ 1 แถว" in text and "บ้านห้วยแก้วทดสอบ" in text
    assert everything() == before  # a preview writes no content
    confirm = re.search(r'action="(/admin/import/jobs/[0-9]+/confirm)"', text).group(1)

    other = app.test_client()
    login(other, "ks@cdd.go.th")
    stolen = other.post(confirm, data={"csrf_token": token(other, "/admin/import")})
    assert stolen.status_code == 303 and everything() == before  # not their upload

    done = client.post(confirm, data={"csrf_token": token(client, "/admin/import")})
    assert done.status_code == 303 and done.location.endswith(confirm.rsplit("/", 1)[0])
    report = finished(client, done.location).get_data(as_text=True)
    assert "นำเข้าแล้ว: เพิ่ม 1 รายการ แก้ไข 0 รายการ ไม่เปลี่ยน 0 รายการ" in report
    village = db.session.scalar(select(Village).where(Village.external_id == "V-1"))
    assert village is not None and village.status == "published"
    assert app.test_client().get(f"/villages/{village.slug}").status_code == 200
    again = client.post(confirm, data={"csrf_token": token(client, "/admin/import")})
    assert again.status_code == 303 and "/admin/import/jobs/" not in again.location
    assert count(Village) == before[0] + 1  # used up


def test_the_template_has_thai_headers_and_lists_and_imports_once_filled(app, centroids):
    from openpyxl import load_workbook

    from cdd_click.content.sheet_template import template_workbook

    data = template_workbook()
    book = load_workbook(io.BytesIO(data))
    villages, listings = book["หมู่บ้าน"], book["สินค้าและที่เที่ยว"]
    headers = [cell.value for cell in listings[1]]
    assert "ประเภท" in headers and "หมวด OTOP" in headers and "ระดับดาว OTOP" in headers
    lists = {str(rule.sqref).split(":")[0][:-1]: rule.formula1
             for rule in listings.data_validations.dataValidation}
    letter = {header: cell.column_letter for header, cell in zip(headers, listings[1],
                                                                  strict=True)}
    assert "รายการให้เลือก" in lists[letter["ประเภท"]]
    kinds = [cell.value for cell in book["รายการให้เลือก"]["A"][1:]]
    assert kinds == [str(label) for label in columns.KIND_LABELS.values()]
    notes = [row[0] for row in book["คำอธิบาย"].iter_rows(values_only=True) if row and row[0]]
    assert any("เว้นว่าง = คงค่าเดิม" in note for note in notes)
    assert any(note.startswith("ใส่ - หรือ ลบ") for note in notes)
    assert any(note.startswith("สถานะว่าง = ฉบับร่าง") for note in notes)
    examples = {row[1]: row[5] for row in book["คำอธิบาย"].iter_rows(values_only=True)
                if row and len(row) > 5 and row[1]}
    assert {column.key for column in columns.COLUMNS} <= set(examples)
    assert all(examples[column.key] for column in columns.COLUMNS)
    row = {"ชื่อ": "บ้านจากแม่แบบ", "คำอธิบายสั้น": "ทดสอบแม่แบบ", "ตำบล": "ห้วยแก้ว",
           "อำเภอ": "แม่ออน", "จังหวัด": "เชียงใหม่"}
    villages.append([row.get(cell.value) for cell in villages[1]])
    listings.append([{"ชื่อ": "ของจากแม่แบบ", "คำอธิบายสั้น": "ทดสอบ", "ประเภท": kinds[0],
                      "หมู่บ้าน": "บ้านจากแม่แบบ"}.get(h) for h in headers])
    out = io.BytesIO()
    book.save(out)
    plan = importer.plan_import(sheets.read_workbook("filled.xlsx", out.getvalue()))
    assert plan.ok, [str(r) for r in plan.refusals]
    assert (plan.count("create"), {r.type for r in plan.rows}) == (2, {"village", "listing"})
    # row 2 of each sheet is the example: read past with a notice, and valid once unmarked
    assert [cell.value for cell in villages[2]][:3] == [
        "ตัวอย่าง (แถวนี้ไม่ถูกนำเข้า)", "ban-mae-kampong", "บ้านแม่กำปอง"]
    assert sum("แถวตัวอย่าง" in notice for notice in plan.notices) == 2
    villages["A2"] = listings["A2"] = None
    out = io.BytesIO()
    book.save(out)
    plan = importer.plan_import(sheets.read_workbook("filled.xlsx", out.getvalue()))
    assert plan.ok, [str(r) for r in plan.refusals]
    assert plan.count("create") == 4


def test_buddhist_era_years_are_read_in_every_form_and_shown_in_the_readers_era(app, centroids):
    import datetime as dt

    assert columns.year("2565") == columns.year("๒๕๖๕") == columns.year("พ.ศ. 2565") == 2022
    assert columns.year(2022) == columns.year(2565.0) == columns.year("15/03/2565") == 2022
    assert columns.year(dt.datetime(2565, 3, 1)) == 2022  # a date cell Thai Excel kept in BE
    for bad in ("65", "2700", "สองพันห้าร้อย", 1989):
        with pytest.raises(columns.CellError):
            columns.year(bad)
    head = LISTING_HEAD + ",ปีที่คัดสรร OTOP (พ.ศ.)"
    lines = [VILLAGE_HEAD, VILLAGES[0]]
    importer.apply_import(importer.plan_import(csv_book(lines)))
    plan = importer.plan_import(csv_book([
        head,
        LISTINGS[0] + ",๒๕๖๕",
        "P-3,กาแฟไม่มีดาว,กาแฟ,ผลิตภัณฑ์ OTOP,V-1,เครื่องดื่ม,,,,,2562",   # row 3: year, no stars
        "P-4,กาแฟปีผิด,กาแฟ,ผลิตภัณฑ์ OTOP,V-1,เครื่องดื่ม,4,,,,2700",     # row 4: no such year
    ]))
    messages = [str(r) for r in plan.refusals]
    assert messages == ["แถว 3 คอลัมน์ ปีที่คัดสรร OTOP (พ.ศ.): ปีที่คัดสรรต้องมาพร้อมระดับดาว OTOP",
                        f"แถว 4 คอลัมน์ ปีที่คัดสรร OTOP (พ.ศ.): 2700 ไม่ใช่ปีระหว่าง พ.ศ. 2533 ถึง "
                        f"{dt.date.today().year + 544}"]
    importer.apply_import(importer.plan_import(csv_book([head, LISTINGS[0] + ",๒๕๖๕"])))
    coffee = db.session.scalar(select(Listing).where(Listing.external_id == "P-1"))
    assert coffee.otop_year == 2022
    client = app.test_client()
    assert "5 ดาว (คัดสรรปี 2565)" in client.get(f"/listings/{coffee.slug}").get_data(as_text=True)
    assert "2022" in client.get(f"/en/listings/{coffee.slug}").get_data(as_text=True)
    # the same column by its front-matter key, and the year written in the Common Era
    again = importer.plan_import(csv_book([
        "external_id,title,summary,kind,village,category,otop_stars,otop_year",
        "P-1,กาแฟทดสอบนำเข้า,กาแฟคั่วมือ,otop_product,V-1,beverage,5,2022"]))
    assert [str(r) for r in again.refusals] == []


def _chunked_book() -> sheets.Workbook:
    """Listings first (villages are planned first all the same), villages that share a title,
    a repeated id in a later chunk, listings naming villages of earlier chunks."""
    head = ["รหัสอ้างอิง", "ชื่อ", "คำอธิบายสั้น", "ตำบล", "อำเภอ", "จังหวัด"]
    place = ["ห้วยแก้ว", "แม่ออน", "เชียงใหม่"]
    villages = [[f"C-{n}", "บ้านซ้ำทดสอบ", "ทดสอบ", *place] for n in range(1, 6)]
    villages += [["C-6", "บ้านเดียวทดสอบ", "ทดสอบ", *place], ["C-2", "บ้านอื่นทดสอบ", "ทดสอบ", *place]]
    listings = [[f"CL-{n}", f"สินค้าทดสอบ{n}", "ทดสอบ", "สินค้าชุมชน", village]
                for n, village in enumerate(["C-1", "C-5", "บ้านเดียวทดสอบ", "บ้านซ้ำทดสอบ",
                                             "C-4"], start=1)]
    return sheets.Workbook("chunks.xlsx", sheets.read_xlsx(xlsx_bytes({
        "สินค้าและที่เที่ยว": [["รหัสอ้างอิง", "ชื่อ", "คำอธิบายสั้น", "ประเภท", "หมู่บ้าน"],
                               *listings],
        "หมู่บ้าน": [head, *villages]})))


def test_a_sheet_planned_a_few_rows_at_a_time_gives_the_same_plan(app, centroids, monkeypatch):
    chunks: list[int] = []  # rows per chunk planned
    look_up = import_planner._Matching.look_up

    def counted(match, drafts):
        chunks.append(len(drafts))
        return look_up(match, drafts)

    monkeypatch.setattr(import_planner._Matching, "look_up", counted)

    def planned():
        chunks.clear()
        plan = importer.plan_import(_chunked_book())
        return ([(r.type, r.row, r.action, r.slug, r.village_ref) for r in plan.rows],
                [str(r) for r in plan.refusals])

    whole = planned()
    assert max(chunks) == 7  # the seven village rows in one chunk
    monkeypatch.setattr(import_plan, "CHUNK", 2)
    assert planned() == whole
    assert max(chunks) == 2  # the same plan, two rows at a time
    rows, refusals = whole
    village_slugs = [slug for kind, _, _, slug, _ in rows if kind == "village"]
    assert len(village_slugs) == 6 == len(set(village_slugs))  # five of one title: five slugs
    assert refusals == [  # villages first: listings name them
        "ชีต หมู่บ้าน แถว 8 คอลัมน์ รหัสอ้างอิง: ซ้ำกับแถว 3",
        "ชีต สินค้าและที่เที่ยว แถว 5 คอลัมน์ หมู่บ้าน: มีหมู่บ้านชื่อ 'บ้านซ้ำทดสอบ' หลายแห่งในไฟล์นี้: "
        "ใช้ชื่อลิงก์หรือรหัสอ้างอิง"]


def test_a_plan_in_chunks_writes_every_listing_to_the_village_it_names(app, centroids,
                                                                      monkeypatch):
    monkeypatch.setattr(import_plan, "CHUNK", 2)
    book = _chunked_book()
    def without(sheet: sheets.Sheet, bad: int) -> sheets.Sheet:  # the rows the plan refused
        return sheets.Sheet(sheet.name, sheet.headers,
                            ((n, cells) for n, cells in sheet.rows if n != bad))

    book.sheets = [without(sheet, 8 if sheet.name == "หมู่บ้าน" else 5) for sheet in book.sheets]
    plan = importer.plan_import(book)
    assert plan.ok, [str(r) for r in plan.refusals]
    assert all(not hasattr(row, "values") for row in plan.rows)  # the values wait on disk
    batches: list[int] = []  # rows per batch written
    write_batch = import_apply._write_batch

    def counted(plan_, rows, *args):
        batches.append(len(rows))
        return write_batch(plan_, rows, *args)

    monkeypatch.setattr(import_apply, "_write_batch", counted)
    importer.apply_import(plan)
    assert max(batches) == 2  # written two rows at a time too
    village_of = {listing.external_id: listing.village.external_id
                  for listing in db.session.scalars(select(Listing).where(
                      Listing.external_id.like("CL-%")))}
    assert village_of == {"CL-1": "C-1", "CL-2": "C-5", "CL-3": "C-6", "CL-5": "C-4"}


def _village_rows(count: int) -> sheets.Workbook:
    body = "รายละเอียดของหมู่บ้านที่ยาวพอสมควร " * 60  # ~2,000 characters, as offices write
    lines = ["ชื่อ,ชื่อภาษาอังกฤษ,คำอธิบายสั้น,รายละเอียด,ตำบล"] + [
        f"บ้านทดสอบความจำ{n},Memory Test {n},ทดสอบ,{body} {n},500101" for n in range(count)]
    return csv_book(lines)


def test_planning_memory_grows_with_the_rows_keys_not_their_values(app, centroids):
    import tracemalloc

    def peak(rows: int) -> int:
        book = _village_rows(rows)  # the file itself is the caller's; only planning is measured
        tracemalloc.start()
        try:
            plan = importer.plan_import(book)
            assert plan.ok and plan.count("create") == rows
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
            plan.close()

    peak(800)  # the first plan fills the process's caches (geography, romanised words)
    per_row = (peak(2_400) - peak(800)) / 1_600
    assert per_row < 1_500, f"{per_row:.0f} bytes per row"  # each row's values are ~6 KB


def test_a_backlog_indexes_each_item_once_and_a_crowded_index_is_compacted(app, centroids,
                                                                          monkeypatch):
    from cdd_click.search import index as search_index
    from cdd_click.search import sync

    search.rebuild_index()
    book = _chunked_book()
    plan = importer.plan_import(sheets.Workbook("v.xlsx", [
        s for s in book.sheets if s.name == "หมู่บ้าน"]))
    importer.apply_import(importer.plan_import(csv_book([VILLAGE_HEAD, *VILLAGES])))
    importer.apply_import(importer.plan_import(csv_book([LISTING_HEAD, *LISTINGS])))
    plan.close()
    indexed: list[str] = []
    update = search_index.SearchIndex.update

    def counting(self, documents, *args, **kwargs):
        documents = list(documents)
        indexed.extend(doc["key"] for doc in documents)
        return update(self, documents, *args, **kwargs)

    monkeypatch.setattr(search_index.SearchIndex, "update", counting)
    monkeypatch.setattr(sync, "BACKLOG_BATCH", 1)  # one outbox row per commit
    before = search._index().segment_count()
    monkeypatch.setattr(search, "MAX_SEGMENTS", before + 10)
    assert search.catch_up_all() == "4 change(s) applied"
    assert sorted(indexed) == sorted(set(indexed)) and len(indexed) == 4  # no listing twice
    assert search._index().segment_count() == before + 4  # a backlog only adds segments

    importer.apply_import(importer.plan_import(csv_book([
        VILLAGE_HEAD, *[line.replace("หมู่บ้านทดสอบ", "หมู่บ้านทดสอบแก้ไข") for line in VILLAGES]])))
    monkeypatch.setattr(search, "MAX_SEGMENTS", before + 5)
    message = search.catch_up_all()
    # two more segments, each of a village and the listing that names it (2 documents); the
    # four segments of one document (< BACKLOG_BATCH + 1) are merged into one
    assert message == f"2 change(s) applied; {before + 6} segments, the small ones merged: " \
        f"{before + 3} left", message
    assert search._index().segment_count() == before + 3
    found = app.test_client().get("/api/v1/search", query_string={"q": "กาแฟทดสอบนำเข้า"})
    hits = [(hit["type"], hit["title"]) for hit in found.get_json()["results"]]
    assert hits == [("listing", "กาแฟทดสอบนำเข้า")]  # the merge kept the imported listing


def test_planned_rows_wait_on_disk_not_in_memory(app, centroids):
    import gc

    plan = importer.plan_import(_village_rows(1_200))
    try:
        assert plan.ok and plan.count("create") == 1_200
        gc.collect()
        alive = sum(1 for thing in gc.get_objects() if isinstance(
            thing, importer.PlannedRow | import_planner._NewRow))
        assert alive == 0  # counts and places in the spill only
        rows = plan.rows  # read back, in the order they are written
        assert len(rows) == 1_200 and len({row.slug for row in rows}) == 1_200
    finally:
        plan.close()


def test_a_plan_lists_the_first_refusals_by_row_and_counts_them_all(app, centroids):
    lines = ["ชื่อ,คำอธิบายสั้น,ตำบล"] + [f"Not Thai {n},ทดสอบ,500101" for n in range(2_500)]
    plan = importer.plan_import(csv_book(lines))
    assert not plan.ok and plan.refused_total == 2_500
    assert [r.row for r in plan.refusals] == list(range(2, 2 + importer.KEPT_REFUSALS))
    assert plan.count("create") == 0
