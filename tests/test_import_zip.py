"""Photos travel the way staff have them (issue 23): a .zip as large as IMPORT_MAX_UPLOAD_MB on
the import (every other form keeps MAX_UPLOAD_MB), each cap stated on the page and in every
refusal, the upload kept in the database in pieces, and Thai photo names found whichever way
the .zip wrote them: Windows' cp874 without the UTF-8 flag, or UTF-8."""

from __future__ import annotations

import io
import random
import re
import unicodedata
import zipfile

import pytest
from PIL import Image
from sqlalchemy import func, select

from cdd_click.content import importer, sheets
from cdd_click.extensions import db
from cdd_click.models import ImportUploadChunk, Photo
from tests.admin_helpers import login, make_staff, token
from tests.test_import import VILLAGE_HEAD, VILLAGES, _upload, centroids, finished  # noqa: F401

MB = 1024 * 1024
THAI_NAMES = ["รูปบ้านห้วยแก้ว๑.jpg", "ผ้าทอมือ ลายดอก.jpg"]


class WindowsThaiName(zipfile.ZipInfo):
    """A member named as Windows' compressed folder names it on a Thai system: the name's
    cp874 bytes, the UTF-8 flag (bit 11) off."""

    def _encodeFilenameFlags(self):  # noqa: N802 - zipfile's own hook
        return self.filename.encode("cp874"), self.flag_bits & ~0x800


def photo(seed: int = 1, side: int = 64) -> bytes:
    """A JPEG of noise (noise hardly compresses: ~``side``² bytes, as a phone photo is)."""
    pixels = random.Random(seed).randbytes(side * side * 3)
    out = io.BytesIO()
    Image.frombytes("RGB", (side, side), pixels).save(out, "JPEG", quality=95)
    return out.getvalue()


def sheet_naming(names: list[str]) -> bytes:
    return "\n".join([VILLAGE_HEAD + ",รูปภาพ",
                      VILLAGES[0] + ',"' + ", ".join(names) + '"']).encode("utf-8")


