"""The HTML size of every public list page at its largest, on a built site (issue 25, point 7).

    python bench/list_pages.py [--site DIR] [--requests 5]

``--site DIR`` is a site built by ``bench/load.sh --reuse DIR`` (default /tmp/load50k: 50,264
items); the run uses an upgraded copy (``site_copy``), page cache off, in-process. For each list
page (its first page, the fullest; the province with the most items; the region with the most
villages) it prints the bytes of the HTML and of its page 2, the time of the first request
(caches of counts empty) and the median of ``--requests`` requests after it. Run from another
checkout (an older commit) to compare: the script reads only public URLs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from site_copy import site_copy  # noqa: E402 - a bench/ module, found through the path


def _largest(db) -> tuple[str, str]:
    """(the province with the most villages and listings, the region with most villages)."""
    from sqlalchemy import func, select

    from cdd_click.models import Listing, Province, Subdistrict, Village

    villages = dict(db.session.execute(select(Subdistrict.province_code, func.count())
                                       .join(Village.subdistrict).group_by(
                                           Subdistrict.province_code)).all())
    listings = dict(db.session.execute(select(Subdistrict.province_code, func.count())
                                       .select_from(Listing).join(Listing.village)
                                       .join(Village.subdistrict).group_by(
                                           Subdistrict.province_code)).all())
    province = max(villages, key=lambda code: villages[code] + listings.get(code, 0))
    regions = dict(db.session.execute(select(Province.region, func.count())
                                      .select_from(Village).join(Village.subdistrict)
                                      .join(Subdistrict.province).group_by(Province.region)).all())
    return province, max(regions, key=regions.get)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=Path("/tmp/load50k"))
    parser.add_argument("--requests", type=int, default=5)
    args = parser.parse_args()
    with site_copy(args.site, "bench-lists-") as (_work, env):
        os.environ.update(env, PAGE_CACHE="0")
        from cdd_click import create_app
        from cdd_click.extensions import db

        app = create_app({"PAGE_CACHE": False})
        with app.app_context():
            province, region = _largest(db)
        client = app.test_client()
        urls = ["/villages/", f"/villages/?region={region}", "/en/villages/", "/listings/",
                "/articles/", f"/provinces/{province}", f"/en/provinces/{province}", "/map",
                "/maps/thailand", f"/maps/provinces/{province}", "/"]
        print(f"site {args.site}; the province with most items: {province}; "
              f"region with most villages: {region}")
        print(f"{'url':28} {'bytes':>10} {'page 2 bytes':>12} {'first ms':>8} {'median ms':>9}")
        for url in urls:
            started = time.perf_counter()
            first = client.get(url)
            cold = (time.perf_counter() - started) * 1000
            assert first.status_code == 200, url
            times = []
            for _ in range(args.requests):
                started = time.perf_counter()
                client.get(url)
                times.append((time.perf_counter() - started) * 1000)
            second = ""
            if not url.startswith("/maps/") and url != "/":
                joiner = "&" if "?" in url else "?"
                second = f"{len(client.get(url + joiner + 'page=2').get_data()):,}"
            print(f"{url:28} {len(first.get_data()):>10,} {second:>12} {cold:8.1f} "
                  f"{statistics.median(times):9.1f}")


if __name__ == "__main__":
    main()
