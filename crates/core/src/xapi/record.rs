//! Lyceum's own learning, written to the institution's LRS as statements in the transaction of the
//! change (issue 20, item 3), so the LRS is a complete record. The profile (docs/xapi.md):
//!
//! | Fact | Verb | Object |
//! | --- | --- | --- |
//! | enrolled (`enrollment.created`) | `http://adlnet.gov/expapi/verbs/registered` | the course |
//! | a lesson completed | `http://adlnet.gov/expapi/verbs/completed` | the lesson |
//! | a quiz attempt graded | `http://adlnet.gov/expapi/verbs/passed` or `…/failed` | the quiz |
//! | the course completed (`enrollment.completed`) | `http://adlnet.gov/expapi/verbs/completed` | the course |
//! | dropped (`enrollment.dropped`) | `http://id.tincanapi.com/verb/unregistered` | the course |
//!
//! Activity ids are built from the public URL: `{public URL}/xapi/activities/courses/{id}` and
//! `…/lessons/{id}`. The actor is the learner as an account (`homePage` the public URL, `name` their
//! user id: no name or email leaves in a statement). The registration is the enrollment's id, so a
//! learner's statements in one course share it. The authority is Lyceum itself.

use std::collections::HashMap;

use diesel::prelude::*;
use serde_json::{json, Value};

use super::statements::{format_time, write_batch};
use crate::{
    db::{
        schema::{courses, enrollments, lessons},
        scoped::same_tenant,
        types::{CourseId, EnrollmentId, LessonId, StatementId, Timestamp, UserId},
        TenantTx,
    },
    error::{Error, Result},
    events::{EventRow, Learned},
    with_conn,
};

pub const REGISTERED: &str = "http://adlnet.gov/expapi/verbs/registered";
pub const COMPLETED: &str = "http://adlnet.gov/expapi/verbs/completed";
pub const PASSED: &str = "http://adlnet.gov/expapi/verbs/passed";
pub const FAILED: &str = "http://adlnet.gov/expapi/verbs/failed";
pub const UNREGISTERED: &str = "http://id.tincanapi.com/verb/unregistered";

/// The learner as the LRS names them.
pub fn learner(base: &str, user: UserId) -> Value {
    json!({ "objectType": "Agent", "account": { "homePage": base, "name": user.to_string() } })
}

pub fn course_activity(base: &str, course: CourseId) -> String {
    format!("{base}/xapi/activities/courses/{course}")
}

pub fn lesson_activity(base: &str, lesson: LessonId) -> String {
    format!("{base}/xapi/activities/lessons/{lesson}")
}

fn verb(id: &str) -> Value {
    let word = id.rsplit('/').next().unwrap_or(id);
    json!({ "id": id, "display": { "en-US": word } })
}

fn course(base: &str, id: CourseId, title: &str) -> Value {
    json!({ "objectType": "Activity", "id": course_activity(base, id),
            "definition": { "type": "http://adlnet.gov/expapi/activities/course", "name": { "und": title } } })
}

fn score(points: i32) -> Value {
    json!({ "scaled": f64::from(points) / 100.0, "raw": points, "min": 0, "max": 100 })
}

/// One statement about `enrollment` by Lyceum.
fn statement(base: &str, user: UserId, verb_id: &str, object: Value, enrollment: EnrollmentId, now: &str) -> Value {
    json!({
        "actor": learner(base, user),
        "verb": verb(verb_id),
        "object": object,
        "context": { "registration": enrollment.to_string(), "platform": "Lyceum" },
        "timestamp": now,
    })
}

