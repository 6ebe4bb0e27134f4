"""The listing form's village search box: /admin/villages.json offers only the villages the
account may edit, 20 at most, found in SQL; the form takes a slug (or one exact title) and
refuses a village of another province without writing anything."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import event, func, insert, select

from cdd_click.admin import pickers
from cdd_click.extensions import db
from cdd_click.models import Listing, Revision, Village
from tests.admin_helpers import build_site, edit_data, ids, login

NOT_YOURS = "ไม่พบหมู่บ้านนี้ในจังหวัดที่คุณดูแล"
AMBIGUOUS = "กรุณาเลือกจากรายการ"


@pytest.fixture
def staff(app, content_tree):
    """Accounts, a Chiang Mai village (ban-test) with a listing, a Kalasin one (ban-kalasin)."""
    return build_site(content_tree)


def _villages(rows: list[tuple[str, str, str | None]], code: str = "502304") -> None:
    """Villages (slug, Thai title, English title) in subdistrict ``code`` (Chiang Mai)."""
    db.session.execute(insert(Village), [
        {"slug": slug, "title": title, "title_en": title_en, "summary": "ทดสอบ", "body": "",
         "tags": [], "status": "published", "subdistrict_code": code, "lat": 18.8, "lon": 99.3,
         "featured": False, "highlights": []} for slug, title, title_en in rows])
    db.session.commit()


def _signed_in(app, who: str = "cm@cdd.go.th"):
    client = app.test_client()
    assert login(client, who).status_code == 302
    return client


def _offered(client, q: str | None = None) -> list[dict]:
    response = client.get("/admin/villages.json", query_string={} if q is None else {"q": q})
    assert response.status_code == 200 and response.mimetype == "application/json"
    return response.get_json()


def _slugs(client, q: str | None = None) -> list[str]:
    return [option["slug"] for option in _offered(client, q)]


def _listings() -> int:
    return db.session.scalar(select(func.count()).select_from(Listing))


def _revisions() -> int:
    return db.session.scalar(select(func.count()).select_from(Revision))


def _new_listing(client, village: str, slug: str = "picked-tea"):
    data = edit_data(client, "/admin/listings/new", slug=slug, title="ชาจากหมู่บ้านที่เลือก",
                     summary="ชาสำหรับทดสอบ", kind="community_product", village=village)
    return client.post("/admin/listings/new", data=data)


def _listing_village(slug: str) -> str | None:
    listing = db.session.scalar(select(Listing).where(Listing.slug == slug))
    return listing.village.slug if listing else None


# --- the search -----------------------------------------------------------------------------

def test_an_editor_is_offered_only_the_villages_of_their_provinces(app, staff):
    editor, other, admin = (_signed_in(app, who) for who in
                            ("cm@cdd.go.th", "ks@cdd.go.th", "admin@cdd.go.th"))
    assert _offered(editor) == [{"slug": "ban-test",
                                 "label": "บ้านทดสอบ (อ.แม่ออน จ.เชียงใหม่)"}]
    assert _slugs(editor, "บ้าน") == ["ban-test"]
    assert _slugs(editor, "กาฬสินธุ์") == [] and _slugs(editor, "ban-kalasin") == []
    assert _slugs(other, "") == ["ban-kalasin"] and _slugs(other, "ทดสอบ") == ["ban-kalasin"]
    assert _slugs(admin, "ทดสอบ") == ["ban-kalasin", "ban-test"]  # Thai order: ก before ท
    kalasin = _offered(admin, "กาฬสินธุ์")
    assert [o["slug"] for o in kalasin] == ["ban-kalasin"]
    assert kalasin[0]["label"].startswith("บ้านกาฬสินธุ์ทดสอบ (อ.") \
        and kalasin[0]["label"].endswith(" จ.กาฬสินธุ์)")


def test_the_search_answers_twenty_at_most_matching_start_first(app, staff):
    _villages([(f"ban-many-{n}", f"บ้านจำนวนมาก {n}", f"Many Village {n}") for n in range(30)]
              + [("nong-many", "หนองจำนวนมาก", None), ("mak-mee-suk", "มากมีสุข", None)])
    editor = _signed_in(app)
    assert len(_offered(editor)) == pickers.LIMIT == 20
    found = _slugs(editor, "มาก")  # 32 contain it; one starts with it
    assert len(found) == 20 and found[:2] == ["mak-mee-suk", "ban-many-0"]
    assert "nong-many" not in found  # ห comes after บ in Thai order
    assert _slugs(editor, "หนอง") == ["nong-many"]
    assert len(_slugs(editor, "MANY VILLAGE")) == 20  # English titles, whatever the case
    assert _slugs(editor, "Many Village 17") == ["ban-many-17"]
    assert sorted(_slugs(editor, "many-2")) == sorted(["ban-many-2",
                                                       *(f"ban-many-2{n}" for n in range(10))])
    assert _slugs(editor, "  จำนวนมาก   17 ") == ["ban-many-17"]  # blanks as one space
    for wildcard in ("%", "_", "จำนวน%มาก", "\\"):
        assert _slugs(editor, wildcard) == [], wildcard  # LIKE characters are only characters


def test_the_search_needs_a_signed_in_account(app, staff):
    response = app.test_client().get("/admin/villages.json?q=บ้าน")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/admin/login")
    assert response.headers["Cache-Control"] == "no-store"


def test_no_page_or_search_reads_every_village(app, staff):
    """Every query of the village table the form and the search make has a LIMIT; none loads
    the villages as objects, except the edited listing's own."""
    _villages([(f"ban-many-{n}", f"บ้านจำนวนมาก {n}", None) for n in range(300)])
    editor = _signed_in(app)
    statements: list[str] = []
    loaded: list[int] = []

    def seen(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    def count(target, _context) -> None:
        loaded.append(target.id)

    listing = ids()["listing"]
    event.listen(db.engine, "before_cursor_execute", seen)
    event.listen(Village, "load", count)
    try:
        assert editor.get("/admin/listings/new").status_code == 200
        assert len(_offered(editor, "")) == 20 and len(_offered(editor, "บ้าน")) == 20
        assert editor.get(f"/admin/listings/{listing}/edit").status_code == 200
        assert _new_listing(editor, "บ้านจำนวนมาก 7").status_code == 303
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
        event.remove(Village, "load", count)
    of_villages = [s for s in statements if re.search(r"\bFROM village\b", s)]
    assert sum("LIMIT" in s for s in of_villages) >= 4
    for statement in of_villages:  # a page of them, or one by its key
        assert "LIMIT" in statement or re.search(
            r"WHERE village\.id = (\?|%\(pk_1\)s(::INTEGER)?)$", statement), \
            statement
    assert len(set(loaded)) <= 2  # the edited listing's village, the new listing's village


# --- the form -------------------------------------------------------------------------------

def test_a_listing_is_created_by_the_slug_its_datalist_offers(app, staff):
    editor = _signed_in(app)
    page = editor.get("/admin/listings/new").get_data(as_text=True)
    box = re.search(r"<input[^>]*\bname=\"village\"[^>]*>", page).group(0)
    assert 'list="village-options"' in box and 'type="text"' in box
    assert 'data-options-url="/admin/villages.json"' in box
    assert '<datalist id="village-options"></datalist>' in page  # nothing offered yet
    assert "<option" not in page.split('<datalist id="village-options">')[1].split("</datalist>")[0]
    response = _new_listing(editor, "ban-test")
    assert response.status_code == 303
    assert _listing_village("picked-tea") == "ban-test"
    assert _new_listing(editor, " BAN-TEST ", "picked-tea-2").status_code == 303
    assert _listing_village("picked-tea-2") == "ban-test"


def test_a_listing_is_created_by_an_exact_title_that_names_one_village(app, staff):
    _villages([("ban-pa-sak", "บ้านป่าสัก", "Ban Pa Sak")])
    editor = _signed_in(app)
    assert _new_listing(editor, "บ้านทดสอบ").status_code == 303
    assert _listing_village("picked-tea") == "ban-test"
    assert _new_listing(editor, "ban pa sak", "picked-tea-2").status_code == 303
    assert _listing_village("picked-tea-2") == "ban-pa-sak"


def test_a_title_two_villages_share_asks_to_pick_from_the_list(app, staff):
    _villages([("ban-nong-bua-1", "บ้านหนองบัว", None), ("ban-nong-bua-2", "บ้านหนองบัว", None)])
    editor = _signed_in(app)
    listings, revisions = _listings(), _revisions()
    response = _new_listing(editor, "บ้านหนองบัว")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert AMBIGUOUS in re.search(r'<ul class="errors" id="village-errors">(.*?)</ul>', page,
                                  re.S).group(1)
    assert (_listings(), _revisions()) == (listings, revisions)
    assert _slugs(editor, "บ้านหนองบัว") == ["ban-nong-bua-1", "ban-nong-bua-2"]
    assert _new_listing(editor, "ban-nong-bua-2").status_code == 303
    assert _listing_village("picked-tea") == "ban-nong-bua-2"


@pytest.mark.parametrize("typed", ["ban-kalasin", "บ้านกาฬสินธุ์ทดสอบ", "ban-nowhere",
                                   "999999", "%"])
def test_a_village_of_another_province_is_refused_and_nothing_is_written(app, staff, typed):
    editor = _signed_in(app)
    listings, revisions = _listings(), _revisions()
    response = _new_listing(editor, typed)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    errors = re.search(r'<ul class="errors" id="village-errors">(.*?)</ul>', page, re.S)
    assert errors and NOT_YOURS in errors.group(1)
    assert 'aria-describedby="village-errors"' in page
    assert (_listings(), _revisions()) == (listings, revisions)
    assert db.session.scalar(select(Listing).where(Listing.slug == "picked-tea")) is None


def test_an_admin_may_pick_a_village_of_any_province(app, staff):
    admin = _signed_in(app, "admin@cdd.go.th")
    assert _new_listing(admin, "ban-kalasin").status_code == 303
    assert _listing_village("picked-tea") == "ban-kalasin"


def test_the_edit_form_is_filled_with_the_villages_slug(app, staff):
    editor = _signed_in(app)
    url = f"/admin/listings/{ids()['listing']}/edit"
    page = editor.get(url).get_data(as_text=True)
    box = re.search(r"<input[^>]*\bname=\"village\"[^>]*>", page).group(0)
    assert 'value="ban-test"' in box and 'list="village-options"' in box
    assert ('<datalist id="village-options"><option value="ban-test" label="บ้านทดสอบ '
            '(อ.แม่ออน จ.เชียงใหม่)">') in page
    saved = editor.post(url, data=edit_data(editor, url, summary="สรุปที่แก้แล้ว"))
    assert saved.status_code == 303
    listing = db.session.get(Listing, ids()["listing"])
    db.session.refresh(listing)
    assert (listing.summary, listing.village.slug) == ("สรุปที่แก้แล้ว", "ban-test")


def test_an_editor_cannot_move_a_listing_to_a_village_of_another_province(app, staff):
    editor = _signed_in(app)
    listing = ids()["listing"]
    url = f"/admin/listings/{listing}/edit"
    version, revisions = db.session.get(Listing, listing).version, _revisions()
    response = editor.post(url, data=edit_data(editor, url, village="ban-kalasin",
                                               summary="ย้ายไปกาฬสินธุ์"))
    assert response.status_code == 200 and NOT_YOURS in response.get_data(as_text=True)
    db.session.expire_all()
    moved = db.session.get(Listing, listing)
    assert (moved.village.slug, moved.version, _revisions()) == ("ban-test", version, revisions)
