-- PUT /v1/persons/{id}/consent over ids minid..maxid (set by the bench script).
local minid, maxid = tonumber(os.getenv("MINID")), tonumber(os.getenv("MAXID"))
local n = 0
request = function()
  n = n + 1
  local id = minid + (n % (maxid - minid + 1))
  return wrk.format("PUT", "/v1/persons/" .. id .. "/consent",
    {["Customer-Id"] = "wrk", ["Content-Type"] = "application/json"},
    '{"status":"granted","medium":"email"}')
end
