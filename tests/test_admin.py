"""The admin: roles and provinces on every route, CSRF, XSS, uploads, conflicts, history, export."""

from __future__ import annotations

import io
import re

import pytest
from admin_helpers import PASSWORD, build_site, edit_data, ids, limit_logins, login, token
from PIL import Image
from sqlalchemy import select

from cdd_click import accounts
from cdd_click.extensions import db
from cdd_click.models import Listing, Photo, Revision, Village


@pytest.fixture
def staff(app, content_tree):
    """Accounts, a Chiang Mai village with a listing, a Kalasin village, two articles."""
    return build_site(content_tree)


def routes(i: dict[str, int]) -> list[tuple[str, str, str, tuple[int, str | None]]]:
    """(method, url, scope, answer): scope says whose object it is (cm = Chiang Mai, national,
    admin); answer is the (status, Location) a signed-in user allowed there gets for a GET, or
    for a POST with only a valid CSRF token."""
    page, form_again = (200, None), (200, None)  # an incomplete form is shown again, with errors
    rows = [("GET", "/admin/", "any", page), ("POST", "/admin/preview", "any", page)]
    for kind in ("villages", "listings", "articles"):
        rows += [("GET", f"/admin/{kind}/", "any", page),
                 ("GET", f"/admin/{kind}/new", "any", page),
                 ("GET", f"/admin/{kind}/deleted", "any", page)]
    objects = [("villages", "village", "cm"), ("villages", "other_village", "ks"),
               ("listings", "listing", "cm"), ("articles", "cm_article", "cm"),
               ("articles", "article", "national")]
    for kind, name, scope in objects:
        base = f"/admin/{kind}/{i[name]}"
        done = (303, f"{base}/edit")  # done, back to the edit page
        rows += [("GET", f"{base}/edit", scope, page), ("POST", f"{base}/edit", scope, form_again),
                 ("GET", f"{base}/history", scope, page),
                 ("POST", f"{base}/status/draft", scope, done),
                 ("POST", f"{base}/restore/{i[name + '_revision']}", scope, done)]
        if kind != "articles":  # no file: told so on the edit page; then its photo is deleted
            rows += [("POST", f"{base}/photos", scope, done),
                     ("POST", f"{base}/photos/{i[name + '_photo']}/delete", scope, done)]
    # the delete button only asks: the confirmation page
    rows += [("POST", f"/admin/{kind}/{i[name]}/delete", scope, page)
             for kind, name, scope in objects]
    rows += [("GET", "/admin/users/", "admin", page), ("GET", "/admin/users/new", "admin", page),
             ("POST", "/admin/users/new", "admin", form_again),
             ("GET", f"/admin/users/{i['user']}/edit", "admin", page),
             ("POST", f"/admin/users/{i['user']}/edit", "admin", form_again)]
    return rows


def matrix_ids() -> dict[str, int]:
    """``ids()`` plus each object's first revision and, for villages and listings, a photo."""
    from cdd_click import photos, publishing
    from cdd_click.models import Article

    found = ids()
    models = {"village": Village, "other_village": Village, "listing": Listing,
              "cm_article": Article, "article": Article}
    for name, model in models.items():
        item = db.session.get(model, found[name])
        found[f"{name}_revision"] = db.session.scalar(
            select(Revision.id).where(Revision.item_type == publishing.item_type(item),
                                      Revision.item_id == item.id).order_by(Revision.id))
        if model is not Article:
            found[f"{name}_photo"] = photos.add_photo(item, jpeg(64, 64), "ภาพทดสอบ").id
    db.session.commit()
    return found


ALLOWED = {
    "admin": {"any", "cm", "ks", "national", "admin"},
    "editor": {"any", "cm"},
    "other": {"any", "ks"},
}


