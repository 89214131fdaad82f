-- wrk script for bench/http/run.sh: GETs the paths listed one a line in the file given after "--", round robin
-- (each wrk thread starts at its own offset), and prints a machine-readable RESULT line at the end.
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

local paths = {}
local counter = 0

function init(args)
  local file = assert(io.open(args[1], "r"), "no paths file")
  for line in file:lines() do
    if #line > 0 then
      paths[#paths + 1] = line
    end
  end
  file:close()
  assert(#paths > 0, "empty paths file")
  counter = (tonumber(id) or 0) * math.floor(#paths / math.max(1, #threads + 1))
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_us=%d rps=%.1f p50_us=%d p90_us=%d p99_us=%d p999_us=%d max_us=%d "
      .. "mean_us=%.1f bytes=%d connect_err=%d read_err=%d write_err=%d status_err=%d timeout_err=%d\n",
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9),
    latency.max, latency.mean, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout))
end
