#!/usr/bin/env bash
# Load test: wrk against gunicorn (2 sync workers, WEB_CONCURRENCY=2) on 127.0.0.1, on a site of
# --items synthetic villages and listings (default 50,000), every run with 2 wrk threads and 16
# connections sending "Accept-Encoding: gzip, br" (the app answers brotli, quality 4, for HTML and
# JSON over 500 bytes; /healthz is smaller and goes uncompressed).
#
#   bench/load.sh [SECONDS_PER_RUN] [--items N] [--reuse DIR] [--seed N] [--hot N] [--targets]
#
#   SECONDS_PER_RUN  length of each measured run (default 10)
#   --items N        villages + listings made by bench/populate.py (default 50000; a tenth are
#                    villages), on top of the shipped content/ (needed by the publishing run)
#   --villages N     how many of them are villages (issue 25's 100,000: --villages 20000)
#   --reuse DIR      keep the site (SQLite database, search index, media, path lists) in DIR and
#                    reuse it when DIR already holds one; without it a temporary site is built
#                    and removed at exit. The runs use a copy of the database and index, so a
#                    reused site stays as built. DATABASE_URL is honoured (default: SQLite in
#                    DIR; an external database is used in place, publishes and all).
#   --seed N         seed of the request orders (default 42)
#   --hot N          pages in the warm-cache run (default 500)
#   --targets        server 1 only: the runs the targets are judged on (pages_nocache,
#                    search_api) and their yardstick (trivial); about a minute on a built site
#
# Building: `flask setup` (schema, geography, shipped content), bench/populate.py (timed), then
# `flask index rebuild` (timed). Both times are printed (and kept in DIR/build.txt).
#
# What each run measures (bench/rotate.lua drives wrk: each thread requests every path of a
# list in its own seeded random order, and counts statuses, X-Page-Cache and Content-Encoding).
# Each server is warmed up first (2 s of English pages, 2 s of searches: templates compiled, index
# open; English pages have their own cache keys, so no measured page is cached by the warm-up).
# Before each run the script waits (60 s at most) for other processes to leave the CPUs. The
# "others %" column is the share of all CPUs that processes other than this test's server and
# clients used in the second before the run / during the run (from /proc): figures taken while
# others were busy are not comparable. The runs that leave the server as they found it (all but
# pages_cache and mixed) are run again, 3 times at most, when others used > 25% during them.
#   server 1, PAGE_CACHE=0 (in this order: the trivial run makes gunicorn recycle the workers):
#   pages_nocache   every village and listing page: each request renders its page from the
#                   database. The cost of a cache miss.
#   search_api      GET /api/v1/search?q=... over a query mix drawn from the populated data
#                   (village names, Thai and English places, product words, English words,
#                   two-word queries). The API is never page-cached.
#   trivial         GET /healthz (JSON, no database): the server's ceiling on this machine.
#   server 2, PAGE_CACHE=1, production settings:
#   pages_cache     every village and listing page, each requested about once in a run, so mostly
#                   misses; hits and misses are counted. The cache is per worker (SimpleCache, at
#                   most 2,000 entries, emptied when gunicorn recycles a worker every ~5,000
#                   requests) unless CACHE_REDIS_URL is set.
#   mixed           pages_cache's rotation (another order) while an admin publishes/unpublishes a
#                   listing 20 times over HTTP; every publish changes every page's cache key.
#                   Reports throughput, errors and whether any write was lost.
#   server 3, PAGE_CACHE=1 and GUNICORN_MAX_REQUESTS=0 (no worker recycling, so caches survive):
#   pages_warm      a hot set of --hot pages, after 3 s priming passes until >= 98% hits (6 at
#                   most): the cost of a cache hit. Its hit ratio is printed with it.
#
# Targets checked (issue 11), each over the run's own req/s, p99 and error counts:
#   pages_nocache  req/s >= 25% of trivial, p99 < 250 ms, 0 non-2xx, 0 socket errors
#   search_api     req/s >=  8% of trivial, p99 < 400 ms, 0 non-2xx, 0 socket errors
# The other runs are reported, not judged.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=10 ITEMS=50000 VILLAGES="" REUSE="" SEED=42 HOT=500 TARGETS_ONLY=""
while [ $# -gt 0 ]; do
  case "$1" in
    --items) ITEMS="$2"; shift 2 ;;
    --villages) VILLAGES="$2"; shift 2 ;;
    --reuse) REUSE="$2"; shift 2 ;;
    --seed) SEED="$2"; shift 2 ;;
    --hot) HOT="$2"; shift 2 ;;
    --targets) TARGETS_ONLY=1; shift ;;
    [0-9]*) DURATION="$1"; shift ;;
    *) echo "usage: bench/load.sh [SECONDS] [--items N] [--villages N] [--reuse DIR] [--seed N]" \
         "[--hot N] [--targets]" >&2
       exit 2 ;;
  esac
