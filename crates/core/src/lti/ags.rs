//! Assignment and Grade Services 2.0 (line items, scores, results) for a tool holding an access token.
//!
//! A context is a course in which the tool is deployed (it has an `lti` lesson there); a tool sees and
//! changes only its own line items. A line item bound to a lesson (`resourceLinkId`) feeds that
//! lesson's progress: a score with `activityProgress: Completed` and `gradingProgress: FullyGraded`
//! completes the lesson, and a fully graded `scoreGiven` becomes the lesson's score (a percentage of
//! the score's maximum), which the enrollment's score and the gradebook fold in like a quiz's. Scores
//! are kept per learner and line item; an older `timestamp` never replaces a newer one (409).
//!
//! Bodies are the specification's JSON; this module takes and gives `serde_json::Value`s of that
//! shape, with every URL built from the institution's service base ([`super::services_base`]).

use diesel::prelude::*;
use serde_json::{json, Value};

use super::token::Grant;
use crate::{
    config::Config,
    core::Core,
    db::{
        schema::{lessons, lti_line_items},
        types::{CourseId, LessonId, LtiLineItemId, LtiToolId, TenantId, Timestamp},
        TenantTx,
    },
    error::{Error, Result, Validator},
    scope::Need,
    with_conn,
};

pub const SCOPE_LINEITEM: &str = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem";
pub const SCOPE_LINEITEM_READONLY: &str = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly";

pub const MEDIA_LINE_ITEM: &str = "application/vnd.ims.lis.v2.lineitem+json";
pub const MEDIA_LINE_ITEMS: &str = "application/vnd.ims.lis.v2.lineitemcontainer+json";

