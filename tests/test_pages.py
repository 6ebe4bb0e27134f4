"""Every public page type renders its Thai content; only published items appear."""

from __future__ import annotations

import pytest

from cdd_click.content import load_content


@pytest.fixture
def pages(app, content_tree):
    """A small site built through the content loader: two provinces, every listing kind."""
    tree = content_tree
    tree.village(featured="true", highlights="[ชมทะเลหมอก, ดื่มกาแฟ]", title_en="Ban Test")
    tree.village(
        "ban-riverside", title="ชุมชนริมน้ำทดสอบ", subdistrict='"100101"', lat=13.751, lon=100.492,
        moo=None,
    )
    tree.listing(producer="กลุ่มแม่บ้านทดสอบ", price_min=120, price_max=250,
                 opening_hours="ทุกวัน 08.00–17.00 น.", phone="053 000 000", line_id='"@kafae.test"')
    tree.listing("test-silk", title="ผ้าไหมทดสอบ", category="ผ้าและเครื่องแต่งกาย", otop_stars=5,
                 village="ban-riverside")
    tree.listing("test-basket", title="เครื่องจักสานทดสอบ", kind="community_product",
                 category="ของใช้ ของตกแต่ง ของที่ระลึก", otop_stars=None)
    tree.listing("test-temple", title="วัดทดสอบ", kind="attraction", category=None,
                 otop_stars=None, lat=18.861, lon=99.351)
    tree.listing("test-homestay", title="โฮมสเตย์ทดสอบ", kind="accommodation", category=None,
                 otop_stars=None)
    tree.listing("test-weaving", title="เรียนทอผ้าทดสอบ", kind="experience", category=None,
                 otop_stars=None, line_id="weaving.test")
    tree.listing("test-draft", title="ร่างที่ยังไม่เผยแพร่", status="draft")
    tree.article(title="โอทอปคืออะไร")
    tree.article("draft-article", title="บทความร่าง", status="draft")
    load_content(tree.root)
    return app.test_client()


def text(response) -> str:
    return response.get_data(as_text=True)


def test_home_shows_search_featured_kinds_categories_and_regions(pages):
    response = pages.get("/")
    page = text(response)
    assert response.status_code == 200
    assert '<html lang="th">' in page
    assert 'action="/search"' in page and 'name="q"' in page
    assert "บ้านทดสอบ" in page
    for label in ("สินค้าชุมชน", "ผลิตภัณฑ์ OTOP", "สถานที่ท่องเที่ยว", "ที่พัก โฮมสเตย์",
                  "กิจกรรมและประสบการณ์"):
        assert label in page
    for category in ("อาหาร", "เครื่องดื่ม", "ผ้าและเครื่องแต่งกาย",
                     "ของใช้ ของตกแต่ง ของที่ระลึก", "สมุนไพรที่ไม่ใช่อาหาร"):
        assert category in page
    assert "ภาคเหนือ" in page and "ภาคกลาง" in page
    assert 'href="/provinces/50"' in page and 'href="/provinces/10"' in page
    assert "ภาคใต้" not in page  # no content there
    assert "ร่างที่ยังไม่เผยแพร่" not in page


def test_province_page_lists_its_villages_and_listings(pages):
    page = text(pages.get("/provinces/50"))
    assert "จังหวัดเชียงใหม่" in page
    assert "บ้านทดสอบ" in page and "กาแฟทดสอบ" in page
    assert "ชุมชนริมน้ำทดสอบ" not in page and "ผ้าไหมทดสอบ" not in page


def test_province_without_content_and_unknown_province(pages):
    response = pages.get("/provinces/96")
    assert response.status_code == 200
    assert "นราธิวาส" in text(response)
    assert pages.get("/provinces/99").status_code == 404
    assert pages.get("/provinces/abc").status_code == 404


def test_villages_index_and_region_filter(pages):
    page = text(pages.get("/villages/"))
    assert "บ้านทดสอบ" in page and "ชุมชนริมน้ำทดสอบ" in page
    central = text(pages.get("/villages/?region=central"))
    assert "ชุมชนริมน้ำทดสอบ" in central and "บ้านทดสอบ" not in central
    assert pages.get("/villages/?region=mars").status_code == 200


