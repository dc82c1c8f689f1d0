//! Resource link launches (LTI Core 1.3 §5.3; Security Framework 1.0 §5.1.1: third-party initiated
//! login, then the OIDC implicit flow with `response_mode=form_post`).
//!
//! 1. [`start`]: a person opens an `lti` lesson. Lyceum records the launch (the tool, the lesson, the
//!    person; valid [`LAUNCH_TTL_MINUTES`], once) and answers the tool's login initiation URL with `iss`,
//!    `login_hint` (the person), `lti_message_hint` (a one-time secret naming this launch; stored
//!    hashed), `target_link_uri`, `client_id` and `lti_deployment_id`. A learner's launch marks the
//!    lesson started.
//! 2. The tool redirects the browser to the institution's authorization endpoint with its
//!    authentication request; [`authorize`] checks it (`scope=openid`, `response_type=id_token`,
//!    `response_mode=form_post`, `prompt=none`, a `nonce`, the tool's client id, a registered
//!    `redirect_uri`, and hints that belong to one unused, unexpired launch of that tool and person),
//!    uses the launch up, and answers the signed ID token with its LTI claims, to be posted to the
//!    redirect URI with the tool's `state`.
//!
//! The person is the one whose credential started the launch: the hint is their launch's secret, used
//! once within minutes, so neither a cookie of Lyceum's nor a third-party cookie is needed here.

use std::collections::BTreeMap;

use diesel::prelude::*;

use crate::{
    audit,
    config::Config,
    core::Core,
    courses::content::LtiSettings,
    db::{
        schema::{course_staff, courses, enrollments, lessons, lti_launches, tenants, users},
        status::EnrollmentStatus,
        types::{CourseId, LessonId, LtiLaunchId, LtiToolId, TenantId, Timestamp, UserId},
    },
    error::{Error, Result},
    identity::{
        permissions::{Permission, Role},
        tokens::hash,
    },
    scope::{Need, RequestMeta, TenantScope},
    with_conn,
};

/// How long the tool has to come back with its authentication request.
pub const LAUNCH_TTL_MINUTES: i64 = 5;
/// How long an ID token is valid.
pub const ID_TOKEN_SECONDS: i64 = 300;

pub(crate) const LTI: &str = "https://purl.imsglobal.org/spec/lti/claim";
const AGS_CLAIM: &str = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint";
const NRPS_CLAIM: &str = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice";

/// Where the browser goes to start a launch.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Started {
    /// The tool's login initiation URL with the launch's parameters (GET).
    pub url: String,
    pub tool_id: LtiToolId,
    pub expires_at: Timestamp,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = lti_launches, treat_none_as_default_value = false)]
struct LaunchRow {
    tenant_id: TenantId,
    id: LtiLaunchId,
    tool_id: LtiToolId,
    lesson_id: LessonId,
    user_id: UserId,
    hint_hash: String,
    created_at: Timestamp,
    expires_at: Timestamp,
    used_at: Option<Timestamp>,
}

crate::tenant_rows!(LaunchRow);

fn conflict(code: &'static str, message: impl Into<String>) -> Error {
    Error::Conflict { code, field: None, message: message.into() }
}

