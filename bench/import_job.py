"""A 100,000-row import through the admin, as a background job, on a real gunicorn.

    python bench/import_job.py [--rows 100000] [--workers 2] [--detail-chars N]
                               [--database-url URL] [--keep]

Sets up a new site in a temporary directory (``flask setup --no-content``: schema, geography,
tambon centroids from TAMBON_CENTROIDS; SQLite there, or ``--database-url``, an empty
PostgreSQL database), makes an admin, and writes a synthetic ``.xlsx`` with bench/import.py's
generator (fixed seed, no bad rows: a tenth villages, the rest listings naming them; synthetic
data made here and never shipped). Then, over HTTP to gunicorn (sync workers, its 30 s timeout):
sign in, upload the sheet (the check runs as a job), poll the job page until the preview is
ready, confirm, poll until the import is done. Prints the wall time of each stage and of the
whole, rows/s, the largest progress figures seen mid-way, the peak RSS (VmHWM) of each worker,
and the villages and listings in the database afterwards, which must be the sheet's rows.
Target (issue 22): the import completes; peak RSS under 400 MB.
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from tests.servers import free_port, start_gunicorn  # noqa: E402 - after the path

make_sheet = importlib.import_module("import").make_sheet  # bench/import.py's generator
PASSWORD = "import job bench password"
RUNNING = ("queued", "checking", "planning", "writing")


def flask(env: dict, *args: str, stdin: str | None = None) -> str:
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "cdd_click", *args],
                          cwd=ROOT, env=env, input=stdin, capture_output=True, text=True)
    if done.returncode:
        sys.exit(done.stderr[-3000:])
    return done.stdout


def python(env: dict, script: str) -> str:
    return subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, check=True,
                          capture_output=True, text=True).stdout.strip()


def worker_peaks(master: int) -> list[int]:
    """Peak RSS (VmHWM, MB) of each gunicorn worker now."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    peaks = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        peaks.append(int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) // 1024)
    return peaks


def poll(session: requests.Session, url: str, peaks: dict[int, int], master: int,
         seen: dict[str, int]) -> tuple[str, str, float]:
    """Poll the job page every second until its job stops running: (state, page, seconds)."""
    started = time.perf_counter()
    while True:
        page = session.get(url, timeout=60).text
        state = re.search(r'data-state="([a-z]+)"', page).group(1)
        for what, pattern in (("planned", r"ตรวจแล้ว ([\d,]+)"), ("written", r"บันทึกแล้ว ([\d,]+)")):
            found = re.search(pattern, page)
            if found:
                seen[what] = max(seen.get(what, 0), int(found.group(1).replace(",", "")))
        for number, peak in enumerate(worker_peaks(master)):
            peaks[number] = max(peaks.get(number, 0), peak)
        if state not in RUNNING:
            return state, page, time.perf_counter() - started
        time.sleep(1.0)  # a poll interval, as the page's own refresh


