"""What reading a query costs at scale: mark-less titles, questions and misspelt places.

    .venv/bin/python bench/reading_cost.py [--docs 20000] [--per-class 40] [--procs 1]

Builds an index of ``--docs`` site-like synthetic documents (bench/corpus.py), then times a whole
``query.search`` (understanding on, with the spelling lookup and the gazetteer, as the site runs
it), warm (median of three runs), for each class of query:

- ordinary: a vocabulary word, and "what + where" (a kind word and a province);
- titles without marks: a document's Thai title with its tone marks, mai taikhu and thanthakhat
  left out (``thai.strip_tones``);
- questions: "<word> คืออะไร", "what is <word>", "<word> ทำอย่างไร", "OTOP กี่ดาว";
- misspelt places: a province's English name with two neighbouring letters swapped, alone and
  after "homestay".

Prints p50, p95 and the worst per class. The same seed gives the same queries on any branch, so
the figures before and after a change come from the same queries.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from corpus import documents, vocabulary  # noqa: E402

from cdd_click.search import index as search_index  # noqa: E402
from cdd_click.search import query as search_query  # noqa: E402
from cdd_click.search import thai, understanding  # noqa: E402

WARM_RUNS = 3
KINDS = ("โฮมสเตย์", "ที่เที่ยว", "ผ้าไหม", "homestay", "things to see in", "silk")


def _swap(name: str, rng: random.Random) -> str:
    word = max(name.lower().split(), key=len)
    at = rng.randrange(1, len(word) - 2)
    wrong = word[:at] + word[at + 1] + word[at] + word[at + 2:]
    return name.lower().replace(word, wrong, 1)


def queries(docs: list[dict], per_class: int, seed: int = 7) -> dict[str, list[str]]:
    import geothai

    rng = random.Random(seed)
    words, _places = vocabulary()
    common = words[:400]
    provinces = [p for p in geothai.provinces() if len(max(p.name_en.split(), key=len)) > 4]
    marked = [d["title_th"] for d in docs if thai.strip_tones(d["title_th"]) != d["title_th"]]
    english = ("otop", "silk", "weaving", "pottery", "homestay", "indigo", "basketry")
    found = {"word": [rng.choice(common) for _ in range(per_class)],
             "what + where": [f"{rng.choice(KINDS)} "
                              f"{(p := rng.choice(provinces)).name_en.lower()}"
                              if rng.random() < 0.5 else f"{rng.choice(KINDS[:3])} {p.name_th}"
                              for _ in range(per_class)],
             "title without marks": [thai.strip_tones(rng.choice(marked))
                                     for _ in range(per_class)],
             "question": [rng.choice((f"{rng.choice(common)} คืออะไร",
                                      f"what is {rng.choice(english)}",
                                      f"{rng.choice(common)} ทำอย่างไร", "OTOP กี่ดาว"))
                          for _ in range(per_class)],
             "misspelt place": [(rng.choice(("", "homestay ")) + _swap(rng.choice(provinces)
                                                                       .name_en, rng))
                                for _ in range(per_class)]}
    return {name: list(dict.fromkeys(texts)) for name, texts in found.items()}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share / 100 * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--per-class", type=int, default=40)
    parser.add_argument("--procs", type=int, default=1)
    args = parser.parse_args()
    docs = [{k: v for k, v in d.items() if v is not None}
            for d in documents(args.docs, site_like=True)]
    words = thai.dictionary_words([s.name_th for s in vocabulary()[1]])
    work = Path(tempfile.mkdtemp(prefix="cdd-reading-"))
    try:
        started = time.perf_counter()
        index = search_index.SearchIndex(work)
        index.build(docs, words, procs=args.procs)
        print(f"{len(docs)} documents indexed in {time.perf_counter() - started:.0f} s")
        gaz = understanding.gazetteer()
        lookup = index.spelling_lookup()
        print("| queries | n | p50 | p95 | worst |")
        print("|---|---|---|---|---|")
        with index.searcher() as searcher:
            for name, texts in queries(docs, args.per_class).items():
                took = []
                for text in texts:
                    request = search_query.SearchRequest(
                        text=search_query.clean_query(text), typed=text)
                    search_query.search(searcher, request, lookup, gaz)  # warm
                    runs = []
                    for _ in range(WARM_RUNS):
                        begun = time.perf_counter()
                        search_query.search(searcher, request, lookup, gaz)
                        runs.append((time.perf_counter() - begun) * 1000)
                    took.append(statistics.median(runs))
                print(f"| {name} | {len(texts)} | {percentile(took, 50):.1f} ms "
                      f"| {percentile(took, 95):.1f} ms | {max(took):.1f} ms |")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
