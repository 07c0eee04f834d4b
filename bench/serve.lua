-- serve.lua — wrk's script for bench/serve.sh: POST /v1/eval with the cases
-- of bench/serve.sh's corpus (signaal corpus, each case's "now" as the query),
-- a different case each request, round robin from a start that differs per
-- thread. CASES names the Lua file of the cases (made by bench/serve.sh).
local cases = dofile(os.getenv("SG_SERVE_CASES"))
local n = #cases
local i = 0
local headers = {["Content-Type"] = "application/json"}

function setup(thread)
  thread:set("start", math.random(n))
end

function init(args)
  i = start or 0
end

function request()
  i = i % n + 1
  local c = cases[i]
  return wrk.format("POST", "/v1/eval?now=" .. c[1], headers, c[2])
end
