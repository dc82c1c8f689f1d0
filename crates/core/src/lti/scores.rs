//! AGS scores and results (Assignment and Grade Services 2.0 §3.3, §3.4): a tool publishes a learner's
//! score on one of its line items; Lyceum keeps the latest per learner and line item (an older
//! `timestamp` never replaces a newer one: 409 `lti_score_outdated`) and, for a line item bound to a
//! lesson, folds it into the learner's progress there (see [`super::ags`]). Results give the scores
//! back on the line item's own maximum.

use diesel::prelude::*;
use serde_json::{json, Value};

use super::{
    ags::{after_id, get_item, limit_of, line_item_url, need, short_text, timestamp, Listing},
    token::Grant,
};
use crate::{
    config::Config,
    core::Core,
    db::{
        schema::{enrollments, lti_scores},
        status::EnrollmentStatus,
        types::{CourseId, LessonId, LtiLineItemId, TenantId, Timestamp, UserId},
        TenantTx,
    },
    enrollments::{
        lock_row,
        progress::{after_progress, get_progress, save_progress, ProgressRow},
    },
    error::{Error, Result, Validator},
    scope::Need,
    with_conn,
};

pub const SCOPE_RESULT: &str = "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly";
pub const SCOPE_SCORE: &str = "https://purl.imsglobal.org/spec/lti-ags/scope/score";
pub const MEDIA_SCORE: &str = "application/vnd.ims.lis.v1.score+json";
pub const MEDIA_RESULTS: &str = "application/vnd.ims.lis.v2.resultcontainer+json";

const ACTIVITY: &[&str] = &["Initialized", "Started", "InProgress", "Submitted", "Completed"];
const GRADING: &[&str] = &["FullyGraded", "Pending", "PendingManual", "Failed", "NotReady"];

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = lti_scores, treat_none_as_default_value = false)]
struct ScoreRow {
    tenant_id: TenantId,
    line_item_id: LtiLineItemId,
    user_id: UserId,
    score_given: Option<f64>,
    score_maximum: Option<f64>,
    comment: Option<String>,
    activity_progress: String,
    grading_progress: String,
    scored_at: Timestamp,
    updated_at: Timestamp,
}

crate::tenant_rows!(ScoreRow);

/// Publishes a score (AGS §3.4) and folds it into the learner's progress (see the module).
pub async fn post_score(core: &Core, grant: &Grant, course: CourseId, id: LtiLineItemId, body: Value) -> Result<()> {
    need(grant, &[SCOPE_SCORE])?;
    let mut v = Validator::new();
    let user = match body.get("userId").and_then(Value::as_str).map(|u| u.parse::<uuid::Uuid>()) {
        Some(Ok(u)) => Some(UserId::from(u)),
        _ => {
            v.push("userId", "is required: the `sub` of the learner's launch");
            None
        }
    };
    let given = match body.get("scoreGiven") {
        None | Some(Value::Null) => None,
        Some(x) => match x.as_f64() {
            Some(g) if g >= 0.0 && g.is_finite() => Some(g),
            _ => {
                v.push("scoreGiven", "must be a number of at least 0");
                None
            }
        },
    };
    let maximum = match body.get("scoreMaximum") {
        None | Some(Value::Null) => None,
        Some(x) => match x.as_f64() {
            Some(m) if m > 0.0 && m.is_finite() => Some(m),
            _ => {
                v.push("scoreMaximum", "must be a number above 0");
                None
            }
        },
    };
    if given.is_some() && maximum.is_none() {
        v.push("scoreMaximum", "is required with `scoreGiven`");
    }
    let comment = short_text(&mut v, &body, "comment", 10_000);
    let scored_at = timestamp(&mut v, &body, "timestamp");
    if body.get("timestamp").is_none() {
        v.push("timestamp", "is required");
    }
    let word = |v: &mut Validator, field: &'static str, allowed: &[&str]| -> String {
        match body.get(field).and_then(Value::as_str) {
            Some(s) if allowed.contains(&s) => s.to_string(),
            _ => {
                v.push(field, format!("must be one of {}", allowed.join(", ")));
                String::new()
            }
        }
    };
    let activity = word(&mut v, "activityProgress", ACTIVITY);
    let grading = word(&mut v, "gradingProgress", GRADING);
    v.finish()?;
    let (Some(user), Some(scored_at)) = (user, scored_at) else { unreachable!("validated above") };
    let tool = grant.tool_id();
    core.db
        .write(&grant.scope, Need::Nobody, move |tx| {
            let item = get_item(tx, tool, course, id)?;
            let t = tx.tenant();
            let enrollment: Option<(crate::db::types::EnrollmentId, EnrollmentStatus)> = with_conn!(tx, |c| t
                .scoped(enrollments::table)
                .filter(enrollments::course_id.eq(course))
                .filter(enrollments::user_id.eq(user))
                .filter(enrollments::status.ne(EnrollmentStatus::Dropped))
                .select((enrollments::id, enrollments::status))
                .first(c)
                .optional())?;
            let Some((enrollment, _)) = enrollment else {
                return Err(Error::invalid("userId", "is not a learner enrolled in this context"));
            };
            let t = tx.tenant();
            let prior: Option<ScoreRow> = with_conn!(tx, |c| t
                .scoped(lti_scores::table)
                .filter(lti_scores::line_item_id.eq(id))
                .filter(lti_scores::user_id.eq(user))
                .select(ScoreRow::as_select())
                .first(c)
                .optional())?;
            if prior.as_ref().is_some_and(|p| p.scored_at > scored_at) {
                return Err(Error::Conflict {
                    code: "lti_score_outdated",
                    field: Some("timestamp"),
                    message: "a score with a later `timestamp` is on record for this learner".into(),
                });
            }
            let mut row = ScoreRow {
                tenant_id: tx.tenant_id(),
                line_item_id: id,
                user_id: user,
                score_given: given,
                score_maximum: maximum,
                comment,
                activity_progress: activity,
                grading_progress: grading,
                scored_at,
                updated_at: Timestamp::now(),
            };
            let t = tx.tenant();
            if prior.is_some() {
                with_conn!(tx, |c| diesel::update(
                    t.scoped(lti_scores::table)
                        .filter(lti_scores::line_item_id.eq(id))
                        .filter(lti_scores::user_id.eq(user))
                )
                .set((
                    lti_scores::score_given.eq(row.score_given),
                    lti_scores::score_maximum.eq(row.score_maximum),
                    lti_scores::comment.eq(&row.comment),
                    lti_scores::activity_progress.eq(&row.activity_progress),
                    lti_scores::grading_progress.eq(&row.grading_progress),
                    lti_scores::scored_at.eq(row.scored_at),
                    lti_scores::updated_at.eq(row.updated_at),
                ))
                .execute(c))?;
            } else {
                with_conn!(tx, |c| diesel::insert_into(lti_scores::table).values(t.stamp(&mut row)).execute(c))?;
            }
            if let Some(lesson) = item.lesson_id {
                fold_into_progress(tx, enrollment, lesson, &row)?;
            }
            Ok(())
        })
        .await
}

