"""Administrative geography seeded from the maintained ``geothai`` package.

geothai carries the DOPA codes and Thai/English names of every province, district and subdistrict.
It has no regions, so the province → region table of the six-region system (the National
Geographical Committee's classification, used in Thai schools) lives here.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import geothai
from sqlalchemy import bindparam, func, insert, select, update

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


def province_names(locale: str = "th") -> dict[str, str]:
    """Province code -> name, Thai or English (geography does not change while the app runs)."""
    if locale not in _PROVINCE_NAMES:
        column = Province.name_en if locale == "en" else Province.name_th
        _PROVINCE_NAMES[locale] = dict(db.session.execute(select(Province.code, column)).all())
    return _PROVINCE_NAMES[locale]


_PROVINCE_NAMES: dict[str, dict[str, str]] = {}


@dataclass(frozen=True)
class PlaceMatch:
    """What a written province/district/subdistrict resolved to: the subdistrict code when it
    is clear, else the candidates (``"ต.ศรีภูมิ อ.เมืองเชียงใหม่ จ.เชียงใหม่ (500101)"``)."""

    code: str | None
    candidates: tuple[str, ...] = ()


def _label(address) -> str:
    sub, district, province = address.subdistrict, address.district, address.province
    return f"ต.{sub.name_th} อ.{district.name_th} จ.{province.name_th} ({sub.code})"


def _name_of(value: str, digits: int, lookup) -> str:
    """A DOPA code of ``digits`` digits turned into its Thai name; other text kept."""
    if re.fullmatch(rf"[0-9]{{{digits}}}", value):
        area = lookup(value)
        return area.name_th if area else value
    return value


@lru_cache(maxsize=16_384)  # a sheet repeats the same few hundred places
def find_subdistrict(subdistrict: str, district: str = "", province: str = "") -> PlaceMatch:
    """Resolve a subdistrict written by name (with or without ต./อ./จ., Thai or English, "เมือง"
    for the capital district) or by its 6-digit DOPA code, narrowed by district and province
    (names or codes), through geothai."""
    subdistrict, district, province = (v.strip() for v in (subdistrict, district, province))
    if re.fullmatch(r"[0-9]{6}", subdistrict):
        found = geothai.subdistrict(subdistrict)
        if found is None:
            return PlaceMatch(None)
        district_name = _name_of(district, 4, geothai.district)
        province_name = _name_of(province, 2, geothai.province)
        addresses = [a for a in geothai.match(found.name_th, district=district_name,
                                              province=province_name)
                     if a.subdistrict.code == subdistrict]
        if not addresses:  # the code is real but the district or province written disagrees
            return PlaceMatch(None, tuple(_label(a) for a in geothai.match(found.name_th)
                                          if a.subdistrict.code == subdistrict))
    else:
        addresses = geothai.match(subdistrict,
                                  district=_name_of(district, 4, geothai.district),
                                  province=_name_of(province, 2, geothai.province))
    if re.fullmatch(r"[0-9]{2}", province):
        addresses = [a for a in addresses if a.province.code == province]
    if re.fullmatch(r"[0-9]{4}", district):
        addresses = [a for a in addresses if a.district.code == district]
    if len(addresses) == 1:
        return PlaceMatch(addresses[0].subdistrict.code)
    if addresses:
        return PlaceMatch(None, tuple(_label(a) for a in addresses))
    # Nothing fits all three: offer the subdistricts of that name anywhere, as hints.
    if not re.fullmatch(r"[0-9]{6}", subdistrict) and (district or province):
        return PlaceMatch(None, tuple(_label(a) for a in geothai.match(subdistrict)[:8]))
    return PlaceMatch(None)


def district_points() -> dict[str, tuple[float, float]]:
    """District code → the mean of its subdistricts' centroids (one grouped query; empty when no
    centroids are loaded)."""
    rows = db.session.execute(
        select(Subdistrict.district_code, func.avg(Subdistrict.lat), func.avg(Subdistrict.lon))
        .where(Subdistrict.lat.is_not(None)).group_by(Subdistrict.district_code))
    return {code: (float(lat), float(lon)) for code, lat, lon in rows}


def load_centroids(path: Path | str) -> int:
    """Put tambon centroids into the subdistrict table from a CSV with the columns
    ``SUB_DISTRICT_CODE``, ``LATITUDE`` and ``LONGITUDE`` (the MIT-licensed thailand-geodata
    file). Rows without coordinates are skipped. Returns how many subdistricts got one; the
    caller commits."""
    rows = []
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            code = (row.get("SUB_DISTRICT_CODE") or "").strip()
            try:
                lat, lon = float(row.get("LATITUDE") or ""), float(row.get("LONGITUDE") or "")
            except ValueError:
                continue  # a subdistrict without coordinates in the file
            if re.fullmatch(r"[0-9]{6}", code):
                rows.append({"key": code, "lat": lat, "lon": lon})
    if not rows:
        raise ValueError(f"{path}: no SUB_DISTRICT_CODE/LATITUDE/LONGITUDE rows")
    known = set(db.session.scalars(select(Subdistrict.code)))
    rows = [row for row in rows if row["key"] in known]
    if rows:
        db.session.connection().execute(
            update(Subdistrict).where(Subdistrict.code == bindparam("key"))
            .values(lat=bindparam("lat"), lon=bindparam("lon")), rows)
    return len(rows)
