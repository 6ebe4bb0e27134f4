"""The town of a province or a district: where "near X" measures from.

"Near เชียงใหม่" means near the city of Chiang Mai, not the middle of the province or of the
items that happen to be in it. A province's town is its capital: the seat of its capital
district, which the DOPA register numbers ``PP01`` (อำเภอเมือง; Bangkok's เขตพระนคร, Ayutthaya's
อำเภอพระนครศรีอยุธยา). A district's town is its seat, by the register's convention its tambon
``01`` (``DDDD01``: ตำบลในเมือง, ศรีภูมิ, ตลาด ...). A point is the centroid of that tambon in the
shipped ``cdd_click/data/tambon_centroids.csv`` (``pins.shipped_centroids``), read once a process:
a fresh clone has it, whatever the database holds. Where the seat's tambon has no centroid in the
file (or no longer exists: several of Bangkok's districts lost their tambon 01), the district's
town is the mean of its tambons' centroids. ``CAPITAL_TAMBON`` lists the provinces where the
convention picks the wrong point. Without the file every answer is ``None`` (``flask setup``
warns, and search falls back to the database's district centroids, else the items' middle).
"""

from __future__ import annotations

import logging
import math
from functools import lru_cache

from cdd_click import pins

log = logging.getLogger(__name__)

Point = tuple[float, float]

# Province code -> the tambon its town is measured from, where the convention (the capital
# district's tambon 01) is wrong. Only facts checked against the shipped centroids.
CAPITAL_TAMBON: dict[str, str] = {
    # Bangkok: City Hall (ศาลาว่าการกรุงเทพมหานคร) stands in แขวงเสาชิงช้า; Phra Nakhon's
    # tambon 01 is the Grand Palace's, 0.8 km west.
    "10": "100106",
    # Trat: the town's tambon บางพระ (230101) has no centroid in the file, and the mean of Mueang
    # Trat's tambons falls 7 km east of the town; its neighbour หนองเสม็ด is 3 km from the centre.
    "23": "230102",
    # Kanchanaburi: บ้านเหนือ (710101) has no centroid, and Mueang Kanchanaburi stretches 40 km
    # west (its mean is 15 km from the town); ปากแพรก holds the town centre.
    "71": "710103",
}


def haversine_km(a: Point, b: Point) -> float:
    """Great-circle distance in km (the Earth's mean radius, as search's distances use)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 12742 * math.asin(math.sqrt(h))


@lru_cache(maxsize=1)
def _tambons() -> dict[str, Point]:
    points = {code: (lat, lon) for code, lat, lon in pins.shipped_centroids()}
    if not points:
        log.warning("no shipped tambon centroids (cdd_click/data/tambon_centroids.csv): "
                    "\"near X\" falls back to district centroids in the database, else to the "
                    "middle of X's items")
    return points


@lru_cache(maxsize=1)
def _district_seats() -> dict[str, Point]:
    """District code -> its seat: tambon 01's centroid, else the mean of its tambons'."""
    tambons = _tambons()
    members: dict[str, list[Point]] = {}
    for code, point in tambons.items():
        members.setdefault(code[:4], []).append(point)
    return {district: tambons.get(f"{district}01") or
            (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))
            for district, points in members.items()}


@lru_cache(maxsize=1)
def _province_towns() -> dict[str, Point]:
    """Province code -> its capital's point."""
    tambons, seats = _tambons(), _district_seats()
    towns = {district[:2]: point for district, point in seats.items() if district[2:] == "01"}
    towns.update({province: tambons[code] for province, code in CAPITAL_TAMBON.items()
                  if code in tambons})
    return towns


def town_point(province_code: str | None = None, district_code: str | None = None) -> Point | None:
    """The town of a district (its seat) or, without one, of a province (its capital); None
    when the shipped centroids are missing or know nothing of it."""
    if district_code:
        return _district_seats().get(district_code)
    if province_code:
        return _province_towns().get(province_code)
    return None


def place_point(level: str, code: str) -> Point | None:
    """Where "near" a province, district or subdistrict measures from: the province's or the
    district's town, the subdistrict's own centroid (else its district's town); None for a
    region (it has no town) or when nothing is known."""
    if level == "province":
        return town_point(province_code=code)
    if level == "district":
        return town_point(district_code=code)
    if level == "subdistrict":
        return _tambons().get(code) or town_point(district_code=code[:4])
    return None


@lru_cache(maxsize=256)
def provinces_by_distance(point: Point) -> tuple[str, ...]:
    """Every province with a town, nearest town first (ties by code)."""
    towns = _province_towns()
    return tuple(sorted(towns, key=lambda code: (haversine_km(point, towns[code]), code)))


def nearest_provinces(province_code: str) -> tuple[str, ...]:
    """The other provinces, by the distance between their towns and ``province_code``'s
    (nothing when its town is unknown)."""
    point = town_point(province_code=province_code)
    return tuple(p for p in provinces_by_distance(point) if p != province_code) if point else ()
