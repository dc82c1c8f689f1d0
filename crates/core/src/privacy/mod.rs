//! A person's rights over their data (issue 23): what Lyceum holds about them, as one archive
//! ([`export`]), and their erasure ([`erase`]). Which version of the institution's terms and privacy
//! notice each person accepted is recorded at sign-in, by the directory (`identity::consent`).
//! `docs/privacy.md` is the map for institutions.
//!
//! Erasure finds the person's data by their id where rows name them, and by the words that identify
//! them ([`Terms`]: email, name, user name, external id, single sign-on subjects) where free text or a
//! JSON copy may carry them (audit metadata, event and delivery payloads, operations' input, jobs,
//! operators' command lines). [`Terms`] turns those words into a coarse SQL prefilter that works the
//! same on both backends, then replaces exact, case-insensitive occurrences in Rust.

pub mod erase;
pub mod export;
mod export_more;

pub use self::{erase::*, export::*, export_more::ExportReadyEmail};

/// What replaces a person's identifying words.
pub const REDACTED: &str = "[erased]";

/// Words that identify one person.
#[derive(Debug, Clone, Default)]
pub struct Terms {
    /// Lower-cased; substring-matched (at least [`Terms::MIN_SUBSTRING`] characters).
    long: Vec<String>,
    /// Lower-cased; shorter words, replaced only where they are a whole value.
    short: Vec<String>,
}

impl Terms {
    /// Shorter words ("Al") would match inside unrelated text; they are replaced only as whole values.
    pub const MIN_SUBSTRING: usize = 4;
    /// How many words one SQL prefilter carries (more are scanned in further passes).
    pub const PER_PASS: usize = 8;

    pub fn new<'a>(words: impl IntoIterator<Item = &'a str>) -> Terms {
        let mut t = Terms::default();
        for w in words {
            let w = w.trim().to_lowercase();
            if w.is_empty() || t.long.contains(&w) || t.short.contains(&w) {
                continue;
            }
            if w.chars().count() >= Self::MIN_SUBSTRING {
                t.long.push(w);
            } else {
                t.short.push(w);
            }
        }
        // Longest first, so a name inside an email is not replaced before the email.
        t.long.sort_by_key(|w| std::cmp::Reverse(w.len()));
        t
    }

    pub fn is_empty(&self) -> bool {
        self.long.is_empty() && self.short.is_empty()
    }

    /// `LIKE` patterns (escape character `\`) for `lower(column)`, in passes of [`Self::PER_PASS`]
    /// (padded by repeating the last). A superset: characters that lower-case differently on SQLite
    /// (non-ASCII) match any one character, and those JSON escapes (`"` and `\`) any run.
    pub fn like_passes(&self) -> Vec<[String; Self::PER_PASS]> {
        self.long
            .chunks(Self::PER_PASS)
            .map(|chunk| {
                let pats: Vec<String> = chunk.iter().map(|w| like_pattern(w)).collect();
                std::array::from_fn(|i| pats.get(i).unwrap_or(&pats[pats.len() - 1]).clone())
            })
            .collect()
    }

    /// `text` with every occurrence of a long word (case-insensitively) replaced, and the whole of it
    /// replaced when it is a short word. `None` when nothing matched.
    pub fn scrub_text(&self, text: &str) -> Option<String> {
        if self.short.iter().any(|w| text.trim().to_lowercase() == *w) {
            return Some(REDACTED.to_string());
        }
        let mut out = text.to_string();
        let mut changed = false;
        for w in &self.long {
            if let Some(replaced) = replace_ci(&out, w) {
                out = replaced;
                changed = true;
            }
        }
        changed.then_some(out)
    }

    /// A JSON document with its string values (and object keys) scrubbed; text that is not JSON is
    /// scrubbed as text. `None` when nothing matched.
    pub fn scrub_json(&self, text: &str) -> Option<String> {
        match serde_json::from_str::<serde_json::Value>(text) {
            Ok(mut v) => self.scrub_value(&mut v).then(|| v.to_string()),
            Err(_) => self.scrub_text(text),
        }
    }

    /// Scrubs a JSON value in place; true if anything changed.
    pub fn scrub_value(&self, v: &mut serde_json::Value) -> bool {
        match v {
            serde_json::Value::String(s) => match self.scrub_text(s) {
                Some(new) => {
                    *s = new;
                    true
                }
                None => false,
            },
            serde_json::Value::Array(items) => items.iter_mut().fold(false, |acc, i| self.scrub_value(i) | acc),
            serde_json::Value::Object(map) => {
                let old = std::mem::take(map);
                let mut changed = false;
                for (k, mut val) in old {
                    changed |= self.scrub_value(&mut val);
                    let key = match self.scrub_text(&k) {
                        Some(new) => {
                            changed = true;
                            new
                        }
                        None => k,
                    };
                    map.insert(key, val);
                }
                changed
            }
            _ => false,
        }
    }

    /// Whether `text` still mentions a word (a test's and a check's question).
    pub fn mentioned_in(&self, text: &str) -> bool {
        let lower = text.to_lowercase();
        self.long.iter().any(|w| lower.contains(w.as_str()))
    }
}

