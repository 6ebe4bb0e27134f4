"""Provinces and districts by the start of their name, for autocomplete ("น่าน" → จังหวัดน่าน,
"chiang" → Chiang Mai, Chiang Rai).

Every name a place is written by (Thai, Thai with จังหวัด/อำเภอ in front, English, the loose
romanisation of the English, the everyday spellings of ``PROVINCE_ALIASES``) is a key in one
sorted list per level, built once per process from the gazetteer. A prefix is a bisect per key and
the matching run of the list (cut at ``MAX_RUN`` keys): the cost never depends on the site's
items, and barely on the 77 provinces and 928 districts.
"""

from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache

import numpy as np
from whoosh.searching import Searcher

from cdd_click.search.facets import doc_arrays
from cdd_click.search.query import title_fields
from cdd_click.search.understanding import (
    PROVINCE_ALIASES,
    Gazetteer,
    Place,
    compact_key,
    gazetteer,
    loose,
)

LEVELS = ("province", "district")
MAX_RUN = 400  # keys read after the bisect at most (a one-letter prefix reads no more)
MIN_LATIN = 2  # a Latin prefix shorter than this names too many places to be of use
MIN_THAI = 2
INSIDE_FIRST = 3  # districts of a province named in full, before other names starting so
BANGKOK = "10"
MUEANG = "เมือง"


class PlaceNames:
    """Sorted (key, place) lists of provinces and of districts, and exact names."""

    def __init__(self, gaz: Gazetteer) -> None:
        keyed: dict[str, list[tuple[str, int, Place]]] = {level: [] for level in LEVELS}
        self.exact: dict[str, list[Place]] = {}
        self.districts: dict[str, list[Place]] = {}
        order = 0
        for (level, _code), place in sorted(gaz.places.items()):
            if level not in LEVELS:
                continue
            order += 1
            for key in _keys(place):
                keyed[level].append((key, order, place))
            if level == "district":
                self.districts.setdefault(place.province, []).append(place)
            else:
                for key in _keys(place):
                    self.exact.setdefault(key, []).append(place)
        self.keys = {level: [k for k, _o, _p in sorted(rows, key=lambda r: r[:2])]
                     for level, rows in keyed.items()}
        self.places = {level: [p for _k, _o, p in sorted(rows, key=lambda r: r[:2])]
                       for level, rows in keyed.items()}

    def size(self) -> int:
        return sum(len(keys) for keys in self.keys.values())

    def _run(self, level: str, prefix: str, limit: int, seen: set) -> list[Place]:
        """Distinct places of ``level`` with a key starting with ``prefix``, in key order."""
        keys, places = self.keys[level], self.places[level]
        found = []
        start = bisect_left(keys, prefix)
        for i in range(start, min(len(keys), start + MAX_RUN)):
            if not keys[i].startswith(prefix) or len(found) >= limit:
                break
            if (level, places[i].code) not in seen:
                seen.add((level, places[i].code))
                found.append(places[i])
        return found

    def starting(self, text: str, limit: int) -> list[Place]:
        """Provinces, then districts, whose names start with ``text``. A province named in
        full comes first, followed by its first ``INSIDE_FIRST`` districts (its อำเภอเมือง
        first), and its other districts fill what the names starting so leave."""
        prefixes = _prefixes(text)
        if not prefixes:
            return []
        seen: set[tuple[str, str]] = set()
        named = list({p.code: p for key in prefixes for p in self.exact.get(key, ())}.values())
        inside = self.districts.get(named[0].code, []) if len(named) == 1 else []
        found: list[Place] = []
        for place in (*named, *inside[:INSIDE_FIRST]):
            seen.add((place.level, place.code))
            found.append(place)
        for level in LEVELS:
            for prefix in prefixes:
                found += self._run(level, prefix, limit - len(found), seen)
        found += [p for p in inside if ("district", p.code) not in seen]
        return found[:limit]

    def named_province(self, text: str) -> Place | None:
        """The one province ``text`` names in full (Thai, English, an alias), if any."""
        named = {p.code: p for key in _prefixes(text) for p in self.exact.get(key, ())}
        return next(iter(named.values())) if len(named) == 1 else None


def _prefixes(text: str) -> list[str]:
    """The keys a typed prefix is looked up by: its compact key, and for Latin text its loose
    romanisation too (so "chiang" and "ciang", "korat" and "khorat" meet)."""
    key = compact_key(text)
    if not key:
        return []
    if key.isascii():
        if len(key) < MIN_LATIN:
            return []
        loose_key = "~" + loose(key)
        return [key, loose_key] if len(loose_key) > MIN_LATIN else [key]
    return [key] if len(key) >= MIN_THAI else []


def _keys(place: Place) -> set[str]:
    """Every key ``place`` is found by; loose romanisations are marked with "~" so they never
    meet a compact key."""
    names = {place.name_th}
    if place.level == "province":
        names |= {f"จังหวัด{place.name_th}", *PROVINCE_ALIASES.get(place.code, ())}
    elif place.province == BANGKOK:
        names.add(place.name_th.removeprefix("เขต"))
    else:
        names.add(f"อำเภอ{place.name_th}")
    english = {place.name_en, *(a for a in PROVINCE_ALIASES.get(place.code, ()) if a.isascii())
               } if place.level == "province" else {place.name_en}
    keys = {compact_key(name) for name in names | english}
    keys |= {"~" + loose(name) for name in english if loose(name)}
    return {key for key in keys if key}


def province_titles(searcher: Searcher, province: str, skip: set[str], limit: int) -> list[dict]:
    """The newest villages of ``province``, then its other items: the places in a province a
    prefix names in full ("น่าน"), though their titles need not say so."""
    arrays = doc_arrays(searcher)
    if limit <= 0 or province not in arrays.values["province"]:
        return []
    inside = arrays.live & (arrays.codes["province"] == arrays.values["province"].index(province))
    villages = np.zeros(arrays.size, bool)
    if "village" in arrays.values["type"]:
        villages = arrays.codes["type"] == arrays.values["type"].index("village")
    wanted = limit + len(skip)
    docs = arrays.newest(inside & villages, 0, wanted)
    if len(docs) < wanted:
        docs += arrays.newest(inside & ~villages, 0, wanted - len(docs))
    titles = [title_fields(searcher.stored_fields(d)) for d in docs]
    return [t for t in titles if f"{t['type']}:{t['slug']}" not in skip][:limit]


@lru_cache(maxsize=1)
def index() -> PlaceNames:
    """The process's place names (built on first use, from the gazetteer)."""
    return PlaceNames(gazetteer())


def kind_label(place: Place) -> str:
    """จังหวัด, อำเภอ or เขต (Bangkok's districts), as Thai msgids."""
    if place.level == "province":
        return "จังหวัด"
    return "เขต" if place.province == BANGKOK else "อำเภอ"


def label_th(place: Place) -> str:
    """The name as Thai writes it: จังหวัดน่าน, อำเภอเมืองน่าน, เขตพระนคร, กรุงเทพมหานคร."""
    if place.code == BANGKOK or place.name_th.startswith("เขต"):
        return place.name_th
    return kind_label(place) + place.name_th
