-- Requests addresses read from the file BENCH_PATHS (one a line), as bench/traffic.py
-- asks: BENCH_ORDER "uniform" (any address at random), "skewed" (80 % of requests on
-- the first 10 % of the file) or "once" (each address once, in order, shared out
-- between the threads, which stop when their share is done). Counts how each answer
-- came: X-Proxy-Cache (Varnish) and X-Page-Cache (the app's page cache).
local common = dofile(os.getenv("BENCH_WRK_DIR") .. "/common.lua")
common.set_headers()
-- The site's one name, whichever server or proxy is asked, as behind a load balancer:
-- every server then keys a page alike.
local host = os.getenv("BENCH_HOST")
if host and host ~= "" then
  wrk.headers["Host"] = host
end

local threads = {}
local counter = 0

setup = function(thread)
  thread:set("number", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local paths = {}
local order = os.getenv("BENCH_ORDER") or "uniform"
local next_index, step
proxy_hits, app_hits, stale, answers = 0, 0, 0, 0

init = function(args)
  for line in io.lines(os.getenv("BENCH_PATHS")) do
    table.insert(paths, line)
  end
  math.randomseed(os.time() + number * 7919)
  next_index = number + 1
  step = tonumber(os.getenv("BENCH_THREADS") or "1")
end

local function pick()
  if order == "once" then
    local path = paths[next_index]
    next_index = next_index + step
    return path
  end
  if order == "skewed" and math.random() < 0.8 then
    return paths[math.random(math.max(1, math.floor(#paths / 10)))]
  end
  return paths[math.random(#paths)]
end

request = function()
  local path = pick()
  if path == nil then
    wrk.thread:stop()
    path = paths[1]
  end
  return wrk.format(nil, path)
end

response = function(status, headers, body)
  answers = answers + 1
  if headers["X-Proxy-Cache"] == "hit" then
    proxy_hits = proxy_hits + 1
  elseif headers["X-Page-Cache"] == "hit" then
    app_hits = app_hits + 1
  elseif headers["X-Page-Cache"] == "stale" then
    stale = stale + 1
  end
end

done = function(summary, latency, requests)
  local totals = {proxy_hits = 0, app_hits = 0, stale = 0, answers = 0}
  for _, thread in ipairs(threads) do
    for name, _ in pairs(totals) do
      totals[name] = totals[name] + (thread:get(name) or 0)
    end
  end
  common.write_summary(summary, latency, string.format(
    ', "cache": {"proxy_hits": %d, "app_hits": %d, "stale": %d, "answers": %d}',
    totals.proxy_hits, totals.app_hits, totals.stale, totals.answers))
end
