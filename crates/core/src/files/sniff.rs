//! What a file is, from its bytes: the content type its first bytes show (`infer`'s signatures, else
//! text when they are UTF-8 without NUL characters, else `application/octet-stream`), checked against
//! what the client claimed (the part's or request's content type, and the filename's extension).
//! Native executables are not taken at all.

use crate::error::{Error, Result};

/// Bytes read before the type is decided (enough for every signature `infer` knows, office documents
/// included).
pub const HEAD_BYTES: usize = 8192;

/// Detected types that are never stored: native executables (Windows, Linux, macOS, Android).
const FORBIDDEN: &[&str] = &[
    "application/vnd.microsoft.portable-executable",
    "application/x-executable",
    "application/x-mach-binary",
    "application/vnd.android.dex",
    "application/vnd.android.dey",
];

/// Types carried as text: when the bytes are plain text, any of these claims is believed.
fn textual(t: &str) -> bool {
    t.starts_with("text/")
        || matches!(
            t,
            "application/json"
                | "application/xml"
                | "application/javascript"
                | "application/x-javascript"
                | "application/ecmascript"
                | "application/x-sh"
                | "application/x-yaml"
                | "application/yaml"
                | "application/toml"
                | "application/sql"
                | "application/x-tex"
                | "application/x-latex"
                | "application/rtf"
                | "application/x-subrip"
                | "application/ld+json"
                | "image/svg+xml"
        )
        || t.ends_with("+xml")
        || t.ends_with("+json")
}

/// Formats that are zip archives inside: when the bytes are a zip, any of these claims is believed.
fn zip_based(t: &str) -> bool {
    t.starts_with("application/vnd.openxmlformats-officedocument.")
        || t.starts_with("application/vnd.oasis.opendocument.")
        || t.starts_with("application/vnd.ms-")
        || matches!(
            t,
            "application/zip"
                | "application/x-zip-compressed"
                | "application/epub+zip"
                | "application/java-archive"
                | "application/vnd.android.package-archive"
                | "application/x-ipynb+json"
                | "model/vnd.usdz+zip"
        )
}

/// `image/jpeg; charset=x` -> `image/jpeg`, lower case; known aliases folded.
pub fn essence(t: &str) -> String {
    let e = t.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    match e.as_str() {
        "image/jpg" | "image/pjpeg" => "image/jpeg".into(),
        "audio/mp3" | "audio/x-mp3" => "audio/mpeg".into(),
        "audio/x-wav" | "audio/wave" => "audio/wav".into(),
        "application/x-pdf" => "application/pdf".into(),
        "text/xml" => "application/xml".into(),
        "application/x-zip-compressed" => "application/zip".into(),
        _ => e,
    }
}

/// The type the bytes show. `complete`: `head` is the whole file (a multi-byte character cut at its
/// end is then not text).
pub fn detect(head: &[u8], complete: bool) -> String {
    if let Some(t) = infer::get(head) {
        return essence(t.mime_type());
    }
    if is_text(head, complete) {
        "text/plain".into()
    } else {
        "application/octet-stream".into()
    }
}

fn is_text(head: &[u8], complete: bool) -> bool {
    if head.contains(&0) {
        return false;
    }
    match std::str::from_utf8(head) {
        Ok(_) => true,
        // A character cut by the end of the head (not of the file) is still text.
        Err(e) => !complete && e.error_len().is_none() && head.len() - e.valid_up_to() < 4,
    }
}

/// Whether a claim of `claimed` agrees with bytes that show `detected`.
pub fn compatible(claimed: &str, detected: &str) -> bool {
    let claimed = essence(claimed);
    let top = |t: &str| t.split('/').next().unwrap_or("").to_string();
    claimed == "application/octet-stream"
        || claimed == detected
        || (textual(detected) && textual(&claimed))
        || (detected == "application/zip" && zip_based(&claimed))
        // Media containers are named loosely (audio/mp4 for video/mp4, image/x-icon for image/vnd.microsoft.icon).
        || (matches!(top(detected).as_str(), "image" | "audio" | "video")
            && (top(&claimed) == top(detected)
                || (matches!(top(detected).as_str(), "audio" | "video")
                    && matches!(top(&claimed).as_str(), "audio" | "video"))))
        // Unknown binary bytes: a claim cannot be checked unless its type has a signature that should
        // have shown.
        || (detected == "application/octet-stream" && !textual(&claimed) && !infer::is_mime_supported(&claimed))
}

