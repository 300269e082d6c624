-- wrk script for the mixed read load (benchmarks/run.py writes the plan and reads the result).
--
-- The plan file has one request per line, "kind<TAB>cookie<TAB>path", already drawn by weight;
-- each connection picks lines at random. Anything but 200 is counted as an error (wrk itself
-- counts only 4xx/5xx: a redirect to the log-in page would pass). The result is one JSON line.
--
--   wrk -t2 -c8 -d30s -s benchmarks/load.lua http://127.0.0.1:PORT -- plan.tsv SEED

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

local plan = {}
bad = 0
bad_sample = ""
hits = 0
misses = 0

function init(args)
  for line in io.lines(args[1]) do
    local kind, cookie, path = line:match("^([^\t]+)\t([^\t]*)\t(.+)$")
    if path then
      local headers = {}
      if cookie ~= "" then headers["Cookie"] = cookie end
      table.insert(plan, wrk.format("GET", path, headers))
    end
  end
  math.randomseed(tonumber(args[2] or "7") + 1000 * id)
end

function request()
  return plan[math.random(#plan)]
end

function response(status, headers, body)
  if status ~= 200 then
    bad = bad + 1
    if bad_sample == "" then bad_sample = tostring(status) end
  end
  local cache = headers["X-Zhenggai-Cache"]  -- the response cache's answer, where it applies
  if cache == "hit" then hits = hits + 1 elseif cache == "miss" then misses = misses + 1 end
end

function done(summary, latency, requests)
  local not_ok, sample, cache_hits, cache_misses = 0, "", 0, 0
  for _, thread in ipairs(threads) do
    not_ok = not_ok + thread:get("bad")
    cache_hits = cache_hits + thread:get("hits")
    cache_misses = cache_misses + thread:get("misses")
    if sample == "" then sample = thread:get("bad_sample") end
  end
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d, ' ..
    '"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d, "not_200": %d, ' ..
    '"cache_hits": %d, "cache_misses": %d, "sample": "%s"}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, e.connect, e.read, e.write, e.status, e.timeout, not_ok,
    cache_hits, cache_misses, (sample:gsub('"', "'"))))
end
