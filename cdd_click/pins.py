"""Is a pin where its tambon says it is? One rule for the admin form and for completeness.

A pin more than ``PIN_MAX_KM_FROM_TAMBON`` km from its tambon's centroid, or whose nearest
tambon lies in another province, is doubtful: the form asks staff to confirm it, and
completeness counts the location only when it is near or confirmed. Distances use one flat-earth
formula (a fixed east-west factor for Thailand's latitudes, about ±3 %) so that SQL, which has no
trigonometry on SQLite, and Python give the same answer.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache

from flask import current_app
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import aliased

from cdd_click.config import DEFAULT_CENTROIDS
from cdd_click.extensions import db

KM_PER_DEGREE = 111.2
LON_FACTOR = 0.97  # cos 14°: Thailand spans 5.6–20.5 °N
DEFAULT_MAX_KM = 15.0


def max_km() -> float:
    """How far (km) a pin may be from its tambon's centroid without a confirmation."""
    return float(current_app.config.get("PIN_MAX_KM_FROM_TAMBON", DEFAULT_MAX_KM))


def distance_km(lat: float, lon: float, lat2: float, lon2: float) -> float:
    """About how many km apart two points in Thailand are."""
    north = (lat - lat2) * KM_PER_DEGREE
    east = (lon - lon2) * KM_PER_DEGREE * LON_FACTOR
    return (north * north + east * east) ** 0.5


def near_sql(lat, lon, lat2, lon2, km: float):
    """SQL: the two points are at most ``km`` apart (``distance_km``'s formula, squared)."""
    north, east = (lat - lat2) * KM_PER_DEGREE, (lon - lon2) * (KM_PER_DEGREE * LON_FACTOR)
    return north * north + east * east <= km * km


@lru_cache(maxsize=1)
def shipped_centroids() -> tuple[tuple[str, float, float], ...]:
    """(tambon code, lat, lon) of the ~7,400 tambons in the shipped file, read once a process."""
    rows = []
    with open(DEFAULT_CENTROIDS, encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            try:
                rows.append((row["SUB_DISTRICT_CODE"].strip(), float(row["LATITUDE"]),
                             float(row["LONGITUDE"])))
            except (KeyError, ValueError):
                continue
    return tuple(rows)


@lru_cache(maxsize=1)
def _shipped_by_code() -> dict[str, tuple[float, float]]:
    return {code: (lat, lon) for code, lat, lon in shipped_centroids()}


def tambon_point(code: str | None) -> tuple[float, float] | None:
    """The tambon's centroid: the database's (``flask geo centroids``), else the shipped one."""
    from cdd_click.models import Subdistrict

    if not code:
        return None
    row = db.session.execute(select(Subdistrict.lat, Subdistrict.lon)
                             .where(Subdistrict.code == code)).first()
    if row is not None and row[0] is not None:
        return float(row[0]), float(row[1])
    return _shipped_by_code().get(code)


def nearest_tambon(lat: float, lon: float) -> str | None:
    """The code of the shipped tambon whose centroid is nearest the point (a scan of a fixed
    ~7,400 rows: a few milliseconds, whatever the size of the site)."""
    best, best_code = None, None
    for code, tlat, tlon in shipped_centroids():
        north, east = lat - tlat, (lon - tlon) * LON_FACTOR
        far = north * north + east * east
        if best is None or far < best:
            best, best_code = far, code
    return best_code


@dataclass(frozen=True)
class PinCheck:
    """What is doubtful about a pin: its distance from the tambon (km, when over the limit) and
    the province its nearest tambon is in (when not the item's)."""

    km: float | None = None
    other_province: str | None = None

    @property
    def doubtful(self) -> bool:
        """True when staff must confirm the pin."""
        return self.km is not None or self.other_province is not None


def check(lat: float | None, lon: float | None, tambon_code: str | None) -> PinCheck:
    """Check a pin against the tambon (6-digit code) the item is in."""
    if lat is None or lon is None or not tambon_code:
        return PinCheck()
    km = None
    centre = tambon_point(tambon_code)
    if centre is not None:
        distance = distance_km(lat, lon, *centre)
        km = round(distance, 1) if distance > max_km() else None
    nearest = nearest_tambon(lat, lon)
    other = nearest[:2] if nearest and nearest[:2] != tambon_code[:2] else None
    return PinCheck(km, other)


def counts_sql(model: type):
    """SQL: the item's pin counts as its place (near its tambon, confirmed, or no centroid
    known to measure from). One primary-key lookup a row (aliases: the outer query may join
    the same tables)."""
    from cdd_click.models import Listing, Subdistrict, Village

    tambon = aliased(Subdistrict)
    query = select(tambon.code)
    if model is Village:
        query = query.where(tambon.code == model.subdistrict_code)
    else:
        home = aliased(Village)
        query = query.join(home, home.subdistrict_code == tambon.code).where(
            home.id == Listing.village_id)
    far = query.where(tambon.lat.is_not(None), ~near_sql(
        model.lat, model.lon, tambon.lat, tambon.lon, max_km())).exists()
    return and_(model.lat.is_not(None), or_(model.location_confirmed.is_(True), ~far))


def counts(item) -> bool:
    """Python twin of ``counts_sql`` for one item in hand (its tambon is loaded with it)."""
    if item.lat is None or item.lon is None:
        return False
    if item.location_confirmed:
        return True
    village = item if hasattr(item, "subdistrict") else item.village
    sub = village.subdistrict
    if sub.lat is None:
        return True
    return distance_km(item.lat, item.lon, sub.lat, sub.lon) <= max_km()