/// The content type a file is stored with: what its bytes show, or the claim where the bytes only
/// show a family (plain text claimed as CSV, a zip claimed as an office document).
pub fn decide(filename: &str, claimed: Option<&str>, head: &[u8], complete: bool) -> Result<String> {
    let detected = detect(head, complete);
    if FORBIDDEN.contains(&detected.as_str()) {
        return Err(Error::UnsupportedMediaType {
            code: "file_type_forbidden",
            message: format!("executable programs ({detected}) are not taken"),
        });
    }
    let claimed = claimed.map(essence).filter(|c| !c.is_empty() && c != "application/octet-stream");
    if let Some(c) = &claimed {
        if !compatible(c, &detected) {
            return Err(Error::UnsupportedMediaType {
                code: "content_type_mismatch",
                message: format!("the file was sent as {c}, but its content is {detected}"),
            });
        }
    }
    let by_name: Vec<String> = extension(filename)
        .map(|ext| mime_guess::from_ext(&ext).iter().map(|m| essence(m.essence_str())).collect())
        .unwrap_or_default();
    if !by_name.is_empty() && !by_name.iter().any(|g| compatible(g, &detected)) {
        return Err(Error::UnsupportedMediaType {
            code: "content_type_mismatch",
            message: format!(
                "the file's name says {}, but its content is {detected}",
                by_name.first().map(String::as_str).unwrap_or("another type")
            ),
        });
    }
    let named = claimed.or_else(|| by_name.into_iter().next());
    Ok(match named {
        Some(n) if detected == "text/plain" && textual(&n) => n,
        Some(n) if detected == "application/zip" && zip_based(&n) => n,
        Some(n) if detected == "application/octet-stream" && compatible(&n, &detected) => n,
        _ => detected,
    })
}

/// A file name's extension, lower case, without the dot (`Report.PDF` -> `pdf`).
pub fn extension(filename: &str) -> Option<String> {
    let (stem, ext) = filename.rsplit_once('.')?;
    (!stem.is_empty() && !ext.is_empty() && ext.len() <= 16 && ext.chars().all(|c| c.is_ascii_alphanumeric()))
        .then(|| ext.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";
    const PDF: &[u8] = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n";
    const ELF: &[u8] = b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x02\0\x3e\0\x01\0\0\0\0\x10\x40\0\0\0\0\0\x40\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x40\0\x38\0\x01\0\x40\0\0\0\0\0";

    #[test]
    fn the_bytes_decide() {
        assert_eq!(detect(PNG, true), "image/png");
        assert_eq!(detect(PDF, true), "application/pdf");
        assert_eq!(detect("name,score\nAda,93\n".as_bytes(), true), "text/plain");
        assert_eq!(detect("héllo".as_bytes(), true), "text/plain");
        assert_eq!(detect(&[0xde, 0xad, 0xbe, 0xef, 0, 1], true), "application/octet-stream");
        // A character cut at the end of the head is still text; at the end of the file it is not.
        let cut = &"é".as_bytes()[..1];
        assert_eq!(detect(&[b"abc", cut].concat(), false), "text/plain");
        assert_eq!(detect(&[b"abc", cut].concat(), true), "application/octet-stream");
    }

    #[test]
    fn claims_must_match_the_bytes() {
        assert_eq!(decide("scan.png", Some("image/png"), PNG, true).unwrap(), "image/png");
        assert_eq!(decide("essay.pdf", None, PDF, true).unwrap(), "application/pdf");
        assert_eq!(decide("grades.csv", None, b"a,b\n1,2\n", true).unwrap(), "text/csv");
        assert_eq!(decide("notes", Some("text/markdown; charset=utf-8"), b"# Hi\n", true).unwrap(), "text/markdown");
        assert_eq!(decide("blob", Some("application/octet-stream"), PNG, true).unwrap(), "image/png");
        let err = decide("essay.pdf", Some("application/pdf"), PNG, true).unwrap_err();
        assert_eq!(err.code(), "content_type_mismatch", "{err}");
        let err = decide("essay.pdf", None, PNG, true).unwrap_err();
        assert!(err.to_string().contains("name says application/pdf"), "{err}");
        let err = decide("photo.png", Some("image/png"), b"just text", true).unwrap_err();
        assert_eq!(err.code(), "content_type_mismatch");
        // A type without a signature cannot be checked against unknown bytes, and is believed.
        assert_eq!(
            decide("model.bin", Some("application/x-custom"), &[1, 2, 3, 0], true).unwrap(),
            "application/x-custom"
        );
    }

    #[test]
    fn executables_are_refused_whatever_they_claim() {
        let err = decide("homework.pdf", Some("application/pdf"), ELF, true).unwrap_err();
        assert_eq!(err.code(), "file_type_forbidden");
        let mut exe = b"MZ".to_vec();
        exe.resize(0x40, 0);
        exe[0x3c] = 0x40;
        exe.extend_from_slice(b"PE\0\0");
        assert_eq!(decide("setup.exe", None, &exe, true).unwrap_err().code(), "file_type_forbidden");
    }

    #[test]
    fn extensions() {
        assert_eq!(extension("Report.PDF").as_deref(), Some("pdf"));
        assert_eq!(extension("archive.tar.gz").as_deref(), Some("gz"));
        assert_eq!(extension(".bashrc"), None);
        assert_eq!(extension("README"), None);
    }
}
