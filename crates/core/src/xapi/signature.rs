//! Signed statements (xAPI 1.0.3 Data §2.6): a statement may carry its JWS signature as an
//! attachment (`usageType` [`super::SIGNATURE`], `contentType` `application/octet-stream`). The LRS
//! refuses (400) a signature that is not a compact JWS, whose algorithm is not RS256, RS384 or
//! RS512, or whose payload is not the statement it is attached to. When the JWS header carries an
//! X.509 certificate chain (`x5c`), the signature is checked with the first certificate's key.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use serde_json::{Map, Value};

use super::statements::Part;
use crate::error::{Error, Result};

fn bad(what: impl std::fmt::Display) -> Error {
    Error::invalid("attachments", format!("the statement's signature {what}"))
}

/// Checks the signature attachment of statement `o`, if it has one.
pub(crate) fn check(o: &Map<String, Value>, parts: &[Part]) -> Result<()> {
    let Some(atts) = o.get("attachments").and_then(Value::as_array) else { return Ok(()) };
    for a in atts.iter().filter(|a| a.get("usageType").and_then(Value::as_str) == Some(super::SIGNATURE)) {
        if a.get("contentType").and_then(Value::as_str) != Some("application/octet-stream") {
            return Err(bad("must have the content type application/octet-stream"));
        }
        let sha = a.get("sha2").and_then(Value::as_str).unwrap_or_default();
        let Some(part) = parts.iter().find(|p| p.sha2.eq_ignore_ascii_case(sha)) else {
            return Err(bad("was not sent (no part has its sha2)"));
        };
        let jws = std::str::from_utf8(&part.content).map_err(|_| bad("is not a compact JWS"))?.trim();
        let segs: Vec<&str> = jws.split('.').collect();
        let [header, payload, sig] = segs[..] else { return Err(bad("is not a compact JWS")) };
        let decode = |s: &str| URL_SAFE_NO_PAD.decode(s.trim_end_matches('=')).map_err(|_| bad("is not a compact JWS"));
        let header: Value =
            serde_json::from_slice(&decode(header)?).map_err(|_| bad("has a header that is not JSON"))?;
        let alg = header.get("alg").and_then(Value::as_str).unwrap_or_default();
        let alg = match alg {
            "RS256" => jsonwebtoken::Algorithm::RS256,
            "RS384" => jsonwebtoken::Algorithm::RS384,
            "RS512" => jsonwebtoken::Algorithm::RS512,
            other => return Err(bad(format!("uses the algorithm `{other}`; RS256, RS384 or RS512 are allowed"))),
        };
        let payload: Value =
            serde_json::from_slice(&decode(payload)?).map_err(|_| bad("has a payload that is not JSON"))?;
        decode(sig)?;
        if !same_content(o, &payload) {
            return Err(bad("payload is not the statement it is attached to"));
        }
        if let Some(cert) = header.get("x5c").and_then(Value::as_array).and_then(|c| c.first()).and_then(Value::as_str)
        {
            verify_with_certificate(jws, cert, alg)?;
        }
    }
    Ok(())
}

/// The signed payload and the statement agree on everything but what is added after signing.
fn same_content(statement: &Map<String, Value>, payload: &Value) -> bool {
    let Some(p) = payload.as_object() else { return false };
    let strip = |o: &Map<String, Value>, drop_id: bool| {
        let mut o = o.clone();
        for k in ["attachments", "authority", "stored", "version"] {
            o.remove(k);
        }
        if drop_id {
            o.remove("id");
        }
        o
    };
    let drop_id = !p.contains_key("id");
    strip(statement, drop_id) == strip(p, drop_id)
}

fn verify_with_certificate(jws: &str, cert_b64: &str, alg: jsonwebtoken::Algorithm) -> Result<()> {
    use base64::engine::general_purpose::STANDARD;
    let der = STANDARD.decode(cert_b64).map_err(|_| bad("has an x5c certificate that is not base64"))?;
    let spki = spki_of(&der).ok_or_else(|| bad("has an x5c certificate that could not be read"))?;
    let key = jsonwebtoken::DecodingKey::from_rsa_der(
        &rsa_public_key(spki).ok_or_else(|| bad("has an x5c key that is not RSA"))?,
    );
    let (signed, sig) = jws.rsplit_once('.').ok_or_else(|| bad("is not a compact JWS"))?;
    let ok =
        jsonwebtoken::crypto::verify(sig, signed.as_bytes(), &key, alg).map_err(|_| bad("could not be verified"))?;
    if ok {
        Ok(())
    } else {
        Err(bad("does not verify with its x5c certificate"))
    }
}

/// A DER element at `d`: (tag, contents, rest).
fn der(d: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, d) = d.split_first()?;
    let (&l, mut d) = d.split_first()?;
    let len = if l < 0x80 {
        l as usize
    } else {
        let n = (l & 0x7f) as usize;
        if n == 0 || n > 4 || d.len() < n {
            return None;
        }
        let len = d[..n].iter().fold(0usize, |a, b| (a << 8) | *b as usize);
        d = &d[n..];
        len
    };
    (d.len() >= len).then(|| (tag, &d[..len], &d[len..]))
}

/// The SubjectPublicKeyInfo of an X.509 certificate.
fn spki_of(cert: &[u8]) -> Option<&[u8]> {
    let (_, cert, _) = der(cert)?; // Certificate
    let (_, tbs, _) = der(cert)?; // TBSCertificate
    let mut rest = tbs;
    let (tag, _, r) = der(rest)?; // [0] version (optional)
    if tag == 0xa0 {
        rest = r;
    }
    // serialNumber, signature, issuer, validity, subject, then subjectPublicKeyInfo.
    for _ in 0..5 {
        rest = der(rest)?.2;
    }
    let (_, spki, _) = der(rest)?;
    Some(spki)
}

/// The PKCS#1 RSAPublicKey inside a SubjectPublicKeyInfo (a BIT STRING after the algorithm).
fn rsa_public_key(spki: &[u8]) -> Option<Vec<u8>> {
    let (_, _alg, rest) = der(spki)?;
    let (tag, bits, _) = der(rest)?;
    (tag == 0x03 && !bits.is_empty()).then(|| bits[1..].to_vec())
}
