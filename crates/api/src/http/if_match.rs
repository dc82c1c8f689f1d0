//! `If-Match` as an extractor: a handler that takes [`IfMatch`] gets the version the caller last saw
//! (or none: no header, or `*`), and a malformed header is a 400 problem naming `If-Match` before the
//! handler runs. In the spec it is the same optional string header as before.

use poem::{IntoResponse, Request, RequestBody};
use poem_openapi::{
    param::Header,
    registry::{MetaParamIn, MetaSchemaRef, Registry},
    types::Type,
    ApiExtractor, ApiExtractorType, ExtractParamOptions,
};

use crate::http::problem::ApiError;

/// The version an `If-Match` header requires (`"3"`, `W/"3"`; `None` without the header or for `*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IfMatch(pub Option<i64>);

/// Parses `If-Match` (`"3"`, `W/"3"` or `*`) into the version it requires.
pub fn parse(value: Option<&str>) -> Result<Option<i64>, lyceum_core::Error> {
    let Some(raw) = value.map(str::trim) else { return Ok(None) };
    if raw == "*" {
        return Ok(None);
    }
    let inner = raw.trim_start_matches("W/").trim_matches('"');
    inner
        .parse::<i64>()
        .map(Some)
        .map_err(|_| lyceum_core::Error::invalid("If-Match", "must be the ETag from a previous response, e.g. \"3\""))
}

impl<'a> ApiExtractor<'a> for IfMatch {
    const TYPES: &'static [ApiExtractorType] = &[ApiExtractorType::Parameter];
    const PARAM_IS_REQUIRED: bool = false;

    type ParamType = Option<String>;
    type ParamRawType = ();

    fn register(registry: &mut Registry) {
        <Option<String> as Type>::register(registry);
    }

    fn param_in() -> Option<MetaParamIn> {
        Some(MetaParamIn::Header)
    }

    fn param_schema_ref() -> Option<MetaSchemaRef> {
        Some(<Option<String> as Type>::schema_ref())
    }

    async fn from_request(
        request: &'a Request,
        body: &mut RequestBody,
        param_opts: ExtractParamOptions<Self::ParamType>,
    ) -> poem::Result<Self> {
        let header = <Header<Option<String>> as ApiExtractor>::from_request(request, body, param_opts).await?;
        parse(header.0.as_deref())
            .map(IfMatch)
            .map_err(|e| poem::Error::from_response(ApiError::from(e).into_response()))
    }
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn if_match_takes_strong_weak_and_any() {
        assert_eq!(parse(None).unwrap(), None);
        assert_eq!(parse(Some("*")).unwrap(), None);
        assert_eq!(parse(Some("\"3\"")).unwrap(), Some(3));
        assert_eq!(parse(Some("W/\"12\"")).unwrap(), Some(12));
        assert!(parse(Some("three")).is_err());
    }
}