def loaded_version(url: str) -> dict[str, int]:
    """The version a form for the object in ``url`` would carry (every write checks it)."""
    from cdd_click.models import Article

    found = re.match(r"/admin/(villages|listings|articles)/(\d+)/", url)
    if not found:
        return {}
    model = {"villages": Village, "listings": Listing, "articles": Article}[found[1]]
    db.session.expire_all()
    return {"version": db.session.get(model, int(found[2])).version}


@pytest.mark.parametrize("persona", ["anonymous", "admin", "editor", "other"])
def test_role_and_province_matrix_over_every_admin_route(app, staff, persona):
    client = app.test_client()
    if persona != "anonymous":
        assert login(client, staff[persona]).status_code == 302
    csrf = token(client, "/admin/login" if persona == "anonymous" else "/admin/")
    known = matrix_ids()
    for method, url, scope, (status, location) in routes(known):
        if method == "GET":
            response = client.get(url)
        else:
            response = client.post(url, data={"csrf_token": csrf, **loaded_version(url)})
        where = f"{persona} {method} {url}"
        if persona == "anonymous":
            assert response.status_code == 302, where
            assert response.headers["Location"].startswith("/admin/login"), where
        elif scope in ALLOWED[persona]:  # allowed in, and the route does its work
            assert response.status_code == status, where
            assert response.headers.get("Location") == location, where
        else:
            assert response.status_code == 403, where
    # each photo delete went through where allowed, and only there
    db.session.expire_all()
    left = set(db.session.scalars(select(Photo.id)))
    for name, scope in (("village", "cm"), ("other_village", "ks"), ("listing", "cm")):
        allowed = persona != "anonymous" and scope in ALLOWED[persona]
        assert (known[f"{name}_photo"] in left) is not allowed, (persona, name)


def test_login_uses_one_generic_message_and_hashes_passwords(app, staff):
    client = app.test_client()
    wrong_password = login(client, "cm@cdd.go.th", "not the password at all")
    unknown_email = login(client, "nobody@cdd.go.th")
    for response in (wrong_password, unknown_email):
        assert response.status_code == 200
        assert "อีเมลหรือรหัสผ่านไม่ถูกต้อง" in response.get_data(as_text=True)
    user = accounts.find_user("cm@cdd.go.th")
    assert user.password_hash.startswith("scrypt:") and PASSWORD not in user.password_hash


def test_disabled_account_cannot_sign_in(app, staff, runner):
    assert runner.invoke(args=["users", "disable", "cm@cdd.go.th"]).exit_code == 0
    response = login(app.test_client(), "cm@cdd.go.th")
    assert response.status_code == 200 and "ไม่ถูกต้อง" in response.get_data(as_text=True)


def test_login_is_rate_limited(app, staff):
    limit_logins(app)
    client = app.test_client()
    codes = [login(client, "cm@cdd.go.th", "wrong password!!").status_code for _ in range(4)]
    assert codes[:3] == [200, 200, 200] and codes[3] == 429


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x",
                                    "/\\evil.example", "javascript:alert(1)"])
def test_next_cannot_leave_the_site(app, staff, target):
    client = app.test_client()
    response = client.post(f"/admin/login?next={target}",
                           data={"email": "cm@cdd.go.th", "password": PASSWORD,
                                 "csrf_token": token(client)})
    assert response.headers["Location"] == "/admin/"
    assert client.post("/admin/logout", data={"csrf_token": token(client, "/admin/")}
                       ).status_code == 302
    response = client.post("/admin/login?next=/admin/listings/",
                           data={"email": "cm@cdd.go.th", "password": PASSWORD,
                                 "csrf_token": token(client)})
    assert response.headers["Location"] == "/admin/listings/"


def test_missing_or_invalid_csrf_is_refused(app, staff):
    client = app.test_client()
    assert client.post("/admin/login", data={"email": "cm@cdd.go.th",
                                             "password": PASSWORD}).status_code == 400
    login(client, "cm@cdd.go.th")
    village = ids()["village"]
    for data in ({}, {"csrf_token": "forged"}):
        response = client.post(f"/admin/villages/{village}/status/draft", data=data)
        assert response.status_code == 400
    assert db.session.get(Village, village).status == "published"