def test_village_page_shows_address_story_highlights_listings_and_coordinates(pages):
    page = text(pages.get("/villages/ban-test"))
    assert "<h1>บ้านทดสอบ" in page and "Ban Test" in page
    assert "หมู่ที่ 3 ตำบลห้วยแก้ว อำเภอแม่ออน จังหวัดเชียงใหม่" in page
    assert "เรื่องราวของหมู่บ้าน" in page
    assert "ชมทะเลหมอก" in page and "ดื่มกาแฟ" in page
    assert "กาแฟทดสอบ" in page and "วัดทดสอบ" in page and "โฮมสเตย์ทดสอบ" in page
    assert "18.86000, 99.35000" in page
    assert "ร่างที่ยังไม่เผยแพร่" not in page


def test_bangkok_village_uses_khet_and_khwaeng(pages):
    page = text(pages.get("/villages/ban-riverside"))
    assert "แขวงพระบรมมหาราชวัง เขตพระนคร กรุงเทพมหานคร" in page


def test_otop_listing_page(pages):
    page = text(pages.get("/listings/test-coffee"))
    assert "กาแฟทดสอบ" in page
    assert "ผลิตภัณฑ์ OTOP" in page and "เครื่องดื่ม" in page
    assert "4 ดาว" in page and "★★★★☆" in page
    assert 'href="/villages/ban-test"' in page
    assert "฿120–฿250" in page
    assert "ทุกวัน 08.00–17.00 น." in page
    assert 'href="tel:053000000"' in page
    assert "กลุ่มแม่บ้านทดสอบ" in page


def test_listing_without_known_facts_says_so_instead_of_inventing(pages):
    page = text(pages.get("/listings/test-homestay"))
    assert "ที่พัก โฮมสเตย์" in page
    assert "ยังไม่มีข้อมูลราคา" in page
    assert "฿" not in page


def test_unpublished_items_are_not_reachable(pages):
    assert pages.get("/listings/test-draft").status_code == 404
    assert pages.get("/articles/draft-article").status_code == 404
    assert "ร่างที่ยังไม่เผยแพร่" not in text(pages.get("/listings/"))


@pytest.mark.parametrize(
    ("query", "present", "absent"),
    [
        ("kind=otop_product", ["กาแฟทดสอบ", "ผ้าไหมทดสอบ"], ["วัดทดสอบ", "เครื่องจักสานทดสอบ"]),
        ("kind=otop", ["กาแฟทดสอบ"], ["วัดทดสอบ"]),
        ("kind=attraction", ["วัดทดสอบ"], ["กาแฟทดสอบ"]),
        ("category=textile", ["ผ้าไหมทดสอบ"], ["กาแฟทดสอบ"]),
        ("category=เครื่องดื่ม", ["กาแฟทดสอบ"], ["ผ้าไหมทดสอบ"]),
        ("province=10", ["ผ้าไหมทดสอบ"], ["กาแฟทดสอบ"]),
        ("province=เชียงใหม่", ["กาแฟทดสอบ"], ["ผ้าไหมทดสอบ"]),
        ("stars=5", ["ผ้าไหมทดสอบ"], ["กาแฟทดสอบ"]),
        ("kind=otop_product&province=50&stars=4", ["กาแฟทดสอบ"], ["ผ้าไหมทดสอบ"]),
    ],
)
def test_listing_filters(pages, query, present, absent):
    page = text(pages.get(f"/listings/?{query}"))
    for title in present:
        assert title in page
    for title in absent:
        assert title not in page


@pytest.mark.parametrize(
    "query",
    ["kind=<script>", "stars=9", "stars=abc", "page=-1", "page=99999", "page=x",
     "province=%FF", "category=" + "ก" * 500],
)
def test_odd_filter_values_give_a_page(pages, query):
    response = pages.get(f"/listings/?{query}")
    assert response.status_code == 200
    assert "<script>" not in text(response).split("<main", 1)[1]


def test_listings_paginate(app, pages):
    app.config["LISTINGS_PER_PAGE"] = 2
    first = text(pages.get("/listings/"))
    assert "พบ 6 รายการ" in first and "หน้า 1 จาก 3" in first
    assert 'rel="next" href="/listings/?page=2"' in first
    last = text(pages.get("/listings/?page=50"))
    assert "หน้า 3 จาก 3" in last


def test_listing_order_is_thai(app, pages):
    page = text(pages.get("/listings/"))
    titles = ["กาแฟทดสอบ", "เครื่องจักสานทดสอบ", "ผ้าไหมทดสอบ", "โฮมสเตย์ทดสอบ"]
    positions = [page.index(t) for t in titles]
    assert positions == sorted(positions)


