"""The content shipped in content/ loads, covers the country and every kind, and stays honest."""

from __future__ import annotations

import csv
import html
import math
import re
from pathlib import Path

from sqlalchemy import func, select

from cdd_click.config import CONTENT_DIR, DEFAULT_CENTROIDS, settings
from cdd_click.extensions import db
from cdd_click.geography import REGIONS
from cdd_click.models import Article, Listing, Province, Subdistrict, Village
from cdd_click.models.listing import ListingKind, OtopCategory

CENTROIDS = DEFAULT_CENTROIDS  # the trimmed thailand-geodata copy shipped in cdd_click/data/
NEVER_INVENTED = ("phone:", "line_id:", "price_min:", "price_max:", "opening_hours:", "email:",
                  "otop_stars:", "otop_year:", "opens:", "closes:", "shop_url:")


def test_shipped_content_loads_and_reloads_unchanged(site):
    from cdd_click.content import load_content

    assert load_content(CONTENT_DIR).changed == 0


def test_at_least_15_villages_from_all_six_regions(site):
    villages = list(db.session.scalars(select(Village)))
    assert len(villages) >= 15
    assert {v.subdistrict.province.region for v in villages} == set(REGIONS)
    assert any(v.featured for v in villages)


def test_every_one_of_the_77_provinces_has_a_village_and_two_kinds_of_listing(site):
    provinces = set(db.session.scalars(select(Province.code)))
    assert len(provinces) == 77
    villages: dict[str, int] = {}
    kinds: dict[str, set[str]] = {}
    for village in db.session.scalars(select(Village).where(Village.status == "published")):
        code = village.subdistrict.province_code
        villages[code] = villages.get(code, 0) + 1
        kinds.setdefault(code, set()).update(
            listing.kind for listing in village.listings if listing.status == "published")
    assert sorted(provinces - set(villages)) == []  # a village in each province
    assert sorted(code for code in provinces if len(kinds.get(code, ())) < 2) == []


def test_at_least_45_listings_covering_every_kind_and_otop_category(site):
    assert db.session.scalar(select(func.count()).select_from(Listing)) >= 45
    kinds = set(db.session.scalars(select(Listing.kind)))
    assert kinds == {kind.value for kind in ListingKind}
    categories = set(
        db.session.scalars(select(Listing.category).where(Listing.kind == "otop_product"))
    )
    assert categories == {category.value for category in OtopCategory}


def test_at_least_10_articles(site):
    assert db.session.scalar(select(func.count()).select_from(Article)) >= 10


def test_every_village_has_a_story_and_things_to_do(site):
    for village in db.session.scalars(select(Village)):
        assert len(village.body) > 200, village.slug
        assert village.highlights, village.slug


def test_every_shipped_item_is_written_in_english_too(site):
    missing = [f"{type(item).__name__} {item.slug}: {what}"
               for model in (Village, Listing, Article)
               for item in db.session.scalars(select(model))
               for what, lacking in (("title_en", not item.title_en),
                                     ("summary_en", not item.summary_en),
                                     ("body_en", bool(item.body) and not item.body_en),
                                     ("highlights_en", len(getattr(item, "highlights", None) or [])
                                      != len(getattr(item, "highlights_en", None) or [])))
               if lacking]
    assert missing == []


_THAI_LETTER = re.compile(r"[\u0E00-\u0E7F]")


def _visible_text(page: str) -> str:
    body = page[page.find("<body"):]
    body = re.sub(r"<(script|style)\b[^>]*>.*?</\1>", " ", body, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def test_english_pages_of_the_shipped_site_are_english(site_client):
    """Under 10% of the letters a visitor reads on an /en/ page are Thai (names are shown in
    both scripts, and Thai stands in, marked lang="th", only where a field has no English)."""
    urls = ["/en/", "/en/villages/", "/en/listings/", "/en/articles/",
            "/en/search?q=silk", "/en/search?q=homestay", "/en/provinces/50"]
    urls += [f"/en/villages/{slug}" for slug in db.session.scalars(select(Village.slug))]
    urls += [f"/en/listings/{slug}" for slug in db.session.scalars(select(Listing.slug))]
    urls += [f"/en/articles/{slug}" for slug in db.session.scalars(select(Article.slug))]
    too_thai = []
    for url in urls:
        letters = [ch for ch in _visible_text(site_client.get(url).get_data(as_text=True))
                   if ch.isalpha()]
        share = sum(1 for ch in letters if _THAI_LETTER.match(ch)) / max(1, len(letters))
        if share >= 0.10:
            too_thai.append(f"{url}: {share:.0%}")
    assert too_thai == []


def test_no_invented_contact_details_prices_or_hours():
    """Such facts about real businesses are left empty unless verified by staff in the admin."""
    offenders = [
        f"{path.relative_to(CONTENT_DIR)}: {line.strip()}"
        for path in CONTENT_DIR.glob("*/*.md")
        for line in path.read_text(encoding="utf-8").split("\n---", 1)[0].splitlines()
        if line.startswith(NEVER_INVENTED)
    ]
    assert offenders == []


def _distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(a))


