"""Slug romanisers against the table of real names in tests/test_slugs.py (issue 23).

    .venv/bin/python bench/slug_engines.py

Every engine gets the same words: each title is cut with search's base word list (as
``slugs.romanized`` does), each Thai word romanised by the engine, the result made a slug. Prints,
per engine, how many of the table's slugs it writes exactly and the milliseconds per title
(caches emptied before each pass, so the figure is a first reading of each title, the best of
three passes). ``ours`` is ``slugs.suggest_slug`` itself. PyThaiNLP's ``royin`` and ``lookup``
always run; ``tltk`` and ``thai2rom_onnx`` run when the tltk or onnxruntime package is installed
(neither is a dependency of the site), and are reported as skipped otherwise.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from test_slugs import NAMES  # noqa: E402

from cdd_click import rtgs, slugs  # noqa: E402
from cdd_click.search.thai import base_words  # noqa: E402

ENGINES = ("royin", "lookup", "tltk", "thai2rom_onnx")


def engine_slug(engine: str):
    """A slug maker that romanises each word with PyThaiNLP's ``engine``."""
    from pythainlp.transliterate import romanize

    def make(title: str) -> str:
        words = base_words(title)
        return slugs.slugify(" ".join(
            romanize(w, engine=engine) if slugs._THAI.search(w) else w for w in words))
    return make


def ours(title: str) -> str:
    return slugs.suggest_slug(title)


def clear_ours() -> None:
    slugs._romanized_word.cache_clear()
    rtgs.syllables.cache_clear()


def score(make, clear=lambda: None) -> tuple[int, float, list[tuple[str, str, str]]]:
    """(exact matches, ms per title, misses) of slug maker ``make`` over the table."""
    for title, _slug in NAMES:  # load the engine's data once, outside the timing
        make(title)
    best = float("inf")
    for _ in range(3):
        clear()
        start = time.perf_counter()
        made = [make(title) for title, _slug in NAMES]
        best = min(best, time.perf_counter() - start)
    misses = [(title, want, got) for (title, want), got in zip(NAMES, made, strict=True)
              if got != want]
    return len(NAMES) - len(misses), best * 1000 / len(NAMES), misses


def main() -> None:
    verbose = "-v" in sys.argv
    print(f"{len(NAMES)} names in tests/test_slugs.py")
    print(f"{'engine':<14} {'exact':>7} {'ms/title':>9}")
    rows = [("ours", ours, clear_ours)] + [(name, engine_slug(name), lambda: None)
                                           for name in ENGINES]
    for name, make, clear in rows:
        try:
            exact, ms, misses = score(make, clear)
        except Exception as error:  # noqa: BLE001 - an engine whose package is missing
            print(f"{name:<14} skipped: {str(error).splitlines()[0][:70]}")
            continue
        print(f"{name:<14} {exact:>3}/{len(NAMES):<3} {ms:>9.3f}")
        if verbose:
            for title, want, got in misses:
                print(f"    {title} want {want} got {got}")


if __name__ == "__main__":
    main()