def windows_zip(names: list[str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(WindowsThaiName("ตาราง.csv"), sheet_naming(names))
        for seed, name in enumerate(names):
            archive.writestr(WindowsThaiName("รูป/" + name), photo(seed))
    return out.getvalue()


def utf8_zip(names: list[str], typed: list[str] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("ตาราง.csv", sheet_naming(typed or names))
        for seed, name in enumerate(names):
            archive.writestr("รูป/" + name, photo(seed))
    return out.getvalue()


def planned_photos(data: bytes) -> list[str]:
    plan = importer.plan_import(sheets.read_workbook("photos.zip", data))
    try:
        assert plan.ok, [str(refusal) for refusal in plan.refusals]
        return [name for row in plan.iter_rows() for name, _ in plan.values(row)[1]]
    finally:
        plan.close()


@pytest.mark.usefixtures("centroids")
def test_thai_names_from_windows_cp874_are_found(app):
    data = windows_zip(THAI_NAMES)
    raw = zipfile.ZipFile(io.BytesIO(data)).infolist()
    assert all(not info.flag_bits & 0x800 for info in raw)  # as Windows writes it
    assert ("รูป/" + THAI_NAMES[0]).encode("cp874") in data  # the name's bytes, cp874
    assert raw[1].filename != "รูป/" + THAI_NAMES[0]  # zipfile alone reads cp437 mojibake
    assert planned_photos(data) == THAI_NAMES


@pytest.mark.usefixtures("centroids")
def test_thai_names_in_utf8_are_found_and_compared_nfc(app):
    data = utf8_zip(THAI_NAMES)
    assert all(info.flag_bits & 0x800 for info in zipfile.ZipFile(io.BytesIO(data)).infolist())
    assert planned_photos(data) == THAI_NAMES
    decomposed = unicodedata.normalize("NFD", "café.jpg")  # as macOS writes names
    assert decomposed != "café.jpg"
    assert planned_photos(utf8_zip([decomposed], typed=["café.jpg"])) == ["café.jpg"]


@pytest.fixture
def caps(app):
    """Small caps so that the tests' files cross them: 0.2 MB for forms, 1 MB for the import."""
    app.config["MAX_CONTENT_LENGTH"] = 200_000
    app.config["IMPORT_MAX_CONTENT_LENGTH"] = 1 * MB
    make_staff()
    client = app.test_client()
    login(client, "cm@cdd.go.th")
    return client


def zip_of_size(size: int) -> bytes:
    """A .zip of one village and one photo, stored (not deflated), padded to ``size`` bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("villages.csv", sheet_naming(["ภาพ.jpg"]))
        archive.writestr("ภาพ.jpg", photo(7, 300))
        archive.writestr("อ่านก่อน.txt", b"x" * (size - len(out.getvalue()) - 300))
    data = out.getvalue()
    assert abs(len(data) - size) < 400, len(data)
    return data


@pytest.mark.usefixtures("centroids")
def test_a_zip_over_the_form_cap_but_under_the_import_cap_is_imported(app, caps):
    data = zip_of_size(900_000)
    assert len(data) > app.config["MAX_CONTENT_LENGTH"]
    answer = _upload(caps, "photos.zip", data)
    assert answer.status_code == 303, answer.get_data(as_text=True)[:2000]
    assert db.session.scalar(select(func.count()).select_from(ImportUploadChunk)) == 1
    page = finished(caps, answer.location).get_data(as_text=True)
    assert "เพิ่มใหม่ 1 แถว" in page, page
    confirm = re.search(r'action="(/admin/import/jobs/\d+/confirm)"', page).group(1)
    caps.post(confirm, data={"csrf_token": token(caps, "/admin/import")})
    finished(caps, answer.location)
    assert db.session.scalar(select(func.count()).select_from(Photo)) == 1
    assert db.session.scalar(select(func.count()).select_from(ImportUploadChunk)) == 0


def test_the_import_page_states_both_caps(app, caps):
    page = caps.get("/admin/import").get_data(as_text=True)
    assert "ไฟล์ .zip ไม่เกิน 1 MB ไฟล์ .xlsx หรือ .csv ไม่เกิน 0.2 MB" in page
    assert "500 MB" not in page


def test_a_zip_just_over_the_import_cap_is_refused_with_the_cap_stated(app, caps):
    answer = _upload(caps, "photos.zip", zip_of_size(1 * MB + 1_000))
    page = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert "ไฟล์ .zip ต้องไม่เกิน 1 MB" in page
    assert db.session.scalar(select(func.count()).select_from(ImportUploadChunk)) == 0


def test_a_zip_far_over_the_import_cap_is_a_413_stating_the_import_cap(app, caps):
    answer = _upload(caps, "photos.zip", zip_of_size(int(1.5 * MB)))
    page = answer.get_data(as_text=True)
    assert answer.status_code == 413
    assert "ต้องไม่เกิน 1 MB ต่อครั้ง" in page


def test_a_sheet_alone_keeps_the_form_cap_stated(app, caps):
    answer = _upload(caps, "villages.csv", b"x" * 300_000)
    assert answer.status_code == 422
    assert "ไฟล์ .xlsx หรือ .csv ต้องไม่เกิน 0.2 MB" in answer.get_data(as_text=True)


def test_another_form_keeps_max_upload_mb(app, caps):
    visitor = app.test_client()
    answer = visitor.post("/admin/login", data={
        "csrf_token": token(visitor), "email": "x" * 500_000, "password": "y"})
    assert answer.status_code == 413
    assert "ต้องไม่เกิน 0.2 MB ต่อครั้ง" in answer.get_data(as_text=True)


def test_an_upload_is_kept_in_pieces_and_read_back_whole(app):
    from cdd_click import accounts
    from cdd_click.content import import_jobs, import_uploads

    user = accounts.create_user("zip@cdd.go.th", "a long enough password", "admin")
    data = random.Random(3).randbytes(2 * import_uploads.CHUNK_BYTES + 12_345)
    job = import_jobs.create(user, "photos.zip", io.BytesIO(data))
    sizes = db.session.scalars(select(func.length(ImportUploadChunk.data)).where(
        ImportUploadChunk.job_id == job.id).order_by(ImportUploadChunk.seq)).all()
    assert sizes == [import_uploads.CHUNK_BYTES, import_uploads.CHUNK_BYTES, 12_345]
    with import_uploads.opened(job.id) as upload:
        assert upload.read() == data


def test_photos_that_inflate_far_past_the_zip_are_refused_stating_the_limit():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("villages.csv", sheet_naming(["a.png"]))
        for name in ("a.png", "b.png", "c.png"):
            archive.writestr(name, bytes(sheets.MAX_ZIP_PHOTO_BYTES - 1))
    allowed = sheets.MAX_ZIP_INFLATION * len(out.getvalue()) + sheets.MAX_ZIP_SHEET_BYTES
    with pytest.raises(sheets.SheetError) as caught:
        sheets.read_workbook("bomb.zip", out.getvalue())
    assert f"เกิน {sheets.megabytes(allowed)} MB" in str(caught.value)
    assert f"{sheets.MAX_ZIP_INFLATION} เท่าของขนาดไฟล์ .zip" in str(caught.value)
