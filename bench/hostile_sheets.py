"""Hostile spreadsheets: the peak memory of reading each one, and what the reader answers.

    .venv/bin/python bench/hostile_sheets.py [--only NAME,NAME] [--keep DIR]

Builds each file in a temporary folder, then reads it in a child process of its own through the
real code an upload goes through (``sheets.read_workbook`` then ``importer.plan_import`` with no
user, on a migrated SQLite database with the geography seeded) and reports that child's peak
resident memory (its VmHWM, read by the child as it ends; ``ru_maxrss`` from ``os.wait4`` if it
crashed) and its answer: refused with a Thai message
(``SheetError``), planned (rows, refusals), or an unhandled exception (a 500 on the site).

The files, all under the upload cap (``MAX_CONTENT_LENGTH``, 10 MB):
  shared-strings-1mb    the probe's bomb: sharedStrings.xml inflating to 1 GB from ~1 MB
  shared-strings-cap    the same at the cap: ~10 GB from ~10 MB (ZIP64); never run before the fix
  lying-header          sharedStrings.xml declaring 1 KB in its header and holding 1 GB
  billion-laughs        nested entities in sharedStrings.xml
  xxe                   an external entity (file:///etc/passwd) in sharedStrings.xml
  deep-nesting          5 million elements, nested 1,000 deep, inside sheetData
  wide-row              one row of 5 million cells
  blank-rows            village headers, then one cell in row 1,048,576 (a million rows to walk)
  shared-strings-limit  sharedStrings.xml just under its size limit, strings with an emoji each
  bad-crc               a real workbook with one byte of a part changed
  truncated             a real workbook cut in half
  csv-long-field        a CSV whose one field is 200,000 characters
  zip-csv-bomb          a .zip holding a 450 MB CSV (~0.5 MB compressed)
  tall-photo            a .zip: one good village row and its 400x20,000 PNG photo
  legit-100k            a real 100,000-row workbook made with openpyxl (26 columns, ~10 MB)

Before the limits (the same files read by the code of commit 69243ea, without defusedxml, once;
peak RSS from ru_maxrss): shared-strings-1mb 2,190 MB and read as if good; deep-nesting 815 MB
(51 s); wide-row 2,350 MB (154 s); zip-csv-bomb past 1.9 GB when stopped after a minute;
billion-laughs, xxe, bad-crc, csv-long-field and tall-photo an unhandled exception (a 500);
legit-100k 361 MB (35 s). shared-strings-cap was not run (about 9 GB).

Target: every file answered with a peak RSS under 400 MB: each hostile one refused with a Thai
message (or its rows refused), the one at the limits read, the 100,000-row file planned without
a refusal. Prints "met" or "NOT MET" (exit 1).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

UPLOAD_CAP = 10 * 1024 * 1024
RSS_LIMIT_MB = 400.0
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
XML_HEAD = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
LEGIT_ROWS = 100_000


# -- writing zip files by hand (huge members are streamed, never held) ---------------------------

@dataclass
class Run:
    """A member made of ``head`` + ``unit`` * ``count`` + ``tail``, deflated without holding it."""

    head: bytes
    unit: bytes
    count: int
    tail: bytes


def _deflate_run(run: Run) -> tuple[bytes, int, int]:
    """(raw deflate stream, CRC-32, size) of a Run. Each 1 MB block of units is compressed once
    after a full flush, so identical blocks give identical bytes and the stream is built by
    repetition; the CRC is computed over the real bytes."""
    per_block = max(1, (1 << 20) // len(run.unit))
    block = run.unit * per_block
    blocks, rest = divmod(run.count, per_block)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    out = [compressor.compress(run.head) + compressor.flush(zlib.Z_FULL_FLUSH)]
    crc = zlib.crc32(run.head)
    if blocks:
        packed = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
        out.append(packed * blocks)
        for _ in range(blocks):
            crc = zlib.crc32(block, crc)
    last = run.unit * rest + run.tail
    out.append(compressor.compress(last) + compressor.flush())
    crc = zlib.crc32(last, crc)
    return b"".join(out), crc, len(run.head) + len(block) * blocks + len(last)


def write_zip(path: Path, members: list[tuple[str, bytes | Run]],
              declared: dict[str, int] | None = None) -> None:
    """A deflated zip of ``members``; ``declared`` overrides a member's size in its headers
    (a lie). Members over 4 GB get ZIP64 extra fields."""
    declared = declared or {}
    central, offset = [], 0
    with path.open("wb") as out:
        for name, payload in members:
            if isinstance(payload, Run):
                data, crc, size = _deflate_run(payload)
            else:
                packer = zlib.compressobj(9, zlib.DEFLATED, -15)
                data = packer.compress(payload) + packer.flush()
                crc, size = zlib.crc32(payload), len(payload)
            size = declared.get(name, size)
            raw_name = name.encode()
            big = size >= 0xFFFFFFFF
            extra = struct.pack("<HHQQ", 1, 16, size, len(data)) if big else b""
            small = (0xFFFFFFFF, 0xFFFFFFFF) if big else (len(data), size)
            out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 45 if big else 20, 0, 8, 0, 0,
                                  crc, *small, len(raw_name), len(extra)))
            out.write(raw_name + extra + data)
            central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 45, 45 if big else 20,
                                       0, 8, 0, 0, crc, *small, len(raw_name), len(extra), 0, 0,
                                       0, 0, offset) + raw_name + extra)
            offset += 30 + len(raw_name) + len(extra) + len(data)
        directory = b"".join(central)
        out.write(directory)
        out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central),
                              len(directory), offset, 0))


# -- the files --------------------------------------------------------------------------------

VILLAGE_HEAD = ["รหัสอ้างอิง", "ชื่อ", "คำอธิบายสั้น", "ตำบล", "หมู่ที่", "ละติจูด", "ลองจิจูด", "รูปภาพ"]
VILLAGE_ROW = ["BV-1", "บ้านทดสอบ", "หมู่บ้านสำหรับทดสอบ", "502304", 3, 18.86, 99.35, ""]


def base_members(rows: list[list] | None = None) -> dict[str, bytes]:
    """The parts of a small real workbook (made by openpyxl): a village sheet and shared strings."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "หมู่บ้าน"
    for row in [VILLAGE_HEAD, *(rows or [VILLAGE_ROW])]:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    # openpyxl writes inline strings; declare a shared-strings part, as Excel's files have,
    # so that a reader loads the one put in its place
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    parts.setdefault("xl/sharedStrings.xml", XML_HEAD + f'<sst xmlns="{MAIN_NS}" count="0" '
                     'uniqueCount="0"/>'.encode())
    return parts


