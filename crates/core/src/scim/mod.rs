//! SCIM 2.0 service provider (RFC 7643 schemas, RFC 7644 protocol): identity providers and student
//! information systems provision an institution's users and groups. The caller holds the `scim`
//! permission (an API key with the `scim` scope: `lyceum scim token`, or an owner's or admin's
//! credential). Resources are rendered as SCIM JSON; PATCH applies to that JSON and the result is stored
//! like a PUT ([`patch`]); filters are parsed once and evaluated on the rendered resource, after an
//! index narrowed the candidates where the filter allows it ([`filter`]).
//!
//! What SCIM may do is what provisioning needs and no more: create learners (within the plan's seats),
//! change people's names, emails, user names, external ids and whether they are active, delete them, and
//! manage groups. Owners and admins are out of its reach (403): whoever controls an identity provider's
//! provisioning must not take over an institution or gain an admin's rights.

pub mod filter;
pub mod groups;
pub mod patch;
pub mod users;

use serde_json::{json, Value};

use crate::error::Error;

pub const USER_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
pub const GROUP_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
pub const LIST_RESPONSE: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
pub const ERROR_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:Error";
const SPC_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
const RESOURCE_TYPE_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
const SCHEMA_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:Schema";

/// Resources per page at most (`count`).
pub const MAX_COUNT: i64 = 200;
const DEFAULT_COUNT: i64 = 100;

/// A SCIM error (RFC 7644 §3.12): an HTTP status, the `scimType` where the specification names one, and
/// a detail for people.
#[derive(Debug, Clone, PartialEq)]
pub struct ScimError {
    pub status: u16,
    pub scim_type: Option<&'static str>,
    pub detail: String,
}

impl ScimError {
    pub fn bad_request(scim_type: &'static str, detail: impl Into<String>) -> Self {
        ScimError { status: 400, scim_type: Some(scim_type), detail: detail.into() }
    }

    pub fn not_found(what: &str) -> Self {
        ScimError { status: 404, scim_type: None, detail: format!("no such {what}") }
    }

    pub(crate) fn internal(detail: &str) -> Self {
        ScimError { status: 500, scim_type: None, detail: detail.to_string() }
    }

    /// The error's body.
    pub fn body(&self) -> Value {
        let mut v = json!({"schemas": [ERROR_SCHEMA], "status": self.status.to_string(), "detail": self.detail});
        if let Some(t) = self.scim_type {
            v["scimType"] = json!(t);
        }
        v
    }
}

impl From<Error> for ScimError {
    fn from(e: Error) -> Self {
        match e {
            Error::Invalid { errors } => ScimError::bad_request(
                "invalidValue",
                errors.iter().map(|f| format!("{}: {}", f.field, f.message)).collect::<Vec<_>>().join("; "),
            ),
            Error::NotFound { resource } => ScimError::not_found(resource),
            Error::Conflict { code, message, .. } if code.ends_with("_taken") => {
                ScimError { status: 409, scim_type: Some("uniqueness"), detail: message }
            }
            Error::Conflict { message, .. } => ScimError { status: 409, scim_type: None, detail: message },
            Error::PreconditionFailed { message } => ScimError { status: 412, scim_type: None, detail: message },
            Error::Unauthenticated => {
                ScimError { status: 401, scim_type: None, detail: "authentication required".into() }
            }
            Error::Forbidden { message, .. } => ScimError { status: 403, scim_type: None, detail: message },
            e @ Error::ConsentRequired { .. } => ScimError { status: 403, scim_type: None, detail: e.to_string() },
            Error::LimitReached { message, .. } => ScimError { status: 403, scim_type: None, detail: message },
            Error::InvalidCredentials => {
                ScimError { status: 401, scim_type: None, detail: "authentication required".into() }
            }
            Error::Unprocessable { message, .. } => ScimError::bad_request("invalidValue", message),
            Error::Unavailable { message, .. } | Error::Overloaded { message, .. } => {
                ScimError { status: 503, scim_type: None, detail: message }
            }
            Error::Upstream { message, .. } => ScimError { status: 502, scim_type: None, detail: message },
            Error::TooLarge { message, .. } => ScimError { status: 413, scim_type: Some("tooMany"), detail: message },
            Error::UnsupportedMediaType { message, .. } => ScimError::bad_request("invalidValue", message),
            Error::Internal(e) => {
                tracing::error!(error = %e, "SCIM request failed");
                ScimError { status: 500, scim_type: None, detail: "an unexpected error occurred".into() }
            }
        }
    }
}

