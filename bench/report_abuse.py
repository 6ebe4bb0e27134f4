"""Abuse of the problem-report form (issue 24) on a real gunicorn: one client address sends
200 reports within a minute, plus double submits; the database is counted afterwards.

    python bench/report_abuse.py [--submissions 200] [--threads 4] [--limit "10 per hour"]
                                 [--spread 50] [--no-spoof]
    python bench/report_abuse.py --url http://127.0.0.1:8000 --database-url sqlite:///site.db

Without ``--url`` it builds a new SQLite site of the shipped content in a temporary directory
(``flask setup``) and starts gunicorn on it (2 sync workers, no proxy settings, page cache on),
``REPORT_RATE_LIMIT`` set to ``--limit`` (default: the app's own default). With ``--url`` it
uses a running site and reads ``--database-url`` (the limit is then the one that site runs
with: pass it as ``--limit``; a site whose window still holds reports from this address held
sooner, which the check allows).

Every submission is a new visitor from the same address: a fresh GET of the form (its CSRF
cookie, CSRF token and one-time token), then a POST, against published villages, listings and
articles in Thai and English. Each request also carries a different made-up
``X-Forwarded-For``: the app believes that header only from ``TRUSTED_PROXIES`` (or loopback
with ``PROXY_FIX=1``, ``cdd_click/proxies.py``), so a site started here without them sees every
request from 127.0.0.1, as it must; a site behind a trusted proxy sees the right-most address
the proxy appended, the same for every request from this machine. (A ``PROXY_FIX=1`` site
reached directly, not through its proxy, believes the header, as it is told to: use
``--no-spoof`` there.) Every third submission
POSTs its form twice in a row, every third other one twice at once from two threads. At the end
every form that was accepted is POSTed once more.

Checks (exit 1 when one fails): no answer is a 5xx; every refusal is a page that says why
(429 with its "too many attempts" message, in Thai or English); the reports stored from these
forms are at most the limit for each window the run spans; each form token is at most one
report, and a form answered 303 (thanks) is stored; the run took under a minute.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import requests
from limits import parse
from sqlalchemy import bindparam, create_engine, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.servers import free_port, start_gunicorn  # noqa: E402 - after the path

FORM_TOKEN = re.compile(r'name="token" value="([^"]+)"')
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
TOO_MANY = ("มีการลองหลายครั้งเกินไป", "Too many attempts")  # the 429 page, Thai and English
DEFAULT_LIMIT = "10 per hour"  # cdd_click/config.py's REPORT_RATE_LIMIT default
KINDS = ("closed", "contact", "location", "price_hours", "other")


@dataclass
class Submission:
    """One visitor's form and every answer its POSTs got."""

    path: str
    mode: str  # once, twice (in a row), together (two threads at once)
    data: dict[str, str] = field(default_factory=dict)
    session: requests.Session | None = None
    answers: list[tuple[int, bool]] = field(default_factory=list)  # (status, page says why)
    again: list[int] = field(default_factory=list)  # statuses of POSTs after it was thanked

    @property
    def token(self) -> str:
        return self.data.get("token", "")


@dataclass
class Result:
    submissions: list[Submission]
    stored: dict[str, int]  # form token -> reports stored with it
    elapsed: float
    form_statuses: Counter

    @property
    def statuses(self) -> Counter:
        return Counter(status for s in self.submissions for status, _clear in s.answers)


def published_paths(database_url: str, each: int = 2) -> list[str]:
    """Report forms of ``each`` published villages, listings and articles, alternately in Thai
    and English."""
    engine = create_engine(database_url)
    paths = []
    with engine.connect() as connection:
        for table, section in (("village", "villages"), ("listing", "listings"),
                               ("article", "articles")):
            slugs = connection.execute(text(
                f"SELECT slug FROM {table} WHERE status = 'published' ORDER BY id LIMIT :n"),
                {"n": each}).scalars().all()
            paths += [f"{'/en' if n % 2 else ''}/{section}/{slug}/report"
                      for n, slug in enumerate(slugs)]
    engine.dispose()
    if not paths:
        sys.exit("no published village, listing or article in the database")
    return paths


def stored_by_token(database_url: str, tokens: list[str]) -> dict[str, int]:
    engine = create_engine(database_url)
    query = text("SELECT token, COUNT(*) FROM problem_report WHERE token IN :tokens "
                 "GROUP BY token").bindparams(bindparam("tokens", expanding=True))
    with engine.connect() as connection:
        found = dict(connection.execute(query, {"tokens": tokens}).all()) if tokens else {}
    engine.dispose()
    return found


