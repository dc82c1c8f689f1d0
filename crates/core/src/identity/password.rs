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
    password_hash::{rand_core::OsRng, Output, ParamsString, PasswordHash, SaltString},
    Algorithm, Argon2, Block, Params, Version,
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
                .spawn(move || {
                    lower_priority();
                    loop {
                        let next = rx.lock().unwrap_or_else(|p| p.into_inner()).recv();
                        let (Ok(work), Some(pool)) = (next, pool.upgrade()) else { return };
                        pool.run(work);
                    }
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

/// Hashing yields the cores to request handling and the database: the hashing threads run at
/// nice 10, so a sign-in storm uses the CPU that serving leaves over (all of it when the server is
/// otherwise idle) and the learners already signed in keep their latency; the queue and
/// Retry-After absorb the rest. Linux only (elsewhere the threads keep the default priority).
fn lower_priority() {
    #[cfg(target_os = "linux")]
    #[allow(unsafe_code)]
    // SAFETY: setpriority reads no memory of ours; on Linux, PRIO_PROCESS with 0 names the calling
    // thread only. A failure (say, a sandbox refusing it) leaves the priority as it was.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 10);
    }
}

thread_local! {
    /// The Argon2 working memory of this thread (19 MiB with the default parameters), allocated
    /// once and reused: allocating it per hash lets the allocator keep a freed copy per thread
    /// that ever hashed (glibc raises its mmap threshold after the first free), which measured
    /// 260 MB of RSS after a few hundred sign-ins. Argon2 overwrites every block before reading it.
    static ARGON2_MEMORY: std::cell::RefCell<Vec<Block>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Argon2 of `password` and `salt` into `out`, in this thread's reusable memory.
fn argon2_into(argon2: &Argon2<'_>, params: &Params, password: &[u8], salt: &[u8], out: &mut [u8]) -> bool {
    ARGON2_MEMORY.with_borrow_mut(|memory| {
        let blocks = params.block_count();
        if memory.len() < blocks {
            memory.resize(blocks, Block::default());
        }
        argon2.hash_password_into_with_memory(password, salt, out, &mut memory[..blocks]).is_ok()
    })
}

/// A PHC-format argon2id hash (the crate's default parameters) with a random salt, on the calling
/// thread.
pub(crate) fn hash_blocking(password: &str) -> Result<String> {
    let failed = |e: &dyn std::fmt::Display| Error::internal(anyhow::anyhow!("hashing password: {e}"));
    let params = Params::default();
    let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
    let salt = SaltString::generate(&mut OsRng);
    let mut salt_bytes = [0u8; 64];
    let salt_bytes = salt.decode_b64(&mut salt_bytes).map_err(|e| failed(&e))?;
    let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
    if !argon2_into(&argon2, &params, password.as_bytes(), salt_bytes, &mut out) {
        return Err(failed(&"argon2 rejected its input"));
    }
    let phc = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).map_err(|e| failed(&e))?,
        salt: Some(salt.as_salt()),
        hash: Some(Output::new(&out).map_err(|e| failed(&e))?),
    };
    Ok(phc.to_string())
}

/// Constant-time check of `password` against a stored PHC hash (any Argon2 variant, version and
/// parameters it names), on the calling thread.
fn verify_blocking(password: &str, phc: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(phc) else { return false };
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else { return false };
    let Ok(algorithm) = Algorithm::try_from(parsed.algorithm) else { return false };
    let version = match parsed.version.map(Version::try_from) {
        None => Version::default(),
        Some(Ok(version)) => version,
        Some(Err(_)) => return false,
    };
    // The parameters as stored, with the output length of the stored hash.
    let Ok(params) = Params::try_from(&parsed) else { return false };
    let mut salt_bytes = [0u8; 64];
    let Ok(salt_bytes) = salt.decode_b64(&mut salt_bytes) else { return false };
    let mut out = vec![0u8; expected.len()];
    let argon2 = Argon2::new(algorithm, version, params.clone());
    if !argon2_into(&argon2, &params, password.as_bytes(), salt_bytes, &mut out) {
        return false;
    }
    // `Output`'s equality is constant-time.
    Output::new(&out).is_ok_and(|computed| computed == expected)
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

    /// Hashes stored by earlier releases (the argon2 crate's own hasher, other parameters, argon2i)
    /// still verify, and ours verify with the crate's verifier: the reusable memory changes nothing.
    #[test]
    fn interoperates_with_the_argon2_crate() {
        use argon2::password_hash::{PasswordHasher, PasswordVerifier};
        let salt = SaltString::generate(&mut OsRng);
        let theirs = Argon2::default().hash_password(b"correct horse battery", &salt).unwrap().to_string();
        assert!(verify_blocking("correct horse battery", &theirs));
        assert!(!verify_blocking("correct horse batterz", &theirs));
        let small = Params::new(8 * 1024, 1, 1, Some(16)).unwrap();
        let other = Argon2::new(Algorithm::Argon2i, Version::V0x10, small)
            .hash_password(b"another one", &salt)
            .unwrap()
            .to_string();
        assert!(verify_blocking("another one", &other));
        assert!(!verify_blocking("correct horse battery", &other));
        let ours = hash_blocking("correct horse battery").unwrap();
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(Argon2::default().verify_password(b"correct horse battery", &parsed).is_ok());
        assert!(Argon2::default().verify_password(b"wrong horse battery", &parsed).is_err());
        // A truncated hash or a mangled salt is a mismatch, not a panic.
        assert!(!verify_blocking("correct horse battery", &ours[..ours.len() - 5]));
        assert!(!verify_blocking("correct horse battery", "$argon2id$v=19$m=19456,t=2,p=1$!!$AAAA"));
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
