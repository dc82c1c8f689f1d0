//! Prometheus metrics: requests by route and status, a latency histogram by route, database pool
//! usage and the job queue. Routes are operation ids (bounded), never raw paths.

use std::{collections::BTreeMap, fmt::Write, sync::Mutex};

use lyceum_core::Core;

const BUCKETS: &[f64] = &[0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];

#[derive(Debug, Default)]
struct Histogram {
    counts: Vec<u64>,
    sum: f64,
    count: u64,
}

#[derive(Debug, Default)]
struct Inner {
    requests: BTreeMap<(&'static str, u16), u64>,
    latency: BTreeMap<&'static str, Histogram>,
}

#[derive(Debug, Default)]
pub struct Metrics {
    inner: Mutex<Inner>,
}

impl Metrics {
    pub fn observe(&self, route: &'static str, status: u16, seconds: f64) {
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        *inner.requests.entry((route, status)).or_default() += 1;
        let h = inner.latency.entry(route).or_default();
        if h.counts.is_empty() {
            h.counts = vec![0; BUCKETS.len()];
        }
        for (i, bound) in BUCKETS.iter().enumerate() {
            if seconds <= *bound {
                h.counts[i] += 1;
            }
        }
        h.sum += seconds;
        h.count += 1;
    }

    /// The Prometheus text exposition (format 0.0.4).
    pub async fn render(&self, core: &Core) -> String {
        let db = &core.db();
        let mut out = String::new();
        {
            let inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
            out.push_str("# HELP lyceum_http_requests_total HTTP requests served, by route and status.\n");
            out.push_str("# TYPE lyceum_http_requests_total counter\n");
            for ((route, status), n) in &inner.requests {
                let _ = writeln!(out, "lyceum_http_requests_total{{route=\"{route}\",status=\"{status}\"}} {n}");
            }
            out.push_str("# HELP lyceum_http_request_duration_seconds Time to serve a request, by route.\n");
            out.push_str("# TYPE lyceum_http_request_duration_seconds histogram\n");
            for (route, h) in &inner.latency {
                for (i, bound) in BUCKETS.iter().enumerate() {
                    let _ = writeln!(
                        out,
                        "lyceum_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {}",
                        h.counts[i]
                    );
                }
                let _ = writeln!(
                    out,
                    "lyceum_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}",
                    h.count
                );
                let _ = writeln!(out, "lyceum_http_request_duration_seconds_sum{{route=\"{route}\"}} {}", h.sum);
                let _ = writeln!(out, "lyceum_http_request_duration_seconds_count{{route=\"{route}\"}} {}", h.count);
            }
        }
        let pool = db.pool_status();
        let _ = write!(
            out,
            "# HELP lyceum_db_pool_connections Database pool connections by state.\n\
             # TYPE lyceum_db_pool_connections gauge\n\
             lyceum_db_pool_connections{{state=\"max\"}} {}\n\
             lyceum_db_pool_connections{{state=\"open\"}} {}\n\
             lyceum_db_pool_connections{{state=\"idle\"}} {}\n\
             lyceum_db_pool_connections{{state=\"in_use\"}} {}\n\
             # HELP lyceum_db_pool_waiting Tasks waiting for a database connection.\n\
             # TYPE lyceum_db_pool_waiting gauge\n\
             lyceum_db_pool_waiting {}\n",
            pool.max_size,
            pool.size,
            pool.available,
            pool.size.saturating_sub(pool.available),
            pool.waiting
        );
        out.push_str("# HELP lyceum_cache_requests_total Cache lookups, by cache and result.\n");
        out.push_str("# TYPE lyceum_cache_requests_total counter\n");
        for (name, hits, misses) in core.cache_stats() {
            let _ = writeln!(out, "lyceum_cache_requests_total{{cache=\"{name}\",result=\"hit\"}} {hits}");
            let _ = writeln!(out, "lyceum_cache_requests_total{{cache=\"{name}\",result=\"miss\"}} {misses}");
        }
        if let Ok(q) = lyceum_core::jobs::stats(db).await {
            out.push_str("# HELP lyceum_jobs Jobs in the queue, by status.\n# TYPE lyceum_jobs gauge\n");
            for (status, n) in [("queued", q.queued), ("running", q.running), ("done", q.done), ("dead", q.dead)] {
                let _ = writeln!(out, "lyceum_jobs{{status=\"{status}\"}} {n}");
            }
            out.push_str("# HELP lyceum_jobs_retrying Queued jobs that failed at least once (waiting to retry).\n");
            out.push_str("# TYPE lyceum_jobs_retrying gauge\n");
            let _ = writeln!(out, "lyceum_jobs_retrying {}", q.retrying);
            let age = q.oldest_queued_at.map(|t| (chrono::Utc::now() - *t).num_milliseconds().max(0) as f64 / 1000.0);
            out.push_str("# HELP lyceum_jobs_oldest_queued_age_seconds Age of the oldest queued job.\n");
            out.push_str("# TYPE lyceum_jobs_oldest_queued_age_seconds gauge\n");
            let _ = writeln!(out, "lyceum_jobs_oldest_queued_age_seconds {}", age.unwrap_or(0.0));
        }
        out
    }
}
