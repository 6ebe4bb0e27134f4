"""Publish and unpublish a listing N times through the admin over HTTP; check nothing is lost.

    python bench/publish_loop.py BASE_URL N     (used by bench/load.sh during the mixed run)
"""

from __future__ import annotations

import http.cookiejar
import re
import sys
import urllib.parse
import urllib.request

from sqlalchemy import create_engine, text


def main() -> None:
    base, count = sys.argv[1], int(sys.argv[2])
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(path: str) -> str:
        return opener.open(base + path, timeout=30).read().decode()

    def post(path: str, data: dict) -> int:
        return opener.open(base + path, urllib.parse.urlencode(data).encode(), timeout=30).status

    def token(path: str) -> str:
        return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', get(path)).group(1)

    post("/admin/login", {"email": "load@cdd.go.th", "password": "load test password",
                          "csrf_token": token("/admin/login")})
    import os

    engine = create_engine(os.environ["DATABASE_URL"])
    with engine.connect() as connection:
        item_id, version = connection.execute(text(
            "SELECT id, version FROM listing WHERE slug = 'mae-kampong-coffee'")).one()
    statuses, failures = ["draft", "published"], 0
    for number in range(count):
        edit = f"/admin/listings/{item_id}/edit"
        status = statuses[number % 2]
        try:
            post(f"/admin/listings/{item_id}/status/{status}",
                 {"csrf_token": token(edit), "version": version + number})
        except Exception as problem:  # counted, then reported
            failures += 1
            print("publish failed:", problem)
    with engine.connect() as connection:
        final_version = connection.execute(text(
            "SELECT version FROM listing WHERE id = :id"), {"id": item_id}).scalar()
        revisions = connection.execute(text(
            "SELECT count(*) FROM revision WHERE item_type = 'listing' AND item_id = :id "
            "AND action IN ('draft', 'published')"), {"id": item_id}).scalar()
    intact = revisions == count and final_version == version + count
    print(f"publishes: {count} sent, {failures} failed, {revisions} recorded, version "
          f"{version} -> {final_version} ({'no lost writes' if intact else 'WRITES LOST'})")


if __name__ == "__main__":
    main()
