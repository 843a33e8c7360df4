-- Cycles through malformed requests (one per line of $BENCH_MALFORMED: "METHOD PATH"
-- or "METHOD PATH HEADER: VALUE") and counts the answers of each by status code.
-- Run with as many connections as threads, so each answer follows its request.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  requests = {}
  for line in io.lines(os.getenv("BENCH_MALFORMED")) do
    local method, path, header = line:match("^(%S+) (%S+) ?(.*)$")
    local headers = {["X-Forwarded-Proto"] = "https"}
    if header ~= "" then
      local name, value = header:match("^([^:]+): (.*)$")
      headers[name] = value
    end
    table.insert(requests, wrk.format(method, path, headers))
  end
  counts = {}
  current = 0
end

function request()
  current = current % #requests + 1
  return requests[current]
end

function response(status, headers, body)
  local key = current .. " " .. status
  counts[key] = (counts[key] or 0) + 1
end

function done(summary, latency, requests)
  local totals = {}
  for _, thread in ipairs(threads) do
    for key, count in pairs(thread:get("counts")) do
      totals[key] = (totals[key] or 0) + count
    end
  end
  local parts = {}
  for key, count in pairs(totals) do
    table.insert(parts, string.format('"%s": %d', key, count))
  end
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "errors": {"connect": %d, "read": %d, "write": %d, ' ..
    '"timeout": %d}, "answers": {%s}}\n',
    summary.requests, summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.timeout, table.concat(parts, ", ")))
end
