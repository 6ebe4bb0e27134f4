"""Thai order from a stored, indexed key (issue 25, point 9): ``title_sort`` holds
``collation.sort_key(title)``; it sorts exactly as ``pythainlp.util.collate`` (code points
between its ties), every writer stores it, and the public lists order by it, never by a per-row
collation callback."""

from __future__ import annotations

import random

import pytest
from pythainlp.util import collate
from sqlalchemy import event, select

from cdd_click import publishing
from cdd_click.collation import sort_key, thai_sorted
from cdd_click.content import importer, load_content
from cdd_click.extensions import db
from cdd_click.models import Article, Listing, Revision, User, Village
from tests.admin_helpers import build_site, edit_data, ids, login
from tests.list_helpers import add_villages, linked
from tests.test_import import LISTING_HEAD, LISTINGS, VILLAGE_HEAD, VILLAGES, csv_book

# leading vowels (เ แ โ ใ ไ), tone marks, shared consonants, a prefix of another title, Latin
TRICKY = ["เชียงใหม่", "ชัยนาท", "แม่ฮ่องสอน", "แพร่", "โคกสูง", "ใหม่", "ไม้", "ไก่", "กา", "ก่า",
          "ก้า", "ก๊า", "กาก", "เกา", "แก", "เกิด", "กาล", "เป็ด", "วันที่", "วัว", "หมู", "บ้าน",
          "บาน", "บ้านนา", "บ้านไร่", "ผ้าไหม", "ผาไหม", "ขนม", "ฃวด", "ฮ", "อ่าง", "OTOP",
          "Ban", "น้ำ", "นํ้า", "เกาะ", "เก้า", "เก่า"]


def expected_order(titles) -> list[str]:
    return collate(sorted(titles))  # collate is a stable sort: its ties keep code-point order


def test_the_key_sorts_as_pythainlp_collate():
    shuffled = TRICKY[:]
    random.Random(25).shuffle(shuffled)
    assert sorted(shuffled, key=sort_key) == expected_order(TRICKY)
    assert sorted(shuffled, key=sort_key) == thai_sorted(shuffled, key=str)
    assert sort_key("กา") < sort_key("กาก")  # a prefix first


def _villages_with(titles: list[str]) -> dict[str, str]:
    made = add_villages(len(titles), prefix="tt")
    for village, title in zip(made, titles, strict=True):
        village.title = title
    db.session.commit()
    return {v.slug: v.title for v in made}


def test_the_villages_page_is_in_collate_order_from_the_stored_key(app):
    app.config["PAGE_CACHE"] = False
    app.config["LIST_PER_PAGE"] = 100
    shuffled = TRICKY[:]
    random.Random(7).shuffle(shuffled)
    titles = _villages_with(shuffled)
    asked: list[str] = []
    listener = lambda _c, _cur, statement, *_a: asked.append(statement)  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        page = app.test_client().get("/villages/").get_data(as_text=True)
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert [titles[slug] for slug in linked(page, "villages", "tt")] == expected_order(TRICKY)
    listed = next(s for s in asked if s.startswith("SELECT village."))
    assert "ORDER BY village.title_sort" in listed and "COLLATE" not in listed


def _all_keys_right() -> None:
    for model in (Village, Listing, Article):
        for title, key in db.session.execute(select(model.title, model.title_sort)):
            assert key == sort_key(title), (model.__name__, title)


@pytest.fixture
def staff(app, content_tree):
    return build_site(content_tree)  # the content loader writes the first items


