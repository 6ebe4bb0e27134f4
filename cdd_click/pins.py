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
from sqlalchemy import and_, event, inspect, or_, select
from sqlalchemy.orm import Session, aliased

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
    """(tambon code, lat, lon) of the ~7,400 tambons in the shipped file, read once a process
    (none when the file is missing: ``flask setup`` warns about that)."""
    rows = []
    try:
        with open(DEFAULT_CENTROIDS, encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                try:
                    rows.append((row["SUB_DISTRICT_CODE"].strip(), float(row["LATITUDE"]),
                                 float(row["LONGITUDE"])))
                except (KeyError, ValueError):
                    continue
    except OSError:
        return ()
    return tuple(rows)


CELL = 0.2  # degrees: the grid nearest_tambon looks in


@lru_cache(maxsize=1)
def _grid() -> dict[tuple[int, int], list[tuple[str, float, float]]]:
    cells: dict[tuple[int, int], list[tuple[str, float, float]]] = {}
    for code, lat, lon in shipped_centroids():
        cells.setdefault((int(lat // CELL), int(lon // CELL)), []).append((code, lat, lon))
    return cells


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
    """The code of the shipped tambon whose centroid is nearest the point: the grid cells
    around it, ring by ring, until no farther ring can hold a nearer one (tens of
    microseconds, whatever the size of the site)."""
    grid = _grid()
    if not grid:
        return None
    row, col = int(lat // CELL), int(lon // CELL)
    best, best_code = None, None
    for ring in range(0, 80):  # 80 cells = 16 degrees: all of Thailand from any point in it
        cells = [(row + dr, col + dc) for dr in range(-ring, ring + 1)
                 for dc in range(-ring, ring + 1) if max(abs(dr), abs(dc)) == ring]
        for cell in cells:
            for code, tlat, tlon in grid.get(cell, ()):
                north, east = lat - tlat, (lon - tlon) * LON_FACTOR
                far = north * north + east * east
                if best is None or far < best or far == best and code < best_code:
                    best, best_code = far, code
        # a centroid in a farther ring is at least ring * CELL away along one axis
        reach = ring * CELL * LON_FACTOR
        if best is not None and best <= reach * reach:
            break
    return best_code


def in_other_province(lat: float | None, lon: float | None, tambon_code: str | None) -> bool:
    """True when the pin's nearest tambon lies in another province than ``tambon_code``'s."""
    if lat is None or lon is None or not tambon_code:
        return False
    nearest = nearest_tambon(lat, lon)
    return nearest is not None and nearest[:2] != tambon_code[:2]


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


def _tambon_of(session: Session, item) -> str | None:
    from cdd_click.models import Village

    if isinstance(item, Village):
        return item.subdistrict_code
    if item.village is not None and item.village.id == item.village_id:
        return item.village.subdistrict_code
    village = session.get(Village, item.village_id) if item.village_id else None
    return village.subdistrict_code if village is not None else None


def _moved(item, keys: tuple[str, ...]) -> bool:
    state = inspect(item)
    return state.pending or any(state.attrs[key].history.has_changes() for key in keys)


@event.listens_for(Session, "before_flush")
def _mark_pins_in_other_provinces(session: Session, _context, _instances) -> None:
    """Every writer (form, import, content load, restore) stores ``pin_other_province`` with
    the pin: completeness then reads the province rule in SQL, with no per-row scan. A village
    moved to another tambon re-marks its listings' pins."""
    from cdd_click.models import Listing, Village

    for item in list(session.new) + list(session.dirty):
        if isinstance(item, Village) and _moved(item, ("lat", "lon", "subdistrict_code")):
            item.pin_other_province = in_other_province(item.lat, item.lon,
                                                        item.subdistrict_code)
            if not inspect(item).pending and _moved(item, ("subdistrict_code",)):
                for listing in session.scalars(select(Listing).where(
                        Listing.village_id == item.id, Listing.lat.is_not(None))):
                    listing.pin_other_province = in_other_province(
                        listing.lat, listing.lon, item.subdistrict_code)
        elif isinstance(item, Listing) and _moved(item, ("lat", "lon", "village_id")):
            item.pin_other_province = in_other_province(item.lat, item.lon,
                                                        _tambon_of(session, item))


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
    return and_(model.lat.is_not(None), or_(
        model.location_confirmed.is_(True),
        and_(model.pin_other_province.is_(False), ~far)))


def counts(item) -> bool:
    """Python twin of ``counts_sql`` for one item in hand (its tambon is loaded with it)."""
    if item.lat is None or item.lon is None:
        return False
    if item.location_confirmed:
        return True
    if item.pin_other_province:
        return False
    village = item if hasattr(item, "subdistrict") else item.village
    sub = village.subdistrict
    if sub.lat is None:
        return True
    return distance_km(item.lat, item.lon, sub.lat, sub.lon) <= max_km()
