"""The NumPy ranking is Whoosh's BM25F, score for score and in the same order."""

from __future__ import annotations

import random

import numpy as np
import pytest

from cdd_click.search import facets, query, thai
from cdd_click.search.index import SearchIndex

WORDS = ["ผ้าไหม", "กาแฟ", "ชุมชน", "โฮมสเตย์", "ทอมือ", "สมุนไพร", "น้ำผึ้ง", "จักสาน", "silk",
         "coffee", "homestay", "เชียงใหม่", "น่าน", "ลำปาง", "ขนม", "ข้าว", "ปลา", "ป่า"]


def _doc(number: int, rng: random.Random) -> dict:
    title = "".join(rng.choices(WORDS, k=rng.randint(1, 3)))
    content = " ".join(rng.choices(WORDS, k=rng.randint(3, 40)))
    extra = " ".join(rng.choices(WORDS, k=rng.randint(0, 4)))
    return {"key": f"listing:{number}", "type": "listing", "slug": f"s-{number}",
            "title": title, "title_th": title, "title_en": "", "summary": "", "content": content,
            "extra": extra, "parts": f"{title}\n{content}", "complete": title,
            "name": query.compact(title),
            "kind": rng.choice(["otop_product", "attraction"]), "province": "50",
            "updated": 1_700_000_000 + number}


@pytest.fixture(scope="module")
def searcher(tmp_path_factory):
    rng = random.Random(11)
    index = SearchIndex(tmp_path_factory.mktemp("bm25") / "index")
    words = thai.dictionary_words(WORDS)
    index.build((_doc(n, rng) for n in range(300)), words)
    # more segments and deletions, as publishing leaves them
    index.update([_doc(n, rng) for n in range(300, 340)], [f"listing:{n}" for n in range(0, 40, 3)])
    index.update([_doc(n, rng) for n in range(5, 25)])
    with index.searcher() as live:
        assert len(live.leaf_searchers()) > 1
        yield live


QUERIES = ["ผ้าไหม", "กาแฟ เชียงใหม่", "silk", "โฮมสเตย์ น่าน", "ข้าว ปลา ป่า", "ไหม",
           "ผ้าไหมกาแฟ", "honey", "จักสาน ทอมือ สมุนไพร น้ำผึ้ง ขนม"]


@pytest.mark.parametrize("text", QUERIES)
@pytest.mark.parametrize("any_word", [False, True])
def test_numpy_bm25_equals_whoosh(searcher, text, any_word):
    arrays = facets.doc_arrays(searcher)
    found = query.query_words(text, searcher.schema)
    terms = list(dict.fromkeys(term for _w, term, _s, _e in found))
    masks = [arrays.contains(query.TEXT_FIELDS, term) for term in terms]
    plan, whoosh_query = query.whoosh_plan(arrays, terms, masks, query.compact(text), any_word)
    plan.mask &= arrays.live
    ours = query.bm25_scores(arrays, plan)
    hits = searcher.search(whoosh_query, limit=None)
    whoosh = {hit.docnum: hit.score for hit in hits}
    assert set(whoosh) == set(np.flatnonzero(plan.mask).tolist())
    for docnum, score in whoosh.items():
        assert ours[docnum] == pytest.approx(score, rel=1e-5)
    count = min(len(whoosh), 20)
    assert arrays.ranked(plan.mask, ours, 0, count) == [hit.docnum for hit in hits[:count]]