def _spoofed(rng: random.Random) -> dict[str, str]:
    return {"X-Forwarded-For": f"198.51.100.{rng.randrange(1, 255)}"} if SPOOF else {}


SPOOF = True  # --no-spoof: no made-up X-Forwarded-For (a PROXY_FIX=1 site reached directly)


def _says_why(status: int, body: str) -> bool:
    """A refusal names its reason on the page; a thank-you redirect needs none."""
    if status == 303:
        return True
    if status == 429:
        return any(message in body for message in TOO_MANY)
    return "<html" in body and status < 500


def fill(submission: Submission, base: str, rng: random.Random, lock: threading.Lock) -> int:
    """GET the form as a new visitor; its status."""
    session = requests.Session()
    with lock:
        headers = _spoofed(rng)
    page = session.get(base + submission.path, headers=headers, timeout=30)
    submission.session = session
    if page.status_code == 200:
        with lock:
            kind, number = rng.choice(KINDS), rng.randrange(10**6)
        submission.data = {"csrf_token": CSRF.search(page.text).group(1),
                           "token": FORM_TOKEN.search(page.text).group(1), "kind": kind,
                           "note": f"ทดสอบการแจ้งซ้ำ {number}", "contact": ""}
    return page.status_code


def send(submission: Submission, base: str, headers: dict[str, str]) -> None:
    thanked = any(status == 303 for status, _clear in submission.answers)
    answer = submission.session.post(base + submission.path, data=submission.data,
                                     headers=headers, allow_redirects=False, timeout=30)
    submission.answers.append((answer.status_code, _says_why(answer.status_code, answer.text)))
    if thanked:  # sent after the site had thanked for this form: thanked again, never held
        submission.again.append(answer.status_code)


def submit(submission: Submission, base: str, rng: random.Random, lock: threading.Lock,
           form_statuses: Counter) -> None:
    status = fill(submission, base, rng, lock)
    with lock:
        form_statuses[status] += 1
        headers = _spoofed(rng)
    if status != 200:
        return
    if submission.mode == "together":
        start = threading.Barrier(2)

        def racer() -> None:
            start.wait()
            send(submission, base, headers)

        pair = [threading.Thread(target=racer) for _ in range(2)]
        for thread in pair:
            thread.start()
        for thread in pair:
            thread.join()
        return
    for _ in range(2 if submission.mode == "twice" else 1):
        send(submission, base, headers)


def attack(base: str, database_url: str, submissions: int, threads: int,
           seed: int = 24, spread: float = 0.0) -> Result:
    """Send ``submissions`` reports from this machine (the n-th not before ``n / submissions``
    of ``spread`` seconds), then count them in the database."""
    rng, lock, form_statuses = random.Random(seed), threading.Lock(), Counter()
    paths = published_paths(database_url)
    modes = ("once", "twice", "together")
    work = [Submission(paths[n % len(paths)], modes[n % 3]) for n in range(submissions)]
    started = time.perf_counter()

    def paced(number: int, submission: Submission) -> None:
        time.sleep(max(0.0, started + spread * number / submissions - time.perf_counter()))
        submit(submission, base, rng, lock, form_statuses)

    with ThreadPoolExecutor(threads) as pool:
        for done in [pool.submit(paced, n, s) for n, s in enumerate(work)]:
            done.result()
    for submission in work:  # every accepted form once more: still one report
        if any(status == 303 for status, _clear in submission.answers):
            send(submission, base, _spoofed(rng))
    elapsed = time.perf_counter() - started
    stored = stored_by_token(database_url, [s.token for s in work if s.token])
    return Result(work, stored, elapsed, form_statuses)


def failures(result: Result, limit: str) -> list[str]:
    """What the run shows wrong; empty when every claim holds."""
    item = parse(limit)
    windows = math.floor(result.elapsed / item.get_expiry()) + 1
    allowed = item.amount * windows
    found = []
    servers = sum(n for status, n in result.statuses.items() if status >= 500)
    servers += sum(n for status, n in result.form_statuses.items() if status >= 500)
    if servers:
        found.append(f"{servers} answers were 5xx")
    if sum(result.form_statuses.values()) != result.form_statuses[200]:
        found.append(f"forms did not all load: {dict(result.form_statuses)}")
    unclear = [status for s in result.submissions for status, clear in s.answers if not clear]
    if unclear:
        found.append(f"{len(unclear)} refusals without their message: {Counter(unclear)}")
    stored = sum(result.stored.values())
    if stored > allowed:
        found.append(f"{stored} reports stored, over the limit {allowed} ({limit}, "
                     f"{windows} window(s))")
    doubles = {token: n for token, n in result.stored.items() if n > 1}
    if doubles:
        found.append(f"{len(doubles)} form tokens stored more than once")
    thanked = {s.token for s in result.submissions if any(a == 303 for a, _c in s.answers)}
    unstored = thanked - set(result.stored)
    if unstored:
        found.append(f"{len(unstored)} forms answered 303 (thanks) but not stored")
    again = Counter(status for s in result.submissions for status in s.again)
    if set(again) - {303}:
        found.append(f"a form sent again after its thanks was not thanked again: {dict(again)}")
    if not again:
        found.append("no form was accepted, so none was sent again: nothing shown")
    if result.elapsed >= 60:
        found.append(f"the run took {result.elapsed:.1f} s, not within one minute")
    return found


