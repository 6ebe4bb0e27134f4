"""Search benchmark: our Whoosh index with Thai segmentation vs SQLite FTS5, same corpus, same run.

    .venv/bin/python bench/search.py [--docs 50000] [--queries 200] [--procs 2]

Prints indexing speed, index size and query latency (p50/p95) for one-word, two-word, phrase and
faceted queries, each with the ratio our/FTS5. FTS5 gets the very same segmented tokens (our
segmenter joined with spaces) and the same facet work (GROUP BY over the matches).
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from corpus import clean, documents, vocabulary  # noqa: E402

from cdd_click.search import query as search_query  # noqa: E402
from cdd_click.search import thai  # noqa: E402
from cdd_click.search.index import SearchIndex  # noqa: E402

FACETS = ("kind", "province", "category", "stars")


def size_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def make_queries(docs: list[dict], ident: str, count: int, seed: int = 3) -> dict[str, list]:
    """Query texts drawn from the corpus: whole words, word pairs, unspaced compounds, facets."""
    rng = random.Random(seed)

    def longest_word(text: str) -> str:
        return max((w for w, _s, _e in thai.segment_words(text, ident)), key=len)

    one, two, phrase = [], [], []
    for doc in rng.sample(docs, count):
        pieces = doc["content"].split()  # each piece: three words typed without spaces
        piece = rng.choice(pieces)
        one.append((longest_word(piece),))
        two.append((f"{longest_word(rng.choice(pieces))} {doc['province_name']}",))
        phrase.append((piece,))
    faceted = [(q[0], {"kind": "otop_product"}) for q in one]
    return {"one-word": one, "two-word": two, "phrase": phrase, "faceted": faceted}


def build_ours(docs: list[dict], words: list[str], root: Path, procs: int) -> float:
    started = time.perf_counter()
    SearchIndex(root).build(docs, words, procs=procs)
    return time.perf_counter() - started


def build_fts5(docs: list[dict], ident: str, path: Path) -> tuple[sqlite3.Connection, float]:
    started = time.perf_counter()
    con = sqlite3.connect(path)
    con.execute("CREATE VIRTUAL TABLE doc USING fts5(title, content, extra, kind UNINDEXED,"
                " province UNINDEXED, category UNINDEXED, stars UNINDEXED, tokenize='unicode61')")

    def seg(text: str) -> str:
        return " ".join(w for w, _s, _e in thai.segment_words(text, ident))

    con.executemany(
        "INSERT INTO doc VALUES (?,?,?,?,?,?,?)",
        ((seg(d["title"]), seg(d["content"]), seg(d["extra"]), d.get("kind"), d.get("province"),
          d.get("category"), d.get("stars")) for d in docs),
    )
    con.commit()
    return con, time.perf_counter() - started


def time_ours(index: SearchIndex, queries: list[tuple]) -> list[float]:
    timings = []
    with index.searcher() as searcher:
        for text, *rest in queries:
            request = search_query.SearchRequest(text=text, filters=rest[0] if rest else {})
            started = time.perf_counter()
            search_query.search(searcher, request)
            timings.append((time.perf_counter() - started) * 1000)
    return timings


def time_fts5(con: sqlite3.Connection, ident: str, queries: list[tuple]) -> list[float]:
    timings = []
    for text, *rest in queries:
        started = time.perf_counter()
        tokens = [w for w, _s, _e in thai.segment_words(text, ident)]
        match = " AND ".join('"' + t.replace('"', "") + '"' for t in tokens)
        where = "doc MATCH ?" + "".join(f" AND {k} = ?" for k in (rest[0] if rest else {}))
        args = [match, *(rest[0].values() if rest else [])]
        con.execute(f"SELECT rowid FROM doc WHERE {where} ORDER BY bm25(doc) LIMIT 10",
                    args).fetchall()
        con.execute(f"SELECT count(*) FROM doc WHERE {where}", args).fetchone()
        for facet in FACETS:
            con.execute(f"SELECT {facet}, count(*) FROM doc WHERE {where} GROUP BY {facet}",
                        args).fetchall()
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=50_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--procs", type=int, default=(os.cpu_count() or 1) + 1)
    args = parser.parse_args()

    docs = [clean(d) for d in documents(args.docs)]
    words = thai.dictionary_words([s.name_th for s in vocabulary()[1]])
    work = Path(tempfile.mkdtemp(prefix="cdd-bench-"))
    ours_seconds = build_ours(docs, words, work / "whoosh", args.procs)
    index = SearchIndex(work / "whoosh")
    ident = index.dictionary_id()
    con, fts_seconds = build_fts5(docs, ident, work / "fts5.sqlite3")

    print(f"corpus: {args.docs:,} synthetic Thai documents (seed 42), {args.procs} writer procs")
    print(f"{'':22}{'ours':>12}{'FTS5':>12}{'ours/FTS5':>12}")
    print(f"{'index docs/s':22}{args.docs / ours_seconds:12,.0f}{args.docs / fts_seconds:12,.0f}"
          f"{fts_seconds / ours_seconds:12.2f}")
    ours_mb, fts_mb = size_mb(work / "whoosh"), (work / "fts5.sqlite3").stat().st_size / 1e6
    print(f"{'index size MB':22}{ours_mb:12.1f}{fts_mb:12.1f}{ours_mb / fts_mb:12.2f}")
    for name, queries in make_queries(docs, ident, args.queries).items():
        time_ours(index, queries[:10])  # warm caches
        ours, fts = time_ours(index, queries), time_fts5(con, ident, queries)
        for pct in (50, 95):
            a, b = percentile(ours, pct), percentile(fts, pct)
            print(f"{name + f' p{pct} ms':22}{a:12.2f}{b:12.2f}{a / b:12.2f}")
    print(f"work dir: {work} (delete it when done)")


if __name__ == "__main__":
    main()