/// The most items of one page; the default page is [`DEFAULT_LIMIT`]. `Link: <…>; rel="next"` leads
/// on.
pub const MAX_LIMIT: i64 = 1000;
pub const DEFAULT_LIMIT: i64 = 100;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = lti_line_items, treat_none_as_default_value = false)]
pub(crate) struct LineItemRow {
    pub tenant_id: TenantId,
    pub id: LtiLineItemId,
    pub tool_id: LtiToolId,
    pub course_id: CourseId,
    pub lesson_id: Option<LessonId>,
    pub label: String,
    pub score_maximum: f64,
    pub resource_id: Option<String>,
    pub tag: Option<String>,
    pub start_at: Option<Timestamp>,
    pub end_at: Option<Timestamp>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

crate::tenant_rows!(LineItemRow);

/// The URL of a context's line items.
pub fn line_items_url(base: &str, course: CourseId) -> String {
    format!("{base}/contexts/{course}/lineitems")
}

pub(super) fn line_item_url(base: &str, course: CourseId, id: LtiLineItemId) -> String {
    format!("{}/{id}", line_items_url(base, course))
}

fn to_json(base: &str, r: &LineItemRow) -> Value {
    let mut v = json!({
        "id": line_item_url(base, r.course_id, r.id),
        "label": r.label,
        "scoreMaximum": r.score_maximum,
    });
    let o = v.as_object_mut().expect("an object");
    if let Some(l) = r.lesson_id {
        o.insert("resourceLinkId".into(), json!(l.to_string()));
    }
    if let Some(x) = &r.resource_id {
        o.insert("resourceId".into(), json!(x));
    }
    if let Some(x) = &r.tag {
        o.insert("tag".into(), json!(x));
    }
    if let Some(x) = r.start_at {
        o.insert("startDateTime".into(), json!(x.0.to_rfc3339()));
    }
    if let Some(x) = r.end_at {
        o.insert("endDateTime".into(), json!(x.0.to_rfc3339()));
    }
    v
}

/// A page of a service's items, and the key to the next page when there is one.
#[derive(Debug, Clone)]
pub struct Listing {
    pub items: Vec<Value>,
    pub next_after: Option<String>,
}

pub(super) fn need(grant: &Grant, any_of: &[&str]) -> Result<()> {
    if any_of.iter().any(|s| grant.allows(s)) {
        return Ok(());
    }
    Err(Error::Forbidden {
        code: "lti_scope_missing",
        message: format!("this access token was not granted {}", any_of.join(" or ")),
    })
}

/// 404 unless the tool is deployed in the course (it has an `lti` lesson there).
pub(crate) fn check_context(tx: &mut TenantTx<'_>, tool: LtiToolId, course: CourseId) -> Result<()> {
    let t = tx.tenant();
    let n: i64 = with_conn!(tx, |c| t
        .scoped(lessons::table)
        .filter(lessons::course_id.eq(course))
        .filter(lessons::lti_tool_id.eq(tool))
        .count()
        .get_result(c))?;
    if n == 0 {
        return Err(Error::NotFound { resource: "context" });
    }
    Ok(())
}

pub(super) fn get_item(
    tx: &mut TenantTx<'_>,
    tool: LtiToolId,
    course: CourseId,
    id: LtiLineItemId,
) -> Result<LineItemRow> {
    let t = tx.tenant();
    with_conn!(tx, |c| t
        .scoped(lti_line_items::table)
        .filter(lti_line_items::id.eq(id))
        .filter(lti_line_items::tool_id.eq(tool))
        .filter(lti_line_items::course_id.eq(course))
        .select(LineItemRow::as_select())
        .first(c)
        .optional())?
    .ok_or(Error::NotFound { resource: "line item" })
}

/// The line item a launch of `lesson` names (`lineitem` in the endpoint claim): the one bound to the
/// lesson, made (label: the lesson's title, maximum 100) on the first launch of a tool that may use
/// AGS; `None` when several are bound (the tool then finds them through the container).
pub(crate) fn for_launch(
    tx: &mut TenantTx<'_>,
    tool: LtiToolId,
    course: CourseId,
    lesson: LessonId,
    title: &str,
) -> Result<Option<LtiLineItemId>> {
    let t = tx.tenant();
    let bound: Vec<LtiLineItemId> = with_conn!(tx, |c| t
        .scoped(lti_line_items::table)
        .filter(lti_line_items::lesson_id.eq(lesson))
        .filter(lti_line_items::tool_id.eq(tool))
        .select(lti_line_items::id)
        .limit(2)
        .load(c))?;
    match bound.as_slice() {
        [one] => Ok(Some(*one)),
        [] => {
            let now = Timestamp::now();
            let label: String = title.chars().take(200).collect();
            let mut row = LineItemRow {
                tenant_id: tx.tenant_id(),
                id: LtiLineItemId::new(),
                tool_id: tool,
                course_id: course,
                lesson_id: Some(lesson),
                label,
                score_maximum: 100.0,
                resource_id: None,
                tag: None,
                start_at: None,
                end_at: None,
                created_at: now,
                updated_at: now,
            };
            let ours = tx.tenant();
            with_conn!(tx, |c| diesel::insert_into(lti_line_items::table).values(ours.stamp(&mut row)).execute(c))?;
            Ok(Some(row.id))
        }
        _ => Ok(None),
    }
}

/// What the AGS endpoint claim of a launch says.
pub(crate) fn endpoint_claim(base: &str, scopes: &[String], course: CourseId, item: Option<LtiLineItemId>) -> Value {
    let ags: Vec<&String> = scopes.iter().filter(|s| s.contains("/lti-ags/")).collect();
    let mut v = json!({ "scope": ags, "lineitems": line_items_url(base, course) });
    if let Some(id) = item {
        v["lineitem"] = json!(line_item_url(base, course, id));
    }
    v
}

pub(super) fn timestamp(v: &mut Validator, body: &Value, field: &'static str) -> Option<Timestamp> {
    match body.get(field) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => match chrono::DateTime::parse_from_rfc3339(s) {
            Ok(t) => Some(Timestamp(t.with_timezone(&chrono::Utc))),
            Err(_) => {
                v.push(field, "must be an ISO 8601 date and time with its offset (RFC 3339)");
                None
            }
        },
        Some(_) => {
            v.push(field, "must be a string (an RFC 3339 date and time)");
            None
        }
    }
}

pub(super) fn short_text(v: &mut Validator, body: &Value, field: &'static str, max: usize) -> Option<String> {
    match body.get(field) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.chars().count() <= max && !crate::error::has_unsafe_chars(s) => Some(s.clone()),
        Some(_) => {
            v.push(field, format!("must be a string of at most {max} characters"));
            None
        }
    }
}

