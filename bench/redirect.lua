-- wrk script for bench/redirect.ts: varied requests to GET /l/:slug, one JSON line of results.
--
--   wrk -t1 -c64 -d10s -s bench/redirect.lua http://127.0.0.1:PORT/l/bench -- MODE TAG CONNECTIONS RATE
--
-- MODE  "new": every request a new visitor, with its own user agent (the fixed one followed by
--       " v/TAG-THREAD-N", N counting the thread's requests), so a new recorded click; TAG is unique per
--       wrk run and THREAD per wrk thread, so no user agent comes twice, in a run or across runs.
--       "returning": every request the same fixed user agent, one visitor coming back (no new click).
-- TAG   the run's unique tag (bench/redirect.ts: its process id, start time and a run counter).
-- CONNECTIONS  the -c value (wrk does not tell the script).
-- RATE  0: as fast as the server answers. Otherwise a target rate in requests a second: wrk has no
--       rate option, so the delay() hook makes each connection wait, after each response and before its
--       next request, a random time averaging CONNECTIONS / RATE seconds (uniform between 0 and twice
--       that, so the connections do not fire in lockstep bursts). The rate reached is a little below
--       RATE, by the response time over that wait.
--
-- done() prints one line: {"requests":…,"duration_us":…,"rps":…,"errors":{…},"latency_us":{…}}.

local USER_AGENT =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36"

local threads = 0

-- Runs in wrk's main Lua state, once per thread before it starts: gives each thread its number.
function setup(thread)
  threads = threads + 1
  thread:set("number", threads)
end

local mode, tag, fixed
local counter = 0
local path = wrk.path
local headers = {}

-- Runs in the thread's own Lua state with the arguments after "--".
function init(args)
  mode = args[1] or "new"
  tag = args[2] or tostring(os.time())
  local connections = tonumber(args[3]) or 1
  local rate = tonumber(args[4]) or 0
  local number = wrk.thread:get("number") or 1
  tag = tag .. "-" .. tostring(number)
  if mode ~= "new" and mode ~= "returning" then
    error("mode must be new or returning, not " .. tostring(mode))
  end
  if mode == "returning" then
    headers["User-Agent"] = USER_AGENT
    fixed = wrk.format("GET", path, headers)
  end
  if rate > 0 then
    -- wrk reads delay() after init: defined only when pacing, so a full-speed run has no timer hop.
    local mean = connections * 1000 / rate -- milliseconds
    math.randomseed(os.time() + number)
    function delay()
      return math.floor(math.random() * 2 * mean + 0.5) -- wrk takes whole milliseconds
    end
  end
end

function request()
  if fixed then
    return fixed
  end
  counter = counter + 1
  headers["User-Agent"] = USER_AGENT .. " v/" .. tag .. "-" .. counter
  return wrk.format("GET", path, headers)
end

-- Runs in the main Lua state after the run: the summary of all threads.
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"rps":%.2f,"errors":{"status":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d},'
      .. '"latency_us":{"p50":%d,"p90":%d,"p99":%d,"max":%d,"mean":%.1f}}\n',
    summary.requests,
    summary.duration,
    summary.requests / (summary.duration / 1e6),
    e.status,
    e.connect,
    e.read,
    e.write,
    e.timeout,
    latency:percentile(50),
    latency:percentile(90),
    latency:percentile(99),
    latency.max,
    latency.mean
  ))
end
