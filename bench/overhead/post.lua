-- wrk script: POST /work with a small JSON order, and a one-line JSON summary at the end that
-- load.js reads (wrk's own text output rounds its percentiles).
wrk.method = "POST"
wrk.path = "/work"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"customer":"c-1042","items":[{"sku":"tea","qty":2,"price":3.5},{"sku":"cake","qty":1,"price":4.25}]}'

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests":%d,"durationUs":%d,"p50Us":%d,"p99Us":%d,"maxUs":%d,' ..
      '"connectErrors":%d,"readErrors":%d,"writeErrors":%d,"timeouts":%d,"non2xx":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.timeout, e.status))
end