def test_session_cookie_flags(app, staff):
    client = app.test_client()
    response = login(client, "cm@cdd.go.th")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    https = app.test_client()
    page = https.get("/admin/login", base_url="https://localhost").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = https.post("/admin/login", base_url="https://localhost",
                          headers={"Referer": "https://localhost/admin/login"},
                          data={"email": "cm@cdd.go.th", "password": PASSWORD,
                                "csrf_token": csrf})
    assert response.status_code == 302
    assert "Secure" in response.headers["Set-Cookie"]


def test_security_headers_on_every_response(app, staff):
    client = app.test_client()
    for url in ("/", "/admin/login", "/nope", "/maps/thailand", "/api/v1/search?q=x"):
        headers = client.get(url).headers
        csp = headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp.split("style-src")[0]
        assert "frame-ancestors 'self'" in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_xss_in_every_text_field_is_inert(app, staff):
    client = app.test_client()
    login(client, "admin@cdd.go.th")
    listing = ids()["listing"]
    url = f"/admin/listings/{listing}/edit"
    data = edit_data(client, url, title="กาแฟ" + XSS, summary=XSS,
                     body=XSS + "\n\n[x](javascript:alert(1))", producer=XSS,
                     opening_hours=XSS, line_id=XSS, tags=XSS, title_en=XSS)
    data["publish"] = "1"
    response = client.post(url, data=data)
    assert response.status_code == 303, re.findall(r'class="errors".*?</ul>',
                                                   response.get_data(as_text=True), re.S)
    for page_url in (f"/listings/{db.session.get(Listing, listing).slug}", url,
                     f"/admin/listings/{listing}/history", "/search?q=กาแฟ",
                     "/maps/villages/ban-test"):
        page = client.get(page_url).get_data(as_text=True)
        for data_block in re.findall(r'<script type="application/ld\+json">(.*?)</script>',
                                     page, re.S):
            assert "<" not in data_block and ">" not in data_block  # inert JSON
        page = re.sub(r'<script type="application/ld\+json">.*?</script>', "", page, flags=re.S)
        assert "<script>alert" not in page and "onerror=alert" not in page.replace(
            "onerror=alert(1)&gt;", ""), page_url
        assert not re.search(r"""(href|src)\s*=\s*["']?\s*javascript:""", page, re.I), page_url
    api = client.get("/api/v1/search?q=กาแฟ")
    assert api.mimetype == "application/json"  # data, never rendered as HTML by the browser
    assert api.headers["X-Content-Type-Options"] == "nosniff"
    snippet = api.get_json()["results"][0]["snippet"]  # the one field that is HTML
    assert "<script" not in snippet and "<img" not in snippet
    preview = client.post("/admin/preview", data={"csrf_token": token(client, url), "body": XSS})
    assert "<script" not in preview.get_data(as_text=True)


def jpeg(width=1600, height=900, exif_gps=False) -> bytes:
    image = Image.new("RGB", (width, height), (30, 120, 80))
    out = io.BytesIO()
    if exif_gps:
        exif = Image.Exif()
        exif[0x8825] = {1: "N", 2: (18.0, 51.0, 54.0), 3: "E", 4: (99.0, 21.0, 3.0)}
        exif[0x010F] = "TestCam"
        image.save(out, "JPEG", exif=exif.tobytes())
    else:
        image.save(out, "JPEG")
    return out.getvalue()


def upload(client, data: bytes, name: str, alt: str = "ภาพทดสอบ"):
    village = ids()["village"]
    url = f"/admin/villages/{village}/edit"
    return client.post(f"/admin/villages/{village}/photos",
                       data={"csrf_token": token(client, url), "alt": alt,
                             "photo": (io.BytesIO(data), name)},
                       content_type="multipart/form-data", follow_redirects=True)


