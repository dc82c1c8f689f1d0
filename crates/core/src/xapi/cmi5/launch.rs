//! Launching an AU (cmi5 §8, §10): for a learner enrolled in the course, in one transaction, the
//! registration's open sessions are abandoned, NotApplicable AUs satisfied, a session made, the
//! `LMS.LaunchData` state document written and the `launched` statement stored; the answer is the
//! launch URL with `endpoint`, `fetch`, `actor`, `registration` and `activityId`. The registration is
//! the enrollment's id, so every AU of the course shares it.
//!
//! The fetch URL (`/cmi5/fetch/{secret}`) answers one POST with the session's auth-token and every
//! later one with `error-code` 1 (§8.2.3). An AU inside its package is served from
//! `/cmi5/content/{tenant}/{package}/{expires}/{signature}/{path}`: a URL signed with the package's
//! own key, valid for the session's lifetime, under which the package's relative links resolve.

use base64::{engine::general_purpose::STANDARD, Engine};
use bytes::Bytes;
use diesel::prelude::*;
use futures::stream::BoxStream;
use hmac::{Hmac, Mac};
use serde_json::{json, Map, Value};
use sha2::Sha256;

use super::{ext, outcomes, verbs, LAUNCH_DATA};
use crate::{
    core::Core,
    db::{
        schema::{cmi5_packages, cmi5_sessions, enrollments},
        status::EnrollmentStatus,
        types::{Cmi5PackageId, Cmi5SessionId, EnrollmentId, LessonId, TenantId, Timestamp},
    },
    error::{Error, Result},
    identity::tokens::{self, TokenKind},
    scope::{Need, RequestMeta, TenantScope},
    with_conn,
    xapi::{
        agents,
        documents::{upsert, Kind, Set},
    },
};

/// How long a session (its fetch URL, auth-token and content URL) lasts.
pub const SESSION_HOURS: i64 = 12;

/// The launch modes (cmi5 §10.2.2).
pub const LAUNCH_MODES: &[&str] = &["Normal", "Browse", "Review"];

/// A launch, ready to open.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Launched {
    /// The AU's URL with the launch parameters.
    pub url: String,
    /// `AnyWindow` or `OwnWindow` (cmi5 §8.1).
    pub launch_method: String,
    pub launch_mode: String,
    pub session_id: Cmi5SessionId,
    pub registration: EnrollmentId,
    pub activity_id: String,
    pub expires_at: Timestamp,
}

fn mac(secret: &str, tenant: TenantId, package: Cmi5PackageId, expires: i64) -> Hmac<Sha256> {
    let mut m = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    m.update(format!("lyceum-cmi5-content\n{tenant}\n{package}\n{expires}").as_bytes());
    m
}

fn sign(secret: &str, tenant: TenantId, package: Cmi5PackageId, expires: i64) -> String {
    hex::encode(mac(secret, tenant, package, expires).finalize().into_bytes())
}

