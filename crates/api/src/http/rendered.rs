//! `RenderedJson<T>`: a JSON response whose bytes were rendered earlier (once per cache entry), documented
//! in the spec as `T`. Hot cached reads skip building and serialising the object on every request.

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
        RenderedJson { bytes, _shape: PhantomData }
    }
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
        Response::builder().content_type(JSON).body(self.bytes)
    }
}

const JSON: &str = "application/json; charset=utf-8";