def test_real_photo_is_reencoded_without_exif_and_served_responsively(app, staff):
    client = app.test_client()
    login(client, "cm@cdd.go.th")
    original = jpeg(exif_gps=True)
    assert b"TestCam" in original
    response = upload(client, original, "photo.jpg", alt="ทุ่งนาหน้าหมู่บ้าน")
    assert "เพิ่มรูปภาพแล้ว" in response.get_data(as_text=True)
    photo = db.session.scalar(select(Photo))
    assert (photo.width, photo.height, photo.alt) == (1600, 900, "ทุ่งนาหน้าหมู่บ้าน")
    served = client.get(f"/media/{photo.filename(480)}")
    assert served.mimetype == "image/webp"
    assert "immutable" in served.headers["Cache-Control"]
    assert "max-age=31536000" in served.headers["Cache-Control"]
    image = Image.open(io.BytesIO(served.data))
    assert image.format == "WEBP" and image.width == 480
    assert not image.getexif() and b"TestCam" not in served.data
    large = Image.open(io.BytesIO(client.get(f"/media/{photo.filename(1200)}").data))
    assert large.width == 1200
    page = client.get("/villages/ban-test").get_data(as_text=True)
    assert f"{photo.filename(480)} 480w" in page and 'alt="ทุ่งนาหน้าหมู่บ้าน"' in page


def polyglot() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 64), (255, 0, 0)).save(out, "PNG")
    return out.getvalue() + b"<html><script>alert(document.cookie)</script></html>"


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [(b"just some text, not an image", "fake.jpg", "ไม่ใช่รูปภาพ"),
     (polyglot(), "poly.png", "โค้ดหน้าเว็บ"),
     (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "x.svg",
      "โค้ดหน้าเว็บ"),
     (b"GIF89a" + b"\x00" * 100, "anim.gif", "ไม่ใช่รูปภาพ")],
)
def test_uploads_that_are_not_real_photos_are_refused(app, staff, data, name, message):
    client = app.test_client()
    login(client, "cm@cdd.go.th")
    page = upload(client, data, name).get_data(as_text=True)
    assert message in page
    assert db.session.scalar(select(Photo)) is None


def test_decompression_bomb_is_refused(app, staff):
    client = app.test_client()
    login(client, "cm@cdd.go.th")
    out = io.BytesIO()
    Image.new("1", (20000, 20000)).save(out, "PNG")  # 400 megapixels, a few kilobytes
    assert len(out.getvalue()) < 200_000
    page = upload(client, out.getvalue(), "bomb.png").get_data(as_text=True)
    assert "ไม่ใช่รูปภาพที่ถูกต้อง" in page or "ใหญ่เกินไป" in page
    assert db.session.scalar(select(Photo)) is None


def test_oversize_file_is_refused(app, staff):
    app.config["MAX_CONTENT_LENGTH"] = 200_000
    client = app.test_client()
    login(client, "cm@cdd.go.th")
    csrf = token(client, f"/admin/villages/{ids()['village']}/edit")
    response = client.post(f"/admin/villages/{ids()['village']}/photos",
                           data={"csrf_token": csrf, "alt": "ภาพใหญ่",
                                 "photo": (io.BytesIO(b"\xff" * 300_000), "big.jpg")},
                           content_type="multipart/form-data")
    assert response.status_code == 413
    assert "ไฟล์ใหญ่เกินกำหนด" in response.get_data(as_text=True)
    assert "ต้องไม่เกิน 0.2 MB ต่อครั้ง" in response.get_data(as_text=True)  # the limit, stated
    assert db.session.scalar(select(Photo)) is None
    page = client.get("/admin/import").get_data(as_text=True)
    assert "ไฟล์ .zip ไม่เกิน 100 MB ไฟล์ .xlsx หรือ .csv ไม่เกิน 0.2 MB" in page