/// Launches the AU of a `cmi5` lesson for the person signed in (see the module). `mode` is Normal
/// (the default), Browse or Review; `return_url` goes into `LMS.LaunchData`.
pub async fn launch(
    core: &Core,
    scope: &TenantScope,
    lesson_id: LessonId,
    mode: Option<String>,
    return_url: Option<String>,
) -> Result<Launched> {
    let user = scope.user_id().ok_or(Error::Forbidden {
        code: "forbidden",
        message: "a launch is for a person: sign in (an API key launches nothing)".into(),
    })?;
    let mode = mode.unwrap_or_else(|| "Normal".into());
    if !LAUNCH_MODES.contains(&mode.as_str()) {
        return Err(Error::invalid("launch_mode", "must be Normal, Browse or Review"));
    }
    if let Some(r) = &return_url {
        if !(r.starts_with("https://") || r.starts_with("http://")) || r.len() > 2048 {
            return Err(Error::invalid("return_url", "must be an http(s) URL of at most 2048 characters"));
        }
    }
    // 404 for a lesson the person cannot see (another institution's, or of an unpublished course).
    let lesson = crate::courses::structure::view_lesson(core, scope, lesson_id).await?;
    let Some(au) = lesson.content.cmi5.clone() else {
        return Err(Error::Conflict {
            code: "lesson_not_cmi5",
            field: None,
            message: "this lesson launches no cmi5 AU (its kind is not `cmi5`)".into(),
        });
    };
    let course = lesson.course_id;
    core.db
        .write(scope, Need::Identified, move |tx| {
            let t = tx.tenant();
            let enrollment: Option<EnrollmentId> = with_conn!(tx, |c| t
                .scoped(enrollments::table)
                .filter(enrollments::course_id.eq(course))
                .filter(enrollments::user_id.eq(user))
                .filter(enrollments::status.ne(EnrollmentStatus::Dropped))
                .select(enrollments::id)
                .first(c)
                .optional())?;
            let enrollment = enrollment.ok_or(Error::Forbidden {
                code: "not_enrolled",
                message:
                    "a cmi5 AU is launched by a learner enrolled in its course (the registration is the enrollment)"
                        .into(),
            })?;
            crate::enrollments::lock_row(tx, enrollment)?;
            outcomes::abandon_open(tx, enrollment)?;
            outcomes::not_applicable(tx, enrollment, user, au.package_id)?;
            let package = outcomes::package_row(tx, au.package_id)?;
            let base = tx.public_url().trim_end_matches('/').to_string();
            let now = Timestamp::now();
            let expires_at = Timestamp(now.0 + chrono::Duration::hours(SESSION_HOURS));
            let session = Cmi5SessionId::new();
            let fetch = tokens::mint(TokenKind::Cmi5Fetch, tx.tenant_id());
            with_conn!(tx, |c| diesel::insert_into(cmi5_sessions::table)
                .values(t.stamp_columns(
                    cmi5_sessions::table,
                    (
                        cmi5_sessions::id.eq(session),
                        cmi5_sessions::enrollment_id.eq(enrollment),
                        cmi5_sessions::lesson_id.eq(lesson_id),
                        cmi5_sessions::user_id.eq(user),
                        cmi5_sessions::launch_mode.eq(&mode),
                        cmi5_sessions::fetch_hash.eq(&fetch.hash),
                        cmi5_sessions::token_hash.eq(None::<String>),
                        cmi5_sessions::fetched_at.eq(None::<Timestamp>),
                        cmi5_sessions::state.eq("launched"),
                        cmi5_sessions::verbs.eq(""),
                        cmi5_sessions::launched_at.eq(now),
                        cmi5_sessions::last_at.eq(now),
                        cmi5_sessions::expires_at.eq(expires_at),
                    )
                ))
                .execute(c))?;
            let actor = super::super::record::learner(&base, user);
            // The AU's URL: its own, or its file under a signed URL of the package.
            let au_url = if au.in_package() {
                let expires = expires_at.0.timestamp();
                let sig = sign(&package.url_secret, tx.tenant_id(), package.id, expires);
                format!("{base}/cmi5/content/{}/{}/{expires}/{sig}/{}", tx.tenant_id(), package.id, au.url)
            } else {
                au.url.clone()
            };
            let mut url = reqwest::Url::parse(&au_url)
                .map_err(|e| Error::invalid("url", format!("the AU's URL {au_url:?} is not a URL: {e}")))?;
            let mut plain = url.clone();
            plain.set_query(None);
            url.query_pairs_mut()
                .append_pair("endpoint", &format!("{base}/xapi/"))
                .append_pair("fetch", &format!("{base}/cmi5/fetch/{}", fetch.secret))
                .append_pair("actor", &actor.to_string())
                .append_pair("registration", &enrollment.to_string())
                .append_pair("activityId", &au.activity_id);
            // LMS.LaunchData (cmi5 §10).
            let context_template = json!({
                "contextActivities": { "grouping": [{ "id": au.publisher_id }] },
                "extensions": { (ext::SESSION_ID): session.to_string() },
            });
            let mut launch_data = json!({
                "contextTemplate": context_template,
                "launchMode": mode,
                "moveOn": au.move_on,
            });
            if let Some(p) = &au.launch_parameters {
                launch_data["launchParameters"] = json!(p);
            }
            if let Some(m) = au.mastery_score {
                launch_data["masteryScore"] = json!(m);
            }
            if let Some(r) = &return_url {
                launch_data["returnURL"] = json!(r);
            }
            if let Some(k) = &au.entitlement_key {
                launch_data["entitlementKey"] = json!({ "courseStructure": k });
            }
            let set = Set {
                kind: Kind::State,
                activity_id: au.activity_id.clone(),
                agent: agents::key(&actor).unwrap_or_default(),
                registration: enrollment.to_string(),
            };
            upsert(tx, &set, LAUNCH_DATA, "application/json", launch_data.to_string().as_bytes(), now)?;
            // The `launched` statement (cmi5 §9.3.1).
            let mut extensions = Map::new();
            extensions.insert(ext::LAUNCH_MODE.into(), json!(mode));
            extensions.insert(ext::LAUNCH_URL.into(), json!(plain.to_string()));
            extensions.insert(ext::MOVE_ON.into(), json!(au.move_on));
            if let Some(m) = au.mastery_score {
                extensions.insert(ext::MASTERY_SCORE.into(), json!(m));
            }
            if let Some(p) = &au.launch_parameters {
                extensions.insert(ext::LAUNCH_PARAMETERS.into(), json!(p));
            }
            let about = outcomes::About { user, enrollment, session, publisher_id: &au.publisher_id };
            let s = outcomes::lms_statement(
                &base,
                &about,
                verbs::LAUNCHED,
                json!({ "objectType": "Activity", "id": au.activity_id }),
                None,
                extensions,
                false,
            );
            super::super::record::store(tx, vec![s], now)?;
            crate::audit::record(
                tx,
                "cmi5.au_launched",
                Some(("lesson", lesson_id.to_string())),
                json!({ "session_id": session, "launch_mode": mode }),
            )?;
            Ok(Launched {
                url: url.to_string(),
                launch_method: au.launch_method.clone(),
                launch_mode: mode,
                session_id: session,
                registration: enrollment,
                activity_id: au.activity_id.clone(),
                expires_at,
            })
        })
        .await
}

