"""An import never loses an edit: a blank cell or a missing column keeps what is stored, ``-`` or
``ลบ`` clears a value on purpose, and a new row without a status waits as a draft."""

from __future__ import annotations

from sqlalchemy import select

from cdd_click.content import importer
from cdd_click.extensions import db
from cdd_click.models import Listing, Status, Subdistrict, Village
from tests.test_import import LISTING_HEAD, LISTINGS, VILLAGE_HEAD, VILLAGES, centroids, csv_book

__all__ = ["centroids"]  # the fixture, used by name


def _import(lines: list[str]) -> importer.ImportPlan:
    plan = importer.plan_import(csv_book(lines))
    assert plan.ok, [str(r) for r in plan.refusals]
    importer.apply_import(plan)
    return plan


def _village(external_id: str) -> Village:
    db.session.expire_all()
    return db.session.scalar(select(Village).where(Village.external_id == external_id))


def test_blank_cells_and_missing_columns_keep_hand_made_fixes(app, centroids):
    _import([VILLAGE_HEAD, *VILLAGES])
    sri = _village("V-2")
    assert sri.location_approximate
    # an editor's fixes from the to-do list: English, a body, tags, the exact pin
    sri.title_en, sri.summary_en, sri.body = "Ban Si Phum Test", "A test village", "รายละเอียด"
    sri.tags, sri.lat, sri.lon, sri.location_approximate = ["ผ้าทอ"], 18.79, 98.99, False
    db.session.commit()
    # the same register again: its English and coordinate cells are blank
    again = importer.plan_import(csv_book([VILLAGE_HEAD, *VILLAGES]))
    assert (again.count("update"), again.count("unchanged")) == (0, 2)
    # a partial sheet: only the identifying columns and a new summary
    _import(["รหัสอ้างอิง,ชื่อ,คำอธิบายสั้น,ตำบล", "V-2,บ้านศรีภูมิทดสอบ,สรุปใหม่,500101"])
    sri = _village("V-2")
    assert sri.summary == "สรุปใหม่"
    assert (sri.title_en, sri.summary_en, sri.body, sri.tags) == (
        "Ban Si Phum Test", "A test village", "รายละเอียด", ["ผ้าทอ"])
    assert (sri.lat, sri.lon, sri.location_approximate, sri.status) == (
        18.79, 98.99, False, Status.PUBLISHED)


def test_a_dash_or_lob_clears_a_value_and_coordinates_fall_back_to_the_centroid(app, centroids):
    _import([VILLAGE_HEAD, *VILLAGES])
    _import([LISTING_HEAD, *LISTINGS])
    _import(["รหัสอ้างอิง,ชื่อ,ชื่อภาษาอังกฤษ,คำอธิบายสั้น,ตำบล,ละติจูด,ลองจิจูด",
             "V-1,บ้านห้วยแก้วทดสอบ,ลบ,หมู่บ้านทดสอบ,502304,-,-"])
    huai = _village("V-1")
    centroid = db.session.get(Subdistrict, "502304")
    assert huai.title_en is None
    assert (huai.lat, huai.lon, huai.location_approximate) == (centroid.lat, centroid.lon, True)
    _import(["รหัสอ้างอิง,ชื่อ,คำอธิบายสั้น,ประเภท,หมู่บ้าน,โทรศัพท์,ราคาต่ำสุด (บาท)",
             "P-1,กาแฟทดสอบนำเข้า,กาแฟคั่วมือ,ผลิตภัณฑ์ OTOP,V-1,-,"])
    coffee = db.session.scalar(select(Listing).where(Listing.external_id == "P-1"))
    assert (coffee.phone, coffee.price_min, coffee.category) == (None, 1200, "beverage")


def test_a_required_or_identifying_cell_cannot_be_cleared(app, centroids):
    plan = importer.plan_import(csv_book([
        "รหัสอ้างอิง,ชื่อ,คำอธิบายสั้น,ตำบล", "-,บ้านทดสอบ,ลบ,500101"]))
    assert [(r.row, r.column) for r in plan.refusals] == [(2, "รหัสอ้างอิง"), (2, "คำอธิบายสั้น")]
    assert "ล้างค่าคอลัมน์นี้ไม่ได้" in plan.refusals[0].message


