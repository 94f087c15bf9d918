-- GET /v1/persons/{id}, round-robin over ids MINID..MAXID (set by tests/bench/run,
-- with TOKEN, the bearer token of tenant wrk).
local minid, maxid = tonumber(os.getenv("MINID")), tonumber(os.getenv("MAXID"))
local authorization = "Bearer " .. os.getenv("TOKEN")
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", "/v1/persons/" .. (minid + n % (maxid - minid + 1)), {["Customer-Id"] = "wrk", ["Authorization"] = authorization})
end
