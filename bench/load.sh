#!/usr/bin/env bash
# Load test: wrk against gunicorn (2 workers) on 127.0.0.1, pages vs a trivial route, same run.
#
#   bench/load.sh [SECONDS_PER_ENDPOINT]      (default 10; DATABASE_URL honoured, else SQLite)
#
# Prints req/s, p50 and p99 latency and non-2xx counts for home, search (Thai queries), village,
# listing and article pages, the JSON search API and /healthz (the trivial route), each page's
# throughput as a ratio of the trivial route's, then a mixed run with admin publishes during load.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-10}"
CONNECTIONS=16
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
WORK="$(mktemp -d)"
export DATABASE_URL="${DATABASE_URL:-sqlite:///$WORK/load.sqlite3}"
export SEARCH_INDEX_DIR="$WORK/index" MEDIA_DIR="$WORK/media" SECRET_KEY="load-test"
export PORT="$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
export WEB_CONCURRENCY=2 GUNICORN_ACCESS_LOG=/dev/null LOG_FORMAT=json
.venv/bin/flask --app cdd_click setup >/dev/null 2>&1
printf 'load test password\n' | .venv/bin/flask --app cdd_click users create load@cdd.go.th --role admin >/dev/null
.venv/bin/gunicorn -c gunicorn.conf.py wsgi:app 2>"$WORK/gunicorn.log" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 100); do curl -sf "$BASE/healthz" >/dev/null && break; sleep 0.1; done

run() {  # name path [lua script]
  local name="$1" path="$2" script="${3:-}"
  local args=(-t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency)
  [ -n "$script" ] && args+=(-s "$script")
  wrk "${args[@]}" "$BASE$path" > "$WORK/$name.txt" 2>&1
  .venv/bin/python - "$WORK/$name.txt" "$name" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
def ms(label):
    m = re.search(rf"{label}%\s+([\d.]+)(us|ms|s)", text)
    value, unit = float(m.group(1)), m.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
bad = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
errors = re.search(r"Socket errors: .*", text)
print(f"{sys.argv[2]}\t{rps:.0f}\t{ms('50'):.1f}\t{ms('99'):.1f}\t{bad.group(1) if bad else 0}"
      + (f"\t{errors.group(0)}" if errors else ""))
PY
}

curl -sf "$BASE/search?q=warmup" >/dev/null
wrk -t2 -c"$CONNECTIONS" -d2s "$BASE/healthz" >/dev/null 2>&1  # warm both workers up
{
  run trivial "/healthz"
  run home "/"
  run village "/villages/ban-mae-kampong"
  run listing "/listings/phrae-wa-silk-ban-phon"
  run article "/articles/what-is-otop"
  run search "/search?q=%s" bench/search_queries.lua
  run search_api "/api/v1/search?q=%s" bench/search_queries.lua
} > "$WORK/results.tsv"

.venv/bin/python - "$WORK/results.tsv" <<'PY'
import sys
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1])]
trivial = float(rows[0][1])
targets = {"home": .35, "village": .35, "listing": .35, "article": .35, "search": .15,
           "search_api": .15, "trivial": 1}
print(f"{'endpoint':12}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}{'non-2xx':>9}{'ratio':>8}  target")
for name, rps, p50, p99, bad, *rest in rows:
    ratio = float(rps) / trivial
    ok = ratio >= targets[name] and float(p99) < 100 and bad == "0"
    print(f"{name:12}{float(rps):>8.0f}{float(p50):>9.1f}{float(p99):>9.1f}{bad:>9}{ratio:>8.2f}"
          f"  {'met' if ok else 'MISSED'} (>= {targets[name]:.0%}, p99 < 100 ms, 0 non-2xx)"
          + (f" {rest[0]}" if rest else ""))
PY

echo "mixed: village page under load while an admin publishes/unpublishes a listing 20 times"
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$BASE/villages/ban-mae-kampong" > "$WORK/mixed.txt" 2>&1 &
WRK=$!
.venv/bin/python bench/publish_loop.py "$BASE" 20
wait $WRK
grep -E "Requests/sec|Non-2xx|Socket errors|99%" "$WORK/mixed.txt" || true
grep -c '"level": "ERROR"' "$WORK/gunicorn.log" | sed 's/^/server errors logged: /' || true
