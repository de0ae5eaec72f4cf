-- POSTs a small JSON order to the URL given on the wrk command line.
-- Set WRK_DELAY_MS to pace each connection (used for the end-to-end latency run).
-- Set WRK_REQUESTS to stop each wrk thread after that many responses (a fixed number of deliveries; wrk's
-- in-flight requests on the thread's other connections are sent too, so the server may see a few more).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"customer":"Ada","items":[{"price":7},{"price":8}],"country":"NL"}'

local pause = tonumber(os.getenv("WRK_DELAY_MS") or "0")
if pause > 0 then
  function delay()
    return pause
  end
end

local limit = tonumber(os.getenv("WRK_REQUESTS") or "0")
local answered = 0
local non2xx = 0
function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
  if limit > 0 then
    answered = answered + 1
    if answered >= limit then
      wrk.thread:stop()
    end
  end
end