def test_alt_text_is_escaped_everywhere(app, staff):
    client = app.test_client()
    login(client, "cm@cdd.go.th")
    upload(client, jpeg(), "a.jpg", alt='ภาพ"><script>alert(1)</script>')
    for url in ("/villages/ban-test", f"/admin/villages/{ids()['village']}/edit"):
        page = client.get(url).get_data(as_text=True)
        assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page


def test_editors_cannot_feature_a_village(app, staff):
    client = app.test_client()
    login(client, "cm@cdd.go.th")
    url = f"/admin/villages/{ids()['village']}/edit"
    assert client.post(url, data=edit_data(client, url, featured="y")).status_code == 303
    assert db.session.get(Village, ids()["village"]).featured is False


def test_photo_needs_thai_alt_text(app, staff):
    client = app.test_client()
    login(client, "cm@cdd.go.th")
    assert "กรุณาบรรยายภาพ" in upload(client, jpeg(), "a.jpg", alt="").get_data(as_text=True)
    assert "ภาษาไทย" in upload(client, jpeg(), "a.jpg", alt="field").get_data(as_text=True)
    assert db.session.scalar(select(Photo)) is None


def test_saving_over_a_newer_version_is_refused_with_what_changed(app, staff):
    first, second = app.test_client(), app.test_client()
    login(first, "cm@cdd.go.th")
    login(second, "admin@cdd.go.th")
    url = f"/admin/villages/{ids()['village']}/edit"
    stale = edit_data(first, url, title="บ้านทดสอบ ฉบับของผู้แก้ไขคนแรก")
    fresh = edit_data(second, url, summary="สรุปใหม่จากผู้ดูแล")
    assert second.post(url, data=fresh).status_code == 303
    response = first.post(url, data=stale)
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "มีผู้บันทึกรายการนี้หลังจากที่คุณเปิดฟอร์ม" in page
    assert "สรุปใหม่จากผู้ดูแล" in page and "<code>summary</code>" in page
    village = db.session.get(Village, ids()["village"])
    db.session.refresh(village)
    assert village.title == "บ้านทดสอบ" and village.summary == "สรุปใหม่จากผู้ดูแล"


def test_history_records_every_change_and_restores_a_revision(app, staff):
    client = app.test_client()
    login(client, "cm@cdd.go.th")
    url = f"/admin/villages/{ids()['village']}/edit"
    assert client.post(url, data=edit_data(client, url, title="บ้านทดสอบใหม่")).status_code == 303
    revisions = list(db.session.scalars(select(Revision).where(
        Revision.item_type == "village", Revision.item_id == ids()["village"])
        .order_by(Revision.id)))
    assert [r.action for r in revisions] == ["content-load", "edit"]
    assert revisions[-1].user.email == "cm@cdd.go.th"
    assert revisions[-1].before["title"] == "บ้านทดสอบ"
    assert revisions[-1].after["title"] == "บ้านทดสอบใหม่"
    assert "title" in revisions[-1].changed_fields
    history = client.get(f"/admin/villages/{ids()['village']}/history").get_data(as_text=True)
    assert "บ้านทดสอบใหม่" in history and "cm@cdd.go.th" in history
    changed = re.findall(r'<tr><td>([^<]*)</td><td>บ้านทดสอบ</td>', history)
    assert changed == ["ชื่อ (ภาษาไทย)"], changed  # the field's label, not its column name
    village = db.session.get(Village, ids()["village"])
    response = client.post(
        f"/admin/villages/{village.id}/restore/{revisions[0].id}",
        data={"csrf_token": token(client, url), "version": village.version})
    assert response.status_code == 303
    db.session.refresh(village)
    assert village.title == "บ้านทดสอบ"
    assert db.session.scalars(select(Revision.action).order_by(Revision.id.desc())).first() \
        == "restore"


