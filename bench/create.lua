-- wrk script: POST a new, uniquely named job on every request.
local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
  thread:set("id", thread_id)
  thread_id = thread_id + 1
  table.insert(threads, thread)
end

function init(args)
  prefix = os.getenv("BENCH_PREFIX") or "b"
  -- wrk.format() with its own header table would drop the -H headers: extend the shared one instead.
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  counter = counter + 1
  local body = string.format(
    '{"name":"%s-%d-%d","command":"true","image":"localhost/seed-busybox:test","gpu":"none","cpu":2,"memory_gb":1}',
    prefix, id, counter)
  return wrk.format("POST", nil, nil, body)
end

done = function(summary, latency, requests)
  io.write(string.format("CREATE_STATUS_ERRORS %d\n", summary.errors.status))
end
