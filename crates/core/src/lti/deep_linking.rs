//! Deep Linking 2.0: staff pick content in a tool, and it becomes `lti` lessons of a module.
//!
//! 1. [`start`]: a person who may edit the course asks a tool (registered with deep linking) for
//!    content for a module. Lyceum records the request (valid [`super::launch::LAUNCH_TTL_MINUTES`]
//!    for the login, [`RETURN_TTL_MINUTES`] for the answer) and answers the tool's login initiation URL,
//!    as a resource link launch does.
//! 2. The tool's authentication request comes back to the authorization endpoint, which answers an
//!    `LtiDeepLinkingRequest` ([`answer`]) whose settings name the return URL of this request and carry
//!    its id as `data`.
//! 3. The tool posts its signed `LtiDeepLinkingResponse` (`JWT`) to the return URL ([`complete`]):
//!    signed by the tool's key, for this institution's issuer, of this deployment, with this request's
//!    `data` and a `nonce`, used once. Its `ltiResourceLink` items become `lti` lessons at the end of the
//!    module (title, URL, custom parameters), each with its line item when the item asks for one; all
//!    in one transaction, as the person who asked (their rights checked again then).

use std::collections::BTreeMap;

use diesel::prelude::*;
use serde_json::{json, Value};

use super::launch::{check_request, check_use, invalid, message_claims, sign, Ask, Message, LTI};
use crate::{
    audit,
    config::Config,
    core::Core,
    courses::{
        content::{self, ContentInput, LtiInput},
        structure::{insert_lesson, NewLesson},
    },
    db::{
        schema::{course_modules, lti_deep_links, lti_line_items, users},
        types::{CourseId, LessonId, LtiDeepLinkId, LtiLineItemId, LtiToolId, ModuleId, TenantId, Timestamp, UserId},
    },
    error::{Error, Result, Validator},
    identity::{
        permissions::Permission,
        staff::{authorize, CourseRight},
        Role,
    },
    scope::{Need, RequestMeta, TenantScope},
    with_conn,
};

/// How long staff have to pick content in the tool before its answer comes back.
pub const RETURN_TTL_MINUTES: i64 = 60;
/// The most items one answer may add.
pub const MAX_ITEMS: usize = 50;
const DL: &str = "https://purl.imsglobal.org/spec/lti-dl/claim";

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = lti_deep_links, treat_none_as_default_value = false)]
struct DeepLinkRow {
    tenant_id: TenantId,
    id: LtiDeepLinkId,
    tool_id: LtiToolId,
    course_id: CourseId,
    module_id: ModuleId,
    user_id: UserId,
    hint_hash: String,
    created_at: Timestamp,
    expires_at: Timestamp,
    used_at: Option<Timestamp>,
    returned_at: Option<Timestamp>,
}

crate::tenant_rows!(DeepLinkRow);

/// Where the browser goes to pick content in the tool.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Started {
    pub url: String,
    pub tool_id: LtiToolId,
    pub expires_at: Timestamp,
}

/// Starts a deep-linking request for `module` with `tool` (see the module).
pub async fn start(
    core: &Core,
    config: &Config,
    scope: &TenantScope,
    module: ModuleId,
    tool: LtiToolId,
) -> Result<Started> {
    scope.require(Permission::CoursesWrite)?;
    let user = scope.user_id().ok_or(Error::Forbidden {
        code: "forbidden",
        message: "content is picked by a person: sign in (an API key picks nothing)".into(),
    })?;
    let (hint, hint_hash) = super::one_time_secret();
    let now = Timestamp::now();
    let issuer = super::issuer(config, scope.tenant_id());
    core.db
        .write(scope, Permission::CoursesWrite, move |tx| {
            let t = tx.tenant();
            let course: CourseId = with_conn!(tx, |c| t
                .scoped(course_modules::table)
                .filter(course_modules::id.eq(module))
                .select(course_modules::course_id)
                .first(c)
                .optional())?
            .ok_or(Error::NotFound { resource: "module" })?;
            authorize(tx, course, CourseRight::Edit)?;
            let tool = super::tools::get_row(tx, tool)?;
            if !tool.enabled {
                return Err(Error::Conflict {
                    code: "lti_tool_disabled",
                    field: None,
                    message: "the institution has disabled this tool".into(),
                });
            }
            if !tool.deep_linking {
                return Err(Error::Conflict {
                    code: "lti_deep_linking_off",
                    field: Some("tool_id"),
                    message: "this tool is not registered for deep linking (`deep_linking`: true)".into(),
                });
            }
            let mut row = DeepLinkRow {
                tenant_id: tx.tenant_id(),
                id: LtiDeepLinkId::new(),
                tool_id: tool.id,
                course_id: course,
                module_id: module,
                user_id: user,
                hint_hash,
                created_at: now,
                expires_at: Timestamp(now.0 + chrono::Duration::minutes(RETURN_TTL_MINUTES)),
                used_at: None,
                returned_at: None,
            };
            let ours = tx.tenant();
            with_conn!(tx, |c| diesel::insert_into(lti_deep_links::table).values(ours.stamp(&mut row)).execute(c))?;
            let mut url = reqwest::Url::parse(&tool.login_url).map_err(Error::internal)?;
            url.query_pairs_mut()
                .append_pair("iss", &issuer)
                .append_pair("login_hint", &user.to_string())
                .append_pair("target_link_uri", &tool.target_link_uri)
                .append_pair("lti_message_hint", &hint)
                .append_pair("client_id", &tool.client_id)
                .append_pair("lti_deployment_id", &tool.deployment_id);
            Ok(Started {
                url: url.to_string(),
                tool_id: tool.id,
                expires_at: Timestamp(now.0 + chrono::Duration::minutes(super::launch::LAUNCH_TTL_MINUTES)),
            })
        })
        .await
}

