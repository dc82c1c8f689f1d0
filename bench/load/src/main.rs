//! Lyceum's load model, on goose (Locust's design in Rust). `bench/load/run` prepares an institution
//! and starts the server; this program plays its people:
//!
//! - **learners** sign in once (obeying `Retry-After` when the server sheds), list their enrollments,
//!   open the course outline, then every ~10 s (think time) do one step of studying: open the next
//!   lesson, report progress on it (three heartbeats, then completed), take its quiz, and now and then
//!   re-open the outline with `If-None-Match` as a player does;
//! - **staff** sign in and browse the course report and its learners.
//!
//! Modes (`LOAD_MODE`): `learn` (the above), `exam` (every learner signs in, then all open the same quiz
//! within a 10 s window and submit it 20-40 s later), `signin` (a sign-in storm, nothing else).
//!
//! Goose ramps the users (`--users`, `--increase-rate`); the steady phase lasts `LOAD_STEADY_SECONDS`
//! (goose's `--run-time` is a cap); this program times every request
//! itself and prints JSON lines: per request type and phase (`ramp` until every user has signed in, then
//! `steady`), requests/s, p50/p95/p99/max of the admitted requests, shed (429/503 with Retry-After)
//! and errors; then a summary with the server's RSS (sampled from /proc while the test runs).

use goose::prelude::*;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Mode {
    Learn,
    Exam,
    SignIn,
}

struct Settings {
    mode: Mode,
    tenant: String,
    password: String,
    /// Learner accounts are `learner{i}@{domain}` for i in 0..learners; user i plays learner i % learners.
    learners: usize,
    domain: String,
    staff_email: String,
    /// Total users of the run (the same number as `--users`): the ramp ends when all have signed in.
    users: usize,
    exam_lesson: Option<String>,
    server_pid: Option<u32>,
    staff_per_thousand: usize,
    /// How long the steady phase runs before the program reports and ends (goose's --run-time
    /// is only a cap: the ramp lasts as long as the sign-ins take).
    steady: Duration,
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

fn settings() -> &'static Settings {
    static S: OnceLock<Settings> = OnceLock::new();
    S.get_or_init(|| {
        let mode = match env("LOAD_MODE").as_deref() {
            None | Some("learn") => Mode::Learn,
            Some("exam") => Mode::Exam,
            Some("signin") => Mode::SignIn,
            Some(other) => panic!("LOAD_MODE must be learn, exam or signin, not {other}"),
        };
        let number = |name: &str, default: usize| {
            env(name).map_or(default, |v| v.parse().unwrap_or_else(|_| panic!("{name}: not a number")))
        };
        let settings = Settings {
            mode,
            tenant: env("LOAD_TENANT").expect("LOAD_TENANT"),
            password: env("LOAD_PASSWORD").expect("LOAD_PASSWORD"),
            learners: number("LOAD_LEARNERS", 1).max(1),
            domain: env("LOAD_DOMAIN").unwrap_or_else(|| "bench.test".into()),
            staff_email: env("LOAD_STAFF_EMAIL").unwrap_or_default(),
            users: number("LOAD_USERS", 1),
            exam_lesson: env("LOAD_EXAM_LESSON"),
            server_pid: env("LOAD_SERVER_PID").and_then(|p| p.parse().ok()),
            staff_per_thousand: number("LOAD_STAFF_PER_THOUSAND", 2),
            steady: Duration::from_secs(number("LOAD_STEADY_SECONDS", 60) as u64),
        };
        if mode == Mode::Exam {
            assert!(settings.exam_lesson.is_some(), "LOAD_MODE=exam needs LOAD_EXAM_LESSON");
        }
        settings
    })
}

// --- measurements ---------------------------------------------------------------------------------

#[derive(Default)]
struct Row {
    /// Admitted requests (anything but a shed 429/503), in microseconds.
    latencies_us: Vec<u32>,
    statuses: BTreeMap<u16, u64>,
    shed: u64,
    errors: u64,
    transport_errors: u64,
}