def test_a_new_row_without_a_status_is_a_draft_and_an_update_keeps_its_status(app, centroids):
    _import(["ชื่อ,คำอธิบายสั้น,ตำบล,สถานะ", "บ้านร่างทดสอบ,ทดสอบ,500101,",
             "บ้านเผยแพร่ทดสอบ,ทดสอบ,500101,เผยแพร่"])
    _import(["ชื่อ,คำอธิบายสั้น,ตำบล", "บ้านไม่มีคอลัมน์ทดสอบ,ทดสอบ,500101"])
    status = dict(db.session.execute(select(Village.title, Village.status)).all())
    assert status == {"บ้านร่างทดสอบ": Status.DRAFT, "บ้านเผยแพร่ทดสอบ": Status.PUBLISHED,
                      "บ้านไม่มีคอลัมน์ทดสอบ": Status.DRAFT}
    client = app.test_client()
    draft = db.session.scalar(select(Village).where(Village.title == "บ้านร่างทดสอบ"))
    assert client.get(f"/villages/{draft.slug}").status_code == 404
    _import(["ชื่อ,คำอธิบายสั้น,ตำบล", "บ้านเผยแพร่ทดสอบ,ทดสอบใหม่,500101"])
    published = db.session.scalar(select(Village).where(Village.title == "บ้านเผยแพร่ทดสอบ"))
    assert (published.summary, published.status) == ("ทดสอบใหม่", Status.PUBLISHED)


def test_the_preview_shows_each_field_that_changes_old_and_new(app, centroids):
    from tests.admin_helpers import login, make_staff
    from tests.test_import import _upload, finished

    _import([VILLAGE_HEAD, *VILLAGES])
    plan = importer.plan_import(csv_book([
        "รหัสอ้างอิง,ชื่อ,คำอธิบายสั้น,ตำบล,หมู่ที่,สถานะ",
        "V-1,บ้านห้วยแก้วทดสอบ,สรุปที่แก้แล้ว,502304,๕,ฉบับร่าง",
        "V-2,บ้านศรีภูมิทดสอบ,หมู่บ้านทดสอบ,500101,,"]))
    update, unchanged = plan.rows
    assert (update.action, unchanged.action, unchanged.changes) == ("update", "unchanged", ())
    assert update.changes == (("คำอธิบายสั้น", "หมู่บ้านทดสอบ", "สรุปที่แก้แล้ว"),
                              ("หมู่ที่", "3", "5"), ("สถานะ", "เผยแพร่", "ฉบับร่าง"))
    plan.close()
    make_staff()
    client = app.test_client()
    login(client, "cm@cdd.go.th")
    sheet = "\n".join(["รหัสอ้างอิง,ชื่อ,คำอธิบายสั้น,ตำบล", "V-1,บ้านห้วยแก้วทดสอบ,สรุปใหม่,502304"])
    page = finished(client, _upload(client, "fix.csv", sheet.encode()).location)
    text = page.get_data(as_text=True)
    assert "แก้ไข 1 แถว" in text
    assert "<strong>คำอธิบายสั้น</strong>: <del>หมู่บ้านทดสอบ</del> → <ins>สรุปใหม่</ins>" in text


def test_thai_letter_reference_codes_are_read(app, centroids):
    plan = _import(["รหัสอ้างอิง,ชื่อ,คำอธิบายสั้น,ตำบล,สถานะ",
                    "สกพ-ม-001,บ้านรหัสไทยทดสอบ,ทดสอบ,500101,เผยแพร่"])
    assert plan.count("create") == 1
    assert _village("สกพ-ม-001").title == "บ้านรหัสไทยทดสอบ"
    again = importer.plan_import(csv_book(["รหัสอ้างอิง,ชื่อ,คำอธิบายสั้น,ตำบล",
                                           "สกพ-ม-001,บ้านรหัสไทยทดสอบ,ทดสอบ,500101"]))
    assert (again.count("create"), again.count("unchanged")) == (0, 1)


def test_a_refused_village_is_reported_once_and_its_listings_point_at_its_row(app, centroids):
    book = csv_book([  # one sheet per file with CSV: villages, then the listings naming them
        "รหัสอ้างอิง,ชื่อ,คำอธิบายสั้น,ตำบล", "BAD-1,บ้านตำบลผิดทดสอบ,ทดสอบ,ตำบลที่ไม่มีจริง"])
    from cdd_click.content import sheets

    listings = csv_book(["รหัสอ้างอิง,ชื่อ,คำอธิบายสั้น,ประเภท,หมู่บ้าน",
                         "L-1,ของฝากทดสอบหนึ่ง,ทดสอบ,สินค้าชุมชน,BAD-1",
                         "L-2,ของฝากทดสอบสอง,ทดสอบ,สินค้าชุมชน,บ้านตำบลผิดทดสอบ"])
    book = sheets.Workbook("both.xlsx", [
        sheets.Sheet("สินค้าและที่เที่ยว", listings.sheets[0].headers, listings.sheets[0].rows),
        sheets.Sheet("หมู่บ้าน", book.sheets[0].headers, book.sheets[0].rows)])
    plan = importer.plan_import(book)
    messages = [str(r) for r in plan.refusals]
    assert messages[0].startswith("ชีต หมู่บ้าน แถว 2 คอลัมน์ ตำบล: ไม่พบตำบล")  # the cause first
    assert messages[1:] == [
        f"ชีต สินค้าและที่เที่ยว แถว {n} คอลัมน์ หมู่บ้าน: ดูแถว 2 ของชีตหมู่บ้าน: หมู่บ้าน '{name}' "
        "ยังนำเข้าไม่ได้ แก้แถวนั้นแล้วแถวนี้จะผ่าน"
        for n, name in ((2, "BAD-1"), (3, "บ้านตำบลผิดทดสอบ"))]


