"""Foreign keys hold on SQLite as on PostgreSQL: a deleted item takes its photo rows with it, and
no row may name an item that does not exist."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, func, select, text
from sqlalchemy.exc import IntegrityError

from cdd_click.extensions import db
from cdd_click.models import Photo, Village


def _village() -> Village:
    village = Village(slug="ban-fk-test", title="บ้านทดสอบกุญแจ", summary="ทดสอบ",
                      subdistrict_code="500101", lat=18.79, lon=98.98)
    db.session.add(village)
    db.session.flush()
    return village


def test_deleting_an_item_deletes_its_photo_rows(app):
    village = _village()
    db.session.add(Photo(village_id=village.id, key="a" * 64, alt="ภาพ", width=10, height=10,
                         position=1))
    db.session.commit()
    db.session.execute(delete(Village).where(Village.id == village.id))
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(Photo)) == 0


def test_a_row_naming_a_missing_item_is_refused(app):
    db.session.add(Photo(village_id=987654, key="b" * 64, alt="ภาพ", width=10, height=10,
                         position=1))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    if db.engine.dialect.name == "sqlite":
        assert db.session.execute(text("PRAGMA foreign_keys")).scalar() == 1
