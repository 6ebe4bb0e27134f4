-- wrk script (bench/load.sh): GET every path of a file, in a seeded random order, and count
-- what came back.
--
--   WRK_PATHS=FILE WRK_SEED=42 wrk -s bench/rotate.lua http://host:port
--
-- FILE holds one path a line (already URL-encoded). Each wrk thread walks its own shuffle of
-- all the paths (seed WRK_SEED + thread number), wrapping around at the end. Every request
-- sends "Accept-Encoding: gzip, br", as browsers do. At the end one line is printed:
--
--   RESULT requests=.. rps=.. p50_ms=.. p99_ms=.. non2xx=.. socket_errors=..
--          hit=.. miss=.. uncached=.. br=.. gzip=.. identity=.. paths=..
--
-- hit/miss count X-Page-Cache response headers (cdd_click/page_cache.py); uncached counts
-- responses without one. non2xx counts every status outside 200-299 (3xx included).

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("number", counter)
  table.insert(threads, thread)
end

local paths = {}
local position = 0
hit, miss, uncached, non2xx, br, gzip, identity = 0, 0, 0, 0, 0, 0, 0

function init(args)
  local file = assert(io.open(assert(os.getenv("WRK_PATHS"), "WRK_PATHS is not set"), "r"))
  for line in file:lines() do
    if #line > 0 then table.insert(paths, line) end
  end
  file:close()
  assert(#paths > 0, "no paths")
  path_count = #paths
  math.randomseed((tonumber(os.getenv("WRK_SEED")) or 42) * 1000 + number)
  for i = #paths, 2, -1 do  -- Fisher-Yates
    local j = math.random(i)
    paths[i], paths[j] = paths[j], paths[i]
  end
  wrk.headers["Accept-Encoding"] = "gzip, br"
end

function request()
  position = position % #paths + 1
  return wrk.format("GET", paths[position])
end

local function header(headers, name)
  return headers[name] or headers[string.lower(name)]
end

function response(status, headers, body)
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
  local cached = header(headers, "X-Page-Cache")
  if cached == "hit" then hit = hit + 1
  elseif cached == "miss" then miss = miss + 1
  else uncached = uncached + 1 end
  local encoding = header(headers, "Content-Encoding")
  if encoding == "br" then br = br + 1
  elseif encoding == "gzip" then gzip = gzip + 1
  else identity = identity + 1 end
end

function done(summary, latency, requests)
  local totals = {hit = 0, miss = 0, uncached = 0, non2xx = 0, br = 0, gzip = 0, identity = 0}
  local paths_count = 0
  for _, thread in ipairs(threads) do
    for name, _ in pairs(totals) do
      totals[name] = totals[name] + (thread:get(name) or 0)
    end
    paths_count = thread:get("path_count") or paths_count
  end
  local errors = summary.errors
  local socket_errors = errors.connect + errors.read + errors.write + errors.timeout
  io.write(string.format(
    "RESULT requests=%d rps=%.1f p50_ms=%.2f p99_ms=%.2f non2xx=%d socket_errors=%d " ..
    "hit=%d miss=%d uncached=%d br=%d gzip=%d identity=%d paths=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    totals.non2xx, socket_errors, totals.hit, totals.miss, totals.uncached,
    totals.br, totals.gzip, totals.identity, paths_count))
end