#[derive(Default)]
struct Stats {
    rows: BTreeMap<(&'static str, &'static str), Row>,
    /// Durations of whole journeys (sign-in including its retries, exam entry), in microseconds.
    journeys: BTreeMap<&'static str, Vec<u32>>,
}

static STATS: OnceLock<Mutex<Stats>> = OnceLock::new();
static START: OnceLock<Instant> = OnceLock::new();
static STEADY_AT: OnceLock<Instant> = OnceLock::new();
static EXAM_AT: OnceLock<Instant> = OnceLock::new();
static SIGNED_IN: AtomicUsize = AtomicUsize::new(0);
static GAVE_UP: AtomicUsize = AtomicUsize::new(0);
static FIRST_SIGN_IN_US: AtomicU64 = AtomicU64::new(u64::MAX);
static LAST_SIGN_IN_US: AtomicU64 = AtomicU64::new(0);

fn stats() -> std::sync::MutexGuard<'static, Stats> {
    STATS.get_or_init(Default::default).lock().unwrap()
}

fn since_start() -> Duration {
    START.get_or_init(Instant::now).elapsed()
}

fn phase() -> &'static str {
    if STEADY_AT.get().is_some() {
        "steady"
    } else {
        "ramp"
    }
}

fn micros(d: Duration) -> u32 {
    d.as_micros().min(u32::MAX as u128) as u32
}

fn journey(name: &'static str, d: Duration) {
    stats().journeys.entry(name).or_default().push(micros(d));
}

/// A response, read whole.
struct Reply {
    status: u16,
    retry_after: Option<u64>,
    etag: Option<String>,
    body: Value,
}

impl Reply {
    fn shed(&self) -> bool {
        matches!(self.status, 429 | 503) && self.retry_after.is_some()
    }
}

/// One request, timed from send to the last byte of the body, recorded under `name`. `None` when
/// the request failed at the transport level (also recorded).
async fn call(
    user: &mut GooseUser,
    method: GooseMethod,
    path: &str,
    name: &'static str,
    token: Option<&str>,
    body: Option<&Value>,
    if_none_match: Option<&str>,
) -> Result<Option<Reply>, Box<TransactionError>> {
    let mut builder = user.get_request_builder(&method, path)?;
    if let Some(token) = token {
        builder = builder.bearer_auth(token);
    }
    if let Some(body) = body {
        builder = builder.json(body);
    }
    if let Some(etag) = if_none_match {
        builder = builder.header("if-none-match", etag);
    }
    let request = GooseRequest::builder().method(method).path(path).name(name).set_request_builder(builder).build();
    let started = Instant::now();
    let response = user.request(request).await?;
    let reply = match response.response {
        Ok(response) => {
            let status = response.status().as_u16();
            let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
            let retry_after = header("retry-after").and_then(|v| v.parse().ok());
            let etag = header("etag");
            match response.bytes().await {
                Ok(bytes) => Some(Reply {
                    status,
                    retry_after,
                    etag,
                    body: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
                }),
                Err(_) => None,
            }
        }
        Err(_) => None,
    };
    let elapsed = started.elapsed();
    let mut stats = stats();
    let row = stats.rows.entry((phase(), name)).or_default();
    match &reply {
        None => row.transport_errors += 1,
        Some(reply) => {
            *row.statuses.entry(reply.status).or_default() += 1;
            if reply.shed() {
                row.shed += 1;
            } else {
                row.latencies_us.push(micros(elapsed));
                if !(200..300).contains(&reply.status) && reply.status != 304 {
                    row.errors += 1;
                }
            }
        }
    }
    Ok(reply)
}

/// `call` until the server admits the request, sleeping for its `Retry-After` when it sheds (and
/// 1 s after a transport error), for at most `patience`.
#[allow(clippy::too_many_arguments)]
async fn admitted(
    user: &mut GooseUser,
    method: GooseMethod,
    path: &str,
    name: &'static str,
    token: Option<&str>,
    body: Option<&Value>,
    patience: Duration,
) -> Result<Option<Reply>, Box<TransactionError>> {
    let started = Instant::now();
    loop {
        let reply = call(user, method, path, name, token, body, None).await?;
        let wait = match &reply {
            Some(reply) if reply.shed() => Duration::from_secs(reply.retry_after.unwrap_or(1)),
            Some(_) => return Ok(reply),
            None => Duration::from_secs(1),
        };
        if started.elapsed() + wait > patience {
            return Ok(None);
        }
        tokio::time::sleep(wait).await;
    }
}

