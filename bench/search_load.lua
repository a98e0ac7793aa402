-- wrk script: POST a flight search with the traveller's token (env FUWU_TOKEN, FUWU_SEARCH_DATE),
-- and at the end print where the server says the time went (the answer's elapsed_ms: waiting for
-- suppliers, comparing, storing), as p50 / p99 of each part, so a slow tail can be placed.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("FUWU_TOKEN")
wrk.body = '{"kind":"flight","origin":"1101","destination":"3101","date":"' ..
           os.getenv("FUWU_SEARCH_DATE") .. '","preferred_time":"09:00"}'

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  parts = {}
end

function response(status, headers, body)
  local s, c, st = string.match(body, '"elapsed_ms":{"suppliers":(%d+),"compare":(%d+),"store":(%d+)}')
  if s then
    parts[#parts + 1] = s .. "," .. c .. "," .. st
  end
end

local function percentile(sorted, p)
  if #sorted == 0 then return 0 end
  return sorted[math.max(1, math.ceil(#sorted * p))]
end

function done(summary_, latency, requests)
  local columns = { {}, {}, {} }
  for _, thread in ipairs(threads) do
    for _, record in ipairs(thread:get("parts")) do
      local i = 1
      for value in string.gmatch(record, "%d+") do
        table.insert(columns[i], tonumber(value))
        i = i + 1
      end
    end
  end
  local names = { "suppliers", "compare", "store" }
  local line = "server elapsed_ms"
  for i, name in ipairs(names) do
    table.sort(columns[i])
    line = line .. string.format(" | %s p50 %d p99 %d", name, percentile(columns[i], 0.5),
                                 percentile(columns[i], 0.99))
  end
  io.write(line .. "\n")
end
