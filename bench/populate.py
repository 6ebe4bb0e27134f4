"""Fill a database with synthetic published villages and listings, for load tests.

    python bench/populate.py [--items 50000] [--villages N] [--seed 42]
                             [--urls FILE] [--queries FILE]

The database is the app's own (``DATABASE_URL``, else the default SQLite file), reached through
the app factory and the real models; the schema is upgraded and geography seeded first (both
no-ops when done). Then, in one transaction, ``--villages`` villages (default a tenth of
``--items``) and the rest as listings are inserted in chunks, each with its outbox row, as the
content loader would record them. Afterwards run ``flask --app cdd_click index rebuild``.

Every item is published and has what the content loader requires: a Thai title and summary, a
body (villages), a real geothai subdistrict (villages spread over all 77 provinces, round-robin),
coordinates inside Thailand near the province's region, and for listings every kind, OTOP
products with one of the five categories and a star level. Titles are built from PyThaiNLP words
and geothai place names with a fixed seed (see ``bench/corpus.py``): never shipped as content.
No photos and no revision history (public pages do not show history).

``--urls FILE`` writes the path of every published village and listing (one a line), for wrk to
rotate over; ``--queries FILE`` writes a search-query mix drawn from the inserted data (names,
Thai and English places, product words, English words, two-word queries), one a line.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from datetime import UTC, datetime
from itertools import accumulate
from pathlib import Path

import geothai
from sqlalchemy import func, insert, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import vocabulary  # noqa: E402 - bench/ module, found through the path above

from cdd_click import create_app, search  # noqa: E402
from cdd_click.catalog import published_listings, published_villages  # noqa: E402
from cdd_click.extensions import db  # noqa: E402
from cdd_click.geography import PROVINCE_REGION, is_seeded, seed_geography  # noqa: E402
from cdd_click.models import IndexChange, Listing, Village  # noqa: E402

CHUNK = 2000
# Rough centres of the six regions; villages lie within ±0.6° of their region's centre.
REGION_CENTRES = {"north": (18.6, 99.6), "northeast": (16.0, 103.0), "central": (14.6, 100.3),
                  "east": (13.2, 101.6), "west": (14.0, 99.2), "south": (8.4, 99.6)}
# (Thai word, English word) per kind or OTOP category: what real listings are called.
PRODUCTS = {
    "food": [("น้ำพริก", "chilli paste"), ("ข้าวแต๋น", "rice crackers"),
             ("กล้วยตาก", "dried banana"), ("หมูยอ", "pork sausage"),
             ("ข้าวหอมมะลิ", "jasmine rice"), ("ขนมไทย", "thai sweets")],
    "beverage": [("กาแฟ", "coffee"), ("ชาสมุนไพร", "herbal tea"), ("น้ำผึ้ง", "honey"),
                 ("ไวน์ผลไม้", "fruit wine"), ("น้ำตาลโตนด", "palm sugar")],
    "textile": [("ผ้าไหม", "silk"), ("ผ้าฝ้าย", "cotton"), ("ผ้าขาวม้า", "pha khao ma"),
                ("ผ้าย้อมคราม", "indigo cloth"), ("ผ้าทอมือ", "handwoven cloth")],
    "handicraft": [("ตะกร้าสาน", "woven basket"), ("เครื่องปั้นดินเผา", "pottery"),
                   ("ร่มกระดาษ", "paper umbrella"), ("เครื่องจักสาน", "basketry"),
                   ("ไม้แกะสลัก", "wood carving")],
    "herbal": [("สบู่สมุนไพร", "herbal soap"), ("ยาหม่อง", "balm"), ("ลูกประคบ", "herbal compress"),
               ("น้ำมันนวด", "massage oil")],
    "attraction": [("น้ำตก", "waterfall"), ("วัด", "temple"), ("ถ้ำ", "cave"),
                   ("จุดชมวิว", "viewpoint"), ("ตลาดน้ำ", "floating market")],
    "accommodation": [("โฮมสเตย์", "homestay"), ("บ้านพัก", "guesthouse"),
                      ("ที่พักริมน้ำ", "riverside lodge")],
    "experience": [("เวิร์กช็อปทอผ้า", "weaving workshop"), ("เรียนทำอาหาร", "cooking class"),
                   ("ปั่นจักรยานชมหมู่บ้าน", "village cycling"), ("ปลูกข้าว", "rice planting")],
}
KINDS = ("community_product", "otop_product", "attraction", "accommodation", "experience")
CATEGORIES = ("food", "beverage", "textile", "handicraft", "herbal")
ENGLISH_WORDS = ("silk", "coffee", "homestay", "otop", "waterfall", "handicraft", "temple",
                 "pottery", "honey", "village", "cotton", "workshop")


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


class Writer:
    """Zipf-weighted Thai words (a few very common, most rare), as in bench/corpus.py."""

    def __init__(self, rng: random.Random, words: list[str]):
        self.rng, self.words = rng, words
        self.cum = list(accumulate(1 / (rank + 1) for rank in range(len(words))))

    def words_(self, count: int) -> list[str]:
        return self.rng.choices(self.words, cum_weights=self.cum, k=count)

    def phrase(self, low: int, high: int) -> str:
        """Thai words run together in groups of three, groups separated by spaces."""
        words = self.words_(self.rng.randint(low, high))
        return " ".join("".join(words[i:i + 3]) for i in range(0, len(words), 3))


def _places():
    """Subdistricts grouped by province, with district and province names."""
    provinces = {p.code: p for p in geothai.provinces()}
    districts = {d.code: d for p in provinces for d in geothai.districts(p)}
    by_province: dict[str, list] = {}
    for district in districts.values():
        for sub in geothai.subdistricts(district.code):
            by_province.setdefault(sub.province_code, []).append(sub)
    return provinces, districts, by_province


def _coordinates(rng: random.Random, province_code: str) -> tuple[float, float]:
    lat, lon = REGION_CENTRES[PROVINCE_REGION[province_code]]
    return round(lat + rng.uniform(-0.6, 0.6), 6), round(lon + rng.uniform(-0.6, 0.6), 6)


def village_rows(count: int, rng: random.Random, writer: Writer, places) -> list[dict]:
    provinces, districts, by_province = places
    codes = sorted(by_province)
    now = datetime.now(UTC)
    rows = []
    for number in range(count):
        code = codes[number % len(codes)]
        sub = rng.choice(by_province[code])
        district, province = districts[sub.district_code], provinces[code]
        named_after_place = rng.random() < 0.5
        if named_after_place:
            title, title_en = f"บ้าน{sub.name_th}", f"Ban {sub.name_en}"
        else:
            title, title_en = "บ้าน" + "".join(writer.words_(rng.randint(1, 2))), None
        lat, lon = _coordinates(rng, code)
        where = f"ตำบล{sub.name_th} อำเภอ{district.name_th} จังหวัด{province.name_th}"
        body = "\n\n".join([writer.phrase(30, 60), "## " + writer.phrase(2, 4),
                            writer.phrase(30, 60)])
        rows.append({
            "slug": f"v{number}-ban-{slugify(sub.name_en)}",
            "title": title[:200], "title_en": title_en,
            "summary": f"หมู่บ้านท่องเที่ยวชุมชนใน{where} {writer.phrase(8, 16)}",
            "summary_en": (f"A community-tourism village in {sub.name_en}, {district.name_en}, "
                           f"{province.name_en}." if title_en else None),
            "body": body, "tags": [*writer.words_(rng.randint(1, 3)), province.name_th],
            "status": "published", "created_at": now, "updated_at": now, "version": 1,
            "moo": rng.randint(1, 20), "subdistrict_code": sub.code, "lat": lat, "lon": lon,
            "featured": False,
            "highlights": [writer.phrase(3, 8) for _ in range(rng.randint(2, 4))],
        })
    return rows


def listing_rows(count: int, rng: random.Random, writer: Writer, villages: list[dict],
                 ids: dict[str, int]) -> list[dict]:
    now = datetime.now(UTC)
    rows = []
    order = list(range(len(villages)))
    rng.shuffle(order)
    for number in range(count):
        village = villages[order[number % len(order)]]
        kind = KINDS[number % len(KINDS)]
        category = None
        if kind == "otop_product" or (kind == "community_product" and rng.random() < 0.5):
            category = CATEGORIES[(number // len(KINDS)) % len(CATEGORIES)]
        product = kind in ("otop_product", "community_product")
        pool = category or (rng.choice(CATEGORIES) if product else kind)
        thai, english = rng.choice(PRODUCTS[pool])
        title = f"{thai}{''.join(writer.words_(rng.randint(0, 1)))}{village['title']}"
        title_en = f"{english.capitalize()} of {village['title_en']}" if village["title_en"] \
            else None
        low = rng.randint(2, 50) * 10 if product or kind == "experience" else None
        own_place = rng.random() < 0.3
        rows.append({
            "slug": f"l{number}-{slugify(english)}-{village['slug'].split('-', 1)[1]}"[:120],
            "title": title[:200], "title_en": title_en,
            "summary": f"{thai}จาก{village['title']} {writer.phrase(8, 20)}",
            "summary_en": f"{english.capitalize()} from {village['title_en']}."
            if title_en else None,
            "body": writer.phrase(20, 50) if rng.random() < 0.7 else "",
            "tags": [thai, *writer.words_(rng.randint(0, 2))],
            "status": "published", "created_at": now, "updated_at": now, "version": 1,
            "kind": kind, "village_id": ids[village["slug"]], "category": category,
            "otop_stars": rng.randint(1, 5) if kind == "otop_product" else None,
            "producer": f"กลุ่ม{thai}{village['title']}"[:200] if product else None,
            "price_min": low, "price_max": low * rng.randint(1, 5) if low else None,
            "phone": f"0{rng.randint(20, 99)} {rng.randint(100, 999)} {rng.randint(100, 999)}"
            if rng.random() < 0.6 else None,
            "line_id": None, "email": None, "website": None, "facebook": None,
            "opening_hours": "ทุกวัน 08:30–17:00" if kind == "attraction" else None,
            "lat": round(village["lat"] + rng.uniform(-0.02, 0.02), 6) if own_place else None,
            "lon": round(village["lon"] + rng.uniform(-0.02, 0.02), 6) if own_place else None,
        })
    return rows


def query_mix(count: int, rng: random.Random, writer: Writer, villages: list[dict],
              listings: list[dict], places) -> list[str]:
    """Searches people would type, drawn from the inserted items and their places."""
    provinces, districts, _ = places
    subs = {}
    for village in villages:
        subs.setdefault(village["subdistrict_code"], None)
    used = [geothai.subdistrict(code) for code in list(subs)[:2000]]
    products = [pair for pairs in PRODUCTS.values() for pair in pairs]

    def place_th():
        sub = rng.choice(used)
        return rng.choice([sub.name_th, districts[sub.district_code].name_th,
                           provinces[sub.province_code].name_th])

    def place_en():
        sub = rng.choice(used)
        return rng.choice([districts[sub.district_code].name_en,
                           provinces[sub.province_code].name_en])

    makers = [  # (weight, maker)
        (20, lambda: rng.choice(villages)["title"].removeprefix("บ้าน")
         if rng.random() < 0.4 else rng.choice(villages)["title"]),
        (10, lambda: rng.choice(listings)["title"][:rng.randint(6, 20)]),
        (20, place_th),
        (10, place_en),
        (15, lambda: rng.choice(products)[0]),
        (10, lambda: rng.choice(ENGLISH_WORDS + tuple(e for _, e in products))),
        (15, lambda: rng.choice([
            lambda: f"{rng.choice(products)[0]} {place_th()}",
            lambda: f"{rng.choice(products)[1]} {place_en()}",
            lambda: " ".join(writer.words_(2)),
        ])()),
    ]
    weights = [weight for weight, _ in makers]
    return [rng.choices(makers, weights)[0][1]().strip() for _ in range(count)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=50_000, help="villages + listings")
    parser.add_argument("--villages", type=int, help="default: a tenth of --items")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--urls", type=Path, help="write every village and listing path here")
    parser.add_argument("--queries", type=Path, help="write a search-query mix here")
    parser.add_argument("--query-count", type=int, default=1000)
    args = parser.parse_args()
    village_count = args.villages if args.villages is not None else max(1, args.items // 10)
    listing_count = args.items - village_count

    app = create_app()
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        if not is_seeded():
            seed_geography()
            db.session.commit()
        existing = db.session.scalar(select(func.count(Village.id)))
        if existing > 1000:
            sys.exit(f"the database already holds {existing} villages: populate a fresh one")

        started = time.perf_counter()
        rng = random.Random(args.seed)
        words, _ = vocabulary()
        writer = Writer(rng, words)
        places = _places()
        villages = village_rows(village_count, rng, writer, places)
        try:
            lock = getattr(search, "_serialise_outbox_writers", None)
            if lock is not None:  # PostgreSQL: outbox ids committed in order (issue 11, item 2)
                lock()
            for start in range(0, len(villages), CHUNK):
                db.session.execute(insert(Village.__table__), villages[start:start + CHUNK])
            ids = dict(db.session.execute(select(Village.slug, Village.id)).all())
            listings = listing_rows(listing_count, rng, writer, villages, ids)
            for start in range(0, len(listings), CHUNK):
                db.session.execute(insert(Listing.__table__), listings[start:start + CHUNK])
            new_ids = [("village", ids[row["slug"]]) for row in villages]
            listing_ids = dict(db.session.execute(select(Listing.slug, Listing.id)).all())
            new_ids += [("listing", listing_ids[row["slug"]]) for row in listings]
            now = datetime.now(UTC)
            outbox = [{"item_type": type_, "item_id": id_, "created_at": now}
                      for type_, id_ in new_ids]
            for start in range(0, len(outbox), CHUNK):
                db.session.execute(insert(IndexChange.__table__), outbox[start:start + CHUNK])
            db.session.commit()
        except Exception:
            db.session.rollback()
            raise
        elapsed = time.perf_counter() - started
        print(f"populate: {len(villages):,} villages + {len(listings):,} listings "
              f"(+ {len(outbox):,} outbox rows) in {elapsed:.1f} s on {db.engine.dialect.name}")

        if args.urls:
            paths = [f"/villages/{slug}" for slug in db.session.scalars(
                published_villages().with_only_columns(Village.slug))]
            paths += [f"/listings/{slug}" for slug in db.session.scalars(
                published_listings().with_only_columns(Listing.slug))]
            args.urls.write_text("\n".join(paths) + "\n", encoding="utf-8")
            print(f"urls: {len(paths):,} village and listing paths -> {args.urls}")
        if args.queries:
            queries = query_mix(args.query_count, rng, writer, villages, listings, places)
            args.queries.write_text("\n".join(queries) + "\n", encoding="utf-8")
            print(f"queries: {len(queries):,} -> {args.queries}")
        db.session.remove()
        db.engine.dispose()


if __name__ == "__main__":
    main()
