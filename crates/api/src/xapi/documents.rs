//! The document resources over HTTP: `/activities/state`, `/activities/profile` and
//! `/agents/profile` (xAPI 1.0.3 Communication §2.3, §2.6, §2.7).

use lyceum_core::{
    xapi::{
        credentials::Lrs,
        documents::{self, Kind, Preconditions, Set, Upload},
        formats, query,
    },
    Error,
};
use poem::{
    http::{header, HeaderValue, Method, StatusCode},
    Response,
};
use serde_json::json;

use super::{json_response, no_content, not_allowed, XReq};
use crate::AppState;

fn activity(x: &XReq) -> Result<String, Error> {
    let id = x.param("activityId").ok_or_else(|| Error::invalid("activityId", "is required"))?;
    if !formats::is_iri(id) {
        return Err(Error::invalid("activityId", "must be an IRI"));
    }
    Ok(id.to_string())
}

fn agent(x: &XReq) -> Result<String, Error> {
    let a = x.param("agent").ok_or_else(|| Error::invalid("agent", "is required"))?;
    Ok(query::agent_param(a, "agent")?.1)
}

fn since(x: &XReq) -> Result<Option<lyceum_core::db::types::Timestamp>, Error> {
    x.param("since").map(|s| query::time(s, "since")).transpose()
}

fn http_date(t: &lyceum_core::db::types::Timestamp) -> Option<HeaderValue> {
    super::http_date(&t.0)
}

/// The set a request names and the document id parameter's name.
fn set_of(x: &XReq) -> Result<(Set, &'static str), Error> {
    Ok(match x.path.as_str() {
        "/activities/state" => {
            x.only(&["activityId", "agent", "registration", "stateId", "since"])?;
            let registration = match x.param("registration") {
                Some(r) if formats::is_uuid(r) => r.to_ascii_lowercase(),
                Some(_) => return Err(Error::invalid("registration", "must be a UUID")),
                None => String::new(),
            };
            (Set { kind: Kind::State, activity_id: activity(x)?, agent: agent(x)?, registration }, "stateId")
        }
        "/activities/profile" => {
            x.only(&["activityId", "profileId", "since"])?;
            let set = Set {
                kind: Kind::ActivityProfile,
                activity_id: activity(x)?,
                agent: String::new(),
                registration: String::new(),
            };
            (set, "profileId")
        }
        _ => {
            x.only(&["agent", "profileId", "since"])?;
            let set = Set {
                kind: Kind::AgentProfile,
                activity_id: String::new(),
                agent: agent(x)?,
                registration: String::new(),
            };
            (set, "profileId")
        }
    })
}

pub(super) async fn resource(state: &AppState, lrs: &Lrs, x: XReq) -> Result<Response, Error> {
    let (set, id_param) = set_of(&x)?;
    let id = x.param(id_param).map(str::to_owned);
    let pre = Preconditions {
        if_match: x.header("if-match").map(str::to_owned),
        if_none_match: x.header("if-none-match").map(str::to_owned),
    };
    match x.method {
        Method::GET | Method::HEAD => match id {
            Some(id) => {
                if x.param("since").is_some() {
                    return Err(Error::invalid("since", format!("is not allowed with {id_param}")));
                }
                let doc = documents::get(&state.core, lrs, set, id).await?;
                let mut r = Response::builder()
                    .status(StatusCode::OK)
                    .content_type(doc.content_type)
                    .header(header::ETAG, doc.etag)
                    .body(doc.content);
                if let Some(v) = http_date(&doc.updated) {
                    r.headers_mut().insert(header::LAST_MODIFIED, v);
                }
                Ok(r)
            }
            None => {
                let (ids, latest) = documents::list(&state.core, lrs, set, since(&x)?).await?;
                let mut r = json_response(StatusCode::OK, &json!(ids));
                if let Some(v) = latest.as_ref().and_then(http_date) {
                    r.headers_mut().insert(header::LAST_MODIFIED, v);
                }
                Ok(r)
            }
        },
        Method::PUT | Method::POST => {
            if x.param("since").is_some() {
                return Err(Error::invalid("since", "is only for listing documents"));
            }
            let id = id.ok_or_else(|| Error::invalid(id_param, "is required"))?;
            let upload = Upload {
                content_type: x.header("content-type").unwrap_or("application/octet-stream").to_string(),
                content: x.body,
            };
            documents::put(&state.core, lrs, set, id, upload, pre, x.method == Method::POST).await?;
            Ok(no_content())
        }
        Method::DELETE => {
            if x.param("since").is_some() {
                return Err(Error::invalid("since", "is only for listing documents"));
            }
            if id.is_none() && set.kind != Kind::State {
                return Err(Error::invalid(id_param, "is required"));
            }
            documents::delete(&state.core, lrs, set, id, pre).await?;
            Ok(no_content())
        }
        _ => Err(not_allowed()),
    }
}
