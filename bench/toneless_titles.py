"""Shipped titles typed without their marks: how many are still found first, or in the first 3.

    .venv/bin/python bench/toneless_titles.py

Builds the shipped content/ into a temporary database and index, then searches every village
and listing title through /api/v1/search typed two ways, and counts where the item comes:

- "tone marks": the four tone marks left out (่ ้ ๊ ๋, U+0E48–U+0E4B);
- "all marks": also mai taikhu ็ (U+0E47) and thanthakhat ์ (U+0E4C), as ``thai.strip_tones``
  does (ผ้าไหม → ผาไหม, โฮมสเตย์ → โฮมสเตย).

Vowel signs above and below (ิ ี ึ ื ั ุ ู) are kept: a word typed without them is another word
(those are spelling mistakes, the "did you mean" of search/spelling.py). Titles that hold none of
the marks are not counted (typed without marks they are the same query); every title as written
is the first row (an exact title must win). Prints the figures, a
Markdown table for docs/benchmarks.md, and the titles not found first.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "bench")]

from analyzer_swap import load_shipped, shipped_app  # noqa: E402
from sqlalchemy import select  # noqa: E402

from cdd_click.extensions import db  # noqa: E402
from cdd_click.models import Listing, Village  # noqa: E402

WAYS = {"nothing (as written)": None, "tone marks": re.compile("[\u0e48-\u0e4b]"),
        "all marks": re.compile("[\u0e47-\u0e4c]")}


def titles() -> list[tuple[str, str]]:
    """(key, Thai title) of every published village and listing."""
    found = [(f"village:{v.slug}", v.title) for v in db.session.scalars(select(Village))
             if v.status == "published"]
    found += [(f"listing:{li.slug}", li.title) for li in db.session.scalars(select(Listing))
              if li.status == "published"]
    return found


def measure(client, items: list[tuple[str, str]], marks: re.Pattern | None) -> dict:
    top = three = counted = 0
    missed, took = [], []
    for key, title in items:
        typed = marks.sub("", title) if marks else title
        if marks and typed == title:
            continue
        counted += 1
        started = time.perf_counter()
        data = client.get("/api/v1/search", query_string={"q": typed}).get_json()
        took.append(time.perf_counter() - started)
        found = [f"{r['type']}:{r['slug']}" for r in data["results"]]
        top += found[:1] == [key]
        three += key in found[:3]
        if found[:1] != [key]:
            where = "not in the first 3" if key not in found[:3] else "not first"
            missed.append(f"{where}: {typed} → {title} ({key}): {found[:3]}")
    took.sort()
    return {"counted": counted, "top": top, "three": three, "missed": missed,
            "median_ms": 1000 * took[len(took) // 2] if took else 0.0}


def main() -> None:
    app = shipped_app("cdd-toneless-")
    with app.app_context():
        load_shipped()
        client = app.test_client()
        items = titles()
        print(f"{len(items)} titles (villages and listings)\n")
        print("| typed without | titles | found first | in the first 3 | not in the first 3 "
              "| median search |")
        print("|---|---|---|---|---|---|")
        rows = {way: measure(client, items, marks) for way, marks in WAYS.items()}
        for way, row in rows.items():
            print(f"| {way} | {row['counted']} | {row['top']} | {row['three']} "
                  f"| {row['counted'] - row['three']} | {row['median_ms']:.1f} ms |")
        for way, row in rows.items():
            for line in row["missed"]:
                print(f"{way}, {line}")


if __name__ == "__main__":
    main()