def token(session: requests.Session, base: str, path: str) -> str:
    page = session.get(base + path, timeout=60).text
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--detail-chars", type=int, default=0,
                        help="a different รายละเอียด of about N characters on every listing "
                        "(to fill the upload cap and the shared strings)")
    parser.add_argument("--database-url", help="an empty PostgreSQL database (default: SQLite)")
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="import-job-bench-"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    database = options.database_url or f"sqlite:///{work / 'site.sqlite3'}"
    env = {**os.environ, "DATABASE_URL": database,
           "SEARCH_INDEX_DIR": str(work / "index"), "MEDIA_DIR": str(work / "media"),
           "SECRET_KEY": "import-job-bench", "SITE_URL": base, "PORT": str(port),
           "WEB_CONCURRENCY": str(options.workers), "GUNICORN_ACCESS_LOG": "/dev/null",
           "LOG_FORMAT": "text"}
    server = None
    try:
        flask(env, "setup", "--no-content")
        flask(env, "users", "create", "bench-admin@cdd.go.th", "--role", "admin",
              stdin=f"{PASSWORD}\n{PASSWORD}\n")
        centroids = dict(eval(python(env, (  # noqa: S307 - our own child's printed list
            "from cdd_click import create_app\nfrom cdd_click.extensions import db\n"
            "from cdd_click.models import Subdistrict\napp = create_app()\n"
            "with app.app_context():\n    print([(c, (la, lo)) for c, la, lo in db.session.query("
            "Subdistrict.code, Subdistrict.lat, Subdistrict.lon).filter("
            "Subdistrict.lat.isnot(None))])"))))
        sheet = work / "sheet.xlsx"
        made = time.perf_counter()
        rows, _bad, _sample = make_sheet(sheet, options.rows, options.seed, centroids, 0.0,
                                         options.detail_chars)
        size = sheet.stat().st_size
        print(f"sheet: {rows:,} rows, {size / 1e6:.1f} MB .xlsx (made in "
              f"{time.perf_counter() - made:.0f} s); {options.workers} gunicorn sync workers, "
              f"{'PostgreSQL' if options.database_url else 'SQLite'}")
        log = (work / "gunicorn.log").open("w")
        server = start_gunicorn(env, log, wait=60)
        session = requests.Session()
        session.post(base + "/admin/login", data={
            "email": "bench-admin@cdd.go.th", "password": PASSWORD,
            "csrf_token": token(session, base, "/admin/login")}, timeout=60)
        peaks: dict[int, int] = {}
        seen: dict[str, int] = {}
        started = time.perf_counter()
        with sheet.open("rb") as upload:
            answer = session.post(base + "/admin/import", files={"sheet": (
                "sheet.xlsx", upload)}, data={"csrf_token": token(session, base, "/admin/import")},
                allow_redirects=False, timeout=60)
        upload_s = time.perf_counter() - started
        assert answer.status_code == 303, (answer.status_code, answer.text[:2000])
        job = base + answer.headers["Location"] if answer.headers["Location"].startswith("/") \
            else answer.headers["Location"]
        state, page, check_s = poll(session, job, peaks, server.pid, seen)
        assert state == "checked", (state, page[-3000:])
        confirm = re.search(r'action="(/admin/import/jobs/\d+/confirm)"', page).group(1)
        asked = time.perf_counter()
        answer = session.post(base + confirm, allow_redirects=False, timeout=60, data={
            "csrf_token": token(session, base, job[len(base):])})
        confirm_s = time.perf_counter() - asked
        assert answer.status_code == 303, answer.status_code
        seen = {}
        state, page, import_s = poll(session, job, peaks, server.pid, seen)
        total = time.perf_counter() - started
        report = re.search(r"นำเข้าแล้ว: [^<]+", page)
        counts = python(env, (
            "from cdd_click import create_app\nfrom cdd_click.extensions import db\n"
            "from cdd_click.models import Listing, Village\napp = create_app()\n"
            "with app.app_context():\n    print(db.session.query(Village).count(), "
            "db.session.query(Listing).count())")).split()
        items = int(counts[0]) + int(counts[1])
        print(f"upload   {upload_s:7.1f} s  (303 to the job page)")
        print(f"check    {check_s:7.1f} s  (the preview, a job)")
        print(f"confirm  {confirm_s:7.2f} s  (303 to the job page)")
        print(f"import   {import_s:7.1f} s  state {state}; largest progress seen on the page: "
              f"planned {seen.get('planned', 0):,}, written {seen.get('written', 0):,}")
        print(f"total    {total:7.1f} s  {rows / total:6.0f} rows/s over upload to done "
              f"({rows / import_s:.0f} rows/s for the import job alone)")
        print(f"report   {report.group(0) if report else page[-1500:]}")
        print(f"database {counts[0]} villages + {counts[1]} listings = {items:,} items "
              f"(sheet: {rows:,}): {'ok' if items == rows else 'MISMATCH'}")
        print(f"peak RSS of the workers (VmHWM): {', '.join(f'{p} MB' for p in peaks.values())}")
        print(f"targets: completes: {'met' if state == 'done' and items == rows else 'MISSED'}; "
              f"peak RSS < 400 MB: {'met' if max(peaks.values()) < 400 else 'MISSED'}")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=60)
        if options.keep:
            print(f"kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