def figures(result: Result, limit: str) -> str:
    posts = result.statuses
    accepted = sum(1 for s in result.submissions if s.answers and s.answers[0][0] == 303)
    refused = sum(1 for s in result.submissions if s.answers and s.answers[0][0] == 429)
    modes = Counter(s.mode for s in result.submissions)
    stored = sum(result.stored.values())
    duplicates = sum(n - 1 for n in result.stored.values() if n > 1)
    return "\n".join([
        f"limit (REPORT_RATE_LIMIT)  {limit}",
        f"submissions sent           {len(result.submissions)} ({modes['once']} once, "
        f"{modes['twice']} twice in a row, {modes['together']} twice at once)",
        f"POSTs sent                 {sum(posts.values())}",
        f"accepted (first POST 303)  {accepted}",
        f"refused (first POST 429)   {refused}",
        f"form GET statuses          {dict(sorted(result.form_statuses.items()))}",
        f"POST statuses              {dict(sorted(posts.items()))}",
        f"sent again after thanks    {sum(len(s.again) for s in result.submissions)} "
        f"{dict(Counter(status for s in result.submissions for status in s.again))}",
        f"reports stored             {stored}",
        f"duplicates                 {duplicates}",
        f"elapsed                    {result.elapsed:.1f} s",
    ])


@contextmanager
def new_site(limit: str | None, workers: int = 2):
    """(base URL, database URL) of a new site of the shipped content on gunicorn."""
    with tempfile.TemporaryDirectory(prefix="report-abuse-") as folder:
        work = Path(folder)
        port = free_port()
        env = {key: value for key, value in os.environ.items()
               if key not in ("PROXY_FIX", "TRUSTED_PROXIES", "RATELIMIT_STORAGE_URI")}
        env.update({"DATABASE_URL": f"sqlite:///{work / 'site.sqlite3'}",
                    "SEARCH_INDEX_DIR": str(work / "index"), "MEDIA_DIR": str(work / "media"),
                    "SECRET_KEY": "report-abuse", "SITE_URL": f"http://127.0.0.1:{port}",
                    "PORT": str(port), "WEB_CONCURRENCY": str(workers),
                    "GUNICORN_ACCESS_LOG": "/dev/null", "LOG_FORMAT": "text",
                    "PYTHONPATH": str(ROOT)})
        if limit:
            env["REPORT_RATE_LIMIT"] = limit
        subprocess.run([sys.executable, "-m", "flask", "--app", "cdd_click", "setup"],
                       cwd=ROOT, env=env, check=True, capture_output=True)
        with (work / "gunicorn.log").open("w") as log:
            server = start_gunicorn(env, log)
            try:
                yield f"http://127.0.0.1:{port}", env["DATABASE_URL"]
            finally:
                server.terminate()
                server.wait(10)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running site (then --database-url is needed)")
    parser.add_argument("--database-url", help="the running site's database")
    parser.add_argument("--limit", help=f"REPORT_RATE_LIMIT (default {DEFAULT_LIMIT})")
    parser.add_argument("--submissions", type=int, default=200)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--spread", type=float, default=0.0,
                        help="spread the submissions over this many seconds (under 60)")
    parser.add_argument("--no-spoof", action="store_true",
                        help="send no made-up X-Forwarded-For")
    options = parser.parse_args()
    global SPOOF
    SPOOF = not options.no_spoof
    limit = options.limit or DEFAULT_LIMIT
    if options.url:
        if not options.database_url:
            parser.error("--url needs --database-url: the reports are counted in the database")
        result = attack(options.url.rstrip("/"), options.database_url, options.submissions,
                        options.threads, spread=options.spread)
    else:
        with new_site(options.limit) as (base, database_url):
            result = attack(base, database_url, options.submissions, options.threads,
                            spread=options.spread)
    print(figures(result, limit))
    found = failures(result, limit)
    for problem in found:
        print(f"FAIL: {problem}")
    print("every claim holds" if not found else f"{len(found)} claim(s) do not hold")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
