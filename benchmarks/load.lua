-- wrk script of benchmarks/load.sh: counts the responses the page cache answered (the
-- X-Page-Cache: hit header) and, with the argument "unique TOKEN", gives every request a query
-- string never asked before (TOKEN, the thread's number, a counter), so none can be a cache hit.
-- wrk runs each thread in its own Lua state with the same random seed, so random numbers alone
-- would repeat across threads and runs; the token and thread number do not.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function init(args)
  unique = args[1] == "unique"
  token = args[2] or "0"
  counter = 0
  hits = 0
end

function request()
  if not unique then
    return wrk.format("GET")
  end
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
