//! The real `lyceum-api` binary: starts on a fresh database (migrations applied at start), serves, runs
//! its in-process worker (the welcome email reaches the SMTP sink), and exits 0 on SIGTERM.

use std::{
    io::{Read, Write},
    net::TcpStream,
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use lyceum_testkit::{unique_slug, Backend, Mailbox, TestDb};

use crate::support::signup_body;

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// One HTTP/1.1 request over a fresh connection; returns (status, body).
fn http(port: u16, method: &str, path: &str, body: Option<&str>) -> std::io::Result<(u16, String)> {
    let mut s = TcpStream::connect(("127.0.0.1", port))?;
    s.set_read_timeout(Some(Duration::from_secs(10)))?;
    let body = body.unwrap_or("");
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    let mut out = String::new();
    s.read_to_string(&mut out)?;
    let status = out.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    let body = out.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    Ok((status, body))
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
    }
}

fn spawn(program: &std::path::Path, args: &[&str], url: &str, port: u16) -> Server {
    spawn_with(program, args, url, port, &[])
}

fn spawn_with(program: &std::path::Path, args: &[&str], url: &str, port: u16, env: &[(&str, &str)]) -> Server {
    let child = Command::new(program)
        .args(args)
        .envs(env.iter().copied())
        .env("LYCEUM_DATABASE_URL", url)
        .env("LYCEUM_MASTER_KEY", lyceum_testkit::MASTER_KEY)
        .env("LYCEUM_BIND", format!("127.0.0.1:{port}"))
        .env("LYCEUM_SMTP_URL", std::env::var("LYCEUM_TEST_SMTP_URL").expect("run scripts/test (SMTP sink)"))
        .env("LYCEUM_OUTBOX_DIR", tempfile_dir())
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|e| panic!("starting {}: {e}", program.display()));
    Server(child)
}

/// Sends SIGTERM and expects a clean exit.
async fn terminate(server: &mut Server, what: &str) {
    let pid = server.0.id().to_string();
    assert!(Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = server.0.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "{what} did not stop after SIGTERM");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(status.success(), "{what} exit status after SIGTERM: {status:?}");
}

