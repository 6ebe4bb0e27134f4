"""Synthetic Thai documents for benchmarks (never shipped as content).

Words come from PyThaiNLP's Thai word list and geothai's place names, with a fixed seed, so every
run measures the same corpus. ``documents(count, site_like=True)`` gives the same Thai titles and
bodies with the other fields a listing has on the site: an English title for half of them, and
an ``extra`` field of kind and category words and the Thai and English names of the subdistrict,
district, province and region (the parts of ``cdd_click.search.documents.listing_document``'s
``extra`` that need no village or producer), and its name and autocomplete keys.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

import geothai
from pythainlp.corpus.common import thai_words

KINDS = ("community_product", "otop_product", "attraction", "accommodation", "experience")
CATEGORIES = ("food", "beverage", "textile", "handicraft", "herbal")
# Words of English product titles ("Silk Scarf Mae On"), most common first.
ENGLISH_WORDS = (
    "silk", "cotton", "scarf", "basket", "bamboo", "honey", "coffee", "tea", "rice", "soap",
    "herbal", "balm", "mango", "banana", "chili", "paste", "curry", "pottery", "wood", "carving",
    "indigo", "weaving", "sarong", "bag", "hat", "mat", "lamp", "candle", "oil", "coconut",
    "sugar", "palm", "salt", "fish", "sauce", "snack", "crispy", "dried", "tamarind", "pickled",
    "sausage", "wine", "juice", "jam", "cookie", "cake", "noodle", "jasmine", "ginger",
    "turmeric", "lemongrass", "massage", "spa", "tour", "cooking", "class", "garden", "farm",
    "orchid", "boat", "market", "painting", "umbrella", "fan", "silver", "jewelry", "leather",
    "shirt", "dress", "pillow", "blanket", "towel", "broom", "handwoven", "organic", "natural",
)


def vocabulary(seed: int = 7) -> tuple[list[str], list[geothai.types.Subdistrict]]:
    """Common words (a fixed sample of the word list) and every subdistrict."""
    rng = random.Random(seed)
    words = sorted(w for w in thai_words() if 2 <= len(w) <= 8 and " " not in w)
    rng.shuffle(words)
    places = [s for p in geothai.provinces() for d in geothai.districts(p.code)
              for s in geothai.subdistricts(d.code)]
    return words[:8000], places


def place_names() -> dict[str, tuple[str, str, str, str, str]]:
    """Subdistrict code -> (Thai and English district name, Thai and English province name,
    region words)."""
    from cdd_click.geography import PROVINCE_REGION
    from cdd_click.search.documents import REGION_TERMS

    names = {}
    for province in geothai.provinces():
        region = REGION_TERMS[PROVINCE_REGION[province.code]]
        for district in geothai.districts(province.code):
            for sub in geothai.subdistricts(district.code):
                names[sub.code] = (district.name_th, district.name_en, province.name_th,
                                   province.name_en, region)
    return names


def _site_fields(doc: dict, place: geothai.types.Subdistrict, rng: random.Random,
                 names: dict[str, tuple[str, str, str, str, str]]) -> None:
    """Turn ``doc`` into a site-like listing: English title, place and kind words in ``extra``."""
    from cdd_click.search.documents import CATEGORY_TERMS, KIND_TERMS, completion_keys, name_keys

    district_th, district_en, province_th, province_en, region = names[place.code]
    title_en = ""
    if rng.random() < 0.5:
        weights = [1 / (rank + 1) for rank in range(len(ENGLISH_WORDS))]
        title_en = " ".join(rng.choices(ENGLISH_WORDS, weights, k=rng.randint(1, 3)))
        title_en = f"{title_en} {place.name_en}".title()
    title_th = doc["title_th"]
    doc.update(
        title=f"{title_th}\n{title_en}", title_en=title_en,
        extra=" ".join(filter(None, [
            KIND_TERMS[doc["kind"]], CATEGORY_TERMS.get(doc.get("category") or "", ""),
            place.name_th, place.name_en, district_th, district_en, province_th, province_en,
            region])),
        complete=completion_keys(title_th, title_en), name=name_keys(title_th, title_en),
        province_name=province_th, province_name_en=province_en,
    )
    doc["parts"] = f"{title_th}\n{doc['content']}\n{doc['extra']}"


def documents(count: int, seed: int = 42, site_like: bool = False) -> Iterator[dict]:
    """``count`` search documents shaped like the site's own (see cdd_click.search.documents).

    ``site_like`` adds the site's other listing fields (see the module docstring) from a second
    random stream: the Thai titles, bodies, kinds and places are the same either way.
    """
    rng = random.Random(seed)
    site_rng = random.Random(seed + 1)
    names = place_names() if site_like else {}
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
        doc = {
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
        if site_like:
            _site_fields(doc, place, site_rng, names)
        yield doc


def clean(doc: dict) -> dict:
    """The document without empty values (Whoosh wants them left out)."""
    return {key: value for key, value in doc.items() if value is not None}
