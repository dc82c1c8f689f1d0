//! The document resources (xAPI 1.0.3 Communication §2.2-§2.7): State (an activity, an agent, an
//! optional registration), Activity Profile (an activity) and Agent Profile (an agent), each a set
//! of documents by id. Documents hold any content; JSON objects merge on POST.
//!
//! Concurrency (§3.1): every document has an ETag (the SHA-1 of its content). `If-Match` and
//! `If-None-Match` are honoured on every write (412 when they fail); a PUT of a profile document
//! without either header is refused: 409 when the document exists, 400 when it does not.

use diesel::prelude::*;
use serde_json::Value;

use super::credentials::Lrs;
use crate::{
    core::Core,
    db::{schema::xapi_documents, types::Timestamp},
    error::{Error, Result},
    scope::Need,
    with_conn,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    State,
    ActivityProfile,
    AgentProfile,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::State => "state",
            Kind::ActivityProfile => "activity_profile",
            Kind::AgentProfile => "agent_profile",
        }
    }
}

/// The set of documents a request names: its kind and the parts of the key the kind uses ('' for
/// the others).
#[derive(Debug, Clone)]
pub struct Set {
    pub kind: Kind,
    pub activity_id: String,
    pub agent: String,
    pub registration: String,
}

#[derive(Debug, Clone)]
pub struct Document {
    pub content_type: String,
    pub content: Vec<u8>,
    /// Quoted, as the header carries it.
    pub etag: String,
    pub updated: Timestamp,
}

/// A document as a client sends it.
#[derive(Debug, Clone)]
pub struct Upload {
    pub content_type: String,
    pub content: Vec<u8>,
}

/// The concurrency headers of a write.
#[derive(Debug, Clone, Default)]
pub struct Preconditions {
    pub if_match: Option<String>,
    pub if_none_match: Option<String>,
}

fn etag_of(content: &[u8]) -> String {
    let d = ring::digest::digest(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY, content);
    format!("\"{}\"", hex::encode(d.as_ref()))
}

fn unquote(e: &str) -> &str {
    e.trim().trim_start_matches("W/").trim_matches('"')
}

/// Whether an `If-Match`/`If-None-Match` value (`*` or a list of ETags) names `etag`.
fn names(header: &str, etag: Option<&str>) -> bool {
    let Some(etag) = etag else { return false };
    header.split(',').any(|h| h.trim() == "*" || unquote(h) == unquote(etag))
}

fn check(pre: &Preconditions, current: Option<&str>) -> Result<()> {
    let failed =
        || Error::PreconditionFailed { message: "the document's ETag does not meet the request's precondition".into() };
    if let Some(m) = &pre.if_match {
        if !names(m, current) {
            return Err(failed());
        }
    }
    if let Some(n) = &pre.if_none_match {
        if current.is_some() && (n.trim() == "*" || names(n, current)) {
            return Err(failed());
        }
    }
    Ok(())
}

pub fn is_json(content_type: &str) -> bool {
    content_type.split(';').next().is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
}

type Row = (String, Vec<u8>, String, Timestamp);

fn find(tx: &mut crate::db::TenantTx<'_>, set: &Set, id: &str) -> Result<Option<Row>> {
    let t = tx.tenant();
    Ok(with_conn!(tx, |c| t
        .scoped(xapi_documents::table)
        .filter(xapi_documents::kind.eq(set.kind.as_str()))
        .filter(xapi_documents::activity_id.eq(&set.activity_id))
        .filter(xapi_documents::agent.eq(&set.agent))
        .filter(xapi_documents::registration.eq(&set.registration))
        .filter(xapi_documents::doc_id.eq(id))
        .select((
            xapi_documents::content_type,
            xapi_documents::content,
            xapi_documents::etag,
            xapi_documents::updated_at,
        ))
        .first(c)
        .optional())?)
}

pub async fn get(core: &Core, lrs: &Lrs, set: Set, id: String) -> Result<Document> {
    super::cmi5::session::guard_document(lrs, &set, Some(&id), false)?;
    let row = core.db.read(&lrs.scope, Need::Nobody, move |tx| find(tx, &set, &id)).await?;
    let (content_type, content, etag, updated) = row.ok_or(Error::NotFound { resource: "document" })?;
    Ok(Document { content_type, content, etag, updated })
}

/// The ids of a set's documents, changed after `since` when given; with the latest change.
pub async fn list(
    core: &Core,
    lrs: &Lrs,
    set: Set,
    since: Option<Timestamp>,
) -> Result<(Vec<String>, Option<Timestamp>)> {
    super::cmi5::session::guard_document(lrs, &set, None, false)?;
    let rows: Vec<(String, Timestamp)> = core
        .db
        .read(&lrs.scope, Need::Nobody, move |tx| {
            let t = tx.tenant();
            Ok(with_conn!(tx, |c| {
                let mut q = t
                    .scoped(xapi_documents::table)
                    .filter(xapi_documents::kind.eq(set.kind.as_str()))
                    .filter(xapi_documents::activity_id.eq(&set.activity_id))
                    .filter(xapi_documents::agent.eq(&set.agent))
                    .into_boxed();
                if set.kind == Kind::State && !set.registration.is_empty() {
                    q = q.filter(xapi_documents::registration.eq(&set.registration));
                }
                if let Some(s) = since {
                    q = q.filter(xapi_documents::updated_at.gt(s));
                }
                q.order(xapi_documents::doc_id).select((xapi_documents::doc_id, xapi_documents::updated_at)).load(c)
            })?)
        })
        .await?;
    let latest = rows.iter().map(|r| r.1).max();
    Ok((rows.into_iter().map(|r| r.0).collect(), latest))
}