done
CONNECTIONS=16
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
PY=.venv/bin/python FLASK=".venv/bin/flask --app cdd_click"

if [ -n "$REUSE" ]; then mkdir -p "$REUSE"; SITE="$(cd "$REUSE" && pwd)"; else SITE="$(mktemp -d)"; fi
WORK="$(mktemp -d)"
SERVER=""
stop_server() {
  if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
  SERVER=""
}
cleanup() { stop_server; rm -rf "$WORK"; [ -n "$REUSE" ] || rm -rf "$SITE"; }
trap cleanup EXIT

OWN_DB=""; [ -n "${DATABASE_URL:-}" ] || OWN_DB=1
export DATABASE_URL="${DATABASE_URL:-sqlite:///$SITE/load.sqlite3}"
export SEARCH_INDEX_DIR="$SITE/index" MEDIA_DIR="$SITE/media" SECRET_KEY="load-test"
export WEB_CONCURRENCY=2 GUNICORN_ACCESS_LOG=/dev/null LOG_FORMAT=json

# --- the site -------------------------------------------------------------------------------
if [ -f "$SITE/built" ]; then
  [ "$(cat "$SITE/built")" = "$ITEMS" ] \
    || echo "note: $SITE was built with --items $(cat "$SITE/built"), not $ITEMS" >&2
  echo "reusing the site in $SITE, built earlier:"
else
  echo "building a site of $ITEMS synthetic items in $SITE ..."
  $FLASK setup >"$SITE/setup.log" 2>&1
  printf 'load test password\n' | $FLASK users create load@cdd.go.th --role admin >/dev/null 2>&1
  $PY bench/populate.py --items "$ITEMS" ${VILLAGES:+--villages "$VILLAGES"} --seed "$SEED" \
    --urls "$SITE/urls.txt" \
    --queries "$SITE/queries.txt" 2>>"$SITE/setup.log" | tee "$SITE/build.txt" >/dev/null
  started=$(date +%s.%N)
  documents=$($FLASK index rebuild 2>>"$SITE/setup.log" | tail -1)
  echo "index rebuild: $documents in $(awk -v a="$started" -v b="$(date +%s.%N)" \
    'BEGIN { printf "%.1f", b - a }') s" >>"$SITE/build.txt"
  echo "$ITEMS" >"$SITE/built"
fi
sed 's/^/  /' "$SITE/build.txt"
if [ -n "$OWN_DB" ]; then  # the runs (publishes included) use a copy: a reused site stays as built
  cp -a "$SITE"/load.sqlite3* "$SITE/index" "$WORK/"
  export DATABASE_URL="sqlite:///$WORK/load.sqlite3" SEARCH_INDEX_DIR="$WORK/index"
fi
# A site built by older code gets the current schema (a no-op when it has it).
$FLASK db upgrade >>"$WORK/upgrade.log" 2>&1 || { cat "$WORK/upgrade.log" >&2; exit 1; }

echo "/healthz" >"$WORK/trivial.txt"
$PY - "$SITE/urls.txt" "$SITE/queries.txt" "$WORK" "$SEED" "$HOT" <<'PY'
import random, sys, urllib.parse
urls, queries, work, seed, hot = sys.argv[1:6]
paths = open(urls, encoding="utf-8").read().split()
# English versions of the pages: other cache keys, the same code; used to warm workers up.
open(f"{work}/english.txt", "w").write("".join(f"/en{path}\n" for path in paths))
random.Random(int(seed)).shuffle(paths)
open(f"{work}/hot.txt", "w").write("\n".join(paths[:int(hot)]) + "\n")
lines = [q for q in open(queries, encoding="utf-8").read().splitlines() if q.strip()]
open(f"{work}/search.txt", "w").write(
    "".join(f"/api/v1/search?q={urllib.parse.quote_plus(q)}\n" for q in lines))
print(f"paths: {len(paths):,} pages, {int(hot)} hot pages, {len(lines):,} search queries")
PY

