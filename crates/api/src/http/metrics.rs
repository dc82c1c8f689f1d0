//! Prometheus metrics: requests by route and status, a latency histogram by route, database pool
//! usage, cache hits and the job queue. Routes are operation ids (bounded), never raw paths. Recorded
//! with the `metrics` facade into this process's own `metrics-exporter-prometheus` recorder (not the
//! global one, so several apps in one process, as in tests, keep their figures apart), which renders
//! the text exposition.

use std::{
    collections::HashMap,
    sync::{
        atomic::{AtomicU64, Ordering},
        RwLock,
    },
};

use metrics::{Counter, Histogram, Key, Label, Metadata, Recorder, SharedString, Unit};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle, PrometheusRecorder};

use lyceum_core::Core;

use crate::http::admission::AdmissionStats;

const BUCKETS: &[f64] = &[0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];
const REQUESTS: &str = "lyceum_http_requests_total";
const DURATION: &str = "lyceum_http_request_duration_seconds";
static META: Metadata<'static> = Metadata::new(module_path!(), metrics::Level::INFO, Some(module_path!()));

pub struct Metrics {
    recorder: PrometheusRecorder,
    handle: PrometheusHandle,
    /// Each route's (and status's) handles, registered once: a request then only bumps atomics.
    requests: RwLock<HashMap<(&'static str, u16), Counter>>,
    durations: RwLock<HashMap<&'static str, Histogram>>,
    /// Requests observed: the recorder keeps latency samples until they are folded into buckets, so
    /// every [`UPKEEP_EVERY`] requests fold them (without it, a process never scraped would keep one
    /// sample per request forever).
    observed: AtomicU64,
}

const UPKEEP_EVERY: u64 = 1024;

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Metrics")
    }
}

impl Default for Metrics {
    fn default() -> Self {
        let recorder = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Full(DURATION.into()), BUCKETS)
            .expect("the latency buckets are valid")
            .build_recorder();
        let handle = recorder.handle();
        let describe =
            |name: &'static str, unit: Option<Unit>, help: &'static str| (name, unit, SharedString::const_str(help));
        let counters = [
            describe(REQUESTS, None, "HTTP requests served, by route and status."),
            describe("lyceum_cache_requests_total", None, "Cache lookups, by cache and result."),
            describe("lyceum_http_admissions_total", None, "Requests admitted or shed (503) by admission control."),
            describe("lyceum_progress_heartbeat_batches_total", None, "Statements that wrote progress heartbeats."),
            describe("lyceum_progress_heartbeats_total", None, "Progress heartbeats written in batches."),
        ];
        for (name, unit, help) in counters {
            recorder.describe_counter(name.into(), unit, help);
        }
        recorder.describe_histogram(
            DURATION.into(),
            Some(Unit::Seconds),
            SharedString::const_str("Time to serve a request, by route."),
        );
        let gauges = [
            describe("lyceum_db_pool_connections", None, "Database pool connections by state."),
            describe("lyceum_db_pool_waiting", None, "Tasks waiting for a database connection."),
            describe("lyceum_http_requests_in_flight", None, "Requests being served (admission control)."),
            describe("lyceum_http_requests_in_flight_limit", None, "Requests served at once at most (0: no limit)."),
            describe("lyceum_http_requests_waiting", None, "Requests waiting for a turn (admission control)."),
            describe("lyceum_jobs", None, "Jobs in the queue, by status."),
            describe("lyceum_jobs_retrying", None, "Queued jobs that failed at least once (waiting to retry)."),
            describe("lyceum_jobs_oldest_queued_age_seconds", Some(Unit::Seconds), "Age of the oldest queued job."),
        ];
        for (name, unit, help) in gauges {
            recorder.describe_gauge(name.into(), unit, help);
        }
        Metrics {
            recorder,
            handle,
            requests: RwLock::default(),
            durations: RwLock::default(),
            observed: AtomicU64::new(0),
        }
    }
}

fn key(name: &'static str, labels: &[(&'static str, String)]) -> Key {
    Key::from_parts(name, labels.iter().map(|(k, v)| Label::new(*k, v.clone())).collect::<Vec<_>>())
}