/// A line item's fields from its JSON (POST and PUT alike).
fn parse_item(tx: &mut TenantTx<'_>, tool: LtiToolId, course: CourseId, body: &Value) -> Result<LineItemRow> {
    let mut v = Validator::new();
    if !body.is_object() {
        return Err(Error::invalid("body", "must be a line item (a JSON object)"));
    }
    let label = short_text(&mut v, body, "label", 200).unwrap_or_default();
    if label.trim().is_empty() {
        v.push("label", "is required");
    }
    let max = body.get("scoreMaximum").and_then(Value::as_f64);
    if !max.is_some_and(|m| m > 0.0 && m <= 1e9) {
        v.push("scoreMaximum", "is required: a number above 0 (at most 1e9)");
    }
    let resource_id = short_text(&mut v, body, "resourceId", 256);
    let tag = short_text(&mut v, body, "tag", 256);
    let start_at = timestamp(&mut v, body, "startDateTime");
    let end_at = timestamp(&mut v, body, "endDateTime");
    let mut lesson_id = None;
    match body.get("resourceLinkId") {
        None | Some(Value::Null) => {}
        Some(Value::String(s)) => {
            let lesson = s.parse::<uuid::Uuid>().ok().map(LessonId::from);
            let t = tx.tenant();
            let found: Option<LessonId> = match lesson {
                Some(l) => with_conn!(tx, |c| t
                    .scoped(lessons::table)
                    .filter(lessons::id.eq(l))
                    .filter(lessons::course_id.eq(course))
                    .filter(lessons::lti_tool_id.eq(tool))
                    .select(lessons::id)
                    .first(c)
                    .optional())?,
                None => None,
            };
            if found.is_none() {
                v.push("resourceLinkId", "is not a resource link of this tool in this context");
            }
            lesson_id = found;
        }
        Some(_) => v.push("resourceLinkId", "must be a string"),
    }
    v.finish()?;
    let now = Timestamp::now();
    Ok(LineItemRow {
        tenant_id: tx.tenant_id(),
        id: LtiLineItemId::new(),
        tool_id: tool,
        course_id: course,
        lesson_id,
        label: label.trim().to_string(),
        score_maximum: max.unwrap_or(100.0),
        resource_id,
        tag,
        start_at,
        end_at,
        created_at: now,
        updated_at: now,
    })
}

/// Filters and paging of a context's line items.
#[derive(Debug, Clone, Default)]
pub struct ItemQuery {
    pub resource_link_id: Option<String>,
    pub resource_id: Option<String>,
    pub tag: Option<String>,
    pub limit: Option<i64>,
    pub after: Option<String>,
}

pub(super) fn limit_of(limit: Option<i64>) -> Result<i64> {
    match limit {
        None => Ok(DEFAULT_LIMIT),
        Some(l) if (1..=MAX_LIMIT).contains(&l) => Ok(l),
        Some(_) => Err(Error::invalid("limit", format!("must be between 1 and {MAX_LIMIT}"))),
    }
}

pub(super) fn after_id<T: From<uuid::Uuid>>(after: Option<&str>) -> Result<Option<T>> {
    after
        .map(|a| a.parse::<uuid::Uuid>().map(T::from).map_err(|_| Error::invalid("after", "is not a page key")))
        .transpose()
}

