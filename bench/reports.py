"""The office's queues at national scale: 10,000 open problem reports, 10,000 open claims and
10,000 owners' changes waiting on a site of 50,000 items, page cache off (issue 24).

    python bench/reports.py [--site DIR] [--requests 40] [--reports 10000]

``--site DIR`` is a site built by ``bench/load.sh --reuse DIR`` (default /tmp/load50k); the run
uses an upgraded copy (``site_copy``) with an admin and an editor of two provinces, and adds
``--reports`` open reports (fixed seed) on random listings and villages, a year of ages, plus
as many closed ones; as many open claims, and as many owners' changes waiting (plus as many
decided), each by one of 2,000 owner accounts. Each URL is requested ``--requests`` times
after one warm-up, signed in; p50 / p95 / max are printed. Target (issue 24): p95 <= 200 ms
for each.
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


def _claims_and_changes(db, count: int) -> None:
    """``count`` open claims and ``count`` waiting owners' changes (and as many approved), on
    random listings, by 2,000 owners."""
    from sqlalchemy import insert, select

    from cdd_click.models import Claim, Listing, OwnerChange, Role, Subdistrict, User, Village

    rng = random.Random(25)
    listings = db.session.execute(select(Listing.id, Subdistrict.province_code, Listing.price_min)
                                  .join(Listing.village).join(Village.subdistrict)).all()
    db.session.execute(insert(User), [
        {"email": f"owner-{n}@owners.invalid", "role": Role.OWNER,
         "password_hash": "!", "active": True} for n in range(2000)])
    owners = list(db.session.scalars(select(User.id).where(User.role == Role.OWNER)))
    now = dt.datetime.now(dt.UTC)
    claims, changes = [], []
    for number in range(2 * count):
        item_id, province, price = rng.choice(listings)
        created = now - dt.timedelta(minutes=rng.randint(1, 525_600))
        if number < count:
            claims.append({"item_type": "listing", "item_id": item_id, "province_code": province,
                           "name": "สมศรี ทดสอบ", "role": "ประธานกลุ่ม", "phone": "081 234 5678",
                           "note": "", "token": f"bench-claim-{number:016d}", "state": "open",
                           "created_at": created, "consent_at": created})
        changes.append({"owner_id": rng.choice(owners), "item_type": "listing", "item_id": item_id,
                        "province_code": province, "values": {"price_min": 100 + number % 500,
                                                              "phone": "089 765 4321"},
                        "before": {"price_min": price, "phone": None}, "photo_alt": "",
                        "state": "pending" if number < count else "approved", "reason": "",
                        "token": f"bench-change-{number:014d}", "created_at": created,
                        "consent_at": created})
    db.session.execute(insert(Claim), claims)
    db.session.execute(insert(OwnerChange), changes)
    db.session.commit()


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
            _claims_and_changes(db, options.reports)
        print(f"site: {items:,} villages and listings, {options.reports:,} open reports "
              f"(and as many closed), {options.reports:,} open claims, {options.reports:,} "
              f"owners' changes waiting (and as many approved); page cache off; "
              f"{options.requests} requests a URL")
        urls = [("admin", "/admin/reports"), ("admin", "/admin/reports?page=150"),
                ("editor", "/admin/reports"), ("editor", "/admin/reports?page=3"),
                ("admin", "/admin/claims"), ("admin", "/admin/claims?page=150"),
                ("editor", "/admin/claims"),
                ("admin", "/admin/changes"), ("admin", "/admin/changes?page=150"),
                ("admin", "/admin/changes?state=approved&page=100"),
                ("editor", "/admin/changes"), ("editor", "/admin/changes?page=3"),
                ("admin", "/admin/dashboard"), ("editor", "/admin/dashboard"),
                ("admin", "/admin/listings/"), ("visitor", f"/listings/{reported}"),
                ("visitor", f"/listings/{reported}/report")]
        time_pages(app, urls, options.requests, {"visitor": app.test_client()}, width=60)

if __name__ == "__main__":
    main()