impl Metrics {
    pub fn observe(&self, route: &'static str, status: u16, seconds: f64) {
        let counter = self.requests.read().unwrap_or_else(|p| p.into_inner()).get(&(route, status)).cloned();
        let counter = counter.unwrap_or_else(|| {
            let labels = [("route", route.to_string()), ("status", status.to_string())];
            let c = self.recorder.register_counter(&key(REQUESTS, &labels), &META);
            self.requests.write().unwrap_or_else(|p| p.into_inner()).insert((route, status), c.clone());
            c
        });
        counter.increment(1);
        let histogram = self.durations.read().unwrap_or_else(|p| p.into_inner()).get(route).cloned();
        let histogram = histogram.unwrap_or_else(|| {
            let h = self.recorder.register_histogram(&key(DURATION, &[("route", route.to_string())]), &META);
            self.durations.write().unwrap_or_else(|p| p.into_inner()).insert(route, h.clone());
            h
        });
        histogram.record(seconds);
        if self.observed.fetch_add(1, Ordering::Relaxed) % UPKEEP_EVERY == UPKEEP_EVERY - 1 {
            self.handle.run_upkeep();
        }
    }

    fn gauge(&self, name: &'static str, labels: &[(&'static str, String)], value: f64) {
        self.recorder.register_gauge(&key(name, labels), &META).set(value);
    }

    /// The Prometheus text exposition: what was recorded, with the pool, caches and queue as of now.
    pub async fn render(&self, core: &Core, admission: AdmissionStats) -> String {
        let db = core.db();
        let pool = db.pool_status();
        for (state, n) in [
            ("max", pool.max_size),
            ("open", pool.size),
            ("idle", pool.available),
            ("in_use", pool.size.saturating_sub(pool.available)),
        ] {
            self.gauge("lyceum_db_pool_connections", &[("state", state.into())], n as f64);
        }
        self.gauge("lyceum_db_pool_waiting", &[], pool.waiting as f64);
        if let Some(replica) = db.replica_status() {
            for (outcome, n) in [("replica", replica.served), ("primary", replica.passed_over)] {
                let k = key("lyceum_db_routed_reads_total", &[("served_by", outcome.into())]);
                self.recorder.register_counter(&k, &META).absolute(n);
            }
        }
        for (name, hits, misses) in core.cache_stats() {
            for (result, n) in [("hit", hits), ("miss", misses)] {
                let k = key("lyceum_cache_requests_total", &[("cache", name.into()), ("result", result.into())]);
                self.recorder.register_counter(&k, &META).absolute(n);
            }
        }
        // Records removed by retention in every institution (read from the database: the hourly job may
        // run in another process).
        if let Ok(removed) = lyceum_core::retention::totals(db).await {
            for (category, n) in removed.by_category() {
                let k = key("lyceum_retention_removed_total", &[("category", category.into())]);
                self.recorder.register_counter(&k, &META).absolute(n as u64);
            }
        }
        self.gauge("lyceum_http_requests_in_flight", &[], admission.in_flight as f64);
        self.gauge("lyceum_http_requests_in_flight_limit", &[], admission.limit as f64);
        self.gauge("lyceum_http_requests_waiting", &[], admission.waiting as f64);
        for (outcome, n) in [("admitted", admission.admitted), ("shed", admission.shed)] {
            let k = key("lyceum_http_admissions_total", &[("outcome", outcome.into())]);
            self.recorder.register_counter(&k, &META).absolute(n);
        }
        let h = lyceum_core::identity::password::stats();
        self.gauge("lyceum_password_hash_threads", &[], h.threads as f64);
        self.gauge("lyceum_password_hash_queued", &[], h.queued as f64);
        self.gauge("lyceum_password_hash_seconds_mean", &[], h.mean_micros as f64 / 1e6);
        for (outcome, n) in [("done", h.done), ("shed", h.shed)] {
            let k = key("lyceum_password_hashes_total", &[("outcome", outcome.into())]);
            self.recorder.register_counter(&k, &META).absolute(n);
        }
        let beats = lyceum_core::enrollments::heartbeats::stats(core);
        self.recorder
            .register_counter(&key("lyceum_progress_heartbeat_batches_total", &[]), &META)
            .absolute(beats.batches);
        self.recorder.register_counter(&key("lyceum_progress_heartbeats_total", &[]), &META).absolute(beats.heartbeats);
        if let Ok(q) = lyceum_core::jobs::stats(db).await {
            for (status, n) in [("queued", q.queued), ("running", q.running), ("done", q.done), ("dead", q.dead)] {
                self.gauge("lyceum_jobs", &[("status", status.into())], n as f64);
            }
            self.gauge("lyceum_jobs_retrying", &[], q.retrying as f64);
            let age = q.oldest_queued_at.map(|t| (chrono::Utc::now() - *t).num_milliseconds().max(0) as f64 / 1000.0);
            self.gauge("lyceum_jobs_oldest_queued_age_seconds", &[], age.unwrap_or(0.0));
        }
        self.handle.render()
    }
}
