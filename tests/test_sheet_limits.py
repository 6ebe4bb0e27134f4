"""Spreadsheets and photos are read within limits: a hostile file is refused with a Thai message
naming the limit, writes nothing, and is never a 500 (issue 22, items 5 and 9).

Bombs are made here, small: a limit is lowered for a test where building a file over the
shipped one would be slow, and the shipped defaults are checked with members that compress to
little (long runs of one letter)."""

from __future__ import annotations

import io
import struct
import threading
import zipfile

import pytest
from openpyxl import Workbook
from PIL import Image
from sqlalchemy import func, select

from cdd_click import media
from cdd_click.content import sheets
from cdd_click.content.sheets import SheetError, read_workbook
from cdd_click.extensions import db
from cdd_click.models import Listing, Photo, Village
from tests.admin_helpers import build_site, ids, login, token

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
STRINGS = "xl/sharedStrings.xml"
SHEET = "xl/worksheets/sheet1.xml"
VILLAGE_HEAD = ["รหัสอ้างอิง", "ชื่อ", "คำอธิบายสั้น", "ตำบล", "หมู่ที่", "ละติจูด", "ลองจิจูด"]
VILLAGE_ROW = ["BV-1", "บ้านทดสอบนำเข้า", "หมู่บ้านสำหรับทดสอบ", "502304", 3, 18.86, 99.35]


# -- building files --------------------------------------------------------------------------

