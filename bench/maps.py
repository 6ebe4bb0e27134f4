"""Map benchmark: our cached, CDN-free Folium maps vs Folium's default output, same places.

    .venv/bin/python bench/maps.py [--repeat 20]

For 1, 50 and 500 markers around one synthetic village (in a temporary database, never shipped):
cold render time, cached time (the whole ``village_map()`` call: content fingerprint query, cache
lookup), HTML size and the number of external files each document asks for.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import folium  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from cdd_click import create_app, maps  # noqa: E402
from cdd_click.extensions import cache, db  # noqa: E402
from cdd_click.geography import seed_geography  # noqa: E402
from cdd_click.maps import places  # noqa: E402
from cdd_click.models import Listing, Village  # noqa: E402

EXTERNAL_RE = re.compile(r'(?:src|href)="(https?://[^"]+)"')


def make_village(markers: int) -> Village:
    """A synthetic village with ``markers - 1`` mapped listings."""
    village = Village(slug=f"bench-{markers}", title=f"หมู่บ้านทดสอบ {markers}", summary="ทดสอบ",
                      body="ทดสอบ", subdistrict_code="502304", lat=18.86, lon=99.35)
    db.session.add(village)
    db.session.flush()
    for i in range(markers - 1):
        db.session.add(Listing(
            slug=f"bench-{markers}-{i}", title=f"ผลิตภัณฑ์ชุมชนทดสอบลำดับที่ {i}",
            summary="ทดสอบ", kind="community_product", village_id=village.id,
            lat=18.86 + (i % 25) / 500, lon=99.35 + (i // 25) / 500,
        ))
    db.session.commit()
    return village


def folium_default(found: list[maps.Place]) -> str:
    """The same map the way Folium's documentation builds it."""
    fmap = folium.Map(location=[found[0].lat, found[0].lon], zoom_start=14)
    for place in found:
        popup = folium.Popup(f'<a href="{place.url}">{place.name}</a><br>{place.kind}')
        folium.Marker([place.lat, place.lon], popup=popup).add_to(fmap)
    if len(found) > 1:
        fmap.fit_bounds([[p.lat, p.lon] for p in found])
    return fmap.get_root().render()


def cold_render(village: Village) -> str:
    """A render with an empty cache."""
    cache.clear()
    return maps.village_map(village)


def timed(work, repeat: int) -> tuple[float, object]:
    samples, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = work()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="cdd-maps-"))
    app = create_app({"SECRET_KEY": "bench", "LOG_FORMAT": "plain",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{work}/db",
                      "SEARCH_INDEX_DIR": str(work / "index")})
    print(f"{'markers':>8}{'cold ms':>10}{'cached ms':>11}{'KB':>8}{'ext':>5}"
          f"{'folium ms':>11}{'folium KB':>11}{'ext':>5}{'KB ratio':>10}{'ms ratio':>10}")
    with app.app_context():
        upgrade()
        seed_geography()
        db.session.commit()
        for markers in (1, 50, 500):
            village = make_village(markers)
            with app.test_request_context():
                found = places.village_places(village)
                cold_ms, ours = timed(lambda v=village: cold_render(v), args.repeat)
                hit_ms, _ = timed(lambda v=village: maps.village_map(v), args.repeat * 10)
                default_ms, theirs = timed(lambda f=found: folium_default(f), args.repeat)
            ours_kb, theirs_kb = len(ours.encode()) / 1024, len(theirs.encode()) / 1024
            print(f"{markers:>8}{cold_ms:>10.2f}{hit_ms:>11.3f}{ours_kb:>8.1f}"
                  f"{len(EXTERNAL_RE.findall(ours)):>5}{default_ms:>11.2f}{theirs_kb:>11.1f}"
                  f"{len(EXTERNAL_RE.findall(theirs)):>5}{ours_kb / theirs_kb:>10.2f}"
                  f"{cold_ms / default_ms:>10.2f}")
    print("ext: external files the document asks for (ours: none; tiles are requested by Leaflet)")


if __name__ == "__main__":
    main()