def test_publishing_updates_search_and_maps_before_responding(app, staff):
    client = app.test_client()
    login(client, "cm@cdd.go.th")
    listing = ids()["listing"]
    base = f"/admin/listings/{listing}"
    csrf = token(client, f"{base}/edit")
    version = db.session.get(Listing, listing).version
    assert client.get("/api/v1/search?q=กาแฟทดสอบ").get_json()["total"] == 1
    client.post(f"{base}/status/draft", data={"csrf_token": csrf, "version": version})
    assert client.get("/api/v1/search?q=กาแฟทดสอบ").get_json()["total"] == 0
    assert client.get(f"/listings/{db.session.get(Listing, listing).slug}").status_code == 404
    version = db.session.get(Listing, listing).version
    client.post(f"{base}/status/published", data={"csrf_token": csrf, "version": version})
    assert client.get("/api/v1/search?q=กาแฟทดสอบ").get_json()["total"] == 1
    url = f"{base}/edit"
    client.post(url, data=edit_data(client, url, lat="18.8601", lon="99.3502"))
    map_html = client.get("/maps/villages/ban-test").get_data(as_text=True)
    assert "18.8601,99.3502" in map_html
    asked = client.post(f"{base}/delete", data={"csrf_token": csrf})
    assert asked.status_code == 200 and "ยืนยันการลบ" in asked.get_data(as_text=True)
    assert db.session.get(Listing, listing) is not None  # the first tap only asks
    version = db.session.get(Listing, listing).version
    client.post(f"{base}/delete", data={"csrf_token": csrf, "confirmed": "1",
                                        "version": version})
    assert db.session.get(Listing, listing) is None
    assert client.get("/api/v1/search?q=กาแฟทดสอบ").get_json()["total"] == 0


def test_new_item_with_a_new_name_is_searchable(app, staff):
    client = app.test_client()
    login(client, "cm@cdd.go.th")
    data = edit_data(client, "/admin/listings/new", slug="doi-new-tea", title="ชาดอยหลวงทดสอบ",
                     summary="ชาจากดอย", kind="community_product", village="ban-test",
                     publish="1")
    response = client.post("/admin/listings/new", data=data)
    assert response.status_code == 303
    assert client.get("/api/v1/search?q=ชาดอยหลวงทดสอบ").get_json()["results"][0]["slug"] \
        == "doi-new-tea"


def test_the_star_year_is_typed_in_the_buddhist_era_and_kept_in_the_common_era(app, staff):
    client = app.test_client()
    login(client, "cm@cdd.go.th")
    fields = dict(slug="star-year-silk", title="ผ้าไหมปีดาวทดสอบ", summary="ผ้าไหมทอมือ",
                  kind="otop_product", village="ban-test", category="textile")
    data = edit_data(client, "/admin/listings/new", otop_year="2565", **fields)
    page = client.post("/admin/listings/new", data=data).get_data(as_text=True)
    assert "ปีที่คัดสรรต้องมาพร้อมระดับดาว OTOP" in page  # a year needs its star level
    data = edit_data(client, "/admin/listings/new", otop_stars="4", otop_year="2565", **fields)
    assert client.post("/admin/listings/new", data=data).status_code == 303
    silk = db.session.scalar(select(Listing).where(Listing.slug == "star-year-silk"))
    assert (silk.otop_stars, silk.otop_year) == (4, 2022)
    edit = client.get(f"/admin/listings/{silk.id}/edit").get_data(as_text=True)
    assert re.search(r'name="otop_year"[^>]*value="2565"', edit)


def test_validation_messages_are_thai(app, staff):
    client = app.test_client()
    login(client, "cm@cdd.go.th")
    data = edit_data(client, "/admin/listings/new", slug="Bad Slug", title="English only",
                     summary="", kind="otop_product", village="ban-test",
                     category="", lat="35.6", lon="")
    page = client.post("/admin/listings/new", data=data).get_data(as_text=True)
    for message in ("ใช้ได้เฉพาะ a-z", "กรุณาเขียนเป็นภาษาไทย", "กรุณากรอกช่องนี้",
                    "ผลิตภัณฑ์ OTOP ต้องเลือกประเภทผลิตภัณฑ์", "อยู่นอกประเทศไทย"):  # the import's words
        assert message in page, message


