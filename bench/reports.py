"""The problem-report queue at national scale: 10,000 open reports on a site of 50,000 items,
page cache off (issue 24).

    python bench/reports.py [--site DIR] [--requests 40] [--reports 10000]

``--site DIR`` is a site built by ``bench/load.sh --reuse DIR`` (default /tmp/load50k); the run
uses an upgraded copy (``site_copy``) with an admin and an editor of two provinces, and adds
``--reports`` open reports (fixed seed) on random listings and villages, a year of ages, plus
as many closed ones. Each URL is requested ``--requests`` times after one warm-up, signed in;
p50 / p95 / max are printed. Target (issue 24): p95 <= 200 ms for each.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from admin import PASSWORD, time_pages  # noqa: E402 - bench/ modules, found through the path
from site_copy import site_copy  # noqa: E402


def _reports(db, count: int) -> str:
    """``count`` open and ``count`` closed reports; returns a reported listing's slug."""
    from sqlalchemy import insert, select

    from cdd_click.models import Listing, ProblemReport, Subdistrict, Village

    rng = random.Random(24)
    listings = db.session.execute(select(Listing.id, Listing.slug, Subdistrict.province_code)
                                  .join(Listing.village).join(Village.subdistrict)).all()
    villages = db.session.execute(select(Village.id, Subdistrict.province_code)
                                  .join(Village.subdistrict)).all()
    now = dt.datetime.now(dt.UTC)
    rows = []
    for number in range(2 * count):
        if rng.random() < 0.7:
            item_id, _slug, province = rng.choice(listings)
            item_type = "listing"
        else:
            (item_id, province), item_type = rng.choice(villages), "village"
        state = "open" if number < count else "fixed"
        rows.append({"item_type": item_type, "item_id": item_id, "province_code": province,
                     "kind": rng.choice(("closed", "contact", "location", "price_hours",
                                         "other")),
                     "note": "เบอร์โทรไม่มีผู้รับสาย", "contact": None,
                     "token": f"bench-{number:020d}", "state": state,
                     "created_at": now - dt.timedelta(minutes=rng.randint(1, 525_600))})
    db.session.execute(insert(ProblemReport), rows)
    db.session.commit()
    reported = next(slug for item_id, slug, _p in listings
                    if any(r["item_id"] == item_id and r["item_type"] == "listing"
                           and r["state"] == "open" for r in rows[:200]))
    return reported


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", default="/tmp/load50k")
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--keep", action="store_true")
    options = parser.parse_args()
    with site_copy(Path(options.site), "reports-bench-", options.keep) as (_work, env):
        os.environ.update(env, PAGE_CACHE="0")
        from cdd_click import accounts, create_app
        from cdd_click.extensions import db
        from cdd_click.models import Listing, Village

        app = create_app({"WTF_CSRF_ENABLED": False, "PAGE_CACHE": False})
        with app.app_context():
            accounts.create_user("bench-admin@cdd.go.th", PASSWORD, "admin")
            accounts.create_user("bench-editor@cdd.go.th", PASSWORD, "editor", ["50", "34"])
            items = db.session.query(Village).count() + db.session.query(Listing).count()
            reported = _reports(db, options.reports)
        print(f"site: {items:,} villages and listings, {options.reports:,} open reports "
              f"(and as many closed); page cache off; {options.requests} requests a URL")
        urls = [("admin", "/admin/reports"), ("admin", "/admin/reports?page=150"),
                ("editor", "/admin/reports"), ("editor", "/admin/reports?page=3"),
                ("admin", "/admin/dashboard"), ("editor", "/admin/dashboard"),
                ("admin", "/admin/listings/"), ("visitor", f"/listings/{reported}"),
                ("visitor", f"/listings/{reported}/report")]
        time_pages(app, urls, options.requests, {"visitor": app.test_client()}, width=60)

if __name__ == "__main__":
    main()
