"""Staff export their province as the import template and import it back: nothing changes
(issue 23: the export carries every field the import reads)."""

from __future__ import annotations

import io
from collections import Counter

from sqlalchemy import func, select

from cdd_click.content import importer, sheets
from cdd_click.content.sheet_export import write_workbook
from cdd_click.extensions import db
from cdd_click.models import Listing, Village


def _exported(provinces=None) -> tuple[bytes, dict]:
    out = io.BytesIO()
    counts = write_workbook(out, provinces)
    return out.getvalue(), counts


def test_the_shipped_content_exported_and_imported_back_changes_nothing(site):
    village, exact = db.session.scalars(select(Village).order_by(Village.slug).limit(2))
    village.location_approximate = True  # as if placed at its tambon's centre
    listing = db.session.scalar(select(Listing).order_by(Listing.slug))
    listing.body = "- ผ้าทอมือ\n- =ย้อมสีธรรมชาติ"  # cells that start like a formula
    listing.title_en = "-Silk-"
    db.session.commit()
    data, counts = _exported()
    assert counts == {"village": db.session.scalar(select(func.count(Village.id))),
                      "listing": db.session.scalar(select(func.count(Listing.id)))}
    plan = importer.plan_import(sheets.read_workbook("export.xlsx", data))
    assert plan.ok, [str(r) for r in plan.refusals[:5]]
    actions = Counter(row.action for row in plan.iter_rows())
    assert actions == {"unchanged": counts["village"] + counts["listing"]}, [
        (row.slug, row.changes) for row in plan.iter_rows() if row.action != "unchanged"][:5]

    book = sheets.read_workbook("export.xlsx", data)
    rows = {values["ชื่อลิงก์ (slug)"]: values for sheet in book.sheets
            for _, values in sheet.rows if sheet.name != "คำอธิบาย"}
    assert rows[village.slug]["ละติจูด"] is None  # a tambon centre is not written as a pin
    assert rows[exact.slug]["ละติจูด"] == exact.lat
    assert rows[listing.slug]["รายละเอียด"] == listing.body  # read back as it was


def test_an_edited_export_changes_only_what_was_edited(site):
    listing = db.session.scalar(select(Listing).order_by(Listing.slug))
    data, _ = _exported([listing.village.province_code])
    book = sheets.read_workbook("export.xlsx", data)
    from openpyxl import load_workbook
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook["สินค้าและที่เที่ยว"]
    headers = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[headers.index("ชื่อลิงก์ (slug)")].value == listing.slug:
            row[headers.index("ราคาต่ำสุด (บาท)")].value = 123
    edited = io.BytesIO()
    workbook.save(edited)
    plan = importer.plan_import(sheets.read_workbook("export.xlsx", edited.getvalue()))
    changed = [row for row in plan.iter_rows() if row.action != "unchanged"]
    assert [(row.slug, [c[0] for c in row.changes]) for row in changed] == [
        (listing.slug, ["ราคาต่ำสุด (บาท)"])]
    assert [sheet.name for sheet in book.sheets][:2] == ["หมู่บ้าน", "สินค้าและที่เที่ยว"]


def test_an_editor_exports_only_their_province_and_the_command_the_country(
        app, content_tree, client, runner, tmp_path):
    from tests.admin_helpers import build_site, login
    staff = build_site(content_tree)
    assert client.get("/admin/import/export.xlsx?province=50").status_code in (302, 401)
    login(client, staff["editor"])
    page = client.get("/admin/import").get_data(as_text=True)
    assert 'value="50"' in page and 'value="46"' not in page  # only their provinces offered
    response = client.get("/admin/import/export.xlsx?province=50")
    assert response.status_code == 200 and "click-chumchon-50-" in response.headers[
        "Content-Disposition"]
    book = sheets.read_workbook("export.xlsx", response.data)
    slugs = [values["ชื่อลิงก์ (slug)"] for sheet in book.sheets[:2] for _, values in sheet.rows]
    assert slugs == ["ban-test", "test-coffee"]
    assert client.get("/admin/import/export.xlsx?province=46").status_code == 403
    assert client.get("/admin/import/export.xlsx?province=xx").status_code == 303

    result = runner.invoke(args=["content", "export-sheet", str(tmp_path / "all.xlsx")])
    assert result.exit_code == 0 and "2 villages, 1 listings" in result.output, result.output
    result = runner.invoke(args=["content", "export-sheet", str(tmp_path / "x.xlsx"),
                                 "--province", "99"])
    assert result.exit_code == 1 and not (tmp_path / "x.xlsx").exists()
