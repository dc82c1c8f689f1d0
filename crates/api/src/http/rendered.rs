//! `RenderedJson<T>`: a JSON response whose bytes were rendered earlier (once per cache entry), documented
//! in the spec as `T`. Hot cached reads skip building and serialising the object on every request; for
//! a client that accepts gzip they are also compressed once per cache entry ([`Coding`]), so a large
//! outline costs a few hundred bytes on the wire instead of several kilobytes.

use std::marker::PhantomData;

use bytes::Bytes;
use poem::{IntoResponse, Response};
use poem_openapi::{
    payload::Payload,
    registry::{MetaSchemaRef, Registry},
    types::{ToJSON, Type},
};

pub struct RenderedJson<T> {
    bytes: Bytes,
    /// The bytes are gzip-compressed (`Content-Encoding: gzip`).
    gzip: bool,
    /// The representation depends on `Accept-Encoding` (`Vary`).
    varies: bool,
    _shape: PhantomData<fn() -> T>,
}

impl<T: ToJSON> RenderedJson<T> {
    /// Renders `value` now.
    pub fn render(value: &T) -> Self {
        Self::from_bytes(Bytes::from(render(value)))
    }
}

impl<T> RenderedJson<T> {
    pub fn from_bytes(bytes: Bytes) -> Self {
        RenderedJson { bytes, gzip: false, varies: false, _shape: PhantomData }
    }

    /// A cached rendering in the coding the client asked for: gzip (compressed once per cache entry)
    /// when it accepts it and the body is worth compressing, else the plain bytes.
    pub fn cached<V>(
        cached: &lyceum_core::courses::cache::Cached<V>,
        coding: Coding,
        render: impl FnOnce(&V) -> Vec<u8>,
    ) -> Self {
        let plain = cached.rendered(render);
        if coding == Coding::Gzip && plain.len() >= MIN_GZIP_BYTES {
            let bytes = cached.encoded(|_| plain.to_vec(), gzip);
            return RenderedJson { bytes, gzip: true, varies: true, _shape: PhantomData };
        }
        RenderedJson { bytes: plain.clone(), gzip: false, varies: plain.len() >= MIN_GZIP_BYTES, _shape: PhantomData }
    }

    /// Whether the body went out compressed (its `ETag` is then weak: the bytes differ from the plain
    /// representation's).
    pub fn is_gzip(&self) -> bool {
        self.gzip
    }
}

const JSON: &str = "application/json; charset=utf-8";

/// Bodies smaller than this go out as they are (gzip's framing would eat most of the gain).
const MIN_GZIP_BYTES: usize = 1024;

/// The content coding a request accepts for a cached JSON body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coding {
    Identity,
    Gzip,
}

impl Coding {
    /// From `Accept-Encoding` (RFC 9110 §12.5.3): gzip (or `*`) with a quality above zero.
    pub fn of(req: &poem::Request) -> Self {
        let Some(field) = req.header("accept-encoding") else { return Coding::Identity };
        for item in field.split(',') {
            let mut parts = item.split(';');
            let name = parts.next().unwrap_or("").trim().to_ascii_lowercase();
            let q = parts
                .filter_map(|p| p.trim().strip_prefix("q=").or_else(|| p.trim().strip_prefix("Q=")))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            if (name == "gzip" || name == "x-gzip" || name == "*") && q > 0.0 {
                return Coding::Gzip;
            }
        }
        Coding::Identity
    }
}

fn gzip(plain: &[u8]) -> Vec<u8> {
    use std::io::Write as _;
    let mut e = flate2::write::GzEncoder::new(Vec::with_capacity(plain.len() / 4), flate2::Compression::default());
    // Writing into a Vec cannot fail.
    e.write_all(plain).expect("in-memory gzip");
    e.finish().expect("in-memory gzip")
}

/// The JSON bytes of `value`, as poem-openapi's `Json<T>` would write them.
pub fn render<T: ToJSON>(value: &T) -> Vec<u8> {
    serde_json::to_vec(&value.to_json().unwrap_or_default()).unwrap_or_default()
}

impl<T: Type> Payload for RenderedJson<T> {
    const CONTENT_TYPE: &'static str = JSON;

    fn schema_ref() -> MetaSchemaRef {
        T::schema_ref()
    }

    fn register(registry: &mut Registry) {
        T::register(registry);
    }
}

impl<T: Send> IntoResponse for RenderedJson<T> {
    fn into_response(self) -> Response {
        let mut r = Response::builder().content_type(JSON);
        if self.gzip {
            r = r.header("content-encoding", "gzip");
        }
        if self.varies {
            r = r.header("vary", "accept-encoding");
        }
        r.body(self.bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(accept: &str) -> poem::Request {
        poem::Request::builder().header("accept-encoding", accept).finish()
    }

    #[test]
    fn accept_encoding_is_read_with_its_qualities() {
        assert_eq!(Coding::of(&poem::Request::default()), Coding::Identity);
        assert_eq!(Coding::of(&req("gzip, deflate, br")), Coding::Gzip);
        assert_eq!(Coding::of(&req("br;q=1.0, gzip;q=0.8")), Coding::Gzip);
        assert_eq!(Coding::of(&req("gzip;q=0")), Coding::Identity);
        assert_eq!(Coding::of(&req("identity")), Coding::Identity);
        assert_eq!(Coding::of(&req("*")), Coding::Gzip);
    }

    #[test]
    fn gzip_round_trips() {
        use std::io::Read as _;
        let plain = br#"{"modules":[]}"#.repeat(200);
        let packed = gzip(&plain);
        assert!(packed.len() < plain.len() / 10);
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(&packed[..]).read_to_end(&mut out).unwrap();
        assert_eq!(out, plain);
    }
}