PARTS = {"strings": "xl/sharedStrings.xml", "sheet": "xl/worksheets/sheet1.xml"}


def _strings_run(total: int) -> Run:
    head = XML_HEAD + f'<sst xmlns="{MAIN_NS}" count="1" uniqueCount="1"><si><t>'.encode()
    return Run(head, b"A" * 1024, total // 1024, b"</t></si></sst>")


def _sheet_xml(inside: bytes) -> bytes:
    return XML_HEAD + f'<worksheet xmlns="{MAIN_NS}"><sheetData>'.encode() + inside + \
        b"</sheetData></worksheet>"


def _sheet_run(head: bytes, unit: bytes, count: int, tail: bytes) -> Run:
    return Run(XML_HEAD + f'<worksheet xmlns="{MAIN_NS}"><sheetData>'.encode() + head, unit,
               count, tail + b"</sheetData></worksheet>")


def _laughs() -> bytes:
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    return (XML_HEAD + f'<!DOCTYPE sst [{entities}]><sst xmlns="{MAIN_NS}" count="1" '
            'uniqueCount="1"><si><t>&lol9;</t></si></sst>'.encode())


def _xxe() -> bytes:
    return (XML_HEAD + b'<!DOCTYPE sst [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
            + f'<sst xmlns="{MAIN_NS}" count="1" uniqueCount="1"><si><t>&e;</t></si></sst>'
            .encode())


def _tall_photo_zip(folder: Path) -> Path:
    from PIL import Image

    path = folder / "tall-photo.zip"
    image = io.BytesIO()
    Image.new("RGB", (400, 20_000), (200, 160, 90)).save(image, "PNG")
    head = ",".join(VILLAGE_HEAD)
    row = ",".join(str(v) for v in VILLAGE_ROW[:-1]) + ",tall.png"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("villages.csv", f"{head}\n{row}\n".encode())
        archive.writestr("photos/tall.png", image.getvalue())
    return path


LISTING_HEAD = ["รหัสอ้างอิง", "ชื่อลิงก์ (slug)", "ชื่อ", "ชื่อภาษาอังกฤษ", "คำอธิบายสั้น",
                "คำอธิบายสั้นภาษาอังกฤษ", "รายละเอียด", "ประเภท", "หมู่บ้าน", "หมวด OTOP",
                "ระดับดาว OTOP", "ปีที่คัดสรร OTOP (พ.ศ.)", "ผู้ผลิต", "ราคาต่ำสุด (บาท)",
                "ราคาสูงสุด (บาท)", "โทรศัพท์", "LINE ID", "อีเมล", "เว็บไซต์", "Facebook",
                "เวลาทำการ", "ละติจูด", "ลองจิจูด", "คำค้น", "สถานะ", "รูปภาพ"]
WORDS = ["ผ้าไหม", "ข้าวหอม", "น้ำพริก", "จักสาน", "สมุนไพร", "กาแฟ", "ชาใบหม่อน", "เครื่องปั้น",
         "ผ้าฝ้าย", "ไม้แกะสลัก", "ดอกไม้ประดิษฐ์", "ขนมไทย", "น้ำผึ้ง", "ปลาร้า", "ผ้าคราม"]
KINDS = ["ผลิตภัณฑ์ OTOP", "สินค้าชุมชน", "สถานที่ท่องเที่ยว", "กิจกรรมและประสบการณ์"]
CATEGORIES = ["อาหาร", "เครื่องดื่ม", "ผ้าและเครื่องแต่งกาย", "ของใช้ ของตกแต่ง ของที่ระลึก"]


def legit_workbook(path: Path, rows: int = LEGIT_ROWS, seed: int = 7) -> None:
    """A real workbook as an office would fill the template: 1% villages, the rest listings with
    26 columns each (Thai titles and descriptions, phones, prices, coordinates)."""
    import geothai
    from openpyxl import Workbook

    rng = random.Random(seed)
    places = [s for p in geothai.provinces()[:10] for d in geothai.districts(p.code)
              for s in geothai.subdistricts(d.code)]
    book = Workbook(write_only=True)
    villages, listings = book.create_sheet("หมู่บ้าน"), book.create_sheet("สินค้าและที่เที่ยว")
    villages.append(["รหัสอ้างอิง", "ชื่อ", "คำอธิบายสั้น", "ตำบล", "หมู่ที่", "ละติจูด", "ลองจิจูด"])
    count = rows // 100
    for n in range(count):
        villages.append([f"BV-{n:05d}", f"บ้าน{rng.choice(WORDS)}{n}",
                         f"หมู่บ้าน{rng.choice(WORDS)}และ{rng.choice(WORDS)}",
                         rng.choice(places).code, rng.randint(1, 20),
                         round(14 + rng.random(), 4), round(100 + rng.random(), 4)])
    listings.append(LISTING_HEAD)

    def some(*values: str, share: float = 0.2) -> list[str | None]:
        """The optional columns: filled on ``share`` of the rows."""
        return list(values) if rng.random() < share else [None] * len(values)

    for n in range(rows - count):
        word, other = rng.choice(WORDS), rng.choice(WORDS)
        listings.append([
            f"OTOP-{n:06d}", None, f"{word}{other}ชุมชน {n}", *some(f"Community {n}"),
            f"{word}ทำมือจากกลุ่มแม่บ้าน {other}คุณภาพดี", *some(f"Handmade {n}"),
            f"{word}{other}" if rng.random() < 0.3 else None, KINDS[0],
            f"BV-{n % count:05d}", rng.choice(CATEGORIES), rng.randint(1, 5),
            rng.choice([2562, 2565, 2566]), *some(f"กลุ่ม{other}"), rng.randint(20, 200),
            rng.randint(200, 900), *some(f"08{rng.randint(10_000_000, 99_999_999)}", share=0.5),
            *some(f"otop{n}", f"shop{n}@example.com"),
            *some(f"https://example.com/{n}", f"https://facebook.com/{n}"),
            "ทุกวัน 8.00-17.00", *([round(13 + rng.random() * 5, 4), round(99 + rng.random() * 5, 4)]
                                 if rng.random() < 0.5 else [None, None]),
            f"{word}, {other}", "เผยแพร่", None])
    book.save(path)


def _xlsx(folder: Path, name: str, *, declared: dict[str, int] | None = None,
          **changes: bytes | Run) -> Path:
    path = folder / f"{name}.xlsx"
    members = dict(base_members())
    for key, value in changes.items():
        members[PARTS[key]] = value
    write_zip(path, list(members.items()), declared)
    return path


def _damaged(folder: Path, name: str, damage) -> Path:
    good, path = folder / "good.xlsx", folder / f"{name}.xlsx"
    legit_workbook(good, rows=200)
    path.write_bytes(damage(good))
    good.unlink()
    return path


def _flip_byte(good: Path) -> bytes:
    """A byte inside the deflated data of the listings sheet, changed."""
    data = bytearray(good.read_bytes())
    with zipfile.ZipFile(good) as archive:
        info = archive.getinfo("xl/worksheets/sheet2.xml")
    data[info.header_offset + 30 + len(info.filename) + len(info.extra) + 50] ^= 0x01
    return bytes(data)


def _text_file(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _strings_at_limit(folder: Path) -> Path:
    """The most a worker may be asked to hold: shared strings filling sharedStrings.xml up to
    its size limit, each one made four bytes a character in Python by an emoji."""
    from cdd_click.content.sheets import MAX_SHARED_STRINGS, MAX_SHARED_STRINGS_BYTES

    item = "<si><t>\U0001F600{:07d}AAAAAAAAAAAAAAA</t></si>"
    count = min(MAX_SHARED_STRINGS, int(MAX_SHARED_STRINGS_BYTES * 0.99) // 42)
    strings = (XML_HEAD + f'<sst xmlns="{MAIN_NS}" count="{count}" uniqueCount="{count}">'
               .encode() + "".join(item.format(n) for n in range(count)).encode() + b"</sst>")
    return _xlsx(folder, "shared-strings-limit", strings=strings)


def _csv_bomb(folder: Path) -> Path:
    path = folder / "zip-csv-bomb.zip"
    head = (",".join(VILLAGE_HEAD) + "\n").encode()
    write_zip(path, [("villages.csv", Run(head, b",,,,,,,\n", 450_000_000 // 8, b""))])
    return path


def _legit(folder: Path) -> Path:
    path = folder / "legit-100k.xlsx"
    legit_workbook(path)
    return path


BUILDERS = {
    "shared-strings-1mb": lambda f: _xlsx(f, "shared-strings-1mb", strings=_strings_run(1 << 30)),
    "shared-strings-cap": lambda f: _xlsx(f, "shared-strings-cap",
                                          strings=_strings_run(9_800 << 20)),
    "lying-header": lambda f: _xlsx(f, "lying-header", strings=_strings_run(1 << 30),
                                    declared={PARTS["strings"]: 1024}),
    "billion-laughs": lambda f: _xlsx(f, "billion-laughs", strings=_laughs()),
    "xxe": lambda f: _xlsx(f, "xxe", strings=_xxe()),
    "deep-nesting": lambda f: _xlsx(f, "deep-nesting", sheet=_sheet_run(
        b"", b"<x>" * 1000 + b"</x>" * 1000, 5_000, b"")),
    "wide-row": lambda f: _xlsx(f, "wide-row", sheet=_sheet_run(
        b'<row r="1">', b"<c><v>1</v></c>", 5_000_000, b"</row>")),
    "blank-rows": lambda f: _xlsx(f, "blank-rows", sheet=_sheet_xml((
        "<row>" + "".join(f'<c t="inlineStr"><is><t>{head}</t></is></c>'
                          for head in ("ชื่อ", "คำอธิบายสั้น", "ตำบล")) + "</row>"
        '<row r="1048576"><c r="A1048576"><v>1</v></c></row>').encode())),
    "shared-strings-limit": _strings_at_limit,
    "bad-crc": lambda f: _damaged(f, "bad-crc", _flip_byte),
    "truncated": lambda f: _damaged(f, "truncated",
                                    lambda good: good.read_bytes()[: good.stat().st_size // 2]),
    "csv-long-field": lambda f: _text_file(f, "csv-long-field.csv", ",".join(VILLAGE_HEAD)
                                           + "\n" + "x" * 200_000 + ",b\n"),
    "zip-csv-bomb": _csv_bomb,
    "tall-photo": _tall_photo_zip,
    "legit-100k": _legit,
}


def build(name: str, folder: Path) -> Path:
    """Write the file ``name`` into ``folder``; returns its path."""
    return BUILDERS[name](folder)


NAMES = list(BUILDERS)


# -- reading, in a child process -----------------------------------------------------------------

def _config(url: str, folder: Path) -> dict:
    return {"TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url,
            "SEARCH_INDEX_DIR": str(folder / "index"), "MEDIA_DIR": str(folder / "media"),
            "SITE_URL": "http://localhost"}


def make_database(folder: Path) -> str:
    """A migrated SQLite database with the geography seeded (run in its own process)."""
    url = f"sqlite:///{folder / 'site.sqlite3'}"
    script = ("import sys; sys.path.insert(0, sys.argv[3]);"
              "from pathlib import Path; from flask_migrate import upgrade;"
              "from cdd_click import create_app; from cdd_click.extensions import db;"
              "from cdd_click.geography import seed_geography;"
              "import hostile_sheets as h;"
              "app = create_app(h._config(sys.argv[1], Path(sys.argv[2])));"
              "ctx = app.app_context(); ctx.push(); upgrade(); seed_geography();"
              "db.session.commit()")
    subprocess.run([sys.executable, "-c", script, url, str(folder), str(Path(__file__).parent)],
                   check=True, cwd=ROOT, capture_output=True)
    return url


def child(path: str, url: str) -> None:
    """Read one file as an upload is read; print the answer as one JSON line."""
    from cdd_click import create_app
    from cdd_click.content import importer, sheets

    app = create_app(_config(url, Path(path).parent))
    with app.app_context():
        data = Path(path).read_bytes()
        started = time.perf_counter()
        try:
            plan = importer.plan_import(sheets.read_workbook(Path(path).name, data))
        except sheets.SheetError as problem:
            answer = {"outcome": "refused", "message": str(problem)}
        except Exception as problem:  # noqa: BLE001 - what the site would answer with a 500
            answer = {"outcome": "error", "message": f"{type(problem).__name__}: {problem}"[:200]}
        else:
            first = str(plan.refusals[0]) if plan.refusals else ""
            answer = {"outcome": "planned", "rows": sum(plan.counts.values()),
                      "refusals": plan.refused_total, "message": first[:200]}
        answer["seconds"] = round(time.perf_counter() - started, 2)
    status = Path("/proc/self/status").read_text()
    answer["peak_kb"] = int(status.split("VmHWM:")[1].split()[0])
    print(json.dumps(answer, ensure_ascii=False))


def read_in_child(path: Path, url: str) -> dict:
    """The child's answer and its peak RSS in MB."""
    process = subprocess.Popen([sys.executable, __file__, "--child", str(path), url], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    out, err = process.stdout.read().decode(), process.stderr.read().decode()
    process.stdout.close()
    process.stderr.close()
    lines = [line for line in out.splitlines() if line.startswith("{")]
    answer = json.loads(lines[-1]) if lines else \
        {"outcome": "crashed", "message": f"status {status}: {err.strip()[-200:]}"}
    # The child's own high-water mark since exec; ru_maxrss also counts the parent's pages
    # at fork (large after building a big file), so it is only the fallback for a crash.
    answer["peak_mb"] = answer.pop("peak_kb", usage.ru_maxrss) / 1024
    return answer


def judge(name: str, size: int, answer: dict) -> bool:
    """Met for one file: under the cap, answered, memory under the limit; the real file planned
    whole, each other file refused (a Thai message, or its rows refused)."""
    if size > UPLOAD_CAP or answer["peak_mb"] >= RSS_LIMIT_MB:
        return False
    if name == "legit-100k":
        return answer["outcome"] == "planned" and answer["rows"] == LEGIT_ROWS and \
            not answer["refusals"]
    if name == "shared-strings-limit":  # within every limit: read, whatever it answers
        return answer["outcome"] in ("planned", "refused")
    refused = answer["outcome"] == "refused" or \
        (answer["outcome"] == "planned" and answer["refusals"] > 0)
    return refused and any("\u0e00" <= ch <= "\u0e7f" for ch in answer["message"])


def sheet_family(names: list[str] | None = None, keep: Path | None = None) -> list[dict]:
    """Build and read each hostile file (``names``: all by default); one result per file:
    name, size, peak RSS (MB), the answer, and whether it met the target."""
    results = []
    with tempfile.TemporaryDirectory(prefix="hostile-sheets-") as temporary:
        folder = keep or Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        url = make_database(folder)
        for name in ["baseline", *(names or NAMES)]:
            if name == "baseline":
                path = folder / "baseline.csv"
                path.write_text(",".join(VILLAGE_HEAD) + "\n" + ",".join(map(str, VILLAGE_ROW))
                                + "\n", encoding="utf-8")
            else:
                path = build(name, folder)
            answer = read_in_child(path, url)
            size = path.stat().st_size
            met = True if name == "baseline" else judge(name, size, answer)
            results.append({"name": name, "bytes": size, **answer, "met": met})
            if not keep:
                path.unlink()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="comma-separated file names (default: all)")
    parser.add_argument("--keep", type=Path, help="build and keep the files in this folder")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return 0
    names = args.only.split(",") if args.only else None
    results = sheet_family(names, args.keep)
    print(f"{'file':<20} {'size':>9} {'peak RSS':>9} {'time':>7}  answer")
    for row in results:
        answer = row["outcome"] + (f" {row['rows']} rows, {row['refusals']} refused"
                                   if row["outcome"] == "planned" else "")
        print(f"{row['name']:<20} {row['bytes'] / 1024 / 1024:>7.2f}MB {row['peak_mb']:>7.0f}MB "
              f"{row.get('seconds', 0):>6.1f}s  {'ok ' if row['met'] else 'BAD'} {answer}: "
              f"{row['message']}")
    met = all(row["met"] for row in results)
    print(f"target: every file answered, peak RSS < {RSS_LIMIT_MB:.0f} MB, the real "
          f"{LEGIT_ROWS:,}-row file planned whole: {'met' if met else 'NOT MET'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