pub type ScimResult<T> = std::result::Result<T, ScimError>;

/// `startIndex` and `count` of a list request (RFC 7644 §3.4.2.4), clamped to what the service offers.
#[derive(Debug, Clone, Copy)]
pub struct Paging {
    pub start_index: i64,
    pub count: i64,
}

impl Paging {
    pub fn new(start_index: Option<i64>, count: Option<i64>) -> Self {
        Paging {
            start_index: start_index.unwrap_or(1).max(1),
            count: count.unwrap_or(DEFAULT_COUNT).clamp(0, MAX_COUNT),
        }
    }
}

/// A ListResponse of `resources` (already the requested page), `total` matching in all.
pub fn list_response(resources: Vec<Value>, total: i64, paging: Paging) -> Value {
    json!({
        "schemas": [LIST_RESPONSE],
        "totalResults": total,
        "startIndex": paging.start_index,
        "itemsPerPage": resources.len(),
        "Resources": resources,
    })
}

/// Which attributes to return (RFC 7644 §3.4.2.5): `attributes` keeps only those (and `id`, `schemas`,
/// `meta`'s resource type), `excludedAttributes` drops those; names are case-insensitive and may name
/// a sub-attribute (`name.givenName`).
#[derive(Debug, Clone, Default)]
pub struct Projection {
    pub attributes: Vec<String>,
    pub excluded: Vec<String>,
}

impl Projection {
    pub fn parse(attributes: Option<&str>, excluded: Option<&str>) -> Self {
        let split = |s: Option<&str>| -> Vec<String> {
            s.unwrap_or_default()
                .split(',')
                .map(|a| {
                    let a = a.trim();
                    let a =
                        if a.to_ascii_lowercase().starts_with("urn:") { a.rsplit(':').next().unwrap_or(a) } else { a };
                    a.to_ascii_lowercase()
                })
                .filter(|a| !a.is_empty())
                .collect()
        };
        Projection { attributes: split(attributes), excluded: split(excluded) }
    }

    /// Whether `attr` (lower-case) will be returned: callers skip loading what is not.
    pub fn wants(&self, attr: &str) -> bool {
        if self.excluded.iter().any(|e| e == attr) {
            return false;
        }
        self.attributes.is_empty() || self.attributes.iter().any(|a| a == attr || a.split('.').next() == Some(attr))
    }