# --- the server -----------------------------------------------------------------------------
start_server() {  # PAGE_CACHE value (0 or 1), then any VAR=value for gunicorn
  stop_server
  PORT="$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  export PORT
  BASE="http://127.0.0.1:$PORT"
  env PAGE_CACHE="$1" "${@:2}" .venv/bin/gunicorn -c gunicorn.conf.py wsgi:app \
    2>>"$WORK/gunicorn.log" &
  SERVER=$!
  for _ in $(seq 300); do curl -sf "$BASE/healthz" >/dev/null && break; sleep 0.1; done
  # Both workers render pages once (English pages: never the ones measured) and open the index.
  WRK_PATHS="$WORK/english.txt" WRK_SEED=$((SEED + 99)) wrk -t2 -c"$CONNECTIONS" -d2s \
    -s bench/rotate.lua "$BASE" >/dev/null 2>&1
  WRK_PATHS="$WORK/search.txt" WRK_SEED=$((SEED + 99)) wrk -t2 -c"$CONNECTIONS" -d2s \
    -s bench/rotate.lua "$BASE" >/dev/null 2>&1
}

quiet() {  # wait (60 s at most) until other processes use < 25% of the CPUs; print their share
  $PY - <<'PY'
import time
def sample():
    values = [int(v) for v in open("/proc/stat").readline().split()[1:]]
    return sum(values), values[3] + values[4]
deadline = time.monotonic() + 60
while True:
    total, idle = sample()
    time.sleep(1)
    total2, idle2 = sample()
    busy = 100 * (1 - (idle2 - idle) / max(1, total2 - total))
    if busy < 25 or time.monotonic() > deadline:
        break
print(f"{busy:.0f}")
PY
}

cpu_snapshot() {  # "all-CPU jiffies, busy jiffies, jiffies of the server (workers live or dead,
                  # and their children)"
  $PY - "$SERVER" <<'PY'
import os, sys
master = sys.argv[1]
values = [int(v) for v in open("/proc/stat").readline().split()[1:9]]
def fields(pid):
    text = open(f"/proc/{pid}/stat").read()
    return text[text.rindex(")") + 2:].split()  # state, ppid, ... utime=11 stime=12 cutime=13
ours = sum(int(v) for v in fields(master)[11:15])  # cutime/cstime: recycled workers
for pid in filter(str.isdigit, os.listdir("/proc")):
    try:
        info = fields(pid)
    except OSError:
        continue
    if info[1] == master:
        ours += sum(int(v) for v in info[11:15])
print(sum(values), sum(values) - values[3] - values[4], ours)
PY
}

others_share() {  # before after times-file: % of all CPUs used by processes not of this test
  $PY - "$1" "$2" "$3" <<'PY'
import os, re, sys
before, after = ([int(v) for v in arg.split()] for arg in sys.argv[1:3])
children = open(sys.argv[3]).read().splitlines()[1]  # wrk (and publish_loop): "0m1.2s 0m0.3s"
seconds = sum(int(m) * 60 + float(s) for m, s in re.findall(r"(\d+)m([\d.]+)s", children))
total, busy, ours = (a - b for a, b in zip(after, before, strict=True))
client = seconds * os.sysconf("SC_CLK_TCK")
print(f"{max(0.0, 100 * (busy - ours - client) / max(1, total)):.0f}")
PY
}

run_once() {  # name paths-file seconds seed: one wrk run; prints "key=value..." of it
  local name="$1" paths="$2" seconds="$3" seed="$4" busy=0 line before during
  [ "${QUIET:-1}" = 0 ] || busy="$(quiet)"
  before="$(cpu_snapshot)"
  (
    WRK_PATHS="$paths" WRK_SEED="$seed" wrk -t2 -c"$CONNECTIONS" -d"${seconds}s" \
      -s bench/rotate.lua "$BASE" >"$WORK/$name.out" 2>&1 &
    if [ -n "${PUBLISH:-}" ]; then
      $PY bench/publish_loop.py "$BASE" "$PUBLISH" >"$WORK/publish.txt" 2>&1 || true
    fi
    wait || true
    times >"$WORK/$name.times"
  )
  during="$(others_share "$before" "$(cpu_snapshot)" "$WORK/$name.times")"
  line="$(grep '^RESULT' "$WORK/$name.out" || true)"
  [ -n "$line" ] || { echo "wrk failed for $name:" >&2; cat "$WORK/$name.out" >&2; exit 1; }
  echo "${line#RESULT } before=$busy during=$during"
}

measure() {  # name paths-file [seconds] [seed]: appends "name key=value..." to results
  # PUBLISH=N: an admin publishes/unpublishes a listing N times during the run. QUIET=0: no wait
  # for a quiet machine. RETRY=1: a run during which other processes used > 25% of the CPUs is
  # run again (3 tries at most; the least disturbed one is kept) - only for runs that leave the
  # server as they found it.
  local name="$1" paths="$2" seconds="${3:-$DURATION}" seed="${4:-$SEED}" result best=""
  local best_during=101 during
  for attempt in 1 2 3; do
    result="$(run_once "$name" "$paths" "$seconds" "$seed")"
    during="${result##*during=}"
    echo "  $name: $result" >&2
    if [ "$during" -lt "$best_during" ]; then best="$result"; best_during="$during"; fi
    [ -n "${RETRY:-}" ] && [ "$during" -gt 25 ] && [ "$attempt" -lt 3 ] || break
    echo "  (others used $during% of the CPUs during $name: once more)" >&2
  done
  echo "$name $best" >>"$WORK/results.txt"
}

