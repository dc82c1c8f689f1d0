//! Password hashing with argon2id (the crate's default parameters: 19 MiB, 2 passes), bounded.
//!
//! One hash takes 19 MiB and a core for tens of milliseconds, so hashing is the one place where
//! memory and CPU follow the number of requests in flight. Every hash and verification of the process
//! runs on a small pool of threads ([`HashingLimits::threads`], one per core by default), fed by a
//! bounded queue ([`HashingLimits::queue`]): memory stays at `threads` x 19 MiB however many sign-ins
//! arrive, and what the cores cannot do in time is shed at once, as [`Error::Overloaded`] with the
//! seconds to wait (503 with `Retry-After`), instead of piling up. Work that waited longer than
//! [`HashingLimits::max_wait_ms`] is shed when its turn comes (its client has likely given up).

use std::{
    sync::{
        atomic::{AtomicU64, AtomicUsize, Ordering},
        mpsc, Arc, Mutex, OnceLock,
    },
    time::{Duration, Instant},
};

use argon2::{
    password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
    Argon2,
};

use crate::error::{Error, Result};

pub const MIN_PASSWORD_CHARS: usize = 12;
pub const MAX_PASSWORD_CHARS: usize = 256;

/// Rules every new password must meet; `Err` carries the message for the client.
pub fn check_policy(password: &str) -> Result<(), String> {
    let n = password.chars().count();
    if n < MIN_PASSWORD_CHARS {
        return Err(format!("must be at least {MIN_PASSWORD_CHARS} characters"));
    }
    if n > MAX_PASSWORD_CHARS {
        return Err(format!("must be at most {MAX_PASSWORD_CHARS} characters"));
    }
    if password.trim().is_empty() {
        return Err("must not be only whitespace".into());
    }
    Ok(())
}

pub use crate::config::HashingLimits;

/// Figures of the process's hashing, for `/metrics`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HashingStats {
    pub threads: usize,
    /// Hashes waiting now.
    pub queued: usize,
    /// Hashes and verifications done.
    pub done: u64,
    /// Refused because the queue was full, or shed after waiting too long.
    pub shed: u64,
    /// Mean time of one hash, in microseconds (moving average).
    pub mean_micros: u64,
}

enum Op {
    Hash(String),
    Verify { password: String, phc: String },
}

enum Outcome {
    Hashed(Result<String>),
    Verified(bool),
    /// Waited longer than `max_wait_ms`: not done.
    Expired,
}

struct Work {
    op: Op,
    queued_at: Instant,
    reply: tokio::sync::oneshot::Sender<Outcome>,
}

struct Pool {
    limits: HashingLimits,
    threads: usize,
    queue: mpsc::SyncSender<Work>,
    queued: AtomicUsize,
    done: AtomicU64,
    shed: AtomicU64,
    mean_micros: AtomicU64,
}

static POOL: OnceLock<Arc<Pool>> = OnceLock::new();

/// Sets the process's hashing limits; call before the first hash (the binaries do, from their
/// configuration). Later calls, and calls after the pool started, change nothing and answer `false`.
pub fn configure(limits: HashingLimits) -> bool {
    let mut fresh = false;
    POOL.get_or_init(|| {
        fresh = true;
        Pool::start(limits)
    });
    fresh
}

fn pool() -> &'static Arc<Pool> {
    POOL.get_or_init(|| Pool::start(HashingLimits::default()))
}

/// The process's hashing figures.
pub fn stats() -> HashingStats {
    let p = pool();
    HashingStats {
        threads: p.threads,
        queued: p.queued.load(Ordering::Relaxed),
        done: p.done.load(Ordering::Relaxed),
        shed: p.shed.load(Ordering::Relaxed),
        mean_micros: p.mean_micros.load(Ordering::Relaxed),
    }
}

impl Pool {
    fn start(limits: HashingLimits) -> Arc<Pool> {
        let threads = if limits.threads == 0 {
            std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
        } else {
            limits.threads
        };
        let (queue, rx) = mpsc::sync_channel::<Work>(limits.queue);
        let pool = Arc::new(Pool {
            limits,
            threads,
            queue,
            queued: AtomicUsize::new(0),
            done: AtomicU64::new(0),
            shed: AtomicU64::new(0),
            // A first guess until the first hash is timed.
            mean_micros: AtomicU64::new(50_000),
        });
        let rx = Arc::new(Mutex::new(rx));
        for i in 0..threads {
            let (rx, pool) = (rx.clone(), Arc::downgrade(&pool));
            std::thread::Builder::new()
                .name(format!("lyceum-hash-{i}"))
                .spawn(move || loop {
                    let next = rx.lock().unwrap_or_else(|p| p.into_inner()).recv();
                    let (Ok(work), Some(pool)) = (next, pool.upgrade()) else { return };
                    pool.run(work);
                })
                .expect("spawning a password-hashing thread");
        }
        pool
    }

