-- wrk script: realistic Segment events (analytics.js-shaped page views,
-- Page Engaged and track events) posted to /v1/batch or /v1/page with
-- unique message ids and X-Forwarded-For addresses from the MaxMind test
-- database (businesses, homes, unknown space).
-- Usage: wrk -s events.lua URL -- EVENTS_PER_REQUEST [RUN]   (1 = /v1/page body;
-- RUN prefixes the message ids, for wrk processes running side by side)

local thread_counter = 0
local ips = { "81.2.69.160", "89.160.20.113", "216.160.83.57", "214.78.0.5",
              "74.209.24.9", "175.16.199.2", "1.2.3.4", "8.8.4.4" }
local paths = { "/", "/pricing", "/pricing/enterprise", "/blog/how-we-ship", "/careers", "/docs/start" }

function setup(thread)
  thread_counter = thread_counter + 1
  thread:set("thread_id", thread_counter)
end

function init(args)
  events_per_request = tonumber(args[1]) or 20
  request_number = 0
  run_id = (args[2] or "") .. tostring(os.time()) .. "-" .. tostring(thread_id)
end

local function event(i, kind)
  local path = paths[(request_number + i) % #paths + 1]
  local id = string.format("%s-%d-%d", run_id, request_number, i)
  local context = string.format(
    '{"library":{"name":"analytics.js","version":"4.1.0"},"locale":"en-GB",' ..
    '"userAgent":"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",' ..
    '"page":{"path":"%s","url":"https://acme.test%s","title":"Acme","referrer":"https://www.google.com/"}}', path, path)
  local common = string.format('"anonymousId":"anon-%s-%d","messageId":"%s","timestamp":"2026-11-20T10:00:00.000Z","context":%s',
    thread_id, request_number % 500, id, context)
  if kind == "engaged" then
    return string.format('{"type":"track","event":"Page Engaged",%s,"properties":{"path":"%s","seconds":%d}}',
      common, path, (request_number + i) % 90)
  elseif kind == "track" then
    return string.format('{"type":"track","event":"CTA Clicked",%s,"properties":{"label":"Book a demo"}}', common)
  end
  return string.format('{"type":"page",%s,"properties":{"path":"%s","url":"https://acme.test%s","title":"Acme"}}',
    common, path, path)
end

function request()
  request_number = request_number + 1
  local headers = {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Basic YmVuY2gta2V5Og==",  -- bench-key:
    ["X-Forwarded-For"] = ips[request_number % #ips + 1],
    ["User-Agent"] = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 Chrome/120.0 Safari/537.36",
  }
  local body
  if events_per_request == 1 then
    body = event(0, "page")
  else
    local parts = {}
    for i = 1, events_per_request do
      local kind = (i % 4 == 0) and "engaged" or ((i % 7 == 0) and "track" or "page")
      parts[i] = event(i, kind)
    end
    body = '{"batch":[' .. table.concat(parts, ",") .. ']}'
  end
  return wrk.format("POST", nil, headers, body)
end

function done(summary, latency, requests)
  local non2xx = summary.errors.status
  local socket_errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d non2xx=%d socket_errors=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), non2xx, socket_errors))
end