/// Answers the authentication request of a deep-linking request (called by the authorization endpoint
/// when the hint names no resource link launch): the signed `LtiDeepLinkingRequest`.
pub(crate) fn answer(tx: &mut crate::db::TenantTx<'_>, ask: &Ask) -> Result<String> {
    let t = tx.tenant();
    let q = t.scoped(lti_deep_links::table).filter(lti_deep_links::hint_hash.eq(&ask.hint_hash));
    let row: Option<DeepLinkRow> = match crate::db::HasConn::conn(tx) {
        crate::db::AnyConn::Pg(c) => q.select(DeepLinkRow::as_select()).for_update().first(c).optional(),
        crate::db::AnyConn::Sqlite(c) => q.select(DeepLinkRow::as_select()).first(c).optional(),
    }?;
    let Some(row) = row else {
        return Err(invalid("`lti_message_hint` names no launch of this institution"));
    };
    let now = Timestamp::now();
    let login_by = Timestamp(row.created_at.0 + chrono::Duration::minutes(super::launch::LAUNCH_TTL_MINUTES));
    check_use(row.used_at, login_by, now)?;
    let tool = super::tools::get_row(tx, row.tool_id)?;
    check_request(&tool, &ask.client_id, &ask.redirect_uri, &ask.login_hint, row.user_id)?;
    let t = tx.tenant();
    with_conn!(tx, |c| diesel::update(t.scoped(lti_deep_links::table).filter(lti_deep_links::id.eq(row.id)))
        .set(lti_deep_links::used_at.eq(Some(now)))
        .execute(c))?;
    let t = tx.tenant();
    let module_title: String = with_conn!(tx, |c| t
        .scoped(course_modules::table)
        .filter(course_modules::id.eq(row.module_id))
        .select(course_modules::title)
        .first(c))?;
    let mut claims = message_claims(
        tx,
        Message {
            issuer: &ask.issuer,
            tool: &tool,
            user: row.user_id,
            nonce: &ask.nonce,
            message_type: "LtiDeepLinkingRequest",
            target_link_uri: &tool.target_link_uri,
            course: row.course_id,
            custom: BTreeMap::new(),
        },
    )?;
    claims[format!("{DL}/deep_linking_settings")] = json!({
        "deep_link_return_url": format!("{}/deep-links/{}", ask.base, row.id),
        "accept_types": ["ltiResourceLink"],
        "accept_presentation_document_targets": ["iframe", "window"],
        "accept_multiple": true,
        "auto_create": true,
        "title": module_title,
        "data": row.id.to_string(),
    });
    let id_token = sign(tx, &claims)?;
    audit::record(
        tx,
        "lti.deep_link_started",
        Some(("lti_tool", tool.id.to_string())),
        json!({ "module_id": row.module_id, "user_id": row.user_id }),
    )?;
    Ok(id_token)
}

/// What a deep-linking answer added.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Completed {
    pub course_id: CourseId,
    pub module_id: ModuleId,
    pub lessons: Vec<(LessonId, String)>,
    /// The tool's message to the person (`msg` or `errormsg`), if any.
    pub message: Option<String>,
    /// Items of types Lyceum does not take (it asked for `ltiResourceLink` only), skipped.
    pub skipped: usize,
}