    fn run(&self, work: Work) {
        self.queued.fetch_sub(1, Ordering::Relaxed);
        if work.queued_at.elapsed() > Duration::from_millis(self.limits.max_wait_ms) {
            self.shed.fetch_add(1, Ordering::Relaxed);
            let _ = work.reply.send(Outcome::Expired);
            return;
        }
        let started = Instant::now();
        let outcome = match work.op {
            Op::Hash(password) => Outcome::Hashed(hash_blocking(&password)),
            Op::Verify { password, phc } => Outcome::Verified(verify_blocking(&password, &phc)),
        };
        let took = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX);
        let mean = self.mean_micros.load(Ordering::Relaxed);
        self.mean_micros.store(mean - mean / 8 + took / 8, Ordering::Relaxed);
        self.done.fetch_add(1, Ordering::Relaxed);
        let _ = work.reply.send(outcome);
    }

    /// Seconds until the queue as it stands now has drained.
    fn retry_after(&self) -> u64 {
        let ahead = self.queued.load(Ordering::Relaxed) as u64 + self.threads as u64;
        let micros = ahead * self.mean_micros.load(Ordering::Relaxed) / self.threads.max(1) as u64;
        micros.div_ceil(1_000_000).clamp(1, 60)
    }

    fn overloaded(&self) -> Error {
        self.shed.fetch_add(1, Ordering::Relaxed);
        Error::Overloaded {
            retry_after: self.retry_after(),
            message: "the server is busy signing other people in; retry after the number of seconds in \
                      `Retry-After`"
                .into(),
        }
    }

    async fn submit(&self, op: Op) -> Result<Outcome> {
        let (reply, answer) = tokio::sync::oneshot::channel();
        self.queued.fetch_add(1, Ordering::Relaxed);
        if let Err(e) = self.queue.try_send(Work { op, queued_at: Instant::now(), reply }) {
            self.queued.fetch_sub(1, Ordering::Relaxed);
            return Err(match e {
                mpsc::TrySendError::Full(_) => self.overloaded(),
                mpsc::TrySendError::Disconnected(_) => Error::internal(anyhow::anyhow!("password hashing stopped")),
            });
        }
        match answer.await {
            Ok(Outcome::Expired) => Err(Error::Overloaded {
                retry_after: self.retry_after(),
                message: "the server was too busy to check the password in time; retry after the number of \
                          seconds in `Retry-After`"
                    .into(),
            }),
            Ok(outcome) => Ok(outcome),
            Err(_) => Err(Error::internal(anyhow::anyhow!("password hashing stopped"))),
        }
    }
}

/// A PHC-format argon2id hash with a random salt, computed on the process's hashing pool.
pub async fn hash(password: &str) -> Result<String> {
    match pool().submit(Op::Hash(password.to_string())).await? {
        Outcome::Hashed(h) => h,
        _ => Err(Error::internal(anyhow::anyhow!("password hashing answered out of turn"))),
    }
}

/// Constant-time check of `password` against a stored PHC hash, on the process's hashing pool.
pub async fn verify(password: &str, phc: &str) -> Result<bool> {
    match pool().submit(Op::Verify { password: password.to_string(), phc: phc.to_string() }).await? {
        Outcome::Verified(ok) => Ok(ok),
        _ => Err(Error::internal(anyhow::anyhow!("password hashing answered out of turn"))),
    }
}

/// A PHC-format argon2id hash with a random salt, on the calling thread.
pub(crate) fn hash_blocking(password: &str) -> Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| Error::internal(anyhow::anyhow!("hashing password: {e}")))
}

/// Constant-time check of `password` against a stored PHC hash, on the calling thread.
fn verify_blocking(password: &str, phc: &str) -> bool {
    match PasswordHash::new(phc) {
        Ok(parsed) => Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok(),
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hash_then_verify_on_the_pool() {
        let h = hash("correct horse battery").await.unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("correct horse battery", &h).await.unwrap());
        assert!(!verify("correct horse batterz", &h).await.unwrap());
        assert!(!verify("x", "not a hash").await.unwrap());
        assert!(stats().done >= 4);
    }

    /// A pool of one thread and a queue of two: a burst of ten gets some hashes done and the rest shed
    /// at once with a wait to retry after; nothing runs beyond the bound.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_burst_beyond_the_queue_is_shed_with_a_retry_after() {
        let pool = Pool::start(HashingLimits { threads: 1, queue: 2, max_wait_ms: 60_000 });
        let tasks: Vec<_> = (0..10)
            .map(|_| {
                let pool = pool.clone();
                tokio::spawn(async move { pool.submit(Op::Hash("correct horse battery".into())).await })
            })
            .collect();
        let (mut done, mut shed) = (0, 0);
        for t in tasks {
            match t.await.unwrap() {
                Ok(Outcome::Hashed(h)) => {
                    assert!(h.unwrap().starts_with("$argon2id$"));
                    done += 1;
                }
                Err(Error::Overloaded { retry_after, .. }) => {
                    assert!((1..=60).contains(&retry_after), "{retry_after}");
                    shed += 1;
                }
                _ => panic!("unexpected outcome"),
            }
        }
        // Two queued (and perhaps one running) when the burst arrives; the rest are refused.
        assert!(done >= 2 && shed >= 1 && done + shed == 10, "done {done}, shed {shed}");
        assert_eq!(pool.shed.load(Ordering::Relaxed), shed);
        assert_eq!(pool.queued.load(Ordering::Relaxed), 0);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn work_that_waited_too_long_is_shed_when_its_turn_comes() {
        let pool = Pool::start(HashingLimits { threads: 1, queue: 8, max_wait_ms: 1 });
        let tasks: Vec<_> = (0..4)
            .map(|_| {
                let pool = pool.clone();
                tokio::spawn(async move { pool.submit(Op::Hash("correct horse battery".into())).await })
            })
            .collect();
        let mut expired = 0;
        for t in tasks {
            if matches!(t.await.unwrap(), Err(Error::Overloaded { .. })) {
                expired += 1;
            }
        }
        assert!(expired >= 1, "a hash takes far longer than 1 ms, so those queued behind it expire");
    }

    #[test]
    fn policy() {
        assert!(check_policy("short").is_err());
        assert!(check_policy("            ").is_err());
        assert!(check_policy("correct horse battery").is_ok());
        assert!(check_policy(&"x".repeat(257)).is_err());
    }
}