/// `separate_worker`: run `lyceum-api --no-worker` beside a `lyceum-worker` process instead of the
/// in-process worker.
async fn serves_signup_and_stops_cleanly(url: String, separate_worker: bool) {
    let port = free_port();
    let api = std::path::Path::new(env!("CARGO_BIN_EXE_lyceum-api"));
    let args: &[&str] = if separate_worker { &["--no-worker"] } else { &[] };
    let mut server = spawn(api, args, &url, port);
    let started = Instant::now();
    loop {
        if let Ok((200, _)) = http(port, "GET", "/readyz", None) {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(30), "lyceum-api did not become ready");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let slug = unique_slug("proc");
    let body = signup_body(&slug);
    let (status, text) = http(port, "POST", "/v1/signup", Some(&body.to_string())).unwrap();
    assert_eq!(status, 201, "{text}");
    let (status, docs) = http(port, "GET", "/docs", None).unwrap();
    assert_eq!(status, 200);
    assert!(docs.contains("swagger-ui"));
    let recipient = body["owner_email"].as_str().unwrap();
    let mut worker = None;
    if separate_worker {
        // Without a worker in the API process, nothing is sent...
        tokio::time::sleep(Duration::from_millis(1500)).await;
        assert!(Mailbox::from_env().messages_to(recipient).is_empty(), "--no-worker must not run jobs");
        // ...until a lyceum-worker process (built beside lyceum-api) picks the job up.
        let worker_bin = api.with_file_name("lyceum-worker");
        worker = Some(spawn(&worker_bin, &[], &url, port));
    }
    let mail = Mailbox::from_env().wait_for(recipient, Duration::from_secs(15)).await;
    assert_eq!(mail.len(), 1, "welcome email delivered");
    if let Some(w) = worker.as_mut() {
        terminate(w, "lyceum-worker").await;
    }
    terminate(&mut server, "lyceum-api").await;
}

fn tempfile_dir() -> std::path::PathBuf {
    std::env::temp_dir().join(format!("lyceum-proc-{}", uuid::Uuid::now_v7().simple()))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn binary_on_sqlite() {
    let dir = tempfile_dir();
    std::fs::create_dir_all(&dir).unwrap();
    serves_signup_and_stops_cleanly(format!("sqlite://{}/lyceum.db", dir.display()), false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn binary_on_postgres() {
    // An empty database: the binary applies the migrations itself at start.
    let t = TestDb::empty(Backend::Postgres).await;
    serves_signup_and_stops_cleanly(t.url.clone(), false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_without_worker_beside_a_worker_process_on_postgres() {
    let t = TestDb::new(Backend::Postgres).await;
    serves_signup_and_stops_cleanly(t.url.clone(), true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_without_worker_beside_a_worker_process_on_sqlite() {
    let dir = tempfile_dir();
    std::fs::create_dir_all(&dir).unwrap();
    serves_signup_and_stops_cleanly(format!("sqlite://{}/lyceum.db", dir.display()), true).await;
}

/// Reads one HTTP/1.1 response (headers and a `Content-Length` body) from a kept-alive connection.
fn read_response(s: &mut TcpStream) -> std::io::Result<u16> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if s.read(&mut byte)? == 0 {
            return Err(std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "closed before a response"));
        }
        head.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&head).to_string();
    let length: usize = head
        .lines()
        .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse().unwrap()))
        .unwrap_or(0);
    let mut body = vec![0u8; length];
    s.read_exact(&mut body)?;
    Ok(head.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0))
}

/// Idle keep-alive connections are closed after `LYCEUM_HTTP_IDLE_TIMEOUT_SECONDS` (their buffers are
/// the API's memory under many clients); a connection in use stays open.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_connections_are_closed_and_busy_ones_kept() {
    let dir = tempfile_dir();
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite://{}/lyceum.db", dir.display());
    let port = free_port();
    let api = std::path::Path::new(env!("CARGO_BIN_EXE_lyceum-api"));
    let mut server = spawn_with(api, &["--no-worker"], &url, port, &[("LYCEUM_HTTP_IDLE_TIMEOUT_SECONDS", "1")]);
    let started = Instant::now();
    while !matches!(http(port, "GET", "/readyz", None), Ok((200, _))) {
        assert!(started.elapsed() < Duration::from_secs(30), "lyceum-api did not become ready");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let request = "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n";
    let (closed, waited) = tokio::task::spawn_blocking(move || {
        let mut idle = TcpStream::connect(("127.0.0.1", port)).unwrap();
        let mut busy = TcpStream::connect(("127.0.0.1", port)).unwrap();
        for s in [&mut idle, &mut busy] {
            s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
            s.write_all(request.as_bytes()).unwrap();
            assert_eq!(read_response(s).unwrap(), 200);
        }
        // The busy connection sends a request every 300 ms for 2.4 s: it outlives the idle timeout.
        for _ in 0..8 {
            std::thread::sleep(Duration::from_millis(300));
            busy.write_all(request.as_bytes()).unwrap();
            assert_eq!(read_response(&mut busy).unwrap(), 200, "a connection in use stays open");
        }
        // The idle one, silent for 2.4 s, was closed by the server: reading ends (EOF), not times out.
        let waited = Instant::now();
        let mut rest = Vec::new();
        let closed = idle.read_to_end(&mut rest);
        (closed.map(|_| rest.len()).map_err(|e| e.kind()), waited.elapsed())
    })
    .await
    .unwrap();
    assert_eq!(closed, Ok(0), "the idle connection is closed by the server without another byte");
    assert!(waited < Duration::from_secs(5), "closed, not timed out ({waited:?})");
    terminate(&mut server, "lyceum-api").await;
}