/// A small deterministic generator per user (think-time offsets, quiz answers).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

// --- people ---------------------------------------------------------------------------------------

struct Person {
    token: String,
    rng: Rng,
    /// A learner's enrollment and course outline; a staff member's course ids.
    enrollment: String,
    course: String,
    courses: Vec<String>,
    lessons: Vec<(String, String)>,
    outline_etag: Option<String>,
    lesson: usize,
    beats: u32,
    steps: u64,
}

type Shared = Arc<tokio::sync::Mutex<Option<Person>>>;

fn person(user: &GooseUser) -> Shared {
    user.get_session_data_unchecked::<Shared>().clone()
}

/// Signs `email` in, obeying Retry-After; records the whole journey. The ramp ends when every user
/// of the run has signed in (or given up).
async fn sign_in(user: &mut GooseUser, email: &str) -> Result<Option<String>, Box<TransactionError>> {
    let s = settings();
    let body = json!({"tenant": s.tenant, "email": email, "password": s.password});
    let started = Instant::now();
    let first_try = since_start().as_micros() as u64;
    let reply = admitted(
        user,
        GooseMethod::Post,
        "/v1/auth/login",
        "POST /v1/auth/login",
        None,
        Some(&body),
        Duration::from_secs(300),
    )
    .await?;
    let token = reply.filter(|r| r.status == 200).and_then(|r| r.body["token"].as_str().map(str::to_owned));
    let done = if token.is_some() {
        journey("sign-in, first try to session (incl. waits)", started.elapsed());
        FIRST_SIGN_IN_US.fetch_min(first_try, Ordering::Relaxed);
        LAST_SIGN_IN_US.fetch_max(since_start().as_micros() as u64, Ordering::Relaxed);
        SIGNED_IN.fetch_add(1, Ordering::AcqRel) + 1
    } else {
        GAVE_UP.fetch_add(1, Ordering::AcqRel);
        SIGNED_IN.load(Ordering::Acquire)
    };
    if done + GAVE_UP.load(Ordering::Acquire) >= s.users && s.mode != Mode::Exam {
        STEADY_AT.get_or_init(Instant::now);
    }
    Ok(token)
}

fn new_person(user: &GooseUser, token: String) -> Person {
    Person {
        token,
        rng: Rng(user.weighted_users_index as u64 ^ 0x5EED),
        enrollment: String::new(),
        course: String::new(),
        courses: Vec::new(),
        lessons: Vec::new(),
        outline_etag: None,
        lesson: 0,
        beats: 0,
        steps: 0,
    }
}

