"""Generated villages, listings and articles for the list-page tests (not content/: a site of
hundreds of items is made in the test, in one transaction, through the ORM as every writer)."""

from __future__ import annotations

import datetime as dt
import re

from cdd_click import search
from cdd_click.extensions import db
from cdd_click.models import Article, Listing, Village

CHIANG_MAI_TAMBON = "502304"  # Huai Kaeo, Mae On, Chiang Mai (province 50)
KALASIN_TAMBON = "461002"


def _written(made: list) -> list:
    """Commit ``made`` with its outbox rows, as every writer does (the content version moves:
    cached pages and maps follow)."""
    db.session.add_all(made)
    db.session.flush()
    search.record_changes([(type(item).__name__.lower(), item.id) for item in made])
    db.session.commit()
    return made


def add_villages(count: int, tambon: str = CHIANG_MAI_TAMBON, prefix: str = "gen",
                 lat: float = 18.86, lon: float = 99.35) -> list[Village]:
    """``count`` published villages ``{prefix}-{i}``, spread a little around (lat, lon)."""
    made = [Village(slug=f"{prefix}-{i}", title=f"บ้านทดสอบ {prefix} {i:04d}", summary="สรุป",
                    subdistrict_code=tambon, moo=1, lat=lat + (i % 40) * 0.01,
                    lon=lon + (i // 40) * 0.01, status="published")
            for i in range(count)]
    return _written(made)


def add_listings(village: Village, count: int, prefix: str = "gl") -> list[Listing]:
    made = [Listing(slug=f"{prefix}-{i}", title=f"ผ้าทอทดสอบ {prefix} {i:04d}", summary="สรุป",
                    kind="otop_product", category="textile", village_id=village.id,
                    status="published")
            for i in range(count)]
    return _written(made)


def add_articles(count: int, prefix: str = "ga") -> list[Article]:
    made = [Article(slug=f"{prefix}-{i}", title=f"บทความทดสอบ {i:04d}", summary="สรุป",
                    category="โอทอป", published_on=dt.date(2026, 1, 1) + dt.timedelta(days=i),
                    status="published")
            for i in range(count)]
    return _written(made)


def linked(html: str, section: str, prefix: str) -> list[str]:
    """Slugs ``{prefix}-n`` linked as ``/{section}/…`` in the page's <main>, in page order,
    each once."""
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    seen: list[str] = []
    for slug in re.findall(rf'href="(?:/en)?/{section}/({prefix}-[0-9]+)"', main):
        if slug not in seen:
            seen.append(slug)
    return seen
