"""Synthetic Thai documents for benchmarks (never shipped as content).

Words come from PyThaiNLP's Thai word list and geothai's place names, with a fixed seed, so every
run measures the same corpus.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

import geothai
from pythainlp.corpus.common import thai_words

KINDS = ("community_product", "otop_product", "attraction", "accommodation", "experience")
CATEGORIES = ("food", "beverage", "textile", "handicraft", "herbal")


def vocabulary(seed: int = 7) -> tuple[list[str], list[geothai.types.Subdistrict]]:
    """Common words (a fixed sample of the word list) and every subdistrict."""
    rng = random.Random(seed)
    words = sorted(w for w in thai_words() if 2 <= len(w) <= 8 and " " not in w)
    rng.shuffle(words)
    places = [s for p in geothai.provinces() for d in geothai.districts(p.code)
              for s in geothai.subdistricts(d.code)]
    return words[:8000], places


def documents(count: int, seed: int = 42) -> Iterator[dict]:
    """``count`` search documents shaped like the site's own (see cdd_click.search.documents)."""
    rng = random.Random(seed)
    words, places = vocabulary()
    # A Zipf-like draw: a few words are very common, most are rare, as in real text.
    weights = [1 / (rank + 1) for rank in range(len(words))]
    for number in range(count):
        place = rng.choice(places)
        title_words = rng.choices(words, weights, k=rng.randint(2, 4))
        body = rng.choices(words, weights, k=rng.randint(40, 90))
        kind = rng.choice(KINDS)
        title = "".join(title_words) + place.name_th
        content = " ".join("".join(body[i:i + 3]) for i in range(0, len(body), 3))
        extra = f"{place.name_th} {place.name_en}"
        yield {
            "key": f"listing:{number}",
            "type": "listing",
            "slug": f"synthetic-{number}",
            "title": title,
            "title_th": title,
            "title_en": "",
            "summary": content[:120],
            "content": content,
            "extra": extra,
            "parts": f"{title}\n{content}\n{extra}",
            "complete": title[:60],
            "name": title,
            "kind": kind,
            "category": rng.choice(CATEGORIES) if kind == "otop_product" else None,
            "stars": str(rng.randint(1, 5)) if kind == "otop_product" else None,
            "province": place.province_code,
            "province_name": place.name_th,
            "updated": 1_700_000_000 + number,
            "lat": None,
            "lon": None,
        }


def clean(doc: dict) -> dict:
    """The document without empty values (Whoosh wants them left out)."""
    return {key: value for key, value in doc.items() if value is not None}