# Server 1 runs the trivial route last: its ~20,000 requests make gunicorn recycle the workers
# (max_requests 5,000), and the page and search runs should not start on freshly forked ones.
echo "server 1: PAGE_CACHE=0" >&2
start_server 0
RETRY=1 measure pages_nocache "$SITE/urls.txt"
RETRY=1 measure search_api "$WORK/search.txt"
RETRY=1 measure trivial "$WORK/trivial.txt"

if [ -z "$TARGETS_ONLY" ]; then
echo "server 2: PAGE_CACHE=1 (default settings)" >&2
start_server 1
measure pages_cache "$SITE/urls.txt"
PUBLISH=20 measure mixed "$SITE/urls.txt" "$DURATION" $((SEED + 7))

echo "server 3: PAGE_CACHE=1, GUNICORN_MAX_REQUESTS=0 (workers, and their caches, live on)" >&2
start_server 1 GUNICORN_MAX_REQUESTS=0
for pass in 1 2 3 4 5 6; do  # prime the hot pages in both workers' caches
  QUIET=0 measure "priming$pass" "$WORK/hot.txt" 3 $((SEED + pass)) 2>/dev/null
  ratio=$(awk -v p="priming$pass" '$1 == p { for (i = 2; i <= NF; i++) { split($i, kv, "=");
    v[kv[1]] = kv[2] } print (v["hit"] + v["miss"]) ? v["hit"] / (v["hit"] + v["miss"]) : 0 }' \
    "$WORK/results.txt")
  sed -i "/^priming$pass /d" "$WORK/results.txt"
  echo "  priming pass $pass: hit ratio $ratio" >&2
  awk -v r="$ratio" 'BEGIN { exit !(r >= 0.98) }' && break
done
RETRY=1 measure pages_warm "$WORK/hot.txt"
fi
stop_server

# --- the table ------------------------------------------------------------------------------
echo
echo "site: $ITEMS synthetic items + shipped content; wrk -t2 -c$CONNECTIONS, ${DURATION}s a run;" \
  "gunicorn 2 sync workers; Accept-Encoding: gzip, br; DB $(echo "$DATABASE_URL" | cut -d: -f1)"
$PY - "$WORK/results.txt" <<'PY'
import sys
rows = {}
for line in open(sys.argv[1]):
    name, *pairs = line.split()
    rows[name] = {k: float(v) for k, v in (pair.split("=") for pair in pairs)}
rows = {"trivial": rows.pop("trivial"), **rows}
trivial = rows["trivial"]["rps"]
targets = {"pages_nocache": (0.25, 250), "search_api": (0.08, 400)}
print(f"{'run':14}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}{'non-2xx':>9}{'sock err':>9}"
      f"{'ratio':>7}{'hit':>8}{'miss':>8}{'hit %':>7}{'others %':>10}  {'encoding':14} target")
for name, r in rows.items():
    ratio = r["rps"] / trivial
    cached = r["hit"] + r["miss"]
    hit_pct = f"{100 * r['hit'] / cached:.0f}" if cached else "-"
    enc = max(("br", "gzip", "identity"), key=lambda k: r[k])
    enc = f"{enc} {100 * r[enc] / max(1, r['br'] + r['gzip'] + r['identity']):.0f}%"
    verdict = "-"
    if name in targets:
        share, p99 = targets[name]
        ok = ratio >= share and r["p99_ms"] < p99 and r["non2xx"] == 0 and r["socket_errors"] == 0
        verdict = (f"{'met' if ok else 'MISSED'} (>= {share:.0%} of trivial, p99 < {p99} ms, "
                   "0 non-2xx, 0 socket errors)")
    print(f"{name:14}{r['rps']:>8.0f}{r['p50_ms']:>9.1f}{r['p99_ms']:>9.1f}{r['non2xx']:>9.0f}"
          f"{r['socket_errors']:>9.0f}{ratio:>7.2f}{r['hit']:>8.0f}{r['miss']:>8.0f}{hit_pct:>7}"
          f"{r['before']:>5.0f}/{r['during']:<4.0f}"
          f"  {enc:14} {verdict}")
PY
echo
[ -n "$TARGETS_ONLY" ] || sed 's/^/mixed run: /' "$WORK/publish.txt"
echo "server errors logged (all runs): $(grep -c '"level": "ERROR"' "$WORK/gunicorn.log" || true)"
