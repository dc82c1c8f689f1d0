//! `multipart/mixed` as xAPI uses it (1.0.3 Data §2.4.11): statements with their attachments'
//! contents in one body, and the same shape in answers that ask for `attachments=true`.

use lyceum_core::{xapi::statements::Part, Error};

/// The `boundary` parameter of a multipart content type.
pub fn boundary(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim().eq_ignore_ascii_case("boundary").then(|| v.trim().trim_matches('"').to_string())
    })
}

fn bad(what: impl std::fmt::Display) -> Error {
    Error::invalid("body", format!("multipart/mixed: {what}"))
}

/// One part: its headers (names lower-cased) and content.
pub struct RawPart {
    pub headers: Vec<(String, String)>,
    pub content: Vec<u8>,
}

impl RawPart {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    (from..=hay.len() - needle.len()).find(|&i| &hay[i..i + needle.len()] == needle)
}

/// Splits a body into its parts.
pub fn parse(body: &[u8], boundary: &str) -> Result<Vec<RawPart>, Error> {
    let delim = format!("--{boundary}").into_bytes();
    let mut at = find(body, &delim, 0).ok_or_else(|| bad("the boundary does not occur in the body"))? + delim.len();
    let mut parts = Vec::new();
    loop {
        if body[at..].starts_with(b"--") {
            return Ok(parts);
        }
        // The rest of the delimiter line.
        let line_end = find(body, b"\n", at).ok_or_else(|| bad("a part has no headers"))? + 1;
        let next = find(body, &[b"\r\n".as_slice(), &delim].concat(), line_end)
            .or_else(|| find(body, &[b"\n".as_slice(), &delim].concat(), line_end))
            .ok_or_else(|| bad("the closing boundary is missing"))?;
        let part = &body[line_end..next];
        let (head, content) = match find(part, b"\r\n\r\n", 0) {
            Some(i) => (&part[..i], &part[i + 4..]),
            None => match find(part, b"\n\n", 0) {
                Some(i) => (&part[..i], &part[i + 2..]),
                None => return Err(bad("a part has no blank line after its headers")),
            },
        };
        let head = std::str::from_utf8(head).map_err(|_| bad("a part's headers are not text"))?;
        let headers = head
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                let (k, v) = l.split_once(':').ok_or_else(|| bad(format!("`{l}` is not a header")))?;
                Ok((k.trim().to_ascii_lowercase(), v.trim().to_string()))
            })
            .collect::<Result<Vec<_>, Error>>()?;
        parts.push(RawPart { headers, content: content.to_vec() });
        at = next + if body[next] == b'\r' { 2 } else { 1 } + delim.len();
        if at > body.len() {
            return Err(bad("the body ends inside a boundary"));
        }
    }
}

/// The statements (the first part, JSON) and the attachments' parts of a request.
pub fn statements_and_parts(body: &[u8], content_type: &str) -> Result<(Vec<u8>, Vec<Part>), Error> {
    let b = boundary(content_type).ok_or_else(|| bad("the content type names no boundary"))?;
    let mut raw = parse(body, &b)?.into_iter();
    let first = raw.next().ok_or_else(|| bad("the body holds no part"))?;
    let ct = first.header("content-type").unwrap_or("");
    if !ct.split(';').next().is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json")) {
        return Err(bad("the first part must be the statements, as application/json"));
    }
    let mut parts = Vec::new();
    for p in raw {
        let sha2 =
            p.header("x-experience-api-hash").ok_or_else(|| bad("an attachment part lacks X-Experience-API-Hash"))?;
        if !p.header("content-transfer-encoding").is_some_and(|e| e.eq_ignore_ascii_case("binary")) {
            return Err(bad("an attachment part must have Content-Transfer-Encoding: binary"));
        }
        parts.push(Part {
            content_type: p.header("content-type").unwrap_or("application/octet-stream").to_string(),
            sha2: sha2.to_string(),
            content: p.content.clone(),
        });
    }
    Ok((first.content, parts))
}

/// A `multipart/mixed` answer: `json` first, then each attachment (sha2, content type, content).
pub fn write(json: &[u8], attachments: &[(String, String, Vec<u8>)]) -> (String, Vec<u8>) {
    let boundary = format!("xapi-{}", uuid::Uuid::new_v4().simple());
    let mut out = Vec::new();
    out.extend_from_slice(format!("--{boundary}\r\nContent-Type: application/json\r\n\r\n").as_bytes());
    out.extend_from_slice(json);
    for (sha2, ct, content) in attachments {
        out.extend_from_slice(
            format!(
                "\r\n--{boundary}\r\nContent-Type: {ct}\r\nContent-Transfer-Encoding: binary\r\nX-Experience-API-Hash: {sha2}\r\n\r\n"
            )
            .as_bytes(),
        );
        out.extend_from_slice(content);
    }
    out.extend_from_slice(format!("\r\n--{boundary}--").as_bytes());
    (format!("multipart/mixed; boundary={boundary}"), out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn round_trip() {
        let atts = vec![("abc".to_string(), "text/plain".to_string(), b"hello\r\nworld".to_vec())];
        let (ct, body) = super::write(b"{\"a\":1}", &atts);
        let b = super::boundary(&ct).unwrap();
        let parts = super::parse(&body, &b).unwrap();
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].content, b"{\"a\":1}");
        assert_eq!(parts[1].content, b"hello\r\nworld");
        assert_eq!(parts[1].header("x-experience-api-hash"), Some("abc"));
    }
}
