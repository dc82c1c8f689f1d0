//! The process's one `LISTEN` connection (PostgreSQL). Every subscriber in the process (the caches'
//! invalidation follower, the worker's wake-up) shares it: one connection listens on every channel,
//! and a thread sleeps in `PQsocketPoll` until the server says something (or a second passes, to notice
//! that the last subscriber left), so a notification is handled as soon as it arrives.
//!
//! It speaks to PostgreSQL through libpq, the library the pool's connections use (Diesel does not lend
//! out its raw connection), so the connection string means exactly what it means to the pool: the same
//! `sslmode`, the same options. The calls are the few libpq documents for asynchronous notification
//! (`PQconsumeInput`, `PQnotifies`, `PQsocketPoll`), in this one module; the workspace forbids unsafe
//! code everywhere else.
#![allow(unsafe_code)]

use std::{
    ffi::{CStr, CString},
    sync::{Arc, Mutex},
    time::Duration,
};

use tokio::sync::broadcast;

/// Cache invalidations (see `invalidation`): the payload is a row's sequence number.
pub const INVALIDATE: &str = "lyceum_invalidate";
/// Enqueued jobs (see `jobs`): wakes idle workers.
pub const JOBS: &str = "lyceum_jobs";
const CHANNELS: &[&str] = &[INVALIDATE, JOBS];

/// What the listening connection heard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Heard {
    /// A notification on one of the channels.
    Notice { channel: &'static str, payload: String },
    /// The connection was lost and is back: notifications in between may be missed.
    Reconnected,
}

/// Shared by every clone of a `Db`; the thread runs while anyone subscribes.
#[derive(Debug)]
pub(crate) struct Listener {
    conninfo: String,
    running: Mutex<Option<broadcast::Sender<Heard>>>,
}

impl Listener {
    pub(crate) fn new(conninfo: String) -> Arc<Self> {
        Arc::new(Listener { conninfo, running: Mutex::new(None) })
    }

    /// A receiver of everything heard from now on; starts the listening thread if none runs.
    pub(crate) fn subscribe(self: &Arc<Self>) -> broadcast::Receiver<Heard> {
        let mut running = self.running.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(tx) = running.as_ref() {
            return tx.subscribe();
        }
        let (tx, rx) = broadcast::channel(4096);
        *running = Some(tx.clone());
        let me = self.clone();
        std::thread::Builder::new()
            .name("lyceum-listen".into())
            .spawn(move || me.run(tx))
            .expect("spawning the listening thread");
        rx
    }

    /// Whether the thread should stop (no subscriber left); it then unregisters itself under the lock, so
    /// a new subscriber starts a new thread.
    fn abandoned(&self, tx: &broadcast::Sender<Heard>) -> bool {
        let mut running = self.running.lock().unwrap_or_else(|p| p.into_inner());
        if tx.receiver_count() == 0 {
            *running = None;
            true
        } else {
            false
        }
    }

    fn run(&self, tx: broadcast::Sender<Heard>) {
        let mut first = true;
        loop {
            if self.abandoned(&tx) {
                return;
            }
            let conn = match Conn::listen(&self.conninfo) {
                Ok(c) => c,
                Err(e) => {
                    tracing::warn!(error = %e, "the listening connection cannot connect; retrying");
                    std::thread::sleep(Duration::from_secs(1));
                    continue;
                }
            };
            if !first {
                let _ = tx.send(Heard::Reconnected);
            }
            first = false;
            loop {
                match conn.wait(Duration::from_secs(1)) {
                    Ok(heard) => {
                        for h in heard {
                            let _ = tx.send(h);
                        }
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, "the listening connection was lost; reconnecting");
                        break;
                    }
                }
                if self.abandoned(&tx) {
                    return;
                }
            }
        }
    }
}

/// One libpq connection, finished on drop.
struct Conn(*mut pq_sys::PGconn);

impl Drop for Conn {
    fn drop(&mut self) {
        // SAFETY: the pointer came from PQconnectdb and is finished exactly once.
        unsafe { pq_sys::PQfinish(self.0) }
    }
}

impl Conn {
    fn error(&self) -> String {
        // SAFETY: PQerrorMessage returns a NUL-terminated string owned by the live connection.
        unsafe { CStr::from_ptr(pq_sys::PQerrorMessage(self.0)) }.to_string_lossy().trim().to_string()
    }

    /// Connects and listens on every channel.
    fn listen(conninfo: &str) -> Result<Conn, String> {
        let info = CString::new(conninfo).map_err(|_| "the connection string holds a NUL".to_string())?;
        // SAFETY: `info` is a valid C string; the result (possibly a failed connection) is owned by Conn.
        let conn = Conn(unsafe { pq_sys::PQconnectdb(info.as_ptr()) });
        if conn.0.is_null() {
            return Err("libpq could not allocate a connection".into());
        }
        // SAFETY: conn.0 is a live connection object.
        if unsafe { pq_sys::PQstatus(conn.0) } != pq_sys::ConnStatusType::CONNECTION_OK {
            return Err(conn.error());
        }
        let sql = CHANNELS.iter().map(|c| format!("LISTEN {c};")).collect::<String>();
        let sql = CString::new(sql).expect("channel names hold no NUL");
        // SAFETY: a live connection and a valid C string; the result is cleared before returning.
        let ok = unsafe {
            let res = pq_sys::PQexec(conn.0, sql.as_ptr());
            let ok = !res.is_null() && pq_sys::PQresultStatus(res) == pq_sys::ExecStatusType::PGRES_COMMAND_OK;
            pq_sys::PQclear(res);
            ok
        };
        if !ok {
            return Err(conn.error());
        }
        Ok(conn)
    }

    /// Sleeps until the socket is readable or `timeout` passes, then returns every notification received.
    fn wait(&self, timeout: Duration) -> Result<Vec<Heard>, String> {
        // SAFETY: a live connection; PQsocketPoll only waits on the descriptor.
        let ready = unsafe {
            let sock = pq_sys::PQsocket(self.0);
            if sock < 0 {
                return Err("the connection has no socket".into());
            }
            let end = pq_sys::PQgetCurrentTimeUSec() + timeout.as_micros() as i64;
            pq_sys::PQsocketPoll(sock, 1, 0, end)
        };
        if ready < 0 {
            return Err(std::io::Error::last_os_error().to_string());
        }
        if ready == 0 {
            return Ok(Vec::new());
        }
        // SAFETY: a live connection. A closed socket reads as ready and then fails here.
        if unsafe { pq_sys::PQconsumeInput(self.0) } == 0 {
            return Err(self.error());
        }
        let mut heard = Vec::new();
        loop {
            // SAFETY: each notification is read, then freed with PQfreemem as libpq requires.
            let n = unsafe { pq_sys::PQnotifies(self.0) };
            if n.is_null() {
                break;
            }
            let (channel, payload) = unsafe {
                let channel = CStr::from_ptr((*n).relname).to_string_lossy().into_owned();
                let payload = CStr::from_ptr((*n).extra).to_string_lossy().into_owned();
                pq_sys::PQfreemem(n.cast());
                (channel, payload)
            };
            if let Some(channel) = CHANNELS.iter().find(|c| **c == channel) {
                heard.push(Heard::Notice { channel, payload });
            }
        }
        Ok(heard)
    }
}