def _centroids(path: Path) -> dict[str, tuple[float, float]]:
    with path.open(encoding="utf-8") as handle:
        return {
            row["SUB_DISTRICT_CODE"]: (float(row["LATITUDE"]), float(row["LONGITUDE"]))
            for row in csv.DictReader(handle)
        }


def test_the_tambon_centroids_ship_inside_the_package_with_their_licence(monkeypatch, tmp_path):
    """A clone with nothing beside it has them: the default lies in the package, which also
    carries the MIT licence with its copyright line and the attribution."""
    package = Path(__file__).resolve().parent.parent / "cdd_click"
    monkeypatch.delenv("TAMBON_CENTROIDS", raising=False)
    default = Path(settings(tmp_path, {"SECRET_KEY": "x"})["TAMBON_CENTROIDS"])
    assert default == CENTROIDS and default.resolve().is_relative_to(package)
    with default.open(encoding="utf-8") as handle:
        assert next(csv.reader(handle)) == ["SUB_DISTRICT_CODE", "LATITUDE", "LONGITUDE"]
    centroids = _centroids(default)
    assert len(centroids) > 7300
    assert all(5.5 < lat < 20.5 and 97.3 < lon < 105.7 for lat, lon in centroids.values())
    licence = (package / "data" / "tambon_centroids.LICENSE").read_text(encoding="utf-8")
    assert "MIT License" in licence and "Copyright (c) 2024 Tom Dhanabhon" in licence
    assert "Dhanabhon/thailand-geodata" in (package / "data" / "README.md").read_text("utf-8")
    monkeypatch.setenv("TAMBON_CENTROIDS", str(tmp_path / "other.csv"))
    assert settings(tmp_path, {"SECRET_KEY": "x"})["TAMBON_CENTROIDS"] == str(
        tmp_path / "other.csv")


def test_setup_loads_the_shipped_centroids_by_default(app, runner):
    """`flask setup` on a new site gives every subdistrict of the file its centroid."""
    app.config["TAMBON_CENTROIDS"] = str(CENTROIDS)  # the default, whatever the environment says
    located = select(func.count()).select_from(Subdistrict).where(Subdistrict.lat.is_not(None))
    assert db.session.scalar(located) == 0
    result = runner.invoke(args=["setup", "--no-content"])
    assert result.exit_code == 0, result.output
    db.session.remove()
    count = db.session.scalar(located)
    assert f"centroids: {count} subdistricts from {CENTROIDS}" in result.output
    assert count > 7300
    chiang_mai_city = db.session.get(Subdistrict, "500101")
    assert (chiang_mai_city.lat, chiang_mai_city.lon) == _centroids(CENTROIDS)["500101"]


def test_setup_says_so_when_the_centroids_are_missing(app, runner, tmp_path):
    app.config["TAMBON_CENTROIDS"] = str(tmp_path / "gone.csv")
    result = runner.invoke(args=["setup", "--no-content"])
    assert result.exit_code == 0, result.output
    assert f"warning: no tambon centroid file at {tmp_path / 'gone.csv'}" in result.output


def test_villages_lie_near_their_subdistrict_centroid(site):
    centroids = _centroids(CENTROIDS)
    far = []
    for village in db.session.scalars(select(Village)):
        lat, lon = centroids[village.subdistrict_code]
        distance = _distance_km(village.lat, village.lon, lat, lon)
        if distance > 15:
            far.append(f"{village.slug}: {distance:.1f} km from {village.subdistrict_code}")
    assert far == []


def test_every_page_of_the_shipped_site_renders(site_client):
    urls = ["/", "/villages/", "/listings/", "/articles/"]
    urls += [f"/villages/{slug}" for slug in db.session.scalars(select(Village.slug))]
    urls += [f"/listings/{slug}" for slug in db.session.scalars(select(Listing.slug))]
    urls += [f"/articles/{slug}" for slug in db.session.scalars(select(Article.slug))]
    urls += [f"/provinces/{v.province_code}" for v in db.session.scalars(select(Village))]
    for url in urls:
        response = site_client.get(url)
        assert response.status_code == 200, url
        assert "\ufffd" not in response.get_data(as_text=True), url
