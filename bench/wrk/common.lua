-- What report.lua and paths.lua share: the headers of every request, and wrk's
-- figures printed as one JSON line for bench/run.py and bench/traffic.py.
local common = {}

-- Requests go through a TLS-terminating load balancer in production: say so; a
-- signed-in reader's session comes from BENCH_COOKIE.
function common.set_headers()
  wrk.headers["X-Forwarded-Proto"] = "https"
  local cookie = os.getenv("BENCH_COOKIE")
  if cookie and cookie ~= "" then
    wrk.headers["Cookie"] = cookie
  end
end

-- `extra`: a JSON fragment added to the object (", \"cache\": {...}").
function common.write_summary(summary, latency, extra)
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ' ..
    '"latency_us": {"p50": %d, "p90": %d, "p95": %d, "p99": %d, "max": %d, "mean": %.1f}%s}\n',
    summary.requests, summary.duration, summary.bytes,
    summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.status, summary.errors.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(95),
    latency:percentile(99), latency.max, latency.mean, extra or ""))
end

return common