/// Starts a launch of an `lti` lesson for the scope's person: staff who may edit courses, or a learner
/// with an active enrollment in the lesson's course.
pub async fn start(core: &Core, config: &Config, scope: &TenantScope, lesson_id: LessonId) -> Result<Started> {
    let user = scope.user_id().ok_or(Error::Forbidden {
        code: "forbidden",
        message: "a launch is for a person: sign in (an API key launches nothing)".into(),
    })?;
    // 404 for a lesson the person cannot see (another institution's, or of an unpublished course).
    let lesson = crate::courses::structure::view_lesson(core, scope, lesson_id).await?;
    let Some(settings) = lesson.content.lti.clone() else {
        return Err(conflict("lesson_not_lti", "this lesson launches no LTI tool (its kind is not `lti`)"));
    };
    let staff = scope.permissions().contains(Permission::CoursesWrite);
    let issuer = super::issuer(config, scope.tenant_id());
    let (hint, hint_hash) = super::one_time_secret();
    let now = Timestamp::now();
    let expires_at = Timestamp(now.0 + chrono::Duration::minutes(LAUNCH_TTL_MINUTES));
    let course = lesson.course_id;
    let tool_id = settings.tool_id;
    let (url, enrollment) = core
        .db
        .write(scope, Need::Identified, move |tx| {
            let t = tx.tenant();
            let enrollment: Option<crate::db::types::EnrollmentId> = with_conn!(tx, |c| t
                .scoped(enrollments::table)
                .filter(enrollments::course_id.eq(course))
                .filter(enrollments::user_id.eq(user))
                .filter(enrollments::status.ne(EnrollmentStatus::Dropped))
                .select(enrollments::id)
                .first(c)
                .optional())?;
            if !staff && enrollment.is_none() {
                return Err(Error::Forbidden {
                    code: "not_enrolled",
                    message: "only learners enrolled in the course (or its staff) launch its tools".into(),
                });
            }
            let tool = super::tools::get_row(tx, settings.tool_id)?;
            if !tool.enabled {
                return Err(conflict("lti_tool_disabled", "the institution has disabled this tool"));
            }
            let mut row = LaunchRow {
                tenant_id: tx.tenant_id(),
                id: LtiLaunchId::new(),
                tool_id: tool.id,
                lesson_id,
                user_id: user,
                hint_hash,
                created_at: now,
                expires_at,
                used_at: None,
            };
            let ours = tx.tenant();
            with_conn!(tx, |c| diesel::insert_into(lti_launches::table).values(ours.stamp(&mut row)).execute(c))?;
            let target = settings.target_link_uri.clone().unwrap_or(tool.target_link_uri.clone());
            let mut url = reqwest::Url::parse(&tool.login_url).map_err(Error::internal)?;
            url.query_pairs_mut()
                .append_pair("iss", &issuer)
                .append_pair("login_hint", &user.to_string())
                .append_pair("target_link_uri", &target)
                .append_pair("lti_message_hint", &hint)
                .append_pair("client_id", &tool.client_id)
                .append_pair("lti_deployment_id", &tool.deployment_id);
            Ok((url.to_string(), enrollment))
        })
        .await?;
    // A learner's launch starts the lesson (a repeated start changes nothing).
    if let (Some(e), false) = (enrollment, staff) {
        let started = crate::enrollments::progress::ProgressInput {
            status: "started".into(),
            score: None,
            time_spent_seconds: None,
        };
        crate::enrollments::progress::record(core, scope, e, lesson_id, started).await?;
    }
    Ok(Started { url, tool_id, expires_at })
}

/// An authentication request as the tool sent it (query or form).
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct AuthRequest {
    pub scope: Option<String>,
    pub response_type: Option<String>,
    pub response_mode: Option<String>,
    pub prompt: Option<String>,
    pub client_id: Option<String>,
    pub redirect_uri: Option<String>,
    pub login_hint: Option<String>,
    pub lti_message_hint: Option<String>,
    pub state: Option<String>,
    pub nonce: Option<String>,
}

/// What to post to the tool: the form's target and fields.
#[derive(Debug, Clone, PartialEq)]
pub struct Authorized {
    pub redirect_uri: String,
    pub id_token: String,
    pub state: Option<String>,
}

pub(crate) fn invalid(message: impl Into<String>) -> Error {
    Error::Unprocessable { code: "lti_invalid_request", message: message.into() }
}

fn required<'a>(value: &'a Option<String>, name: &str) -> Result<&'a str> {
    value.as_deref().filter(|v| !v.is_empty()).ok_or_else(|| invalid(format!("`{name}` is required")))
}