    pub fn apply(&self, mut doc: Value) -> Value {
        let Some(obj) = doc.as_object_mut() else { return doc };
        let always = |k: &str| matches!(k.to_ascii_lowercase().as_str(), "id" | "schemas");
        if !self.attributes.is_empty() {
            let keys: Vec<String> = obj.keys().cloned().collect();
            for k in keys {
                let lk = k.to_ascii_lowercase();
                if always(&k) {
                    continue;
                }
                let subs: Vec<&str> = self
                    .attributes
                    .iter()
                    .filter_map(|a| a.split_once('.').filter(|(h, _)| *h == lk).map(|(_, s)| s))
                    .collect();
                if self.attributes.contains(&lk) {
                    continue;
                }
                if subs.is_empty() {
                    obj.remove(&k);
                    continue;
                }
                let keep = |o: &mut serde_json::Map<String, Value>| {
                    o.retain(|sk, _| subs.iter().any(|s| sk.eq_ignore_ascii_case(s)));
                };
                match obj.get_mut(&k) {
                    Some(Value::Object(o)) => keep(o),
                    Some(Value::Array(items)) => items.iter_mut().filter_map(Value::as_object_mut).for_each(keep),
                    _ => {}
                }
            }
        }
        for e in &self.excluded {
            if always(e) {
                continue;
            }
            match e.split_once('.') {
                None => obj.retain(|k, _| !k.eq_ignore_ascii_case(e)),
                Some((head, sub)) => {
                    let drop = |o: &mut serde_json::Map<String, Value>| o.retain(|k, _| !k.eq_ignore_ascii_case(sub));
                    if let Some(v) = obj.iter_mut().find(|(k, _)| k.eq_ignore_ascii_case(head)).map(|(_, v)| v) {
                        match v {
                            Value::Object(o) => drop(o),
                            Value::Array(items) => items.iter_mut().filter_map(Value::as_object_mut).for_each(drop),
                            _ => {}
                        }
                    }
                }
            }
        }
        doc
    }
}

/// `meta` of a resource.
pub(crate) fn meta(
    kind: &str,
    location: String,
    created: crate::db::types::Timestamp,
    modified: crate::db::types::Timestamp,
    version: i64,
) -> Value {
    json!({
        "resourceType": kind,
        "created": chrono::DateTime::<chrono::Utc>::from(created).to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "lastModified": chrono::DateTime::<chrono::Utc>::from(modified).to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "location": location,
        "version": format!("W/\"{version}\""),
    })
}

// ---------------------------------------------------------------------------------------------------
// Discovery (RFC 7644 §4)

/// `GET /ServiceProviderConfig`.
pub fn service_provider_config(base: &str, docs: &str) -> Value {
    json!({
        "schemas": [SPC_SCHEMA],
        "documentationUri": docs,
        "patch": {"supported": true},
        "bulk": {"supported": false, "maxOperations": 0, "maxPayloadSize": 0},
        "filter": {"supported": true, "maxResults": MAX_COUNT},
        "changePassword": {"supported": false},
        "sort": {"supported": false},
        "etag": {"supported": false},
        "authenticationSchemes": [{
            "type": "oauthbearertoken",
            "name": "Bearer token",
            "description": "An API key with the `scim` scope (`lyceum scim token`, or POST /v1/api-keys), sent as `Authorization: Bearer lyc_live_...`.",
            "specUri": "https://www.rfc-editor.org/rfc/rfc6750",
            "documentationUri": docs,
            "primary": true,
        }],
        "meta": {"resourceType": "ServiceProviderConfig", "location": format!("{base}/ServiceProviderConfig")},
    })
}

fn resource_type(base: &str, name: &str, endpoint: &str, schema: &str, description: &str) -> Value {
    json!({
        "schemas": [RESOURCE_TYPE_SCHEMA],
        "id": name,
        "name": name,
        "endpoint": endpoint,
        "description": description,
        "schema": schema,
        "schemaExtensions": [],
        "meta": {"resourceType": "ResourceType", "location": format!("{base}/ResourceTypes/{name}")},
    })
}

/// `GET /ResourceTypes`: User and Group.
pub fn resource_types(base: &str) -> Vec<Value> {
    vec![
        resource_type(base, "User", "/Users", USER_SCHEMA, "A person of the institution"),
        resource_type(base, "Group", "/Groups", GROUP_SCHEMA, "A group (cohort) of the institution's people"),
    ]
}

#[allow(clippy::too_many_arguments)]
fn attr(
    name: &str,
    ty: &str,
    multi: bool,
    required: bool,
    case_exact: bool,
    mutability: &str,
    uniqueness: &str,
    description: &str,
) -> Value {
    json!({
        "name": name, "type": ty, "multiValued": multi, "description": description, "required": required,
        "caseExact": case_exact, "mutability": mutability, "returned": "default", "uniqueness": uniqueness,
    })
}

