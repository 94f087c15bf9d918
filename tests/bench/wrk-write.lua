-- PUT /v1/persons/{id}/consent, round-robin over ids MINID..MAXID (set by tests/bench/run,
-- with TOKEN, the bearer token of tenant wrk);
-- each person's status flips between granted and refused on every visit.
local minid, maxid = tonumber(os.getenv("MINID")), tonumber(os.getenv("MAXID"))
local authorization = "Bearer " .. os.getenv("TOKEN")
local count = maxid - minid + 1
local n = 0
request = function()
  n = n + 1
  local status = (math.floor(n / count) % 2 == 0) and "granted" or "refused"
  return wrk.format("PUT", "/v1/persons/" .. (minid + n % count) .. "/consent",
    {["Customer-Id"] = "wrk", ["Content-Type"] = "application/json",
     ["Authorization"] = authorization},
    '{"status":"' .. status .. '","medium":"email","description":"consent-loadgen"}')
end