def test_editor_cannot_move_an_item_to_another_province(app, staff):
    client = app.test_client()
    login(client, "cm@cdd.go.th")
    url = f"/admin/villages/{ids()['village']}/edit"
    page = client.post(url, data=edit_data(client, url, subdistrict="461002")).get_data(
        as_text=True)
    assert "ไม่มีสิทธิ์แก้ไขข้อมูลของจังหวัดนี้" in page
    assert db.session.get(Village, ids()["village"]).subdistrict_code == "502304"


def test_users_cli(runner, app):
    from cdd_click.geography import is_seeded

    assert is_seeded()
    result = runner.invoke(args=["users", "create", "new@cdd.go.th", "--role", "editor",
                                 "--province", "50", "--province", "57"],
                           input="a long enough password\n")
    assert result.exit_code == 0, result.output
    assert "a long enough password" not in result.output
    listed = runner.invoke(args=["users", "list"]).output
    assert "new@cdd.go.th\teditor\t50,57\tactive" in listed
    assert runner.invoke(args=["users", "create", "x@cdd.go.th", "--role", "editor"],
                         input="a long enough password\n").exit_code != 0
    assert runner.invoke(args=["users", "create", "y@cdd.go.th", "--role", "admin"],
                         input="short\n").exit_code != 0
    assert runner.invoke(args=["users", "set-password", "new@cdd.go.th"],
                         input="another long password\n").exit_code == 0
    assert accounts.find_user("new@cdd.go.th").check_password("another long password")
    assert runner.invoke(args=["users", "disable", "new@cdd.go.th"]).exit_code == 0
    assert not accounts.find_user("new@cdd.go.th").active


def test_staff_write_english_bodies_and_highlights_that_english_pages_show(app, staff):
    client = app.test_client()
    login(client, "cm@cdd.go.th")
    url = f"/admin/villages/{ids()['village']}/edit"
    data = edit_data(client, url, highlights="ชมสวนเมี่ยง\nชิมกาแฟ",
                     highlights_en="Walk the tea gardens\nTaste the coffee",
                     body_en="A **hill village** of tea and coffee.")
    assert client.post(url, data=data).status_code == 303
    village = db.session.get(Village, ids()["village"])
    assert village.highlights_en == ["Walk the tea gardens", "Taste the coffee"]
    assert "Taste the coffee" in client.get(url).get_data(as_text=True)  # the form shows it again
    page = client.get("/en/villages/ban-test").get_data(as_text=True)
    assert "<p>A <strong>hill village</strong> of tea and coffee.</p>" in page
    listing_url = f"/admin/listings/{ids()['listing']}/edit"
    data = edit_data(client, listing_url, highlights="คั่วเอง", highlights_en="Roasted here",
                     body_en="Coffee from the hills.")
    assert client.post(listing_url, data=data).status_code == 303
    listing = db.session.get(Listing, ids()["listing"])
    assert (listing.highlights, listing.highlights_en, listing.body_en) == (
        ["คั่วเอง"], ["Roasted here"], "Coffee from the hills.")


def test_the_form_reads_a_phone_as_the_import_does(app, staff):
    client = app.test_client()
    login(client, "cm@cdd.go.th")
    listing = ids()["listing"]
    url = f"/admin/listings/{listing}/edit"
    response = client.post(url, data=edit_data(client, url, phone="๐๘๑-๒๓๔-๕๖๗๘"))
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Listing, listing).phone == "081 234 5678"  # as an import stores it
    refused = client.post(url, data=edit_data(client, url, phone="โทรถามผู้ใหญ่บ้าน"))
    page = refused.get_data(as_text=True)
    assert refused.status_code == 200 and "ต้องเป็นหมายเลขโทรศัพท์ไทย เช่น 053-123-456" in page
    assert db.session.get(Listing, listing).phone == "081 234 5678"
