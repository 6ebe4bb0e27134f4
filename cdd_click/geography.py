"""Administrative geography seeded from the maintained ``geothai`` package.

geothai carries the DOPA codes and Thai/English names of every province, district and subdistrict.
It has no regions, so the province → region table of the six-region system (the National
Geographical Committee's classification, used in Thai schools) lives here.
"""

from __future__ import annotations

import geothai
from sqlalchemy import insert, select

from cdd_click.extensions import db
from cdd_click.models import District, Province, Subdistrict

REGIONS: tuple[str, ...] = ("north", "northeast", "central", "east", "west", "south")

_REGION_PROVINCES: dict[str, tuple[str, ...]] = {
    "north": ("50", "51", "52", "53", "54", "55", "56", "57", "58"),
    "northeast": tuple(str(code) for code in range(30, 50)),
    "central": (
        "10", "11", "12", "13", "14", "15", "16", "17", "18", "19", "26",
        "60", "61", "62", "64", "65", "66", "67", "72", "73", "74", "75",
    ),
    "east": ("20", "21", "22", "23", "24", "25", "27"),
    "west": ("63", "70", "71", "76", "77"),
    "south": ("80", "81", "82", "83", "84", "85", "86", "90", "91", "92", "93", "94", "95", "96"),
}

PROVINCE_REGION: dict[str, str] = {
    code: region for region, codes in _REGION_PROVINCES.items() for code in codes
}


def _geothai_rows() -> tuple[list[dict], list[dict], list[dict]]:
    """Province, district and subdistrict rows as dictionaries ready to insert."""
    provinces, districts, subdistricts = [], [], []
    for province in geothai.provinces():
        provinces.append(
            {
                "code": province.code,
                "name_th": province.name_th,
                "name_en": province.name_en,
                "region": PROVINCE_REGION[province.code],
            }
        )
        for district in geothai.districts(province.code):
            districts.append(
                {
                    "code": district.code,
                    "province_code": province.code,
                    "name_th": district.name_th,
                    "name_en": district.name_en,
                }
            )
            for sub in geothai.subdistricts(district.code):
                subdistricts.append(
                    {
                        "code": sub.code,
                        "district_code": district.code,
                        "province_code": province.code,
                        "name_th": sub.name_th,
                        "name_en": sub.name_en,
                        "postal_code": sub.postal_codes[0] if sub.postal_codes else None,
                    }
                )
    return provinces, districts, subdistricts


def seed_geography() -> dict[str, int]:
    """Insert the areas the database lacks; an up-to-date database is left untouched.

    Returns how many rows of each level were added. The caller commits.
    """
    added: dict[str, int] = {}
    for model, rows in zip((Province, District, Subdistrict), _geothai_rows(), strict=True):
        have = set(db.session.scalars(select(model.code)))
        missing = [row for row in rows if row["code"] not in have]
        if missing:
            db.session.execute(insert(model), missing)
        added[model.__tablename__] = len(missing)
    return added


def geothai_codes() -> tuple[frozenset[str], frozenset[str]]:
    """(province codes, subdistrict codes) that ``seed_geography`` gives an empty database."""
    provinces, _, subdistricts = _geothai_rows()
    return frozenset(p["code"] for p in provinces), frozenset(s["code"] for s in subdistricts)


def is_seeded() -> bool:
    """True when the subdistrict table holds geothai's data."""
    return db.session.scalar(select(Subdistrict.code).limit(1)) is not None


def _prefixed(prefix: str, name: str) -> str:
    """``prefix`` + ``name`` unless the name already carries it (geothai's เขต names do)."""
    return name if name.startswith(prefix) else prefix + name


def thai_address(subdistrict: Subdistrict, moo: int | None = None) -> str:
    """A Thai postal-style address line: หมู่ที่, ตำบล/แขวง, อำเภอ/เขต, จังหวัด."""
    bangkok = subdistrict.province_code == "10"
    parts = [f"หมู่ที่ {moo}"] if moo else []
    parts.append(_prefixed("แขวง" if bangkok else "ตำบล", subdistrict.name_th))
    parts.append(_prefixed("เขต" if bangkok else "อำเภอ", subdistrict.district.name_th))
    province = subdistrict.province.name_th
    parts.append(province if bangkok else _prefixed("จังหวัด", province))
    return " ".join(parts)


def english_address(subdistrict: Subdistrict, moo: int | None = None) -> str:
    """``Moo 3, Huai Kaeo, Mae On, Chiang Mai``."""
    parts = [f"Moo {moo}"] if moo else []
    parts += [subdistrict.name_en, subdistrict.district.name_en, subdistrict.province.name_en]
    return ", ".join(parts)


def province_names() -> dict[str, str]:
    """Province code -> Thai name (geography does not change while the app runs)."""
    global _PROVINCE_NAMES
    if not _PROVINCE_NAMES:
        rows = db.session.execute(select(Province.code, Province.name_th)).all()
        _PROVINCE_NAMES = dict(rows)
    return _PROVINCE_NAMES


_PROVINCE_NAMES: dict[str, str] = {}
