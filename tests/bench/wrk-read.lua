-- GET /v1/persons/{id} over ids minid..maxid (set by the bench script).
local minid, maxid = tonumber(os.getenv("MINID")), tonumber(os.getenv("MAXID"))
local n = 0
request = function()
  n = n + 1
  local id = minid + (n % (maxid - minid + 1))
  return wrk.format("GET", "/v1/persons/" .. id, {["Customer-Id"] = "wrk"})
end
