"""Trim the thailand-geodata subdistrict file to the centroid copy the site ships.

Run by hand by a developer when the upstream file changes; the site never reads the source:

    .venv/bin/python bench/trim_centroids.py [SOURCE] [TARGET]

SOURCE defaults to ``../shared/data/thailand-geodata/sub_districts.csv`` (the MIT-licensed file of
Dhanabhon/thailand-geodata), TARGET to ``cdd_click/data/tambon_centroids.csv``. Only the three
columns the loader (``cdd_click.geography.load_centroids``) reads are kept, under the same header
names, sorted by code; rows without a 6-digit code or without both coordinates are dropped (the
source writes a missing one as empty or ``None``), and the coordinates are kept exactly as the
source spells them.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SOURCE = PROJECT_ROOT.parent / "shared" / "data" / "thailand-geodata" / "sub_districts.csv"
TARGET = PROJECT_ROOT / "cdd_click" / "data" / "tambon_centroids.csv"
COLUMNS = ("SUB_DISTRICT_CODE", "LATITUDE", "LONGITUDE")
MISSING = {"", "None"}  # how the source spells a subdistrict without coordinates


def trimmed_rows(source: Path) -> list[tuple[str, str, str]]:
    """(code, latitude, longitude) of every subdistrict of SOURCE that has all three."""
    rows = []
    with open(source, encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            code, lat, lon = ((row.get(column) or "").strip() for column in COLUMNS)
            if not re.fullmatch(r"[0-9]{6}", code) or {lat, lon} & MISSING:
                continue
            float(lat), float(lon)  # a malformed number stops the trim rather than ship it
            rows.append((code, lat, lon))
    return sorted(rows)


def main(argv: list[str]) -> None:
    source = Path(argv[0]) if argv else SOURCE
    target = Path(argv[1]) if len(argv) > 1 else TARGET
    rows = trimmed_rows(source)
    with open(target, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    print(f"{len(rows)} subdistricts: {source} -> {target}")


if __name__ == "__main__":
    main(sys.argv[1:])
