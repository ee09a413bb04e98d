-- wrk script of benchmarks/load.sh for the uncached runs: every request gets a query string never
-- asked before (the run's token given after "--", the thread's number, a counter), so the page
-- cache cannot answer it, and the responses it did answer (X-Page-Cache: hit) are counted to prove
-- it. wrk runs each thread in its own Lua state with the same random seed, so random numbers alone
-- would repeat across threads and runs; the token and the thread's number do not.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function init(args)
  token = args[1] or "0"
  counter = 0
  hits = 0
end

function request()
  counter = counter + 1
  local separator = string.find(wrk.path, "?", 1, true) and "&" or "?"
  return wrk.format("GET", wrk.path .. separator .. "nocache=" .. token .. "-" .. id .. "-" .. counter)
end

function response(status, headers, body)
  if headers["X-Page-Cache"] == "hit" then
    hits = hits + 1
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("hits")
  end
  io.write(string.format("page-cache hits: %d\n", total))
end
