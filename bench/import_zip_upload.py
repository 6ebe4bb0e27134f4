"""A photo .zip at the import's cap (IMPORT_MAX_UPLOAD_MB, 100 MB) through the admin, on a real
gunicorn: the worker's peak memory while it takes, checks and imports the upload.

    python bench/import_zip_upload.py [--mb 100] [--peer /work/main] [--no-peer] [--keep]

Writes a .zip as Windows' compressed folder writes it on a Thai system (names in cp874, the
UTF-8 flag off): one .csv of villages, each naming one phone-sized photo (4000x3000 JPEG of
noise, ~3.2 MB: noise does not compress, as photos hardly do), as many photos as fill the .zip
to just under the cap. Then, for this checkout and for the peer's (default /work/main, given
MAX_UPLOAD_MB above the .zip so that it takes it), each on a new SQLite site in a temporary
directory with one gunicorn sync worker (the job runs in a thread of that worker): sign in,
upload, poll the job page until the preview, confirm, poll until done. Prints the worker's
RSS and peak RSS (VmHWM) idle before the upload and its peak at the end, each stage's time,
and the photos in the database afterwards. The peer reads cp874 names as cp437 (it cannot
find the photos), so its memory is measured on the same .zip with UTF-8 names. Targets (issues
22 and 23): the .zip at the cap imports; worker peak RSS under 400 MB.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import requests
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from cdd_click.media import MARKUP_SIGNATURES  # noqa: E402
from tests.servers import free_port  # noqa: E402 - after the path

PASSWORD = "zip upload bench password"
RUNNING = ("queued", "checking", "planning", "writing")
HEAD = "รหัสอ้างอิง,ชื่อ,คำอธิบายสั้น,ตำบล,อำเภอ,จังหวัด,ละติจูด,ลองจิจูด,สถานะ,รูปภาพ"


class WindowsThaiName(zipfile.ZipInfo):
    """A member named in cp874 with the UTF-8 flag off, as Windows writes it in Thai."""

    def _encodeFilenameFlags(self):  # noqa: N802 - zipfile's own hook
        return self.filename.encode("cp874"), self.flag_bits & ~0x800


def make_zips(path: Path, cap: int, seed: int) -> tuple[int, int]:
    """Fill ``path`` to just under ``cap`` bytes, names in cp874 without the UTF-8 flag, and
    ``path`` with ``-utf8`` the same with UTF-8 names (flagged); returns (photos, bytes)."""
    rng = random.Random(seed)
    photos = []
    room = cap - 64 * 1024  # the sheet and the zip's own records
    while True:
        out = io.BytesIO()
        Image.frombytes("RGB", (4000, 3000), rng.randbytes(4000 * 3000 * 3)).save(
            out, "JPEG", quality=30)
        if any(mark in out.getvalue().lower() for mark in MARKUP_SIGNATURES):
            continue  # noise that spells <svg or <html by chance is refused, as it should be
        if sum(len(p) for p in photos) + len(out.getvalue()) > room:
            break
        photos.append(out.getvalue())
    rows = [HEAD] + [f"Z-{n},บ้านภาพถ่ายหมายเลข {n} ม.{n},หมู่บ้านทดสอบรูปถ่าย,ต.ห้วยแก้ว,"
                     f"อ.แม่ออน,จ.เชียงใหม่,18.86,99.35,เผยแพร่,รูปบ้าน {n}.jpg"
                     for n in range(1, len(photos) + 1)]
    for target, named in ((path, WindowsThaiName), (utf8(path), zipfile.ZipInfo)):
        with zipfile.ZipFile(target, "w") as archive:
            archive.writestr(named("ตารางหมู่บ้าน.csv"), "\n".join(rows).encode("utf-8"))
            for n, data in enumerate(photos, start=1):
                archive.writestr(named(f"รูปถ่าย/รูปบ้าน {n}.jpg"), data)
    return len(photos), path.stat().st_size


def utf8(path: Path) -> Path:
    return path.with_name(path.stem + "-utf8.zip")


def memory(pid: int) -> tuple[int, int]:
    """(RSS, peak RSS VmHWM) of ``pid`` in MB."""
    status = Path(f"/proc/{pid}/status").read_text()
    return tuple(int(re.search(rf"{key}:\s+(\d+)", status).group(1)) // 1024
                 for key in ("VmRSS", "VmHWM"))


def token(session: requests.Session, url: str) -> str:
    page = session.get(url, timeout=120).text
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def poll(session: requests.Session, url: str) -> tuple[str, str, float]:
    started = time.perf_counter()
    while True:
        page = session.get(url, timeout=120).text
        state = re.search(r'data-state="([a-z]+)"', page).group(1)
        if state not in RUNNING:
            return state, page, time.perf_counter() - started
        time.sleep(1.0)


def run(code: Path, archive: Path, env_extra: dict[str, str], keep: bool) -> dict:
    """One site of ``code``'s checkout, the upload through it; its figures."""
    work = Path(tempfile.mkdtemp(prefix="zip-upload-bench-"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": str(code), "DATABASE_URL": f"sqlite:///{work / 's.db'}",
           "SEARCH_INDEX_DIR": str(work / "index"), "MEDIA_DIR": str(work / "media"),
           "SECRET_KEY": "zip-upload-bench", "SITE_URL": base, "PORT": str(port),
           "WEB_CONCURRENCY": "1", "GUNICORN_ACCESS_LOG": "/dev/null", "LOG_FORMAT": "text",
           "GUNICORN_TIMEOUT": "120", **env_extra}
    flask = [sys.executable, "-m", "flask", "--app", "cdd_click"]
    subprocess.run([*flask, "setup", "--no-content"], cwd=code, env=env, check=True,
                   capture_output=True)
    subprocess.run([*flask, "users", "create", "zip-bench@cdd.go.th", "--role", "admin"],
                   cwd=code, env=env, check=True, capture_output=True,
                   input=f"{PASSWORD}\n{PASSWORD}\n", text=True)
    log = (work / "gunicorn.log").open("w")
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py",
                               "wsgi:app"], cwd=code, env=env, stdout=log,
                              stderr=subprocess.STDOUT)
    figures: dict = {}
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                requests.get(base + "/healthz", timeout=2)
                break
            except requests.ConnectionError:
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
        session = requests.Session()
        session.post(base + "/admin/login", data={
            "email": "zip-bench@cdd.go.th", "password": PASSWORD,
            "csrf_token": token(session, base + "/admin/login")}, timeout=120)
        upload_token = token(session, base + "/admin/import")
        worker = int(Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()[0])
        figures["idle"] = memory(worker)
        started = time.perf_counter()
        with archive.open("rb") as upload:
            answer = session.post(base + "/admin/import", files={"sheet": (
                "รูปหมู่บ้าน.zip", upload, "application/zip")},
                data={"csrf_token": upload_token}, allow_redirects=False, timeout=300)
        figures["upload_s"] = time.perf_counter() - started
        figures["after_upload"] = memory(worker)
        assert answer.status_code == 303, (answer.status_code, answer.text[-3000:])
        job = base + answer.headers["Location"].removeprefix(base)
        state, page, figures["check_s"] = poll(session, job)
        assert state == "checked", (state, re.sub(r"\s+", " ", page)[-3000:])
        figures["after_check"] = memory(worker)
        confirm = re.search(r'action="(/admin/import/jobs/\d+/confirm)"', page).group(1)
        session.post(base + confirm, data={"csrf_token": token(session, job)},
                     allow_redirects=False, timeout=120)
        state, page, figures["import_s"] = poll(session, job)
        figures["state"] = state
        figures["done"] = memory(worker)
        figures["photos"] = subprocess.run(
            [sys.executable, "-c", "from cdd_click import create_app\nfrom cdd_click.extensions "
             "import db\nfrom cdd_click.models import Photo\nwith create_app().app_context():\n"
             "    print(db.session.query(Photo).count())"],
            cwd=code, env=env, check=True, capture_output=True, text=True).stdout.strip()
    finally:
        server.terminate()
        server.wait(timeout=60)
        log.close()
        if keep:
            print(f"kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return figures


def report(name: str, f: dict) -> None:
    print(f"{name}: upload {f['upload_s']:.1f} s, check {f['check_s']:.1f} s, import "
          f"{f['import_s']:.1f} s, state {f['state']}, photos in the database {f['photos']}")
    for stage in ("idle", "after_upload", "after_check", "done"):
        rss, peak = f[stage]
        print(f"  {stage:13} RSS {rss:4} MB  peak (VmHWM) {peak:4} MB")
    print(f"  peak growth over idle: {f['done'][1] - f['idle'][1]} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=100, help="IMPORT_MAX_UPLOAD_MB (the cap)")
    parser.add_argument("--peer", default="/work/main", help="the checkout to compare with")
    parser.add_argument("--no-peer", action="store_true")
    parser.add_argument("--seed", type=int, default=23)
    parser.add_argument("--keep", action="store_true", help="keep the work directories")
    options = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="zip-upload-file-"))
    try:
        archive = folder / "photos.zip"
        photos, size = make_zips(archive, options.mb * 1024 * 1024, options.seed)
        print(f".zip: {photos} photos of 4000x3000, {size:,} bytes ({size / 1048576:.1f} MB), "
              f"names in cp874 without the UTF-8 flag; cap {options.mb} MB")
        ours = run(ROOT, archive, {"IMPORT_MAX_UPLOAD_MB": str(options.mb)}, options.keep)
        report(f"this checkout ({ROOT})", ours)
        if not options.no_peer:
            try:  # the peer reads cp874 names as cp437: its memory is measured on UTF-8 names
                peer = run(Path(options.peer), utf8(archive),
                           {"MAX_UPLOAD_MB": str(options.mb + 1)}, options.keep)
                report(f"peer ({options.peer}, MAX_UPLOAD_MB={options.mb + 1}, the same .zip with "
                       "UTF-8 names)", peer)
            except (AssertionError, subprocess.CalledProcessError) as failed:
                print(f"peer ({options.peer}): did not complete: {str(failed)[:600]}")
        print(f"targets: imports at the cap: {'met' if ours['state'] == 'done' else 'MISSED'}; "
              f"worker peak {ours['done'][1]} MB < 400 MB: "
              f"{'met' if ours['done'][1] < 400 else 'MISSED'}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