fn like_pattern(word: &str) -> String {
    let mut p = String::from("%");
    for c in word.chars() {
        match c {
            '%' | '_' => {
                p.push('\\');
                p.push(c);
            }
            '\\' | '"' => p.push('%'),
            c if c.is_ascii() => p.push(c),
            _ => p.push('_'),
        }
    }
    p.push('%');
    p
}

/// `haystack` with every case-insensitive occurrence of `needle` (lower-case) replaced by
/// [`REDACTED`]; `None` if there is none.
fn replace_ci(haystack: &str, needle: &str) -> Option<String> {
    let needle: Vec<char> = needle.chars().collect();
    let mut out = String::with_capacity(haystack.len());
    let mut changed = false;
    let mut rest = haystack;
    'outer: while !rest.is_empty() {
        // Does `rest` start with the needle, comparing lower-cased characters?
        let mut lowered = rest.char_indices().flat_map(|(i, c)| c.to_lowercase().map(move |l| (i, c, l)));
        let mut end = 0;
        let mut matched = 0;
        for want in &needle {
            match lowered.next() {
                Some((i, c, l)) if l == *want => {
                    end = i + c.len_utf8();
                    matched += 1;
                }
                _ => break,
            }
        }
        if matched == needle.len() && !needle.is_empty() {
            out.push_str(REDACTED);
            rest = &rest[end..];
            changed = true;
            continue 'outer;
        }
        let c = rest.chars().next().expect("not empty");
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    changed.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrubs_case_insensitively_inside_text_and_json() {
        let t = Terms::new(["Erin.Example@Example.org", "Erin Zoë Example", "Al"]);
        assert_eq!(t.scrub_text("mail ERIN.example@example.ORG now").as_deref(), Some("mail [erased] now"));
        assert_eq!(t.scrub_text("Dear erin zoë example,").as_deref(), Some("Dear [erased],"));
        assert_eq!(t.scrub_text("Algebra"), None, "a short word is not matched inside others");
        assert_eq!(t.scrub_text(" al ").as_deref(), Some(REDACTED));
        let json = r#"{"email":"erin.example@example.org","n":1,"list":["Erin Zoë Example x"],"k":{"Al":"Al"}}"#;
        let out = t.scrub_json(json).unwrap();
        assert!(!t.mentioned_in(&out), "{out}");
        assert!(out.contains(r#""n":1"#) && out.contains("[erased] x"), "{out}");
        assert_eq!(t.scrub_json(r#"{"title":"Algebra"}"#), None);
    }

    #[test]
    fn like_patterns_escape_wildcards_and_widen_what_sqlite_cannot_lower() {
        let t = Terms::new(["a_b%c@x.org", "Zoë \"Q\""]);
        let passes = t.like_passes();
        assert_eq!(passes.len(), 1);
        assert!(passes[0].contains(&r"%a\_b\%c@x.org%".to_string()), "{passes:?}");
        assert!(passes[0].contains(&"%zo_ %q%%".to_string()), "{passes:?}");
        assert_eq!(passes[0][7], passes[0][1], "padded with the last pattern");
    }
}
