-- wrk hook: one JSON line with mean/p50/p99 latency in microseconds and requests per second.
done = function(summary, latency, requests)
  io.write(string.format('{"requests": %d, "rps": %.0f, "mean_us": %.1f, "p50_us": %d, "p99_us": %d, "non_2xx_or_errors": %d}\n',
    summary.requests, summary.requests / (summary.duration / 1e6), latency.mean,
    latency:percentile(50), latency:percentile(99),
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
