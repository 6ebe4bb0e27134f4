"""Slugs read as the RTGS name a person would write (issue 23): a table of real village,
community, OTOP product and tourism names, the English title winning when there is one."""

import re

import pytest

from cdd_click import slugs

# Real names and the RTGS spelling people write for them (official romanisations where there is
# one: Ban Mae Kampong, Bo Sang, Dan Kwian, Nakhon Ratchasima). bench/slug_engines.py scores
# PyThaiNLP's romanisers against the same table.
NAMES = [
    ("บ้านแม่กำปอง", "ban-mae-kampong"),
    ("แม่กำปอง", "mae-kampong"),
    ("โฮมสเตย์บ้านแม่กำปอง", "homestay-ban-mae-kampong"),
    ("โฮมสเตย์", "homestay"),
    ("บ้านนาต้นจั่น", "ban-na-ton-chan"),
    ("บ้านคีรีวง", "ban-khiri-wong"),
    ("บ้านสันติชล", "ban-santi-chon"),
    ("บ้านผาหมี", "ban-pha-mi"),
    ("บ้านถวาย", "ban-thawai"),
    ("บ้านเชียง", "ban-chiang"),
    ("บ้านปราสาท", "ban-prasat"),
    ("บ้านบ่อสร้าง", "ban-bo-sang"),
    ("ร่มบ่อสร้าง", "rom-bo-sang"),
    ("บ้านท่าสว่าง", "ban-tha-sawang"),
    ("ผ้าไหมบ้านท่าสว่าง", "pha-mai-ban-tha-sawang"),
    ("บ้านดอนกอย", "ban-don-koi"),
    ("บ้านหาดเสี้ยว", "ban-hat-siao"),
    ("บ้านนาหมื่นศรี", "ban-na-muen-si"),
    ("ผ้าทอนาหมื่นศรี", "pha-tho-na-muen-si"),
    ("เกาะเกร็ด", "ko-kret"),
    ("เกาะยอ", "ko-yo"),
    ("ผ้าทอเกาะยอ", "pha-tho-ko-yo"),
    ("เชียงคาน", "chiang-khan"),
    ("ตลาดน้ำอัมพวา", "talat-nam-amphawa"),
    ("ตลาดน้ำดำเนินสะดวก", "talat-nam-damnoen-saduak"),
    ("ตลาดน้ำตลิ่งชัน", "talat-nam-taling-chan"),
    ("บ้านบางเจ้าฉ่า", "ban-bang-chao-cha"),
    ("บางกระเจ้า", "bang-krachao"),
    ("บ้านโพน", "ban-phon"),
    ("บ้านด่านเกวียน", "ban-dan-kwian"),
    ("เครื่องปั้นดินเผาด่านเกวียน", "khrueang-pan-din-phao-dan-kwian"),
    ("บ้านไร่กองขิง", "ban-rai-kong-khing"),
    ("บ้านน้ำเชี่ยว", "ban-nam-chiao"),
    ("บ้านรักไทย", "ban-rak-thai"),
    ("บ้านจ่าโบ่", "ban-cha-bo"),
    ("บ้านหนองบัว", "ban-nong-bua"),
    ("หมู่บ้านช้างบ้านตากลาง", "mu-ban-chang-ban-ta-klang"),
    ("ปางอุ๋ง", "pang-ung"),
    ("ปาย", "pai"),
    ("แม่แจ่ม", "mae-chaem"),
    ("ผ้าซิ่นตีนจกแม่แจ่ม", "pha-sin-tin-chok-mae-chaem"),
    ("ผ้าซิ่นตีนจกออนใต้", "pha-sin-tin-chok-on-tai"),
    ("ผ้าตีนจก", "pha-tin-chok"),
    ("เวิร์กช็อปเขียนลายร่ม", "workshop-khian-lai-rom"),
    ("ดอยอินทนนท์", "doi-inthanon"),
    ("ดอยสุเทพ", "doi-suthep"),
    ("ดอยแม่สลอง", "doi-mae-salong"),
    ("ถ้ำหลวง", "tham-luang"),
    ("ภูชี้ฟ้า", "phu-chi-fa"),
    ("ภูกระดึง", "phu-kradueng"),
    ("ภูทับเบิก", "phu-thap-boek"),
    ("สามพันโบก", "sam-phan-bok"),
    ("ผาแต้ม", "pha-taem"),
    ("เขาค้อ", "khao-kho"),
    ("เชียงใหม่", "chiang-mai"),
    ("แม่ฮ่องสอน", "mae-hong-son"),
    ("สุโขทัย", "sukhothai"),
    ("น่าน", "nan"),
    ("แพร่", "phrae"),
    ("ลำปาง", "lampang"),
    ("ขอนแก่น", "khon-kaen"),
    ("หนองคาย", "nong-khai"),
    ("นครราชสีมา", "nakhon-ratchasima"),
    ("สกลนคร", "sakon-nakhon"),
    ("ม่อฮ่อมแพร่", "mo-hom-phrae"),
    ("ผ้าครามสกลนคร", "pha-khram-sakon-nakhon"),
    ("ผ้าไหมมัดหมี่", "pha-mai-mat-mi"),
    ("ผ้าไหมปักธงชัย", "pha-mai-pak-thong-chai"),
    ("ผ้าขาวม้า", "pha-khao-ma"),
    ("เสื่อกก", "suea-kok"),
    ("เครื่องเงินวัวลาย", "khrueang-ngoen-wua-lai"),
    ("ข้าวหอมมะลิทุ่งกุลาร้องไห้", "khao-hom-mali-thung-kula-rong-hai"),
    ("ส้มโอนครชัยศรี", "som-o-nakhon-chai-si"),
    ("มะขามหวานเพชรบูรณ์", "makham-wan-phetchabun"),
    ("ทุเรียนหมอนทอง", "thurian-mon-thong"),
    ("มังคุด", "mangkhut"),
    ("กาแฟดอยช้าง", "kafae-doi-chang"),
    ("ข้าวแต๋น", "khao-taen"),
    ("ปลาร้า", "pla-ra"),
    ("ปลาส้ม", "pla-som"),
    ("น้ำพริกหนุ่ม", "nam-phrik-num"),
    ("ไส้อั่ว", "sai-ua"),
    ("แหนมเนือง", "naem-nueang"),
]