/// What the fetch URL answers (always HTTP 200, cmi5 §8.2).
pub fn fetch_answer(r: &Result<String>) -> Value {
    match r {
        Ok(token) => json!({ "auth-token": token }),
        Err(Error::Forbidden { code: "cmi5_fetch_used", message }) => {
            json!({ "error-code": "1", "error-text": message })
        }
        Err(Error::Unauthenticated) => {
            json!({ "error-code": "2", "error-text": "this fetch URL is not valid" })
        }
        Err(e) => {
            tracing::warn!(error = %e, "cmi5 fetch failed");
            json!({ "error-code": "3", "error-text": "the authorization token could not be made; try again" })
        }
    }
}

/// Uses up a fetch URL: the session's auth-token (the value of HTTP Basic: `cmi5` and the token,
/// base64), once; `Forbidden { code: "cmi5_fetch_used" }` when it was used or its session expired
/// or ended; `Unauthenticated` for an unknown one.
pub async fn fetch(core: &Core, secret: &str, meta: RequestMeta) -> Result<String> {
    let (tenant, hash) = tokens::parse(TokenKind::Cmi5Fetch, secret).ok_or(Error::Unauthenticated)?;
    let scope = TenantScope::anonymous(tenant, meta);
    core.db
        .write(&scope, Need::Nobody, move |tx| {
            let t = tx.tenant();
            let row: Option<(Cmi5SessionId, Option<Timestamp>, String, Timestamp)> = with_conn!(tx, |c| t
                .scoped(cmi5_sessions::table)
                .filter(cmi5_sessions::fetch_hash.eq(&hash))
                .select((cmi5_sessions::id, cmi5_sessions::fetched_at, cmi5_sessions::state, cmi5_sessions::expires_at))
                .first(c)
                .optional())?;
            let (id, fetched, state, expires) = row.ok_or(Error::Unauthenticated)?;
            let used = |m: &str| Error::Forbidden { code: "cmi5_fetch_used", message: m.to_string() };
            if fetched.is_some() {
                return Err(used("The authorization token has already been returned."));
            }
            if expires < Timestamp::now() || matches!(state.as_str(), "terminated" | "abandoned") {
                return Err(used("The AU session has expired or ended."));
            }
            let token = tokens::mint(TokenKind::Cmi5Session, tx.tenant_id());
            // Taken once, also under concurrent calls: only the update that finds it unused counts.
            let taken = with_conn!(tx, |c| diesel::update(
                t.scoped(cmi5_sessions::table)
                    .filter(cmi5_sessions::id.eq(id))
                    .filter(cmi5_sessions::fetched_at.is_null())
            )
            .set((cmi5_sessions::token_hash.eq(&token.hash), cmi5_sessions::fetched_at.eq(Timestamp::now())))
            .execute(c))?;
            if taken == 0 {
                return Err(used("The authorization token has already been returned."));
            }
            Ok(STANDARD.encode(format!("{}:{}", super::session::USER, token.secret)))
        })
        .await
}

/// A file of a package, through a signed content URL (its media type, by its extension; its length;
/// its bytes): 403 for a wrong or expired signature, 404 for a file the package does not hold.
pub async fn content(
    core: &Core,
    tenant: TenantId,
    package: Cmi5PackageId,
    expires: i64,
    signature: &str,
    path: &str,
) -> Result<(String, u64, BoxStream<'static, std::io::Result<Bytes>>)> {
    let scope = TenantScope::anonymous(tenant, RequestMeta::default());
    let secret: Option<String> = core
        .db
        .read(&scope, Need::Nobody, move |tx| {
            let t = tx.tenant();
            Ok(with_conn!(tx, |c| t
                .scoped(cmi5_packages::table)
                .filter(cmi5_packages::id.eq(package))
                .select(cmi5_packages::url_secret)
                .first(c)
                .optional())?)
        })
        .await?;
    let secret = secret.ok_or(Error::NotFound { resource: "cmi5 package" })?;
    let given = hex::decode(signature).unwrap_or_default();
    if mac(&secret, tenant, package, expires).verify_slice(&given).is_err() {
        return Err(Error::Forbidden { code: "signed_url_invalid", message: "this content URL is not valid".into() });
    }
    if expires < chrono::Utc::now().timestamp() {
        return Err(Error::Forbidden {
            code: "signed_url_expired",
            message: "this content URL has expired; launch again".into(),
        });
    }
    if path.split('/').any(|s| s.is_empty() || s == "." || s == "..") {
        return Err(Error::NotFound { resource: "file" });
    }
    let (size, stream) = core
        .storage()?
        .read_key(tenant, &super::import::file_key(package, path))
        .await?
        .ok_or(Error::NotFound { resource: "file" })?;
    Ok((mime_guess::from_path(path).first_or_octet_stream().essence_str().to_string(), size, stream))
}