fn with(mut a: Value, key: &str, v: Value) -> Value {
    a[key] = v;
    a
}

/// `GET /Schemas`: exactly the attributes Lyceum stores (a client may send others; they are ignored).
pub fn schemas(base: &str) -> Vec<Value> {
    // Lyceum keeps one address per person: the primary one (else the one of type `work`, else the first)
    // of what a client sends. Types and the primary flag are accepted (Entra ID's
    // `emails[type eq "work"].value` works) and not kept: the one address is answered as sent.
    let email_subs = json!([attr("value", "string", false, true, false, "readWrite", "none", "The email address")]);
    let user = json!({
        "schemas": [SCHEMA_SCHEMA],
        "id": USER_SCHEMA,
        "name": "User",
        "description": "A person of the institution",
        "attributes": [
            attr("userName", "string", false, true, false, "readWrite", "server", "Unique in the institution; the email when no other is given"),
            attr("displayName", "string", false, true, false, "readWrite", "none", "The person's name as Lyceum shows it"),
            with(attr("emails", "complex", true, true, false, "readWrite", "none", "The person's email: the primary one (else the first) is where Lyceum writes"), "subAttributes", email_subs),
            // Whether a person is active is always known (true unless disabled), so it is never unassigned.
            attr("active", "boolean", false, true, false, "readWrite", "none", "false disables the person: their sessions end at once (true when not sent)"),
        ],
        "meta": {"resourceType": "Schema", "location": format!("{base}/Schemas/{USER_SCHEMA}")},
    });
    let member_subs = json!([
        attr("value", "string", false, false, true, "immutable", "none", "The member's id"),
        with(
            attr("$ref", "reference", false, false, true, "immutable", "none", "The member's URI"),
            "referenceTypes",
            json!(["User"])
        ),
        with(
            attr("type", "string", false, false, false, "immutable", "none", "User"),
            "canonicalValues",
            json!(["User"])
        ),
    ]);
    let group = json!({
        "schemas": [SCHEMA_SCHEMA],
        "id": GROUP_SCHEMA,
        "name": "Group",
        "description": "A group (cohort) of the institution's people",
        "attributes": [
            attr("displayName", "string", false, true, false, "readWrite", "none", "The group's name"),
            with(attr("members", "complex", true, false, false, "readWrite", "none", "The people in the group"), "subAttributes", member_subs),
        ],
        "meta": {"resourceType": "Schema", "location": format!("{base}/Schemas/{GROUP_SCHEMA}")},
    });
    vec![user, group]
}

/// A boolean as provisioning clients send it: `true`, or the strings `"True"`/`"false"` (Entra ID).
pub(crate) fn as_bool(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// A string attribute of `doc` (case-insensitive name); `Err` when present but not a string.
pub(crate) fn string_attr(doc: &Value, name: &str) -> ScimResult<Option<String>> {
    match filter::get_ci(doc, name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(ScimError::bad_request("invalidValue", format!("{name} must be a string"))),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn projection_keeps_and_drops_attributes() {
        let doc = json!({"schemas": ["s"], "id": "1", "userName": "u", "name": {"givenName": "A", "familyName": "B"}, "emails": [{"value": "e", "type": "work"}]});
        let p = Projection::parse(Some("userName,name.familyName,emails.value"), None);
        assert_eq!(
            p.apply(doc.clone()),
            json!({"schemas": ["s"], "id": "1", "userName": "u", "name": {"familyName": "B"}, "emails": [{"value": "e"}]})
        );
        let p = Projection::parse(None, Some("emails,name.givenName,id"));
        assert_eq!(p.apply(doc), json!({"schemas": ["s"], "id": "1", "userName": "u", "name": {"familyName": "B"}}));
        assert!(!Projection::parse(None, Some("members")).wants("members"));
        assert!(Projection::parse(Some("members.value"), None).wants("members"));
    }
}