@pytest.mark.parametrize(("title", "slug"), NAMES, ids=[slug for _title, slug in NAMES])
def test_thai_title_reads_as_rtgs(title, slug):
    assert slugs.suggest_slug(title) == slug


def test_table_is_large_and_unique():
    assert len(NAMES) >= 70
    assert len({title for title, _slug in NAMES}) == len(NAMES)


def test_english_title_wins():
    assert slugs.suggest_slug("บ้านแม่กำปอง", "Mae Kampong Village") == "mae-kampong-village"
    assert slugs.suggest_slug("โฮมสเตย์", "  ") == "homestay"


@pytest.mark.parametrize("title", [
    "บ้านแม่กำปอง 2567 ตำบลห้วยแก้ว อำเภอแม่ออน จังหวัดเชียงใหม่ " * 4,
    "ๆ ์ ่ ะ เ", "ฤดูฝน", "Café ข้าวซอย", "🌾 ข้าว", "๑๒๓ บ้าน",
])
def test_slug_is_ascii_lowercase_hyphenated_and_short(title):
    slug = slugs.suggest_slug(title)
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug)
    assert len(slug) <= slugs.MAX_SLUG


def test_unique_slug_counts_up():
    taken = {"ban-mae-kampong", "ban-mae-kampong-2"}
    assert slugs.unique_slug("ban-mae-kampong", taken.__contains__) == "ban-mae-kampong-3"
