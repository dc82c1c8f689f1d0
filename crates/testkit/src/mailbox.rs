//! The SMTP sink's mailbox: `scripts/test` runs aiosmtpd with a Maildir (`LYCEUM_TEST_MAILDIR`); tests
//! wait there for the message addressed to their own unique recipient.

use std::{path::PathBuf, time::Duration};

#[derive(Debug, Clone)]
pub struct Mailbox {
    dir: PathBuf,
}

impl Mailbox {
    /// The sink the test script started; panics with instructions when there is none.
    pub fn from_env() -> Self {
        let dir = std::env::var("LYCEUM_TEST_MAILDIR").unwrap_or_else(|_| {
            panic!("LYCEUM_TEST_MAILDIR is not set: run `scripts/test`, which starts the SMTP sink")
        });
        Mailbox { dir: PathBuf::from(dir) }
    }

    /// Every stored message (raw RFC 5322 text) whose envelope or headers name `recipient`.
    pub fn messages_to(&self, recipient: &str) -> Vec<String> {
        let needle = recipient.to_lowercase();
        let mut found = Vec::new();
        for sub in ["new", "cur"] {
            let Ok(entries) = std::fs::read_dir(self.dir.join(sub)) else { continue };
            for e in entries.flatten() {
                if let Ok(text) = std::fs::read_to_string(e.path()) {
                    let headers = text.split("\n\n").next().unwrap_or("").to_lowercase();
                    if headers
                        .lines()
                        .any(|l| (l.starts_with("to:") || l.starts_with("x-rcptto:")) && l.contains(&needle))
                    {
                        found.push(text);
                    }
                }
            }
        }
        found
    }

    /// Undoes quoted-printable soft line breaks and escapes, so text can be searched as written.
    pub fn decode_quoted_printable(raw: &str) -> String {
        let joined = raw.replace("=\r\n", "").replace("=\n", "");
        let bytes = joined.as_bytes();
        let hex = |b: u8| (b as char).to_digit(16);
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'=' && i + 2 < bytes.len() {
                if let (Some(hi), Some(lo)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                    out.push((hi * 16 + lo) as u8);
                    i += 3;
                    continue;
                }
            }
            out.push(bytes[i]);
            i += 1;
        }
        String::from_utf8_lossy(&out).into_owned()
    }

    /// Waits up to `timeout` for at least one message to `recipient`.
    pub async fn wait_for(&self, recipient: &str, timeout: Duration) -> Vec<String> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let found = self.messages_to(recipient);
            if !found.is_empty() || tokio::time::Instant::now() >= deadline {
                return found;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}
