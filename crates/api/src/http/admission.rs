//! Admission control: a process serves at most `in_flight` requests at once. A request that finds
//! every turn taken waits in a fair (first come, first served) queue of at most `queue` requests for at
//! most `max_wait_ms`; a request that cannot queue, or waits too long, is answered 503 `overloaded` with
//! `Retry-After` and nothing is done. So a crowd (2,000 learners opening the same quiz in the same
//! second) meets bounded latency and a clear "come back in N seconds", never a timeout: the database
//! pool and the CPU serve the admitted requests at full speed instead of sharing themselves out among
//! thousands.
//!
//! `Retry-After` spreads the retries: it is the time the queue ahead needs at the recent service rate,
//! plus a random second or two, so shed clients do not all return in the same instant.
//!
//! The probes and `/metrics` are never queued: an overloaded process must still say so.

use std::{
    sync::{
        atomic::{AtomicU64, AtomicUsize, Ordering},
        Arc,
    },
    time::{Duration, Instant},
};

use lyceum_core::config::AdmissionLimits;
use poem::{http::StatusCode, Endpoint, IntoResponse, Middleware, Request, Response};
use tokio::sync::{Semaphore, SemaphorePermit};

use crate::http::problem::Problem;

/// The process's admission state, shared by the middleware and `/metrics`.
#[derive(Debug)]
pub struct Admission {
    limits: AdmissionLimits,
    turns: Semaphore,
    waiting: AtomicUsize,
    admitted: AtomicU64,
    shed: AtomicU64,
    /// Mean time a request holds its turn, in microseconds (moving average).
    mean_micros: AtomicU64,
}

/// Figures for `/metrics`.
#[derive(Debug, Clone, Copy)]
pub struct AdmissionStats {
    pub limit: usize,
    pub in_flight: usize,
    pub waiting: usize,
    pub admitted: u64,
    pub shed: u64,
}

impl Admission {
    pub fn new(limits: AdmissionLimits) -> Arc<Self> {
        Arc::new(Admission {
            limits,
            turns: Semaphore::new(limits.in_flight.min(Semaphore::MAX_PERMITS)),
            waiting: AtomicUsize::new(0),
            admitted: AtomicU64::new(0),
            shed: AtomicU64::new(0),
            mean_micros: AtomicU64::new(2_000),
        })
    }

    pub fn stats(&self) -> AdmissionStats {
        let limit = self.limits.in_flight;
        AdmissionStats {
            limit,
            in_flight: limit.saturating_sub(self.turns.available_permits()),
            waiting: self.waiting.load(Ordering::Relaxed),
            admitted: self.admitted.load(Ordering::Relaxed),
            shed: self.shed.load(Ordering::Relaxed),
        }
    }

    /// A turn, now or after a bounded wait; `None` when the request must be shed.
    async fn admit(&self) -> Option<SemaphorePermit<'_>> {
        if let Ok(permit) = self.turns.try_acquire() {
            return Some(permit);
        }
        if self.waiting.fetch_add(1, Ordering::Relaxed) >= self.limits.queue {
            self.waiting.fetch_sub(1, Ordering::Relaxed);
            return None;
        }
        let wait = Duration::from_millis(self.limits.max_wait_ms);
        let permit = tokio::time::timeout(wait, self.turns.acquire()).await.ok().and_then(Result::ok);
        self.waiting.fetch_sub(1, Ordering::Relaxed);
        permit
    }

    fn served(&self, took: Duration) {
        let took = u64::try_from(took.as_micros()).unwrap_or(u64::MAX);
        let mean = self.mean_micros.load(Ordering::Relaxed);
        self.mean_micros.store(mean - mean / 16 + took / 16, Ordering::Relaxed);
    }

    /// Seconds a shed client should wait: the queue ahead at the recent rate, plus 1-2 s of jitter.
    fn retry_after(&self) -> u64 {
        let ahead = (self.waiting.load(Ordering::Relaxed) + self.limits.in_flight) as u64;
        let drain = ahead * self.mean_micros.load(Ordering::Relaxed) / self.limits.in_flight.max(1) as u64;
        // Jitter from the clock's low bits: enough to split a crowd, no generator needed.
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
        let jitter = 1 + u64::from(nanos.subsec_nanos() & 1);
        (drain.div_ceil(1_000_000) + jitter).min(60)
    }

    fn overloaded(&self) -> Response {
        self.shed.fetch_add(1, Ordering::Relaxed);
        Problem::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "overloaded",
            "the server is serving as many requests as it can; nothing was done: retry after the number of \
             seconds in `Retry-After`",
        )
        .with_retry_after(self.retry_after())
        .into_response()
    }
}

/// The middleware (see the module documentation).
pub struct Admit(pub Arc<Admission>);

impl<E: Endpoint> Middleware<E> for Admit {
    type Output = AdmitEndpoint<E>;

    fn transform(&self, ep: E) -> Self::Output {
        AdmitEndpoint { inner: ep, admission: self.0.clone() }
    }
}

pub struct AdmitEndpoint<E> {
    inner: E,
    admission: Arc<Admission>,
}

/// Paths that are never queued: the probes and the metrics.
fn exempt(path: &str) -> bool {
    matches!(path, "/healthz" | "/readyz" | "/metrics")
}

impl<E: Endpoint> Endpoint for AdmitEndpoint<E> {
    type Output = Response;

    async fn call(&self, req: Request) -> poem::Result<Response> {
        let admission = &*self.admission;
        if admission.limits.in_flight == 0 || exempt(req.uri().path()) {
            return self.inner.call(req).await.map(IntoResponse::into_response);
        }
        let Some(permit) = admission.admit().await else { return Ok(admission.overloaded()) };
        admission.admitted.fetch_add(1, Ordering::Relaxed);
        let started = Instant::now();
        let result = self.inner.call(req).await.map(IntoResponse::into_response);
        admission.served(started.elapsed());
        drop(permit);
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn turns_are_bounded_waits_are_bounded_and_the_queue_is_bounded() {
        let a = Admission::new(AdmissionLimits { in_flight: 2, queue: 1, max_wait_ms: 50 });
        let first = a.admit().await.expect("a free turn");
        let second = a.admit().await.expect("a free turn");
        assert_eq!(a.stats().in_flight, 2);
        // The queue holds one: a second waiter is refused at once, the first times out after its wait.
        let started = Instant::now();
        let (queued, refused) = tokio::join!(a.admit(), async {
            tokio::task::yield_now().await;
            a.admit().await
        });
        assert!(refused.is_none() && queued.is_none());
        assert!(started.elapsed() >= Duration::from_millis(50));
        assert_eq!(a.stats().waiting, 0);
        // A turn given back goes to the one waiting.
        let (waited, ()) = tokio::join!(a.admit(), async {
            tokio::time::sleep(Duration::from_millis(5)).await;
            drop(first);
        });
        assert!(waited.is_some());
        drop(second);
        let r = a.overloaded();
        assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
        let secs: u64 = r.headers()["retry-after"].to_str().unwrap().parse().unwrap();
        assert!((1..=60).contains(&secs), "{secs}");
        assert_eq!(a.stats().shed, 1);
    }
}