pub async fn list_items(
    core: &Core,
    config: &Config,
    grant: &Grant,
    course: CourseId,
    q: ItemQuery,
) -> Result<Listing> {
    need(grant, &[SCOPE_LINEITEM, SCOPE_LINEITEM_READONLY])?;
    let limit = limit_of(q.limit)?;
    let after: Option<LtiLineItemId> = after_id(q.after.as_deref())?;
    let base = super::services_base(config, grant.scope.tenant_id());
    let tool = grant.tool_id();
    core.db
        .read(&grant.scope, Need::Nobody, move |tx| {
            check_context(tx, tool, course)?;
            let lesson = match q.resource_link_id.as_deref().map(str::parse::<uuid::Uuid>) {
                None => None,
                Some(Ok(l)) => Some(LessonId::from(l)),
                Some(Err(_)) => return Ok(Listing { items: Vec::new(), next_after: None }),
            };
            let t = tx.tenant();
            let mut rows: Vec<LineItemRow> = with_conn!(tx, |c| {
                let mut query = t
                    .scoped(lti_line_items::table)
                    .filter(lti_line_items::course_id.eq(course))
                    .filter(lti_line_items::tool_id.eq(tool))
                    .into_boxed();
                if let Some(l) = lesson {
                    query = query.filter(lti_line_items::lesson_id.eq(l));
                }
                if let Some(r) = &q.resource_id {
                    query = query.filter(lti_line_items::resource_id.eq(r));
                }
                if let Some(tag) = &q.tag {
                    query = query.filter(lti_line_items::tag.eq(tag));
                }
                if let Some(a) = after {
                    query = query.filter(lti_line_items::id.gt(a));
                }
                query.order(lti_line_items::id).limit(limit + 1).select(LineItemRow::as_select()).load(c)
            })?;
            let more = rows.len() as i64 > limit;
            rows.truncate(limit as usize);
            let next_after = more.then(|| rows.last().map(|r| r.id.to_string())).flatten();
            Ok(Listing { items: rows.iter().map(|r| to_json(&base, r)).collect(), next_after })
        })
        .await
}

pub async fn create_item(core: &Core, config: &Config, grant: &Grant, course: CourseId, body: Value) -> Result<Value> {
    need(grant, &[SCOPE_LINEITEM])?;
    let base = super::services_base(config, grant.scope.tenant_id());
    let tool = grant.tool_id();
    core.db
        .write(&grant.scope, Need::Nobody, move |tx| {
            check_context(tx, tool, course)?;
            let mut row = parse_item(tx, tool, course, &body)?;
            let ours = tx.tenant();
            with_conn!(tx, |c| diesel::insert_into(lti_line_items::table).values(ours.stamp(&mut row)).execute(c))?;
            Ok(to_json(&base, &row))
        })
        .await
}

pub async fn get(core: &Core, config: &Config, grant: &Grant, course: CourseId, id: LtiLineItemId) -> Result<Value> {
    need(grant, &[SCOPE_LINEITEM, SCOPE_LINEITEM_READONLY])?;
    let base = super::services_base(config, grant.scope.tenant_id());
    let tool = grant.tool_id();
    core.db.read(&grant.scope, Need::Nobody, move |tx| Ok(to_json(&base, &get_item(tx, tool, course, id)?))).await
}

pub async fn update_item(
    core: &Core,
    config: &Config,
    grant: &Grant,
    course: CourseId,
    id: LtiLineItemId,
    body: Value,
) -> Result<Value> {
    need(grant, &[SCOPE_LINEITEM])?;
    let base = super::services_base(config, grant.scope.tenant_id());
    let tool = grant.tool_id();
    core.db
        .write(&grant.scope, Need::Nobody, move |tx| {
            let old = get_item(tx, tool, course, id)?;
            let new = parse_item(tx, tool, course, &body)?;
            let t = tx.tenant();
            with_conn!(tx, |c| diesel::update(t.scoped(lti_line_items::table).filter(lti_line_items::id.eq(id)))
                .set((
                    lti_line_items::label.eq(&new.label),
                    lti_line_items::score_maximum.eq(new.score_maximum),
                    lti_line_items::lesson_id.eq(new.lesson_id),
                    lti_line_items::resource_id.eq(&new.resource_id),
                    lti_line_items::tag.eq(&new.tag),
                    lti_line_items::start_at.eq(new.start_at),
                    lti_line_items::end_at.eq(new.end_at),
                    lti_line_items::updated_at.eq(new.updated_at),
                ))
                .execute(c))?;
            Ok(to_json(&base, &LineItemRow { id, created_at: old.created_at, ..new }))
        })
        .await
}

pub async fn delete_item(core: &Core, grant: &Grant, course: CourseId, id: LtiLineItemId) -> Result<()> {
    need(grant, &[SCOPE_LINEITEM])?;
    let tool = grant.tool_id();
    core.db
        .write(&grant.scope, Need::Nobody, move |tx| {
            get_item(tx, tool, course, id)?;
            let t = tx.tenant();
            with_conn!(tx, |c| diesel::delete(t.scoped(lti_line_items::table).filter(lti_line_items::id.eq(id)))
                .execute(c))?;
            Ok(())
        })
        .await
}