def test_every_writer_stores_the_key(app, staff, content_tree):
    _all_keys_right()  # content load
    assert db.session.scalar(select(Village.title_sort).where(Village.slug == "ban-test"))
    # the content load again, with a title changed in its file
    content_tree.village(title="เบ้านทดสอบแก้ไฟล์")
    load_content(content_tree.root)
    _all_keys_right()
    # the admin form: a new item and an edited title
    client = app.test_client()
    login(client, "cm@cdd.go.th")
    data = edit_data(client, "/admin/listings/new", slug="form-new", title="ไหมแพรวาจากฟอร์ม",
                     summary="ผ้า", kind="community_product", village="ban-test")
    assert client.post("/admin/listings/new", data=data).status_code == 303
    url = f"/admin/villages/{ids()['village']}/edit"
    assert client.post(url, data=edit_data(client, url, title="แม่กำปองแก้")).status_code == 303
    db.session.rollback()
    _all_keys_right()
    assert db.session.scalar(select(Listing.title_sort).where(Listing.slug == "form-new")) \
        == sort_key("ไหมแพรวาจากฟอร์ม")
    # the spreadsheet import
    from cdd_click.geography import load_centroids
    from tests.test_shipped_content import CENTROIDS

    load_centroids(CENTROIDS)
    db.session.commit()
    importer.apply_import(importer.plan_import(csv_book([VILLAGE_HEAD, *VILLAGES])))
    importer.apply_import(importer.plan_import(csv_book([LISTING_HEAD, *LISTINGS])))
    db.session.rollback()
    assert db.session.scalar(select(Village.title_sort).where(Village.external_id == "V-1")) \
        == sort_key("บ้านห้วยแก้วทดสอบ")
    _all_keys_right()
    # a restore of an earlier revision (its snapshot holds no key: the listener computes it)
    village = db.session.get(Village, ids()["village"])
    first = db.session.scalar(select(Revision).where(
        Revision.item_type == "village", Revision.item_id == village.id).order_by(Revision.id))
    admin = db.session.scalar(select(User).where(User.email == "admin@cdd.go.th"))
    publishing.restore(village, first, admin, village.version)
    assert village.title == "บ้านทดสอบ" and village.title_sort == sort_key("บ้านทดสอบ")
    _all_keys_right()
    # a deleted item brought back
    listing = db.session.scalar(select(Listing).where(Listing.slug == "form-new"))
    publishing.delete(listing, admin, listing.version)
    gone = db.session.scalar(select(Revision).where(Revision.action == "delete"))
    back = publishing.undelete(gone, admin)
    assert back.title_sort == sort_key("ไหมแพรวาจากฟอร์ม")
    _all_keys_right()


def test_a_village_s_listings_are_read_from_the_village_s_index_not_the_whole_list(app):
    """SQLite picks an index per statement: with only (status, title key) it walked every
    published listing in title order to find one village's few (33 ms a page at 100,000)."""
    from cdd_click import catalog

    if db.engine.dialect.name != "sqlite":
        pytest.skip("the planner's choice checked here is SQLite's")
    for statement, params in ((catalog._related_listings(), {"village_id": 1, "id": 1,
                                                             "limit": 4}),
                              (catalog._village_listings(), {"village_id": 1})):
        compiled = statement.compile(db.engine, compile_kwargs={"literal_binds": False})
        values = {**compiled.params, **params}
        plan = " | ".join(row[-1] for row in db.session.connection().exec_driver_sql(
            "EXPLAIN QUERY PLAN " + str(compiled),
            tuple(values[name] for name in compiled.positiontup)))
        assert "ix_listing_village_status_title (village_id=?" in plan, plan


def test_the_home_page_s_villages_are_read_in_order_from_an_index_not_sorted_whole(app):
    """``ORDER BY featured DESC, title key`` sorted every published village for six cards
    (53 ms at 20,000 villages); each of its reads now walks an index in order."""
    from sqlalchemy import event

    from cdd_click import catalog

    if db.engine.dialect.name != "sqlite":
        pytest.skip("the planner's choice checked here is SQLite's")
    _villages_with(["บ้านหนึ่ง", "บ้านสอง"])
    seen: list[tuple[str, tuple]] = []

    def record(_conn, _cursor, statement, parameters, _context, _many):
        if statement.startswith("SELECT") and "FROM village" in statement:
            seen.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        assert len(catalog.featured_villages()) == 2
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    assert seen
    for statement, parameters in seen:
        plan = " | ".join(row[-1] for row in db.session.connection().exec_driver_sql(
            "EXPLAIN QUERY PLAN " + statement, parameters))
        assert "TEMP B-TREE FOR ORDER BY" not in plan, plan