def test_an_unknown_or_row_number_column_is_read_past_with_a_notice(app, centroids):
    plan = importer.plan_import(csv_book([
        "ลำดับที่,ชื่อ,คำอธิบายสั้น,ตำบล,หมายเหตุของอำเภอ", "1,บ้านลำดับทดสอบ,ทดสอบ,500101,โทรแล้ว"]))
    assert plan.ok and plan.count("create") == 1
    assert plan.notices == ["คอลัมน์ ลำดับที่: ไม่ใช่คอลัมน์ของแม่แบบ จึงข้ามไป ไม่นำเข้า",
                            "คอลัมน์ หมายเหตุของอำเภอ: ไม่ใช่คอลัมน์ของแม่แบบ จึงข้ามไป ไม่นำเข้า"]
    missing = importer.plan_import(csv_book(["ลำดับที่,ชื่อ,ตำบล", "1,บ้านลำดับทดสอบ,500101"]))
    assert [str(r) for r in missing.refusals] == ["แถว 1 คอลัมน์ คำอธิบายสั้น: ไม่มีคอลัมน์นี้ ซึ่งต้องมี"]


def test_a_confirm_never_writes_over_an_edit_made_after_the_preview(app, centroids):
    import re

    from tests.admin_helpers import login, make_staff, token
    from tests.test_import import _upload, finished

    _import([VILLAGE_HEAD, *VILLAGES])
    make_staff()
    client = app.test_client()
    login(client, "cm@cdd.go.th")
    sheet = "\n".join(["รหัสอ้างอิง,ชื่อ,คำอธิบายสั้น,ตำบล",
                       "V-1,บ้านห้วยแก้วทดสอบ,สรุปจากไฟล์,502304",
                       "V-2,บ้านศรีภูมิทดสอบ,สรุปจากไฟล์,500101"])
    page = finished(client, _upload(client, "fix.csv", sheet.encode()).location)
    text = page.get_data(as_text=True)
    assert "แก้ไข 2 แถว" in text
    confirm = re.search(r'action="(/admin/import/jobs/[0-9]+/confirm)"', text).group(1)
    huai = _village("V-1")  # a colleague fixes V-1 between the preview and the confirm
    huai.summary = "สรุปที่เพื่อนร่วมงานแก้"
    db.session.commit()
    done = client.post(confirm, data={"csrf_token": token(client, "/admin/import")})
    report = finished(client, done.location).get_data(as_text=True)
    assert "แถว 2: " + importer.CHANGED_SINCE_PREVIEW in report
    assert (_village("V-1").summary, _village("V-2").summary) == (
        "สรุปที่เพื่อนร่วมงานแก้", "หมู่บ้านทดสอบ")  # nothing written: the file is all or nothing
    again = finished(client, _upload(client, "fix.csv", sheet.encode()).location)
    assert "<del>สรุปที่เพื่อนร่วมงานแก้</del> → <ins>สรุปจากไฟล์</ins>" in again.get_data(as_text=True)


