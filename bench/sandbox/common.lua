-- Shared by the wrk scripts of bench/sandbox.sh: counts answers by status, keeps the first error
-- answer of each thread, and prints a line the script reads (rps, p50, p99 in microseconds).

local threads = {}

function setup(thread)
  thread:set("thread_index", #threads + 1)
  table.insert(threads, thread)
end

function load_ids(path)
  local ids = {}
  for line in io.lines(path) do
    if line ~= "" then ids[#ids + 1] = line end
  end
  if #ids == 0 then error("no ids in " .. path) end
  return ids
end

statuses = {}
first_error = nil

function response(status, headers, body)
  local key = tostring(status)
  statuses[key] = (statuses[key] or 0) + 1
  if status >= 400 and first_error == nil then
    first_error = status .. " " .. string.sub(body or "", 1, 2000)
  end
end

function done(summary, latency, requests)
  local totals = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses") or {}) do
      totals[status] = (totals[status] or 0) + count
    end
    local error_answer = thread:get("first_error")
    if error_answer then io.write("first error answer: ", error_answer, "\n") end
  end
  local parts = {}
  for status, count in pairs(totals) do parts[#parts + 1] = status .. "=" .. count end
  table.sort(parts)
  local errors = summary.errors
  io.write(string.format(
    "RESULT rps=%.1f p50_us=%d p99_us=%d max_us=%d requests=%d statuses=%s socket_errors=%d/%d/%d/%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50), latency:percentile(99),
    latency.max, summary.requests, table.concat(parts, ","),
    errors.connect, errors.read, errors.write, errors.timeout))
end