/// Stores Lyceum's statements in the caller's transaction.
pub(super) fn store(tx: &mut TenantTx<'_>, statements: Vec<Value>, now: Timestamp) -> Result<()> {
    if statements.is_empty() {
        return Ok(());
    }
    let base = tx.public_url().to_string();
    let authority =
        json!({ "objectType": "Agent", "name": "Lyceum", "account": { "homePage": base, "name": "lyceum" } });
    let stored = format_time(&now);
    let mut batch = Vec::with_capacity(statements.len());
    for mut s in statements {
        super::validate::statement(&s).map_err(|e| Error::internal(anyhow::anyhow!("Lyceum's own statement: {e}")))?;
        let id = StatementId::new();
        let o = s.as_object_mut().expect("a statement object");
        super::statements::normalize(o);
        let given = Value::Object(o.clone());
        o.insert("id".into(), json!(id.to_string()));
        o.insert("stored".into(), json!(stored));
        o.insert("authority".into(), authority.clone());
        o.insert("version".into(), json!("1.0.0"));
        batch.push((id, given, s));
    }
    write_batch(tx, now, batch, Vec::new())
}

fn titles(tx: &mut TenantTx<'_>, ids: Vec<CourseId>) -> Result<HashMap<CourseId, String>> {
    let t = tx.tenant();
    let rows: Vec<(CourseId, String)> = with_conn!(tx, |c| t
        .scoped(courses::table)
        .filter(courses::id.eq_any(&ids))
        .select((courses::id, courses::title))
        .load(c))?;
    Ok(rows.into_iter().collect())
}

fn id_of<T: std::str::FromStr>(v: &Value, k: &str) -> Option<T> {
    v.get(k).and_then(Value::as_str).and_then(|s| s.parse().ok())
}

/// Enrollment events become statements (subscribed in [`crate::wiring`]).
pub(crate) fn on_event(tx: &mut TenantTx<'_>, rows: &[EventRow]) -> Result<()> {
    let facts: Vec<(&str, Value)> = rows
        .iter()
        .filter(|r| {
            matches!(r.event_type.as_str(), "enrollment.created" | "enrollment.completed" | "enrollment.dropped")
        })
        .map(|r| serde_json::from_str(&r.data).map(|d| (r.event_type.as_str(), d)).map_err(Error::internal))
        .collect::<Result<_>>()?;
    if facts.is_empty() {
        return Ok(());
    }
    // (enrollment, user, course) of each fact; a dropped enrollment's event names only the enrollment.
    let mut who: Vec<(&str, EnrollmentId, UserId, CourseId)> = Vec::new();
    let mut unknown: Vec<EnrollmentId> = Vec::new();
    for (kind, d) in &facts {
        let Some(e) = id_of::<EnrollmentId>(d, "enrollment_id") else { continue };
        match (id_of::<UserId>(d, "user_id"), id_of::<CourseId>(d, "course_id")) {
            (Some(u), Some(c)) => who.push((kind, e, u, c)),
            _ => unknown.push(e),
        }
    }
    if !unknown.is_empty() {
        let t = tx.tenant();
        let found: Vec<(EnrollmentId, UserId, CourseId)> = with_conn!(tx, |c| t
            .scoped(enrollments::table)
            .filter(enrollments::id.eq_any(&unknown))
            .select((enrollments::id, enrollments::user_id, enrollments::course_id))
            .load(c))?;
        who.extend(found.into_iter().map(|(e, u, c)| ("enrollment.dropped", e, u, c)));
    }
    let titles = titles(tx, who.iter().map(|w| w.3).collect())?;
    let base = tx.public_url().to_string();
    let now = Timestamp::now();
    let at = format_time(&now);
    let statements = who
        .into_iter()
        .map(|(kind, e, u, c)| {
            let object = course(&base, c, titles.get(&c).map(String::as_str).unwrap_or(""));
            let mut s = match kind {
                "enrollment.created" => statement(&base, u, REGISTERED, object, e, &at),
                "enrollment.completed" => statement(&base, u, COMPLETED, object, e, &at),
                _ => statement(&base, u, UNREGISTERED, object, e, &at),
            };
            if kind == "enrollment.completed" {
                s["result"] = json!({ "completion": true });
            }
            s
        })
        .collect();
    store(tx, statements, now)
}

