-- GET /v1/persons/{id}, round-robin over ids MINID..MAXID (set by tests/bench/run).
local minid, maxid = tonumber(os.getenv("MINID")), tonumber(os.getenv("MAXID"))
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", "/v1/persons/" .. (minid + n % (maxid - minid + 1)), {["Customer-Id"] = "wrk"})
end