/// What an authentication request asked, for a deep-linking request's answer.
pub(crate) struct Ask {
    pub hint_hash: String,
    pub client_id: String,
    pub redirect_uri: String,
    pub login_hint: String,
    pub nonce: String,
    pub issuer: String,
    pub base: String,
}

/// A launch (or deep-linking request) is used once, before it expires.
pub(crate) fn check_use(used_at: Option<Timestamp>, expires_at: Timestamp, now: Timestamp) -> Result<()> {
    if used_at.is_some() {
        return Err(Error::Unprocessable {
            code: "lti_launch_used",
            message: "this launch was used already: start it again".into(),
        });
    }
    if expires_at <= now {
        return Err(Error::Unprocessable {
            code: "lti_launch_expired",
            message: format!("a launch must come back within {LAUNCH_TTL_MINUTES} minutes: start it again"),
        });
    }
    Ok(())
}

/// The request names the launched tool (enabled), one of its redirect URIs, and the launch's person.
pub(crate) fn check_request(
    tool: &super::tools::ToolRow,
    client_id: &str,
    redirect_uri: &str,
    login_hint: &str,
    user: UserId,
) -> Result<()> {
    if tool.client_id != client_id || !tool.enabled {
        return Err(invalid("`client_id` is not the launched tool's (or the tool is disabled)"));
    }
    let redirects: Vec<String> = serde_json::from_str(&tool.redirect_uris).map_err(Error::internal)?;
    if !redirects.iter().any(|r| r == redirect_uri) {
        return Err(invalid("`redirect_uri` is not one of the tool's registered redirect URIs"));
    }
    if login_hint != user.to_string() {
        return Err(invalid("`login_hint` is not the person of this launch"));
    }
    Ok(())
}

/// The LIS roles of a person (LTI Core 1.3 Appendix A): their role in the institution, and in the
/// course.
pub fn roles(role: Role) -> Vec<&'static str> {
    match role {
        Role::Owner | Role::Admin => {
            vec![
                "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator",
                "http://purl.imsglobal.org/vocab/lis/v2/membership#Administrator",
            ]
        }
        Role::Instructor => vec![
            "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Faculty",
            "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor",
        ],
        Role::Learner => vec![
            "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Student",
            "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner",
        ],
    }
}

