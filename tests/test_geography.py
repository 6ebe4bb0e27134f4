"""Geography comes from geothai, with every province in one of the six regions."""

from __future__ import annotations

import geothai
from sqlalchemy import func, select

from cdd_click.extensions import db
from cdd_click.geography import PROVINCE_REGION, REGIONS, seed_geography, thai_address
from cdd_click.models import District, Province, Subdistrict


def test_seeded_counts_match_geothai(app):
    assert db.session.scalar(select(func.count()).select_from(Province)) == 77
    assert db.session.scalar(select(func.count()).select_from(District)) == 928
    assert db.session.scalar(select(func.count()).select_from(Subdistrict)) == 7436


def test_seeding_again_adds_nothing(app):
    assert seed_geography() == {"province": 0, "district": 0, "subdistrict": 0}


def test_every_province_has_one_of_six_regions():
    codes = {p.code for p in geothai.provinces()}
    assert set(PROVINCE_REGION) == codes
    assert set(PROVINCE_REGION.values()) == set(REGIONS)
    per_region = {r: sum(1 for v in PROVINCE_REGION.values() if v == r) for r in REGIONS}
    assert per_region == {
        "north": 9, "northeast": 20, "central": 22, "east": 7, "west": 5, "south": 14
    }


def test_names_and_region_of_chiang_mai(app):
    chiang_mai = db.session.get(Province, "50")
    assert (chiang_mai.name_th, chiang_mai.name_en, chiang_mai.region) == (
        "เชียงใหม่", "Chiang Mai", "north"
    )


def test_thai_address_forms(app):
    huai_kaeo = db.session.get(Subdistrict, "502304")
    assert thai_address(huai_kaeo, 3) == "หมู่ที่ 3 ตำบลห้วยแก้ว อำเภอแม่ออน จังหวัดเชียงใหม่"
    bangkok = db.session.get(Subdistrict, "100101")
    assert thai_address(bangkok).startswith("แขวงพระบรมมหาราชวัง เขตพระนคร")
    assert thai_address(bangkok).endswith("กรุงเทพมหานคร")