/// One resource link of the answer, checked.
struct Item {
    title: String,
    input: ContentInput,
    line_item: Option<(f64, String, Option<String>, Option<String>)>,
}

fn items(claims: &Value, tool: LtiToolId, tool_name: &str) -> Result<(Vec<Item>, usize)> {
    let list = match claims.get(format!("{DL}/content_items")) {
        None | Some(Value::Null) => return Ok((Vec::new(), 0)),
        Some(Value::Array(a)) => a.clone(),
        Some(_) => return Err(invalid("`content_items` must be an array")),
    };
    let links: Vec<&Value> =
        list.iter().filter(|i| i.get("type").and_then(Value::as_str) == Some("ltiResourceLink")).collect();
    let skipped = list.len() - links.len();
    if links.len() > MAX_ITEMS {
        return Err(invalid(format!("at most {MAX_ITEMS} resource links at once")));
    }
    let mut v = Validator::new();
    let mut out = Vec::new();
    for (n, i) in links.into_iter().enumerate() {
        let title =
            i.get("title").and_then(Value::as_str).map(str::trim).filter(|t| !t.is_empty()).unwrap_or(tool_name);
        let title: String = title.chars().take(200).collect();
        crate::courses::check_title(&mut v, "title", &title);
        let custom: BTreeMap<String, String> = match i.get("custom") {
            None | Some(Value::Null) => BTreeMap::new(),
            Some(Value::Object(o)) => o
                .iter()
                .map(|(k, v)| (k.clone(), v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string())))
                .collect(),
            Some(_) => {
                v.push("custom", format!("item {n}: `custom` must be an object"));
                BTreeMap::new()
            }
        };
        let url = i.get("url").and_then(Value::as_str).map(str::to_string);
        let lti = LtiInput { tool_id: Some(tool), custom: Some(custom), target_link_uri: url.map(Some) };
        let input = ContentInput { lti: Some(lti), ..Default::default() };
        content::validate(&mut v, "lti", &input);
        let line_item = match i.get("lineItem") {
            None | Some(Value::Null) => None,
            Some(li) => {
                let max = li.get("scoreMaximum").and_then(Value::as_f64).filter(|m| *m > 0.0 && *m <= 1e9);
                if max.is_none() {
                    v.push("lineItem", format!("item {n}: `scoreMaximum` must be a number above 0"));
                }
                let text = |k: &str| li.get(k).and_then(Value::as_str).map(|s| s.chars().take(256).collect::<String>());
                let label = text("label").unwrap_or_else(|| title.clone());
                Some((max.unwrap_or(100.0), label, text("resourceId"), text("tag")))
            }
        };
        out.push(Item { title, input, line_item });
    }
    v.finish().map_err(|e| invalid(format!("the tool's content items are not valid: {e}")))?;
    Ok((out, skipped))
}