/// Answers a tool's authentication request (see the module's steps). Every failure is a problem and
/// sends nothing to the tool.
pub async fn authorize(
    core: &Core,
    config: &Config,
    tenant: TenantId,
    req: AuthRequest,
    meta: RequestMeta,
) -> Result<Authorized> {
    if req.scope.as_deref() != Some("openid") {
        return Err(invalid("`scope` must be `openid`"));
    }
    if req.response_type.as_deref() != Some("id_token") {
        return Err(invalid("`response_type` must be `id_token`"));
    }
    if req.response_mode.as_deref() != Some("form_post") {
        return Err(invalid("`response_mode` must be `form_post`"));
    }
    if req.prompt.as_deref() != Some("none") {
        return Err(invalid("`prompt` must be `none`"));
    }
    let client_id = required(&req.client_id, "client_id")?.to_string();
    let redirect_uri = required(&req.redirect_uri, "redirect_uri")?.to_string();
    let login_hint = required(&req.login_hint, "login_hint")?.to_string();
    let hint_hash = hash(required(&req.lti_message_hint, "lti_message_hint")?);
    let nonce = required(&req.nonce, "nonce")?.to_string();
    if nonce.len() > 512 || req.state.as_ref().is_some_and(|s| s.len() > 2048) {
        return Err(invalid("`nonce` (512) or `state` (2048 characters) is too long"));
    }
    let issuer = super::issuer(config, tenant);
    let base = super::services_base(config, tenant);
    let scope = TenantScope::anonymous(tenant, meta);
    let state = req.state.clone();
    core.db
        .write(&scope, Need::Nobody, move |tx| {
            let t = tx.tenant();
            let q = t.scoped(lti_launches::table).filter(lti_launches::hint_hash.eq(&hint_hash));
            let launch: Option<LaunchRow> = match crate::db::HasConn::conn(tx) {
                crate::db::AnyConn::Pg(c) => q.select(LaunchRow::as_select()).for_update().first(c).optional(),
                crate::db::AnyConn::Sqlite(c) => q.select(LaunchRow::as_select()).first(c).optional(),
            }?;
            let Some(launch) = launch else {
                // Not a resource link launch: a deep-linking request, or nothing of this institution's.
                let ask = Ask { hint_hash, client_id, redirect_uri, login_hint, nonce, issuer, base };
                let id_token = super::deep_linking::answer(tx, &ask)?;
                return Ok(Authorized { redirect_uri: ask.redirect_uri, id_token, state });
            };
            let now = Timestamp::now();
            check_use(launch.used_at, launch.expires_at, now)?;
            let tool = super::tools::get_row(tx, launch.tool_id)?;
            check_request(&tool, &client_id, &redirect_uri, &login_hint, launch.user_id)?;
            let t = tx.tenant();
            with_conn!(tx, |c| diesel::update(t.scoped(lti_launches::table).filter(lti_launches::id.eq(launch.id)))
                .set(lti_launches::used_at.eq(Some(now)))
                .execute(c))?;
            let t = tx.tenant();
            let (course_id, lesson_title, lti_settings): (CourseId, String, Option<String>) = with_conn!(tx, |c| t
                .scoped(lessons::table)
                .filter(lessons::id.eq(launch.lesson_id))
                .select((lessons::course_id, lessons::title, lessons::lti))
                .first(c))?;
            let settings: LtiSettings =
                serde_json::from_str(lti_settings.as_deref().unwrap_or("{}")).map_err(Error::internal)?;
            let mut claims = message_claims(
                tx,
                Message {
                    issuer: &issuer,
                    tool: &tool,
                    user: launch.user_id,
                    nonce: &nonce,
                    message_type: "LtiResourceLinkRequest",
                    target_link_uri: settings.target_link_uri.as_deref().unwrap_or(&tool.target_link_uri),
                    course: course_id,
                    custom: settings.custom,
                },
            )?;
            claims[format!("{LTI}/resource_link")] =
                serde_json::json!({"id": launch.lesson_id.to_string(), "title": lesson_title});
            // The services the tool may use, as claims (AGS: the context's line items, and the line item
            // of this resource link, made on its first launch; NRPS: the context's memberships).
            let scopes: Vec<String> = serde_json::from_str(&tool.scopes).map_err(Error::internal)?;
            if scopes.iter().any(|s| s.contains("/lti-ags/")) {
                let item = super::ags::for_launch(tx, tool.id, course_id, launch.lesson_id, &lesson_title)?;
                claims[AGS_CLAIM] = super::ags::endpoint_claim(&base, &scopes, course_id, item);
            }
            if scopes.iter().any(|s| s == super::nrps::SCOPE) {
                claims[NRPS_CLAIM] = super::nrps::claim(&base, course_id);
            }
            let id_token = sign(tx, &claims)?;
            audit::record(
                tx,
                "lti.launch",
                Some(("lti_tool", tool.id.to_string())),
                serde_json::json!({ "lesson_id": launch.lesson_id, "user_id": launch.user_id }),
            )?;
            Ok(Authorized { redirect_uri, id_token, state })
        })
        .await
}

/// What an ID token says, beside its message's own claims.
pub(crate) struct Message<'a> {
    pub issuer: &'a str,
    pub tool: &'a super::tools::ToolRow,
    pub user: UserId,
    pub nonce: &'a str,
    pub message_type: &'static str,
    pub target_link_uri: &'a str,
    pub course: CourseId,
    /// Custom parameters over the tool's own.
    pub custom: BTreeMap<String, String>,
}

