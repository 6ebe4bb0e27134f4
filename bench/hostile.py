"""Hostile-query benchmark: what odd queries cost a running site with a 50,000-document index.

    .venv/bin/python bench/hostile.py [--docs 50000] [--rate 50] [--seconds 20] [--workers 2]

Sets up a real site (SQLite, shipped content, gunicorn with WEB_CONCURRENCY workers), swaps in an
index of ``--docs`` synthetic documents (bench/corpus.py, never shipped), then measures:

1. **Worst single request**: every hostile query (six runs of 30 random Thai characters, 200
   unspaced Thai characters, 200 Latin characters, 60 one-letter words, prefixes for
   autocomplete...) sent once, one at a time, to ``/search``, ``/api/v1/search`` and
   ``/api/v1/suggest``. Each query is new (random, seeded), so no page cache answers it. Target:
   none over 150 ms.
2. **Ordinary searches during a flood**: ordinary queries (a word, a word and a place, drawn from
   the corpus) sent one at a time for ``--seconds``, first on a quiet site, then while other
   threads send ``--rate`` hostile queries a second (open loop: a slow answer does not slow the
   flood down). Target: ordinary p95 under 300 ms during the flood. The quiet figure is printed
   beside it from the same run.

3. **Hostile inputs** (bench/hostile_inputs.py): NUL and control characters in paths, query
   strings and forms, second spellings of staff pages, a Host-header redirect, TRACE. Target:
   each answered as it must be (a Thai 404, a page, a redirect onto SITE_URL), no 5xx.
4. **Markdown bodies** (bench/hostile_markdown.py): the render time of the worst bodies at the
   50,000-character limit, the old renderer beside the new. Target: none over 200 ms.
5. **Spreadsheet bombs** (bench/hostile_sheets.py): the peak RSS of a process reading each bomb
   through the real import code. Target: under 400 MB for any file under the upload cap.

``--families`` picks some (``queries,inputs,markdown,sheets``; all by default); the last two need
no running site. ``--database-url`` runs the site on PostgreSQL instead of a SQLite file.
Every request's status is counted; a 5xx is a failure. Exits non-zero when a target is missed.
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT))

from corpus import clean, documents, vocabulary  # noqa: E402

THAI_LETTERS = [chr(c) for c in range(0x0E01, 0x0E4C)]
LATIN = "abcdefghijklmnopqrstuvwxyz"
SINGLE_LIMIT_MS = 150.0
FLOOD_P95_LIMIT_MS = 300.0


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def hostile_queries(rng: random.Random, count: int) -> list[str]:
    """Queries made to cost the most: long, random, many words, every shape in turn."""
    def thai(n: int) -> str:
        return "".join(rng.choice(THAI_LETTERS) for _ in range(n))

    shapes = [
        lambda: " ".join(thai(30) for _ in range(6)),                       # the probe's query
        lambda: thai(200),                                                  # one unspaced run
        lambda: " ".join(thai(rng.randint(4, 8)) for _ in range(30))[:200],  # many short words
        lambda: "".join(rng.choice(LATIN) for _ in range(200)),              # one Latin word
        lambda: " ".join("".join(rng.choice(LATIN) for _ in range(6)) for _ in range(28))[:200],
        lambda: " ".join(rng.choice(THAI_LETTERS) for _ in range(100))[:200],  # one-letter words
    ]
    return [shapes[i % len(shapes)]() for i in range(count)]


def ordinary_queries(docs: list[dict], rng: random.Random, count: int) -> list[str]:
    """A word of a document, or a word and its province: what people type."""
    queries = []
    for doc in rng.sample(docs, count):
        word = max(doc["content"].split()[0:3], key=len)[:12]
        queries.append(word if rng.random() < 0.5 else f"{word} {doc['province_name']}")
    return queries


def free_port() -> int:
    with socket.socket() as handle:
        handle.bind(("127.0.0.1", 0))
        return handle.getsockname()[1]


def fetch(base: str, path: str, query: str) -> tuple[int, float]:
    """(status, milliseconds) of one GET."""
    url = f"{base}{path}?{urllib.parse.urlencode({'q': query})}"
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except OSError:
        status = 0
    return status, (time.perf_counter() - started) * 1000


class Site:
    """A real site on a free port: setup, a large synthetic index swapped in, gunicorn."""

    def __init__(self, work: Path, workers: int, database_url: str = ""):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = dict(
            os.environ, DATABASE_URL=database_url or f"sqlite:///{work / 'site.sqlite3'}",
            SEARCH_INDEX_DIR=str(work / "index"), MEDIA_DIR=str(work / "media"),
            SECRET_KEY="hostile-bench", SITE_URL=self.base, PORT=str(self.port),
            WEB_CONCURRENCY=str(workers), GUNICORN_ACCESS_LOG="/dev/null", LOG_FORMAT="json",
        )
        self.log = open(work / "gunicorn.log", "w")  # noqa: SIM115 - closed in stop()
        self.server: subprocess.Popen | None = None

    def setup(self, docs: list[dict]) -> None:
        subprocess.run([sys.executable, "-m", "flask", "--app", "cdd_click", "setup"],
                       env=self.env, cwd=ROOT, check=True, capture_output=True)
        script = (
            "import sys, json\n"
            "from cdd_click import create_app, search\n"
            "from cdd_click.search.index import SearchIndex\n"
            "from cdd_click.search import thai\n"
            "sys.path.insert(0, 'bench')\n"
            "from corpus import clean, documents, vocabulary\n"
            "app = create_app()\n"
            "with app.app_context():\n"
            "    applied = search.latest_change()\n"
            f"    docs = [clean(d) for d in documents({len(docs)})]\n"
            "    words = thai.dictionary_words([s.name_th for s in vocabulary()[1]])\n"
            "    procs = search.writer_processes(len(docs))\n"
            "    SearchIndex(app.config['SEARCH_INDEX_DIR']).build(docs, words, procs=procs,"
            " applied=applied)\n"
        )
        subprocess.run([sys.executable, "-c", script], env=self.env, cwd=ROOT,
                       check=True)

    def start(self) -> None:
        self.server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"],
            env=self.env, cwd=ROOT, stdout=self.log, stderr=self.log)
        for _ in range(300):
            if fetch(self.base, "/healthz", "")[0] == 200:
                return
            time.sleep(0.1)
        raise RuntimeError("the site did not start; see gunicorn.log")

    def stop(self) -> None:
        if self.server:
            self.server.terminate()
            try:
                self.server.wait(timeout=30)
            except subprocess.TimeoutExpired:  # workers stuck in a query: stop them hard
                self.server.kill()
                self.server.wait()
        self.log.close()


def warm_up(base: str, docs: list[dict], workers: int) -> float:
    """Send every endpoint enough ordinary queries to reach every worker; return the slowest
    (the first of a worker: the index opened, its arrays built)."""
    slowest = 0.0
    for path in ("/search", "/api/v1/search", "/api/v1/suggest"):
        for text in ordinary_queries(docs, random.Random(5), 10 * workers):
            slowest = max(slowest, fetch(base, path, text)[1])
    return slowest


def worst_single(base: str, queries: list[str]) -> dict[str, tuple[float, float, int]]:
    """Per endpoint: (worst ms, median ms, 5xx count) over every hostile query sent alone."""
    results = {}
    for path in ("/search", "/api/v1/search", "/api/v1/suggest"):
        timings, errors = [], 0
        for text in queries:
            status, ms = fetch(base, path, text)
            timings.append(ms)
            errors += status >= 500 or status == 0
        results[path] = (max(timings), percentile(timings, 50), errors)
    return results


def flood(base: str, hostile: list[str], rate: float, seconds: float) -> tuple[int, int]:
    """Send ``rate`` hostile queries a second for ``seconds`` (open loop); return (sent, 5xx)."""
    sent, errors, lock = [0], [0], threading.Lock()
    paths = ("/search", "/api/v1/search", "/api/v1/suggest")

    def one(number: int) -> None:
        status, _ms = fetch(base, paths[number % len(paths)], hostile[number % len(hostile)])
        with lock:
            sent[0] += 1
            errors[0] += status >= 500 or status == 0

    threads, started = [], time.perf_counter()
    for number in range(int(rate * seconds)):
        delay = started + number / rate - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        thread = threading.Thread(target=one, args=(number,), daemon=True)
        thread.start()
        threads.append(thread)
    for thread in threads:
        thread.join(timeout=120)
    return sent[0], errors[0]


def ordinary_run(base: str, queries: list[str], seconds: float) -> tuple[list[float], int]:
    """Ordinary API searches one at a time for ``seconds``: latencies and 5xx count."""
    timings, errors, deadline, number = [], 0, time.perf_counter() + seconds, 0
    while time.perf_counter() < deadline:
        status, ms = fetch(base, "/api/v1/search", queries[number % len(queries)])
        timings.append(ms)
        errors += status >= 500 or status == 0
        number += 1
    return timings, errors


def measure_flood(base: str, docs: list[dict], rate: float, seconds: float) -> bool:
    """Ordinary p95 on a quiet site, then during the flood; True when the target is met."""
    rng = random.Random(11)
    quiet_queries, busy_queries = ordinary_queries(docs, rng, 300), ordinary_queries(docs, rng, 300)
    quiet, quiet_errors = ordinary_run(base, quiet_queries, seconds / 2)
    hostile = hostile_queries(random.Random(99), int(rate * seconds))
    result: dict[str, tuple[int, int]] = {}
    flooder = threading.Thread(target=lambda: result.update(
        flood=flood(base, hostile, rate, seconds)))
    flooder.start()
    busy, busy_errors = ordinary_run(base, busy_queries, seconds)
    flooder.join()
    sent, flood_errors = result["flood"]
    print(f"\nordinary API searches, {len(quiet)} on a quiet site, then {len(busy)} during a flood"
          f" of {rate:.0f} hostile queries/s for {seconds:.0f} s ({sent} sent, {flood_errors}"
          f" 5xx or dropped)")
    print(f"{'':14}{'quiet':>10}{'flood':>10}")
    for pct in (50, 95, 99):
        print(f"{f'p{pct} ms':14}{percentile(quiet, pct):10.1f}{percentile(busy, pct):10.1f}")
    print(f"{'5xx':14}{quiet_errors:10d}{busy_errors:10d}")
    met = percentile(busy, 95) < FLOOD_P95_LIMIT_MS and not (busy_errors or flood_errors)
    print(f"target: ordinary p95 during the flood < {FLOOD_P95_LIMIT_MS:.0f} ms, no 5xx:"
          f" {'met' if met else 'MISSED'}")
    return met


def run_queries(site: Site, docs: list[dict], args) -> bool:
    """Families 1 and 2: the worst single hostile query, and ordinary searches in a flood."""
    cold = warm_up(site.base, docs, args.workers)
    print(f"cold: the first search of each worker took {cold:.0f} ms at worst (opening the"
          " index and building its per-searcher arrays; again after each index change)")
    queries = hostile_queries(random.Random(1), args.single)
    print(f"\nworst single request, {len(queries)} hostile queries each sent alone:")
    print(f"{'endpoint':18}{'worst ms':>10}{'p50 ms':>10}{'5xx':>6}")
    single_met = True
    for path, (worst, median, errors) in worst_single(site.base, queries).items():
        print(f"{path:18}{worst:10.1f}{median:10.1f}{errors:6d}")
        single_met &= worst <= SINGLE_LIMIT_MS and not errors
    print(f"target: no single query over {SINGLE_LIMIT_MS:.0f} ms, no 5xx:"
          f" {'met' if single_met else 'MISSED'}")
    return measure_flood(site.base, docs, args.rate, args.seconds) and single_met


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=50_000)
    parser.add_argument("--rate", type=float, default=50)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--single", type=int, default=60, help="hostile queries sent alone")
    parser.add_argument("--families", default="queries,inputs,markdown,sheets")
    parser.add_argument("--database-url", default="", help="PostgreSQL URL (default: SQLite)")
    args = parser.parse_args()
    families = {name.strip() for name in args.families.split(",")}
    met = True
    if families & {"queries", "inputs"}:
        met &= run_site_families(families, args)
    if "markdown" in families:
        from hostile_markdown import main as markdown_main

        print("\nMarkdown bodies at the body limit:")
        sys.argv = [str(Path(__file__).with_name("hostile_markdown.py"))]  # its own defaults
        met &= markdown_main() == 0
    if "sheets" in families:
        from hostile_sheets import main as sheets_main

        print("\nSpreadsheet bombs, peak RSS of the reading process:")
        sys.argv = [str(Path(__file__).with_name("hostile_sheets.py"))]
        met &= sheets_main() == 0
    return 0 if met else 1


def run_site_families(families: set[str], args) -> bool:
    """The families that need a running site (one site serves them all)."""
    from hostile_inputs import input_family, print_rows

    work = Path(tempfile.mkdtemp(prefix="cdd-hostile-"))
    docs = [clean(d) for d in documents(args.docs if "queries" in families else 10)]
    vocabulary()
    site = Site(work, args.workers, args.database_url)
    site.setup(docs)
    site.start()
    met = True
    try:
        database = "PostgreSQL" if args.database_url else "SQLite"
        print(f"site: {len(docs):,} synthetic documents, {args.workers} gunicorn workers,"
              f" {database}, {site.base}")
        if "queries" in families:
            met &= run_queries(site, docs, args)
        if "inputs" in families:
            print("\nhostile inputs (each sent exactly as written):")
            met &= print_rows(input_family(site.base, site.env["SITE_URL"]))
    finally:
        site.stop()
    print(f"work dir: {work} (delete it when done)")
    return met


if __name__ == "__main__":
    sys.exit(main())