def test_a_confirm_writes_only_rows_that_still_do_what_the_preview_showed(app, centroids):
    """By version, not by clock: an item edited (even where the file would not change it),
    deleted or newly matched since the preview makes its row refused; the rest are the same
    fingerprints, so the same file planned again unchanged is accepted as it stands."""
    from cdd_click import publishing

    _import([VILLAGE_HEAD, *VILLAGES])
    sheet = ["รหัสอ้างอิง,ชื่อ,คำอธิบายสั้น,ตำบล",
             "V-1,บ้านห้วยแก้วทดสอบ,สรุปจากไฟล์,502304",   # an update
             "V-2,บ้านศรีภูมิทดสอบ,หมู่บ้านทดสอบ,500101"]  # unchanged
    seen = importer.plan_import(csv_book(sheet))
    assert (seen.count("update"), seen.count("unchanged")) == (1, 1)
    previewed = seen.fingerprints()
    assert len(previewed) == 2 * importer.FINGERPRINT_BYTES
    assert importer.plan_import(csv_book(sheet), previewed=previewed).ok  # nothing moved

    sri = _village("V-2")  # the unchanged row's item is edited: its version moves
    publishing.save(sri, {"title_en": "Ban Si Phum test"}, None, sri.version)
    again = importer.plan_import(csv_book(sheet), previewed=previewed)
    assert [str(r) for r in again.refusals] == ["แถว 3: " + importer.CHANGED_SINCE_PREVIEW]

    huai = _village("V-1")  # the updated row's item is deleted: not brought back by the file
    seen = importer.plan_import(csv_book(sheet))
    publishing.delete(huai, _admin(), huai.version)
    gone = importer.plan_import(csv_book(sheet), previewed=seen.fingerprints())
    assert [str(r) for r in gone.refusals] == ["แถว 2: " + importer.CHANGED_SINCE_PREVIEW]
    assert importer.plan_import(csv_book(sheet)).count("create") == 1  # planned afresh: it would


def _admin():
    from cdd_click.models import User

    user = db.session.scalar(db.select(User).where(User.role == "admin"))
    if user is None:
        from tests.admin_helpers import make_staff

        make_staff()
        user = db.session.scalar(db.select(User).where(User.role == "admin"))
    return user


def test_rows_repeated_in_a_file_are_refused_naming_both_rows(app, centroids):
    row = "บ้านซ้ำในไฟล์ทดสอบ,ทดสอบ,500101"
    plan = importer.plan_import(csv_book(["ชื่อ,คำอธิบายสั้น,ตำบล", row, row, row,
                                          "บ้านซ้ำในไฟล์ทดสอบ,ทดสอบ,502304"]))  # another tambon
    assert [str(r) for r in plan.refusals] == [
        f"แถว {n} คอลัมน์ ชื่อ: ซ้ำกับแถว 2: ชื่อเดียวกันในตำบลเดียวกัน (ลบแถวที่ซ้ำ หรือใส่รหัสอ้างอิง"
        "ให้แต่ละแถว)" for n in (3, 4)]
    _import([VILLAGE_HEAD, *VILLAGES])
    listings = importer.plan_import(csv_book([
        "ชื่อ,คำอธิบายสั้น,ประเภท,หมู่บ้าน", "เมี่ยงทดสอบ,ทดสอบ,สินค้าชุมชน,V-1",
        "เมี่ยงทดสอบ,ทดสอบ,สินค้าชุมชน,บ้านห้วยแก้วทดสอบ",  # the same village, by its name
        "เมี่ยงทดสอบ,ทดสอบ,สินค้าชุมชน,V-2"]))
    assert [(r.row, r.message.split(":")[0]) for r in listings.refusals] == [(3, "ซ้ำกับแถว 2")]


def test_a_new_title_close_to_a_stored_one_in_the_same_village_is_flagged(app, centroids):
    _import([VILLAGE_HEAD, *VILLAGES])
    _import(["ชื่อ,คำอธิบายสั้น,ประเภท,หมู่บ้าน,สถานะ",
             "เมี่ยงบ้านห้วยแก้วทดสอบ,ทดสอบ,สินค้าชุมชน,V-1,เผยแพร่"])
    plan = importer.plan_import(csv_book([
        "ชื่อ,คำอธิบายสั้น,ประเภท,หมู่บ้าน",
        "เมี่ยงห้วยแก้วทดสอบ,ทดสอบ,สินค้าชุมชน,V-1",     # บ้าน dropped: close
        "เมี่ยงห้วยแก้วทดสอบ,ทดสอบ,สินค้าชุมชน,V-2",     # another village: not flagged
        "กาแฟดอยทดสอบ,ทดสอบ,สินค้าชุมชน,V-1"]))           # another product: not flagged
    assert plan.ok, [str(r) for r in plan.refusals]
    near = {(row.title, row.village_ref): row.near for row in plan.rows}
    stored = db.session.scalar(select(Listing).where(Listing.title == "เมี่ยงบ้านห้วยแก้วทดสอบ"))
    huai, sri = _village("V-1").slug, _village("V-2").slug
    assert near == {("เมี่ยงห้วยแก้วทดสอบ", huai): f"เมี่ยงบ้านห้วยแก้วทดสอบ ({stored.slug})",
                    ("เมี่ยงห้วยแก้วทดสอบ", sri): "", ("กาแฟดอยทดสอบ", huai): ""}