/// A score on a line item bound to a lesson moves the learner's progress there (see the module).
fn fold_into_progress(
    tx: &mut TenantTx<'_>,
    enrollment: crate::db::types::EnrollmentId,
    lesson: LessonId,
    s: &ScoreRow,
) -> Result<()> {
    use crate::db::status::ProgressStatus;
    let row = lock_row(tx, enrollment)?;
    let prior = get_progress(tx, enrollment, lesson)?;
    let graded = s.grading_progress == "FullyGraded";
    let completing = graded && s.activity_progress == "Completed";
    let already = prior.as_ref().is_some_and(|p| p.status == ProgressStatus::Completed);
    let score = match (graded, s.score_given, s.score_maximum) {
        (true, Some(g), Some(m)) => Some((g / m * 100.0).clamp(0.0, 100.0).round() as i32),
        _ => prior.as_ref().and_then(|p| p.score),
    };
    let now = Timestamp::now();
    let mut p = ProgressRow {
        tenant_id: tx.tenant_id(),
        enrollment_id: enrollment,
        lesson_id: lesson,
        status: if completing || already { ProgressStatus::Completed } else { ProgressStatus::Started },
        score,
        passed: prior.as_ref().and_then(|p| p.passed),
        time_spent_seconds: prior.as_ref().map(|p| p.time_spent_seconds).unwrap_or(0),
        started_at: prior.as_ref().map(|p| p.started_at).unwrap_or(now),
        completed_at: prior.as_ref().and_then(|p| p.completed_at).or(completing.then_some(now)),
        updated_at: now,
    };
    save_progress(tx, &mut p, prior.is_some())?;
    after_progress(tx, &row)?;
    Ok(())
}

/// The results of a line item (AGS §3.3), one per learner with a score, by user id; optionally one
/// learner's (`user_id`).
pub async fn results(
    core: &Core,
    config: &Config,
    grant: &Grant,
    course: CourseId,
    id: LtiLineItemId,
    user_id: Option<String>,
    limit: Option<i64>,
    after: Option<String>,
) -> Result<Listing> {
    need(grant, &[SCOPE_RESULT])?;
    let limit = limit_of(limit)?;
    let after: Option<UserId> = after_id(after.as_deref())?;
    let base = super::services_base(config, grant.scope.tenant_id());
    let tool = grant.tool_id();
    core.db
        .read(&grant.scope, Need::Nobody, move |tx| {
            let item = get_item(tx, tool, course, id)?;
            let user = match user_id.as_deref().map(str::parse::<uuid::Uuid>) {
                None => None,
                Some(Ok(u)) => Some(UserId::from(u)),
                Some(Err(_)) => return Ok(Listing { items: Vec::new(), next_after: None }),
            };
            let t = tx.tenant();
            let mut rows: Vec<ScoreRow> = with_conn!(tx, |c| {
                let mut q = t.scoped(lti_scores::table).filter(lti_scores::line_item_id.eq(id)).into_boxed();
                if let Some(u) = user {
                    q = q.filter(lti_scores::user_id.eq(u));
                }
                if let Some(a) = after {
                    q = q.filter(lti_scores::user_id.gt(a));
                }
                q.order(lti_scores::user_id).limit(limit + 1).select(ScoreRow::as_select()).load(c)
            })?;
            let more = rows.len() as i64 > limit;
            rows.truncate(limit as usize);
            let url = line_item_url(&base, course, id);
            let items = rows
                .iter()
                .map(|s| {
                    let mut r = json!({
                        "id": format!("{url}/results/{}", s.user_id),
                        "scoreOf": url,
                        "userId": s.user_id.to_string(),
                        "resultMaximum": item.score_maximum,
                    });
                    if let (Some(g), Some(m)) = (s.score_given, s.score_maximum) {
                        r["resultScore"] = json!(g / m * item.score_maximum);
                    }
                    if let Some(c) = &s.comment {
                        r["comment"] = json!(c);
                    }
                    r
                })
                .collect();
            Ok(Listing { items, next_after: more.then(|| rows.last().map(|r| r.user_id.to_string())).flatten() })
        })
        .await
}