/// Takes the tool's deep-linking answer (see the module).
pub async fn complete(
    core: &Core,
    config: &Config,
    tenant: TenantId,
    id: LtiDeepLinkId,
    jwt: &str,
    meta: RequestMeta,
) -> Result<Completed> {
    let anonymous = TenantScope::anonymous(tenant, meta.clone());
    let (row, tool, person) = core
        .db
        .read(&anonymous, Need::Nobody, move |tx| {
            let t = tx.tenant();
            let row: DeepLinkRow = with_conn!(tx, |c| t
                .scoped(lti_deep_links::table)
                .filter(lti_deep_links::id.eq(id))
                .select(DeepLinkRow::as_select())
                .first(c)
                .optional())?
            .ok_or(Error::NotFound { resource: "deep-linking request" })?;
            let tool = super::tools::get_row(tx, row.tool_id)?;
            // The person who asked, with the role they hold now (and whether they are still active).
            let t = tx.tenant();
            let person: Option<(String, String)> = with_conn!(tx, |c| t
                .scoped(users::table)
                .filter(users::id.eq(row.user_id))
                .select((users::role, users::status))
                .first(c)
                .optional())?;
            Ok((row, tool, person))
        })
        .await?;
    if row.used_at.is_none() {
        return Err(invalid("this deep-linking request was never launched"));
    }
    if row.returned_at.is_some() {
        return Err(Error::Unprocessable {
            code: "lti_launch_used",
            message: "this deep-linking request was answered already: start it again".into(),
        });
    }
    if row.expires_at <= Timestamp::now() {
        return Err(Error::Unprocessable {
            code: "lti_launch_expired",
            message: format!("content must be picked within {RETURN_TTL_MINUTES} minutes: start again"),
        });
    }
    if !tool.enabled {
        return Err(invalid("the tool is disabled"));
    }
    let issuer = super::issuer(config, tenant);
    let claims = super::verify::verify(&tool, jwt, &[&issuer], config.lti.allow_private)
        .await
        .map_err(|m| invalid(format!("the tool's answer is refused: {m}")))?;
    let text = |name: &str| claims.get(name).and_then(Value::as_str).map(str::to_string);
    if text("iss").as_deref() != Some(tool.client_id.as_str()) {
        return Err(invalid("the answer's `iss` must be the tool's client id"));
    }
    if text(&format!("{LTI}/message_type")).as_deref() != Some("LtiDeepLinkingResponse") {
        return Err(invalid("the answer's message type must be `LtiDeepLinkingResponse`"));
    }
    if text(&format!("{LTI}/version")).as_deref() != Some("1.3.0") {
        return Err(invalid("the answer's LTI version must be 1.3.0"));
    }
    if text(&format!("{LTI}/deployment_id")).as_deref() != Some(tool.deployment_id.as_str()) {
        return Err(invalid("the answer's deployment is not the tool's"));
    }
    if text(&format!("{DL}/data")).as_deref() != Some(id.to_string().as_str()) {
        return Err(invalid("the answer's `data` is not this request's"));
    }
    if text("nonce").is_none_or(|n| n.is_empty()) {
        return Err(invalid("the answer needs a `nonce`"));
    }
    let (chosen, skipped) = items(&claims, tool.id, &tool.name)?;
    let message = text(&format!("{DL}/errormsg")).or_else(|| text(&format!("{DL}/msg")));
    // As the person who asked, with the role they hold now (and only while they are active).
    let user = row.user_id;
    let role = match person {
        Some((role, status)) if status == "active" => Role::parse(&role),
        _ => None,
    }
    .ok_or(Error::Forbidden {
        code: "forbidden",
        message: "the person who asked for this content is not active".into(),
    })?;
    let scope = TenantScope::for_user(tenant, user, role, None).with_meta(meta);
    let (module, course) = (row.module_id, row.course_id);
    let tool_id = tool.id;
    let lessons = core
        .db
        .write(&scope, Permission::CoursesWrite, move |tx| {
            let t = tx.tenant();
            let n = with_conn!(tx, |c| diesel::update(
                t.scoped(lti_deep_links::table).filter(lti_deep_links::id.eq(id)).filter(lti_deep_links::returned_at.is_null())
            )
            .set(lti_deep_links::returned_at.eq(Some(Timestamp::now())))
            .execute(c))?;
            if n == 0 {
                return Err(Error::Unprocessable {
                    code: "lti_launch_used",
                    message: "this deep-linking request was answered already: start it again".into(),
                });
            }
            let mut made = Vec::new();
            for item in chosen {
                let content = content::validate(&mut Validator::new(), "lti", &item.input);
                let new = NewLesson { title: item.title.clone(), kind: "lti".into(), required: true, content, group: None };
                let lesson = insert_lesson(tx, module, new, None)?;
                if let Some((max, label, resource_id, tag)) = item.line_item {
                    let now = Timestamp::now();
                    let mut li = super::ags::LineItemRow {
                        tenant_id: tx.tenant_id(),
                        id: LtiLineItemId::new(),
                        tool_id,
                        course_id: course,
                        lesson_id: Some(lesson.id),
                        label,
                        score_maximum: max,
                        resource_id,
                        tag,
                        start_at: None,
                        end_at: None,
                        created_at: now,
                        updated_at: now,
                    };
                    let ours = tx.tenant();
                    with_conn!(tx, |c| diesel::insert_into(lti_line_items::table).values(ours.stamp(&mut li)).execute(c))?;
                }
                made.push((lesson.id, item.title));
            }
            audit::record(
                tx,
                "lti.deep_link_returned",
                Some(("lti_tool", tool_id.to_string())),
                json!({ "module_id": module, "lessons": made.iter().map(|(id, _)| id.to_string()).collect::<Vec<_>>() }),
            )?;
            Ok(made)
        })
        .await?;
    Ok(Completed { course_id: course, module_id: module, lessons, message, skipped })
}
