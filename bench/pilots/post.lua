-- POSTs a small JSON order to the URL given on the wrk command line.
-- Set WRK_DELAY_MS to pace each connection (used for the end-to-end latency run).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"customer":"Ada","items":[{"price":7},{"price":8}],"country":"NL"}'

local pause = tonumber(os.getenv("WRK_DELAY_MS") or "0")
if pause > 0 then
  function delay()
    return pause
  end
end

local non2xx = 0
function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end
