-- wrk script for the LRS, with the version header (-H carries the Basic credential): with WRK_BODY,
-- POST /xapi/statements with the batch in that file (statements without ids: every request stores new
-- ones); with WRK_PATHS, GET the paths listed (one per line) round-robin.
local body, paths = nil, {}
if os.getenv("WRK_BODY") then
  local f = assert(io.open(os.getenv("WRK_BODY"), "rb"))
  body = f:read("*a")
  f:close()
else
  for line in io.lines(os.getenv("WRK_PATHS")) do paths[#paths + 1] = line end
end
local i = 0
local headers = {}
init = function(args)
  for k, v in pairs(wrk.headers) do headers[k] = v end
  if #paths > 0 then i = math.random(#paths) end
  headers["Content-Type"] = "application/json"
  headers["X-Experience-API-Version"] = "1.0.3"
end
request = function()
  if body then
    return wrk.format("POST", "/xapi/statements", headers, body)
  end
  i = i % #paths + 1
  return wrk.format("GET", paths[i], headers)
end
dofile("scripts/wrk_report.lua")
local shown = 0
response = function(status, headers, body)
  if status >= 300 and shown < 3 then
    shown = shown + 1
    io.stderr:write(string.format("HTTP %d: %s\n", status, body))
  end
end