async fn learner_start(user: &mut GooseUser) -> TransactionResult {
    let s = settings();
    let shared: Shared = Arc::default();
    user.set_session_data(shared.clone());
    let email = format!("learner{}@{}", user.weighted_users_index % s.learners, s.domain);
    let Some(token) = sign_in(user, &email).await? else {
        return Ok(());
    };
    let mut p = new_person(user, token);
    match s.mode {
        Mode::SignIn => {}
        Mode::Learn => {
            let t = Some(p.token.as_str());
            let list =
                call(user, GooseMethod::Get, "/v1/me/enrollments", "GET /v1/me/enrollments", t, None, None).await?;
            let Some(first) = list.as_ref().and_then(|r| r.body["items"].get(0)) else {
                return Ok(());
            };
            p.enrollment = first["id"].as_str().unwrap_or_default().to_owned();
            p.course = first["course_id"].as_str().unwrap_or_default().to_owned();
            let path = format!("/v1/courses/{}?include=outline", p.course);
            let outline =
                call(user, GooseMethod::Get, &path, "GET /v1/courses/{id}?include=outline", t, None, None).await?;
            let Some(outline) = outline.filter(|r| r.status == 200) else {
                return Ok(());
            };
            p.outline_etag = outline.etag.clone();
            p.lessons = outline.body["modules"]
                .as_array()
                .into_iter()
                .flatten()
                .flat_map(|m| m["lessons"].as_array().into_iter().flatten())
                .map(|l| {
                    (l["id"].as_str().unwrap_or_default().to_owned(), l["kind"].as_str().unwrap_or_default().to_owned())
                })
                .collect();
            p.lesson = p.rng.below(p.lessons.len() as u64) as usize;
        }
        Mode::Exam => {
            // Everyone signs in first; the exam opens when the last has, and each learner arrives at a
            // random moment of the next 10 s.
            let patience = Instant::now();
            while SIGNED_IN.load(Ordering::Acquire) + GAVE_UP.load(Ordering::Acquire) < s.users
                && patience.elapsed() < Duration::from_secs(900)
            {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            let opens = *EXAM_AT.get_or_init(Instant::now);
            STEADY_AT.get_or_init(|| opens);
            let arrive = opens + Duration::from_millis(p.rng.below(10_000));
            tokio::time::sleep_until(arrive.into()).await;
            let quiz = s.exam_lesson.clone().unwrap_or_default();
            let path = format!("/v1/lessons/{quiz}");
            let t = Some(p.token.as_str());
            let minute = Duration::from_secs(60);
            let open = admitted(user, GooseMethod::Get, &path, "GET /v1/lessons/{id} (exam)", t, None, minute).await?;
            if open.filter(|r| r.status == 200).is_some() {
                journey("exam: arrival to quiz on screen (incl. waits)", arrive.elapsed());
            }
            tokio::time::sleep(Duration::from_millis(20_000 + p.rng.below(20_000))).await;
            let submitted = Instant::now();
            let body = json!({"answers": [{"question": 0, "choices": [p.rng.below(2)]}]});
            let path = format!("/v1/lessons/{quiz}/attempts");
            let done = admitted(
                user,
                GooseMethod::Post,
                &path,
                "POST /v1/lessons/{id}/attempts (exam)",
                t,
                Some(&body),
                minute,
            )
            .await?;
            if done.filter(|r| r.status == 201 || r.status == 200).is_some() {
                journey("exam: submit to graded (incl. waits)", submitted.elapsed());
            }
        }
    }
    *shared.lock().await = Some(p);
    Ok(())
}

/// One step of studying (goose waits the think time between steps).
async fn learner_step(user: &mut GooseUser) -> TransactionResult {
    let shared = person(user);
    let mut guard = shared.lock().await;
    let Some(p) = guard.as_mut().filter(|p| !p.lessons.is_empty()) else {
        return Ok(());
    };
    let t = Some(p.token.as_str());
    p.steps += 1;
    if p.steps % 6 == 0 {
        // A player re-checks the outline; unchanged, it costs a 304.
        let path = format!("/v1/courses/{}?include=outline", p.course);
        let etag = p.outline_etag.clone();
        let r = call(
            user,
            GooseMethod::Get,
            &path,
            "GET /v1/courses/{id}?include=outline (If-None-Match)",
            t,
            None,
            etag.as_deref(),
        )
        .await?;
        if let Some(etag) = r.and_then(|r| r.etag) {
            p.outline_etag = Some(etag);
        }
    }
    let (lesson, kind) = p.lessons[p.lesson].clone();
    if p.beats == 0 {
        let path = format!("/v1/lessons/{lesson}");
        call(user, GooseMethod::Get, &path, "GET /v1/lessons/{id}", t, None, None).await?;
        if kind == "quiz" {
            let body = json!({"answers": [{"question": 0, "choices": [u64::from(p.rng.below(10) >= 7)]}]});
            let path = format!("/v1/lessons/{lesson}/attempts");
            call(user, GooseMethod::Post, &path, "POST /v1/lessons/{id}/attempts", t, Some(&body), None).await?;
            p.lesson = (p.lesson + 1) % p.lessons.len();
        } else {
            p.beats = 1;
        }
        return Ok(());
    }
    let path = format!("/v1/enrollments/{}/progress/{lesson}", p.enrollment);
    let seconds = 10 * p.beats;
    if p.beats < 4 {
        let body = json!({"status": "started", "time_spent_seconds": seconds});
        call(user, GooseMethod::Put, &path, "PUT progress (heartbeat)", t, Some(&body), None).await?;
        p.beats += 1;
    } else {
        let body = json!({"status": "completed", "time_spent_seconds": seconds});
        call(user, GooseMethod::Put, &path, "PUT progress (completed)", t, Some(&body), None).await?;
        p.beats = 0;
        p.lesson = (p.lesson + 1) % p.lessons.len();
        if p.lesson == 0 {
            call(user, GooseMethod::Get, "/v1/me/enrollments", "GET /v1/me/enrollments", t, None, None).await?;
        }
    }
    Ok(())
}

async fn staff_start(user: &mut GooseUser) -> TransactionResult {
    let shared: Shared = Arc::default();
    user.set_session_data(shared.clone());
    let email = settings().staff_email.clone();
    let Some(token) = sign_in(user, &email).await? else {
        return Ok(());
    };
    let mut p = new_person(user, token);
    let list =
        call(user, GooseMethod::Get, "/v1/courses?limit=50", "GET /v1/courses", Some(&p.token), None, None).await?;
    p.courses = list
        .map(|r| {
            r.body["items"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|c| c["id"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    *shared.lock().await = Some(p);
    Ok(())
}

async fn staff_step(user: &mut GooseUser) -> TransactionResult {
    let shared = person(user);
    let mut guard = shared.lock().await;
    let Some(p) = guard.as_mut().filter(|p| !p.courses.is_empty()) else {
        return Ok(());
    };
    let course = p.courses[p.rng.below(p.courses.len() as u64) as usize].clone();
    let t = Some(p.token.as_str());
    if p.rng.below(2) == 0 {
        let path = format!("/v1/reports/courses/{course}");
        call(user, GooseMethod::Get, &path, "GET /v1/reports/courses/{id}", t, None, None).await?;
    } else {
        let path = format!("/v1/reports/courses/{course}/learners?limit=50");
        call(user, GooseMethod::Get, &path, "GET /v1/reports/courses/{id}/learners", t, None, None).await?;
    }
    Ok(())
}

/// The server's resident memory, sampled every 250 ms: (now, peak since start, peak in steady state).
static RSS_PEAK_KB: AtomicU64 = AtomicU64::new(0);
static RSS_STEADY_PEAK_KB: AtomicU64 = AtomicU64::new(0);

fn status_kb(pid: u32, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn percentile(sorted: &[u32], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1] as f64 / 1000.0
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn report(end: Instant) {
    let s = settings();
    let start = *START.get().unwrap();
    let steady_at = STEADY_AT.get().copied();
    let ramp = steady_at.unwrap_or(end).duration_since(start).as_secs_f64();
    let steady = steady_at.map_or(0.0, |at| end.duration_since(at).as_secs_f64());
    let mut stats = stats();
    let mut steady_all: Vec<u32> = Vec::new();
    let (mut steady_requests, mut errors, mut shed) = (0u64, 0u64, 0u64);
    for ((phase, name), row) in stats.rows.iter_mut() {
        row.latencies_us.sort_unstable();
        let count: u64 = row.statuses.values().sum::<u64>() + row.transport_errors;
        let seconds = if *phase == "steady" { steady } else { ramp };
        if *phase == "steady" {
            steady_all.extend_from_slice(&row.latencies_us);
            steady_requests += count;
        }
        errors += row.errors + row.transport_errors;
        shed += row.shed;
        let statuses: BTreeMap<String, u64> = row.statuses.iter().map(|(k, v)| (k.to_string(), *v)).collect();
        println!(
            "{}",
            json!({
                "phase": phase, "request": name, "count": count,
                "per_second": round2(count as f64 / seconds.max(0.001)),
                "p50_ms": round2(percentile(&row.latencies_us, 50.0)),
                "p95_ms": round2(percentile(&row.latencies_us, 95.0)),
                "p99_ms": round2(percentile(&row.latencies_us, 99.0)),
                "max_ms": round2(percentile(&row.latencies_us, 100.0)),
                "shed": row.shed, "errors": row.errors, "transport_errors": row.transport_errors,
                "statuses": statuses,
            })
        );
    }
    for (name, times) in stats.journeys.iter_mut() {
        times.sort_unstable();
        println!(
            "{}",
            json!({
                "journey": name, "count": times.len(),
                "p50_ms": round2(percentile(times, 50.0)), "p99_ms": round2(percentile(times, 99.0)),
                "max_ms": round2(percentile(times, 100.0)),
                "within_60s": times.iter().filter(|t| **t <= 60_000_000).count(),
            })
        );
    }
    steady_all.sort_unstable();
    let signed_in = SIGNED_IN.load(Ordering::Acquire);
    let first = FIRST_SIGN_IN_US.load(Ordering::Relaxed);
    let last = LAST_SIGN_IN_US.load(Ordering::Relaxed);
    let sign_in_window = if signed_in > 0 && last > first { (last - first) as f64 / 1e6 } else { 0.0 };
    let mb = |kb: u64| round2(kb as f64 / 1024.0);
    println!(
        "{}",
        json!({
            "summary": format!("{:?}", s.mode).to_lowercase(),
            "users": s.users, "signed_in": signed_in, "gave_up_signing_in": GAVE_UP.load(Ordering::Acquire),
            "sign_ins_per_second": round2(signed_in as f64 / sign_in_window.max(0.001)),
            "ramp_seconds": round2(ramp), "steady_seconds": round2(steady),
            "steady_requests_per_second": round2(steady_requests as f64 / steady.max(0.001)),
            "steady_p50_ms": round2(percentile(&steady_all, 50.0)),
            "steady_p99_ms": round2(percentile(&steady_all, 99.0)),
            "errors": errors, "shed": shed,
            "server_rss_peak_mb": mb(RSS_PEAK_KB.load(Ordering::Relaxed)),
            "server_rss_steady_peak_mb": mb(RSS_STEADY_PEAK_KB.load(Ordering::Relaxed)),
            "server_vm_hwm_mb": s.server_pid.and_then(|pid| status_kb(pid, "VmHWM:")).map(mb),
        })
    );
}

#[tokio::main]
async fn main() -> Result<(), GooseError> {
    let s = settings();
    START.get_or_init(Instant::now);
    tokio::spawn(async move {
        loop {
            if let Some(kb) = s.server_pid.and_then(|pid| status_kb(pid, "VmRSS:")) {
                RSS_PEAK_KB.fetch_max(kb, Ordering::Relaxed);
                if STEADY_AT.get().is_some() {
                    RSS_STEADY_PEAK_KB.fetch_max(kb, Ordering::Relaxed);
                }
            }
            if STEADY_AT.get().is_some_and(|at| at.elapsed() >= s.steady) {
                report(Instant::now());
                std::process::exit(0);
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    });
    let think = |min: u64, max: u64| (Duration::from_millis(min), Duration::from_millis(max));
    let (low, high) = think(8_000, 12_000);
    let mut learner = scenario!("Learner")
        .set_weight(1000 - s.staff_per_thousand.min(999))?
        .set_wait_time(low, high)?
        .register_transaction(transaction!(learner_start).set_on_start());
    if s.mode == Mode::Learn {
        learner = learner.register_transaction(transaction!(learner_step));
    } else {
        // Nothing more to do: idle until the run ends.
        learner = learner.register_transaction(transaction!(idle));
    }
    let mut attack = GooseAttack::initialize()?.register_scenario(learner);
    if s.mode == Mode::Learn && s.staff_per_thousand > 0 {
        let (low, high) = think(5_000, 15_000);
        attack = attack.register_scenario(
            scenario!("Staff")
                .set_weight(s.staff_per_thousand.min(999))?
                .set_wait_time(low, high)?
                .register_transaction(transaction!(staff_start).set_on_start())
                .register_transaction(transaction!(staff_step)),
        );
    }
    attack.execute().await?;
    report(Instant::now());
    Ok(())
}

async fn idle(_user: &mut GooseUser) -> TransactionResult {
    Ok(())
}
