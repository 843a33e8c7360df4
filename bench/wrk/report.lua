-- Prints wrk's figures as one JSON line, for bench/run.py.
local common = dofile(os.getenv("BENCH_WRK_DIR") .. "/common.lua")
common.set_headers()

done = function(summary, latency, requests)
  common.write_summary(summary, latency)
end