def test_articles_index_and_article(pages):
    index = text(pages.get("/articles/"))
    assert "โอทอปคืออะไร" in index and "24 พฤศจิกายน 2569" in index
    assert "บทความร่าง" not in index
    page = text(pages.get("/articles/test-article"))
    assert "<h2" in page and "หัวข้อ</h2>" in page and "เนื้อหาบทความ" in page
    by_category = text(pages.get("/articles/?category=โอทอป"))
    assert "โอทอปคืออะไร" in by_category


def test_not_found_is_thai(pages):
    for url in ("/no-such-page", "/villages/no-such-village", "/listings/nope", "/articles/nope"):
        response = pages.get(url)
        assert response.status_code == 404
        assert "ไม่พบหน้าที่ต้องการ" in text(response)
        assert '<html lang="th">' in text(response)


def test_server_error_is_thai_and_hides_the_traceback(app):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internals")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert "ระบบขัดข้อง" in text(response)
    assert "secret internals" not in text(response) and "Traceback" not in text(response)


def test_method_not_allowed_is_thai(pages):
    response = pages.post("/")
    assert response.status_code == 405
    assert "ไม่รองรับ" in text(response)


def test_css_and_js_of_a_public_page_under_50_kb(app, pages):
    import re
    from pathlib import Path

    page = text(pages.get("/villages/ban-test"))
    assets = re.findall(r'(?:href|src)="/static/([^"?]+\.(?:css|js))(?:\?v=[0-9a-f]+)?"', page)
    assert assets
    total = sum((Path(app.static_folder) / name).stat().st_size for name in assets)
    assert total < 50 * 1024


def test_every_item_names_its_responsible_offices_from_its_geography(pages):
    chiang_mai = text(pages.get("/villages/ban-test"))
    assert "สำนักงานพัฒนาชุมชนอำเภอแม่ออน" in chiang_mai
    assert "สำนักงานพัฒนาชุมชนจังหวัดเชียงใหม่" in chiang_mai
    english = text(pages.get("/en/listings/test-coffee"))
    assert "Mae On District Community Development Office" in english
    assert "Chiang Mai Provincial Community Development Office" in english
    bangkok = text(pages.get("/listings/test-silk"))  # Bangkok: the khet office, no CDD office
    assert "ฝ่ายพัฒนาชุมชนและสวัสดิการสังคม สำนักงานเขตพระนคร" in bangkok
    assert "สำนักงานพัฒนาชุมชน" not in bangkok
    assert "Community Development and Social Welfare Section, Phra Nakhon District Office" in \
        text(pages.get("/en/villages/ban-riverside"))


def test_line_ids_open_a_chat_and_places_get_a_map_with_directions(pages):
    coffee = text(pages.get("/listings/test-coffee"))
    assert 'href="https://line.me/R/ti/p/%40kafae.test"' in coffee  # an official account
    assert 'class="map-frame"' not in coffee  # a product: found through its village
    weaving = text(pages.get("/listings/test-weaving"))
    assert 'href="https://line.me/R/ti/p/~weaving.test"' in weaving
    homestay = text(pages.get("/listings/test-homestay"))
    assert 'src="/maps/villages/ban-test"' in homestay  # no coordinates: the village's map
    assert "destination=18.86,99.35" in homestay and "ยังไม่มีพิกัดของที่นี่เอง" in homestay
    temple = text(pages.get("/listings/test-temple"))
    assert "destination=18.861,99.351" in temple and "ยังไม่มีพิกัดของที่นี่เอง" not in temple


def test_listings_filter_by_region_as_people_write_it(pages):
    north = text(pages.get("/listings/?region=north"))
    assert "กาแฟทดสอบ" in north and "ผ้าไหมทดสอบ" not in north  # Bangkok is central
    assert 'aria-current="page">ภาคเหนือ' in north
    assert "ผ้าไหมทดสอบ" in text(pages.get("/listings/?region=ภาคกลาง"))
    assert "กาแฟทดสอบ" not in text(pages.get("/listings/?region=อีสาน"))
    odd = text(pages.get("/listings/?region=mars"))
    assert "ไม่รู้จักค่าตัวกรองบางช่อง" in odd and "กาแฟทดสอบ" in odd
    chips = text(pages.get("/listings/?kind=otop_product"))
    assert 'href="/listings/?kind=otop_product&amp;region=south"' in chips  # keeps the kind
    assert "บ้านทดสอบ" in text(pages.get("/villages/?region=ภาคเหนือ"))
