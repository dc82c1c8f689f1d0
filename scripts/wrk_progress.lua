-- wrk script: PUT /v1/enrollments/{id}/progress/{lesson} round-robin over the paths listed (one per line)
-- in the file named by WRK_PATHS; each request records a new time_spent_seconds, so every call writes.
local paths = {}
for line in io.lines(os.getenv("WRK_PATHS")) do paths[#paths + 1] = line end
local i, n = 0, 0
local headers = {}
init = function(args)
  i = math.random(#paths)
  -- Headers given to wrk.format replace the -H ones: carry them over.
  for k, v in pairs(wrk.headers) do headers[k] = v end
  headers["Content-Type"] = "application/json"
end
request = function()
  i = i % #paths + 1
  n = n + 1
  local body = string.format('{"status": "started", "time_spent_seconds": %d}', n % 100000)
  return wrk.format("PUT", paths[i], headers, body)
end
dofile("scripts/wrk_report.lua")
-- Show the first few failures (every request is expected to succeed).
local shown = 0
response = function(status, headers, body)
  if status >= 300 and shown < 3 then
    shown = shown + 1
    io.stderr:write(string.format("HTTP %d: %s\n", status, body))
  end
end