/// Stores a document: PUT replaces (`merge` false); POST (`merge` true) merges a JSON object into
/// a stored JSON object, and refuses (400) to merge anything else.
pub async fn put(
    core: &Core,
    lrs: &Lrs,
    set: Set,
    id: String,
    upload: Upload,
    pre: Preconditions,
    merge: bool,
) -> Result<()> {
    lrs.require_write()?;
    super::cmi5::session::guard_document(lrs, &set, Some(&id), true)?;
    let Upload { content_type, content } = upload;
    if id.is_empty() {
        return Err(Error::invalid("id", "the document id is required"));
    }
    if merge && is_json(&content_type) {
        let v: Value = serde_json::from_slice(&content).map_err(|_| Error::invalid("body", "is not JSON"))?;
        if !v.is_object() {
            return Err(Error::invalid("body", "a POST of JSON must be a JSON object"));
        }
    }
    let now = Timestamp::now();
    core.db
        .write(&lrs.scope, Need::Nobody, move |tx| {
            let old = find(tx, &set, &id)?;
            check(&pre, old.as_ref().map(|o| o.2.as_str()))?;
            // A profile is replaced only by a client that says what it expects to replace.
            if !merge && set.kind != Kind::State && pre.if_match.is_none() && pre.if_none_match.is_none() {
                return Err(match old {
                    Some(_) => Error::Conflict {
                        code: "xapi_document_exists",
                        field: None,
                        message: "the document exists: send If-Match with its ETag".into(),
                    },
                    None => Error::invalid("If-None-Match", "a PUT of a profile needs If-Match or If-None-Match"),
                });
            }
            let (content_type, content) = match (&old, merge) {
                (Some((old_type, old_content, _, _)), true) => {
                    if !is_json(old_type) || !is_json(&content_type) {
                        return Err(Error::invalid(
                            "body",
                            "only JSON objects merge: the stored document or this one is not JSON",
                        ));
                    }
                    let mut a: Value = serde_json::from_slice(old_content)
                        .map_err(|_| Error::invalid("body", "the stored document is not a JSON object"))?;
                    let b: Value =
                        serde_json::from_slice(&content).map_err(|_| Error::invalid("body", "is not JSON"))?;
                    let (Some(ao), Some(bo)) = (a.as_object_mut(), b.as_object()) else {
                        return Err(Error::invalid("body", "only JSON objects merge"));
                    };
                    for (k, v) in bo {
                        ao.insert(k.clone(), v.clone());
                    }
                    ("application/json".to_string(), a.to_string().into_bytes())
                }
                _ => (content_type, content),
            };
            upsert(tx, &set, &id, &content_type, &content, now)
        })
        .await
}

/// Writes a document (replacing the one with its key) in the caller's transaction.
pub(crate) fn upsert(
    tx: &mut crate::db::TenantTx<'_>,
    set: &Set,
    id: &str,
    content_type: &str,
    content: &[u8],
    now: Timestamp,
) -> Result<()> {
    let etag = etag_of(content);
    let t = tx.tenant();
    with_conn!(tx, |c| diesel::insert_into(xapi_documents::table)
        .values(t.stamp_columns(
            xapi_documents::table,
            (
                xapi_documents::kind.eq(set.kind.as_str()),
                xapi_documents::activity_id.eq(&set.activity_id),
                xapi_documents::agent.eq(&set.agent),
                xapi_documents::registration.eq(&set.registration),
                xapi_documents::doc_id.eq(id),
                xapi_documents::content_type.eq(content_type),
                xapi_documents::content.eq(content),
                xapi_documents::etag.eq(&etag),
                xapi_documents::updated_at.eq(now),
            )
        ))
        .on_conflict((
            xapi_documents::tenant_id,
            xapi_documents::kind,
            xapi_documents::activity_id,
            xapi_documents::agent,
            xapi_documents::registration,
            xapi_documents::doc_id,
        ))
        .do_update()
        .set((
            xapi_documents::content_type.eq(content_type),
            xapi_documents::content.eq(content),
            xapi_documents::etag.eq(&etag),
            xapi_documents::updated_at.eq(now),
        ))
        .execute(c))?;
    Ok(())
}

/// Deletes one document (`id`), or every document of a state set (`None`).
pub async fn delete(core: &Core, lrs: &Lrs, set: Set, id: Option<String>, pre: Preconditions) -> Result<()> {
    lrs.require_write()?;
    super::cmi5::session::guard_document(lrs, &set, id.as_deref(), true)?;
    core.db
        .write(&lrs.scope, Need::Nobody, move |tx| {
            if let Some(id) = &id {
                let old = find(tx, &set, id)?;
                if old.is_some() || pre.if_match.is_some() {
                    check(&pre, old.as_ref().map(|o| o.2.as_str()))?;
                }
            }
            let t = tx.tenant();
            with_conn!(tx, |c| {
                let mut q = diesel::delete(
                    t.scoped(xapi_documents::table)
                        .filter(xapi_documents::kind.eq(set.kind.as_str()))
                        .filter(xapi_documents::activity_id.eq(&set.activity_id))
                        .filter(xapi_documents::agent.eq(&set.agent)),
                )
                .into_boxed();
                if set.kind != Kind::State || !set.registration.is_empty() || id.is_some() {
                    q = q.filter(xapi_documents::registration.eq(&set.registration));
                }
                if let Some(id) = &id {
                    q = q.filter(xapi_documents::doc_id.eq(id));
                }
                q.execute(c)
            })?;
            Ok(())
        })
        .await
}