def workbook_parts(rows: list[list] | None = None) -> dict[str, bytes]:
    """The parts of a real workbook written by openpyxl (a village sheet)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "หมู่บ้าน"
    for row in [VILLAGE_HEAD, *(rows if rows is not None else [VILLAGE_ROW])]:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    with zipfile.ZipFile(out) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def zipped(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def xlsx(rows: list[list] | None = None, replace: dict[str, bytes] | None = None) -> bytes:
    """A real workbook (``rows`` under the village headers), some parts replaced."""
    return zipped(workbook_parts(rows) | (replace or {}))


def streamed_part(name: str, head: bytes, filler: bytes, size: int, tail: bytes) -> bytes:
    """A workbook whose part ``name`` is ``head`` + ``filler`` past ``size`` bytes + ``tail``,
    written in pieces (never whole in memory)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for part, content in workbook_parts().items():
            if part != name:
                archive.writestr(part, content)
        with archive.open(name, "w") as stream:
            stream.write(head)
            block = filler * max(1, 1024 * 1024 // len(filler))
            for _ in range(-(-size // len(block))):  # at least ``size`` bytes
                stream.write(block)
            stream.write(tail)
    return out.getvalue()


def shared_strings(*texts: str, doctype: str = "") -> bytes:
    items = "".join(f"<si><t>{text}</t></si>" for text in texts)
    return (f'{HEAD}{doctype}<sst xmlns="{MAIN_NS}" count="{len(texts)}" '
            f'uniqueCount="{len(texts)}">{items}</sst>').encode()


def sheet_xml(rows: str) -> bytes:
    return f'{HEAD}<worksheet xmlns="{MAIN_NS}"><sheetData>{rows}</sheetData></worksheet>'.encode()


def read_all(filename: str, data: bytes) -> int:
    """Read every row of every sheet, as the importer does; the number of rows."""
    book = read_workbook(filename, data)
    return sum(1 for sheet in book.sheets for _ in sheet.rows)


def refused(filename: str, data: bytes) -> str:
    with pytest.raises(SheetError) as caught:
        read_all(filename, data)
    message = str(caught.value)
    assert any("\u0e00" <= ch <= "\u0e7f" for ch in message), message
    return message


def csv_file(*rows: list) -> bytes:
    return "\n".join(",".join(str(v) for v in row) for row in rows).encode()


# -- the .xlsx container ---------------------------------------------------------------------

def test_a_real_workbook_is_read():
    assert read_all("villages.xlsx", xlsx()) == 1


def test_shared_strings_inflating_past_the_shipped_limit_are_refused_before_openpyxl():
    limit = sheets.MAX_SHARED_STRINGS_BYTES
    head = f'{HEAD}<sst xmlns="{MAIN_NS}" count="1" uniqueCount="1"><si><t>'.encode()
    data = streamed_part(STRINGS, head, b"A", limit + 1024, b"</t></si></sst>")
    assert len(data) < 1024 * 1024  # the bomb: ~48 MB from a few hundred KB
    assert f"{limit // sheets.MB} MB" in refused("bomb.xlsx", data)


def test_a_sheet_part_inflating_past_the_shipped_part_limit_is_refused():
    limit = sheets.MAX_XLSX_PART_BYTES
    head = f'{HEAD}<worksheet xmlns="{MAIN_NS}"><sheetData>'.encode()
    row = b'<row><c t="inlineStr"><is><t>' + b"B" * (1024 * 1024) + b"</t></is></c></row>"
    data = streamed_part(SHEET, head, row, limit + 1024, b"</sheetData></worksheet>")
    assert len(data) < 2 * 1024 * 1024
    message = refused("bomb.xlsx", data)
    assert SHEET in message and f"{limit // sheets.MB} MB" in message


def test_one_row_or_cell_past_the_shipped_run_limit_is_refused():
    """openpyxl builds a whole row before it yields it: a row's bytes are limited before."""
    limit = sheets.MAX_XML_RUN_BYTES
    head = f'{HEAD}<worksheet xmlns="{MAIN_NS}"><sheetData><row><c t="inlineStr"><is><t>'
    data = streamed_part(SHEET, head.encode(), b"C", limit + 1024,
                         b"</t></is></c></row></sheetData></worksheet>")
    assert f"{limit // sheets.MB} MB" in refused("cell.xlsx", data)


def test_all_parts_together_are_limited(monkeypatch):
    monkeypatch.setattr(sheets, "MAX_XLSX_BYTES", 3 * sheets.MB)
    monkeypatch.setattr(sheets, "MAX_COMPRESSION_RATIO", 10_000)
    two = b"a" * (2 * sheets.MB)
    data = xlsx(replace={"xl/media/a.bin": two, "xl/media/b.bin": two})
    assert "ขยายแล้วใหญ่เกิน 3 MB" in refused("many.xlsx", data)


def test_a_header_that_lies_about_the_size_is_measured_while_inflating():
    good = xlsx(replace={STRINGS: shared_strings("ก" * 200_000)})
    data = bytearray(good)
    local = zipfile.ZipFile(io.BytesIO(good)).getinfo(STRINGS).header_offset
    struct.pack_into("<I", data, local + 22, 100)  # the local header says 100 bytes
    central = data.find(b"PK\x01\x02")
    while data[central + 46:central + 46 + len(STRINGS)] != STRINGS.encode():
        central = data.find(b"PK\x01\x02", central + 4)
    struct.pack_into("<I", data, central + 24, 100)  # and so does the central directory
    assert zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo(STRINGS).file_size == 100
    assert "ไม่ใช่ไฟล์ .xlsx ที่สมบูรณ์" in refused("liar.xlsx", bytes(data))


def test_a_bomb_compressed_past_the_ratio_is_refused():
    data = xlsx(replace={STRINGS: shared_strings("A" * (3 * sheets.MB))})
    message = refused("ratio.xlsx", data)
    assert f"เกิน {sheets.MAX_COMPRESSION_RATIO} เท่า" in message


def test_too_many_parts_are_refused(monkeypatch):
    monkeypatch.setattr(sheets, "MAX_XLSX_PARTS", 5)
    assert "ส่วนประกอบเกิน 5 ส่วน" in refused("parts.xlsx", xlsx())


@pytest.mark.parametrize("doctype", [
    '<!DOCTYPE sst [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>',  # billion laughs, in small
    '<!DOCTYPE sst [<!ENTITY e SYSTEM "file:///etc/passwd">]>',  # XXE
    '<!DOCTYPE sst>',  # a DTD, even an empty one
])
def test_a_dtd_or_an_entity_is_refused(doctype):
    entity = "&c;" if "ENTITY c" in doctype else "&e;" if "SYSTEM" in doctype else "x"
    data = xlsx(replace={STRINGS: shared_strings(entity, doctype=doctype)})
    assert "DTD หรือ entity" in refused("entities.xlsx", data)


def test_openpyxl_parses_through_defusedxml(monkeypatch):
    import openpyxl
    from defusedxml import EntitiesForbidden
    from openpyxl.xml.functions import fromstring

    assert openpyxl.DEFUSEDXML is True
    with pytest.raises(EntitiesForbidden):
        fromstring('<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>')
    monkeypatch.setattr(openpyxl, "DEFUSEDXML", False)
    assert "defusedxml" in refused("any.xlsx", xlsx())


def test_a_row_of_too_many_cells_is_refused():
    cells = "<c><v>1</v></c>" * (sheets.MAX_XML_TAGS_AT_ONCE // 4 + 10)
    data = xlsx(replace={SHEET: sheet_xml(f'<row r="1">{cells}</row>')})
    assert f"{sheets.MAX_XML_TAGS_AT_ONCE:,} แท็ก" in refused("wide.xlsx", data)


def test_rows_written_with_a_namespace_prefix_are_still_rows():
    """Some libraries write <x:row>: each row is its own run, so a long sheet passes."""
    rows = "".join(f'<x:row r="{n}"><x:c r="A{n}"><x:v>{n}</x:v></x:c></x:row>'
                   for n in range(1, 30_001))  # 210,000 tags in all
    written = (f'{HEAD}<x:worksheet xmlns:x="{MAIN_NS}"><x:sheetData>{rows}</x:sheetData>'
               '</x:worksheet>').encode()
    assert read_all("prefixed.xlsx", xlsx(replace={SHEET: written})) == 29_999


def test_elements_between_rows_and_deep_nesting_are_refused():
    nested = "<x>" * 60_000 + "</x>" * 60_000
    data = xlsx(replace={SHEET: sheet_xml(nested)})
    assert f"{sheets.MAX_XML_TAGS_AT_ONCE:,} แท็ก" in refused("deep.xlsx", data)


def test_a_damaged_or_cut_workbook_is_refused():
    good = xlsx()
    archive = zipfile.ZipFile(io.BytesIO(good))
    info = archive.getinfo(SHEET)
    at = info.header_offset + 30 + len(info.filename) + len(info.extra) + 20
    damaged = bytearray(good)
    damaged[at] ^= 0x55
    assert "ไฟล์เสีย" in refused("crc.xlsx", bytes(damaged))
    assert "ถูกตัด" in refused("cut.xlsx", good[: len(good) // 2])


# -- rows, cells, lengths ----------------------------------------------------------------------

def test_the_shipped_row_limit_lets_100000_rows_through():
    assert sheets.MAX_ROWS >= 100_000
    assert sheets.MAX_CELLS >= 100_000 * 30


def test_rows_past_the_limit_are_refused_and_the_limit_itself_passes(monkeypatch):
    monkeypatch.setattr(sheets, "MAX_ROWS", 3)
    three = [VILLAGE_ROW] * 3
    assert read_all("v.csv", csv_file(VILLAGE_HEAD, *three)) == 3
    assert "ไฟล์มีเกิน 3 แถว" in refused("v.csv", csv_file(VILLAGE_HEAD, *three, VILLAGE_ROW))
    assert "ไฟล์มีเกิน 3 แถว" in refused("v.xlsx", xlsx([VILLAGE_ROW] * 4))


def test_blank_rows_are_limited_too():
    data = xlsx(replace={SHEET: sheet_xml(
        '<row r="1"><c r="A1" t="inlineStr"><is><t>ชื่อ</t></is></c></row>'
        '<row r="1048576"><c r="A1048576"><v>1</v></c></row>')})
    assert f"แถวว่างเกิน {sheets.MAX_BLANK_ROWS:,} แถว" in refused("blank.xlsx", data)


def test_cells_and_columns_are_limited(monkeypatch):
    monkeypatch.setattr(sheets, "MAX_CELLS", 10)
    rows = [VILLAGE_ROW, VILLAGE_ROW]  # 14 cells
    assert "ข้อมูลเกิน 10 ช่อง" in refused("v.csv", csv_file(VILLAGE_HEAD, *rows))
    monkeypatch.setattr(sheets, "MAX_COLUMNS", 5)
    assert "เกิน 5 คอลัมน์" in refused("v.csv", csv_file(VILLAGE_HEAD, VILLAGE_ROW))


def test_an_over_long_cell_is_refused_naming_sheet_and_row():
    long = "ก" * (sheets.MAX_CELL_CHARS + 1)
    row = [*VILLAGE_ROW[:2], long, *VILLAGE_ROW[3:]]
    expected = f"ข้อความในช่องยาวเกิน {sheets.MAX_CELL_CHARS:,} ตัวอักษร (แผ่นงาน หมู่บ้าน แถว 3)"
    cells = "".join(f'<c t="inlineStr"><is><t>{value}</t></is></c>' for value in VILLAGE_HEAD)
    written = sheet_xml(f"<row>{cells}</row><row></row>"  # openpyxl would cut it at 32,767
                        f'<row><c t="inlineStr"><is><t>{long}</t></is></c></row>')
    assert expected in refused("v.xlsx", xlsx(replace={SHEET: written}))
    message = refused("หมู่บ้าน.csv", csv_file(VILLAGE_HEAD, VILLAGE_ROW, row))
    assert expected in message


def test_a_csv_field_over_the_csv_module_limit_is_the_same_message():
    huge = "x" * 200_000  # over csv's own 131,072 default
    message = refused("v.csv", csv_file(VILLAGE_HEAD, VILLAGE_ROW, [huge, "b"]))
    assert f"ยาวเกิน {sheets.MAX_CELL_CHARS:,} ตัวอักษร" in message and "แถว 3" in message


# -- .zip uploads ----------------------------------------------------------------------------

def photo_bytes(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 160, 90)).save(out, "PNG")
    return out.getvalue()


def zip_of(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_a_zip_whose_sheet_inflates_past_its_limit_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        with archive.open("villages.csv", "w") as stream:
            stream.write(",".join(VILLAGE_HEAD).encode() + b"\n")
            for _ in range(sheets.MAX_ZIP_SHEET_BYTES // (1024 * 1024) + 1):
                stream.write(b",,,,,,\n" * (1024 * 1024 // 7))
            stream.write(b",,,,,,\n" * 1000)
    assert len(out.getvalue()) < 1024 * 1024
    assert f"ตารางไม่เกิน {sheets.MAX_ZIP_SHEET_BYTES // sheets.MB} MB" in \
        refused("bomb.zip", out.getvalue())


def test_a_zip_with_a_bad_crc_is_refused_before_planning():
    good = zip_of({"villages.csv": csv_file(VILLAGE_HEAD, VILLAGE_ROW),
                   "photos/a.png": photo_bytes(64, 64)})
    info = zipfile.ZipFile(io.BytesIO(good)).getinfo("photos/a.png")
    damaged = bytearray(good)
    damaged[info.header_offset + 30 + len(info.filename) + 10] ^= 0x55
    assert "ไฟล์เสียหรือไม่สมบูรณ์" in refused("photos.zip", bytes(damaged))


# -- photos ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("size", "message"), [
    ((400, 20_000), "สูงเกิน 16,383 พิกเซล"),  # WebP's limit: the encoder would fail
    ((20, 1_000), "สัดส่วนภาพยาวเกินไป"),
])
def test_photos_webp_cannot_hold_are_refused(size, message):
    with pytest.raises(media.ImageRejected) as caught:
        media.process_photo(photo_bytes(*size), 10 * 1024 * 1024)
    assert message in str(caught.value)


def test_a_photo_the_encoder_fails_on_is_a_thai_refusal(monkeypatch):
    monkeypatch.setattr(media, "MAX_SIDE", 10**9)
    monkeypatch.setattr(media, "MAX_ASPECT", 10**9)
    with pytest.raises(media.ImageRejected) as caught:
        media.process_photo(photo_bytes(400, 20_000), 10 * 1024 * 1024)
    assert "WebP" in str(caught.value)


# -- through the admin: a Thai message, nothing written, no 500 --------------------------------

@pytest.fixture
def staff(app, content_tree):
    return build_site(content_tree)


def content_counts() -> tuple[int, int, int]:
    one = db.session.scalar
    return (one(select(func.count(Village.id))), one(select(func.count(Listing.id))),
            one(select(func.count(Photo.id))))


def import_page(client, name: str, data: bytes) -> tuple[int, str]:
    """Upload through the admin and wait for its check (the job's thread is joined)."""
    response = client.post("/admin/import", data={
        "csrf_token": token(client, "/admin/import"), "sheet": (io.BytesIO(data), name)},
        content_type="multipart/form-data")
    assert response.status_code in (200, 303, 422), response.status_code
    if response.status_code != 303:
        return response.status_code, response.get_data(as_text=True)
    job = response.location.rstrip("/").rsplit("/", 1)[-1]
    for thread in threading.enumerate():
        if thread.name == f"import-job-{job}":
            thread.join(120)
    page = client.get(response.location)
    return page.status_code, page.get_data(as_text=True)


@pytest.mark.parametrize(("name", "data", "message"), [
    ("laughs.xlsx", lambda: xlsx(replace={STRINGS: shared_strings(
        "&b;", doctype='<!DOCTYPE sst [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;">]>')}),
     "DTD หรือ entity"),
    ("ratio.xlsx", lambda: xlsx(replace={STRINGS: shared_strings("A" * (3 * sheets.MB))}),
     "เท่า"),
    ("long.csv", lambda: csv_file(VILLAGE_HEAD, VILLAGE_ROW, ["y" * 200_000]), "ยาวเกิน"),
    ("tall.zip", lambda: zip_of({
        "villages.csv": csv_file(VILLAGE_HEAD + ["รูปภาพ"], VILLAGE_ROW + ["tall.png"]),
        "photos/tall.png": photo_bytes(400, 20_000)}), "16,383 พิกเซล"),
])
def test_hostile_uploads_get_a_thai_message_and_write_nothing(app, staff, name, data, message):
    client = app.test_client()
    login(client, "admin@cdd.go.th")
    before = content_counts()
    status, page = import_page(client, name, data())
    assert status == 422, page[:800]
    assert message in page
    assert content_counts() == before


def test_a_tall_photo_uploaded_in_the_admin_is_refused(app, staff):
    client = app.test_client()
    login(client, "cm@cdd.go.th")
    village = ids()["village"]
    response = client.post(f"/admin/villages/{village}/photos", data={
        "csrf_token": token(client, f"/admin/villages/{village}/edit"), "alt": "ภาพยาว",
        "photo": (io.BytesIO(photo_bytes(400, 20_000)), "tall.png")},
        content_type="multipart/form-data", follow_redirects=True)
    assert response.status_code in (200, 422)
    assert "16,383 พิกเซล" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Photo.id))) == 0


def test_the_command_line_import_reports_a_refusal(app, runner, tmp_path):
    bomb = tmp_path / "laughs.xlsx"
    bomb.write_bytes(xlsx(replace={STRINGS: shared_strings(
        "x", doctype='<!DOCTYPE sst [<!ENTITY a "ha">]>')}))
    before = content_counts()
    result = runner.invoke(args=["content", "import", str(bomb)])
    assert result.exit_code != 0 and "DTD หรือ entity" in result.output
    assert content_counts() == before
