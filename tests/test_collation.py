"""Thai names sort in Thai dictionary order, in Python and in SQLite."""

from __future__ import annotations

from sqlalchemy import select

from cdd_click.collation import compare_thai, thai_order, thai_sorted
from cdd_click.extensions import db
from cdd_click.models import Province

EXPECTED = ["กาฬสินธุ์", "ขอนแก่น", "เชียงใหม่", "ตราด", "แพร่", "ยะลา", "อุดรธานี"]


def test_leading_vowels_do_not_lead():
    shuffled = ["อุดรธานี", "เชียงใหม่", "ยะลา", "แพร่", "กาฬสินธุ์", "ตราด", "ขอนแก่น"]
    assert thai_sorted(shuffled, key=str) == EXPECTED
    assert sorted(shuffled) != EXPECTED  # code-point order is wrong


def test_compare_is_consistent():
    assert compare_thai("เชียงใหม่", "ตราด") == -1
    assert compare_thai("ตราด", "เชียงใหม่") == 1
    assert compare_thai("ตราด", "ตราด") == 0


def test_database_orders_by_thai_collation(app):
    names = [
        p.name_th
        for p in db.session.scalars(
            select(Province)
            .where(Province.name_th.in_(EXPECTED))
            .order_by(thai_order(Province.name_th, db.engine.dialect.name))
        )
    ]
    assert names == EXPECTED



def test_order_is_pythainlp_collate_with_code_points_between_equals(app):
    """thai_sorted and the SQLite collation keep PyThaiNLP's order (its key is imported, so a
    change in PyThaiNLP shows up here); names it ranks the same follow code points."""
    from functools import cmp_to_key

    from pythainlp.util import collate

    from cdd_click.models import District

    names = set(db.session.scalars(select(Province.name_th)))
    names |= set(db.session.scalars(select(District.name_th)))
    names |= {"ก่า", "ก้า", "กา", "ก๊า", "เกา", "แก"}  # the first four share collate's key
    assert len(names) > 900
    expected = collate(sorted(names))  # collate is a stable sort: ties keep code-point order
    assert thai_sorted(names, key=str) == expected
    assert sorted(names, key=cmp_to_key(compare_thai)) == expected
    assert thai_sorted(["ก้า", "ก่า"], key=str) == ["ก่า", "ก้า"]