/// The claims every message of Lyceum's carries (LTI Core 1.3 §5.3-5.4): the person, the tool, the
/// deployment, the context, the platform, roles and custom parameters.
pub(crate) fn message_claims(tx: &mut crate::db::TenantTx<'_>, m: Message<'_>) -> Result<serde_json::Value> {
    let t = tx.tenant();
    let (name, email, role): (String, String, String) = with_conn!(tx, |c| t
        .scoped(users::table)
        .filter(users::id.eq(m.user))
        .select((users::name, users::email, users::role))
        .first(c))?;
    let t = tx.tenant();
    let course_title: String =
        with_conn!(tx, |c| t.scoped(courses::table).filter(courses::id.eq(m.course)).select(courses::title).first(c))?;
    let t = tx.tenant();
    let tenant_name: String = with_conn!(tx, |c| t.scoped(tenants::table).select(tenants::name).first(c))?;
    let mut custom: BTreeMap<String, String> = serde_json::from_str(&m.tool.custom).map_err(Error::internal)?;
    custom.extend(m.custom);
    let role = Role::parse(&role).ok_or_else(|| Error::internal(anyhow::anyhow!("unknown role {role:?}")))?;
    // In the course, staff are what their place on its staff says (as NRPS lists them).
    let t = tx.tenant();
    let staff: Option<String> = with_conn!(tx, |c| t
        .scoped(course_staff::table)
        .filter(course_staff::course_id.eq(m.course))
        .filter(course_staff::user_id.eq(m.user))
        .select(course_staff::role)
        .first(c)
        .optional())?;
    let mut roles = roles(role);
    if let Some(staff) = staff {
        roles.retain(|r| !r.contains("/membership#"));
        roles.push(if staff == "teaching_assistant" {
            "http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant"
        } else {
            "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"
        });
    }
    let iat = Timestamp::now().0.timestamp();
    Ok(serde_json::json!({
        "iss": m.issuer,
        "sub": m.user.to_string(),
        "aud": m.tool.client_id,
        "azp": m.tool.client_id,
        "iat": iat,
        "exp": iat + ID_TOKEN_SECONDS,
        "nonce": m.nonce,
        "name": name,
        "email": email,
        format!("{LTI}/message_type"): m.message_type,
        format!("{LTI}/version"): "1.3.0",
        format!("{LTI}/deployment_id"): m.tool.deployment_id,
        format!("{LTI}/target_link_uri"): m.target_link_uri,
        format!("{LTI}/roles"): roles,
        format!("{LTI}/context"): {
            "id": m.course.to_string(),
            "title": course_title,
            "type": ["http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering"],
        },
        format!("{LTI}/tool_platform"): {
            "guid": tx.tenant_id().to_string(),
            "name": tenant_name,
            "product_family_code": "lyceum",
            "version": env!("CARGO_PKG_VERSION"),
        },
        format!("{LTI}/launch_presentation"): {"document_target": "iframe", "locale": "en"},
        format!("{LTI}/custom"): custom,
    }))
}

/// Signs a message with the institution's current platform key.
pub(crate) fn sign(tx: &mut crate::db::TenantTx<'_>, claims: &serde_json::Value) -> Result<String> {
    let signer = super::keys::current(tx)?
        .ok_or_else(|| Error::internal(anyhow::anyhow!("an institution with tools has no platform key")))?;
    signer.sign(claims)
}

/// The HTML page that posts the ID token to the tool (OAuth 2.0 Form Post Response Mode).
pub fn form_post(a: &Authorized) -> String {
    let esc = |s: &str| {
        s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
    };
    let state = a
        .state
        .as_deref()
        .map(|s| format!(r#"<input type="hidden" name="state" value="{}">"#, esc(s)))
        .unwrap_or_default();
    format!(
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Opening the tool</title></head><body onload="document.forms[0].submit()"><form method="post" action="{}"><input type="hidden" name="id_token" value="{}">{state}<noscript><button type="submit">Continue to the tool</button></noscript></form></body></html>"#,
        esc(&a.redirect_uri),
        esc(&a.id_token),
    )
}