/// A lesson completed or a quiz attempt graded becomes a statement (see [`crate::wiring`]).
pub(crate) fn on_learned(tx: &mut TenantTx<'_>, fact: &Learned) -> Result<()> {
    let (enrollment, lesson) = match *fact {
        Learned::LessonCompleted { enrollment, lesson, .. } | Learned::QuizAttempted { enrollment, lesson, .. } => {
            (enrollment, lesson)
        }
    };
    let t = tx.tenant();
    let found: Option<(UserId, CourseId, String, String, String)> = with_conn!(tx, |c| t
        .scoped(enrollments::table)
        .inner_join(
            courses::table
                .on(same_tenant(courses::table, enrollments::table).and(courses::id.eq(enrollments::course_id)))
        )
        .inner_join(lessons::table.on(same_tenant(lessons::table, enrollments::table).and(lessons::id.eq(lesson))))
        .filter(enrollments::id.eq(enrollment))
        .select((enrollments::user_id, enrollments::course_id, courses::title, lessons::title, lessons::kind))
        .first(c)
        .optional())?;
    let Some((user, course_id, course_title, title, kind)) = found else { return Ok(()) };
    let base = tx.public_url().to_string();
    let activity_type = if kind == "quiz" {
        "http://adlnet.gov/expapi/activities/assessment"
    } else {
        "http://adlnet.gov/expapi/activities/lesson"
    };
    let object = json!({ "objectType": "Activity", "id": lesson_activity(&base, lesson),
                         "definition": { "type": activity_type, "name": { "und": title } } });
    let now = Timestamp::now();
    let at = format_time(&now);
    let (verb_id, result) = match *fact {
        Learned::LessonCompleted { score: s, passed, .. } => {
            let mut r = json!({ "completion": true });
            if let Some(p) = passed {
                r["success"] = json!(p);
            }
            if let Some(points) = s {
                r["score"] = score(points);
            }
            (COMPLETED, r)
        }
        Learned::QuizAttempted { score: s, passed, .. } => {
            (if passed { PASSED } else { FAILED }, json!({ "success": passed, "score": score(s) }))
        }
    };
    let mut s = statement(&base, user, verb_id, object, enrollment, &at);
    s["result"] = result;
    s["context"]["contextActivities"] = json!({ "parent": [course(&base, course_id, &course_title)] });
    store(tx, vec![s], now)
}

/// Removes every statement about a person being erased (those naming them as Lyceum does, by their
/// account, or by their email as `mbox`, as actor, object or anywhere else) and the state and agent
/// profile documents kept for them under either identity. Returns how many statements.
pub(crate) fn erase_learner(tx: &mut TenantTx<'_>, user: UserId, email: &str) -> Result<usize> {
    use crate::db::schema::{cmi5_sessions, xapi_documents, xapi_statement_refs, xapi_statements};
    // Their cmi5 sessions (and so every auth-token handed to their AUs) go too.
    let ours = tx.tenant();
    with_conn!(tx, |c| diesel::delete(ours.scoped(cmi5_sessions::table).filter(cmi5_sessions::user_id.eq(user)))
        .execute(c))?;
    let base = tx.public_url().to_string();
    let keys: Vec<String> = [learner(&base, user), json!({ "mbox": format!("mailto:{email}") })]
        .iter()
        .filter_map(super::agents::key)
        .collect();
    let t = tx.tenant();
    with_conn!(tx, |c| diesel::delete(t.scoped(xapi_documents::table).filter(xapi_documents::agent.eq_any(&keys)))
        .execute(c))?;
    let ids: Vec<StatementId> = with_conn!(tx, |c| t
        .scoped(xapi_statement_refs::table)
        .filter(xapi_statement_refs::kind.eq("agent"))
        .filter(xapi_statement_refs::value.eq_any(&keys))
        .select(xapi_statement_refs::statement_id)
        .distinct()
        .load(c))?;
    let mut removed = 0;
    for chunk in ids.chunks(500) {
        with_conn!(tx, |c| diesel::delete(
            t.scoped(xapi_statement_refs::table).filter(xapi_statement_refs::statement_id.eq_any(chunk))
        )
        .execute(c))?;
        removed += with_conn!(tx, |c| diesel::delete(
            t.scoped(xapi_statements::table).filter(xapi_statements::id.eq_any(chunk))
        )
        .execute(c))?;
    }
    Ok(removed)
}
