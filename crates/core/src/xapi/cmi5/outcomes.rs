//! What a registration (an enrollment) achieved in a cmi5 course, and the LMS's statements about it
//! (cmi5 §9.3): an AU is satisfied when its `moveOn` criterion is met by the AU's `completed` and
//! `passed` statements, when it is waived, or (moveOn `NotApplicable`) from the registration's first
//! launch on. A satisfied AU completes its Lyceum lesson (with the score of its `passed`
//! statement); a block or the course whose AUs are all satisfied gets one `satisfied` statement.
//! A new launch abandons the registration's sessions still open (`abandoned`, with their duration).

use std::collections::HashSet;

use diesel::prelude::*;
use serde_json::{json, Map, Value};

use super::{
    ext,
    import::{AuEntry, PackageRow},
    package::MoveOn,
    session::{Effects, Session},
    verbs,
};
use crate::{
    core::Core,
    courses::content::Cmi5Content,
    db::{
        schema::{cmi5_outcomes, cmi5_packages, cmi5_sessions, lessons},
        status::ProgressStatus,
        types::{Cmi5PackageId, Cmi5SessionId, EnrollmentId, LessonId, Timestamp, UserId},
        TenantTx,
    },
    enrollments::progress::{after_progress, get_progress, save_progress, ProgressRow},
    error::{Error, Result},
    identity::permissions::Permission,
    scope::TenantScope,
    with_conn,
};

/// A registration's outcome for one AU, block or course.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Outcome {
    pub completed: bool,
    pub passed: bool,
    pub waived: bool,
    pub satisfied: bool,
}

pub(crate) fn get(tx: &mut TenantTx<'_>, enrollment: EnrollmentId, object: &str) -> Result<Outcome> {
    let t = tx.tenant();
    let row: Option<(bool, bool, bool, bool)> = with_conn!(tx, |c| t
        .scoped(cmi5_outcomes::table)
        .filter(cmi5_outcomes::enrollment_id.eq(enrollment))
        .filter(cmi5_outcomes::object_id.eq(object))
        .select((cmi5_outcomes::completed, cmi5_outcomes::passed, cmi5_outcomes::waived, cmi5_outcomes::satisfied))
        .first(c)
        .optional())?;
    Ok(row
        .map(|(completed, passed, waived, satisfied)| Outcome { completed, passed, waived, satisfied })
        .unwrap_or_default())
}

fn put(tx: &mut TenantTx<'_>, enrollment: EnrollmentId, object: &str, o: Outcome) -> Result<()> {
    let t = tx.tenant();
    let now = Timestamp::now();
    with_conn!(tx, |c| diesel::insert_into(cmi5_outcomes::table)
        .values(t.stamp_columns(
            cmi5_outcomes::table,
            (
                cmi5_outcomes::enrollment_id.eq(enrollment),
                cmi5_outcomes::object_id.eq(object),
                cmi5_outcomes::completed.eq(o.completed),
                cmi5_outcomes::passed.eq(o.passed),
                cmi5_outcomes::waived.eq(o.waived),
                cmi5_outcomes::satisfied.eq(o.satisfied),
                cmi5_outcomes::updated_at.eq(now),
            )
        ))
        .on_conflict((cmi5_outcomes::tenant_id, cmi5_outcomes::enrollment_id, cmi5_outcomes::object_id))
        .do_update()
        .set((
            cmi5_outcomes::completed.eq(o.completed),
            cmi5_outcomes::passed.eq(o.passed),
            cmi5_outcomes::waived.eq(o.waived),
            cmi5_outcomes::satisfied.eq(o.satisfied),
            cmi5_outcomes::updated_at.eq(now),
        ))
        .execute(c))?;
    Ok(())
}

/// An ISO 8601 duration of `seconds` (`PT12.5S`).
pub(crate) fn duration(seconds: f64) -> String {
    let s = (seconds.max(0.0) * 100.0).round() / 100.0;
    format!("PT{s}S")
}

/// Who and what an LMS statement is about.
pub(crate) struct About<'a> {
    pub user: UserId,
    pub enrollment: EnrollmentId,
    pub session: Cmi5SessionId,
    pub publisher_id: &'a str,
}

/// An LMS statement (cmi5 defined: the cmi5 category, the registration, the session id and the
/// publisher id grouping); `moveon` adds the moveOn category (a result with success or completion).
pub(crate) fn lms_statement(
    base: &str,
    about: &About<'_>,
    verb: &str,
    object: Value,
    result: Option<Value>,
    extensions: Map<String, Value>,
    moveon: bool,
) -> Value {
    let mut category = vec![json!({ "id": ext::CATEGORY_CMI5 })];
    if moveon {
        category.push(json!({ "id": ext::CATEGORY_MOVEON }));
    }
    let mut extensions = extensions;
    extensions.insert(ext::SESSION_ID.into(), json!(about.session.to_string()));
    let word = verb.rsplit('/').next().unwrap_or(verb);
    let mut s = json!({
        "actor": super::super::record::learner(base, about.user),
        "verb": { "id": verb, "display": { "en-US": word } },
        "object": object,
        "context": {
            "registration": about.enrollment.to_string(),
            "contextActivities": { "category": category, "grouping": [{ "id": about.publisher_id }] },
            "extensions": extensions,
        },
        "timestamp": super::super::statements::format_time(&Timestamp::now()),
    });
    if let Some(r) = result {
        s["result"] = r;
    }
    s
}

fn base(tx: &TenantTx<'_>) -> String {
    tx.public_url().trim_end_matches('/').to_string()
}

/// Moves the Lyceum lesson's progress: started, or completed; with a score (out of 100) and whether
/// it passed when given.
fn progress(
    tx: &mut TenantTx<'_>,
    enrollment: EnrollmentId,
    lesson: LessonId,
    complete: bool,
    score: Option<i32>,
    passed: Option<bool>,
) -> Result<()> {
    let row = crate::enrollments::lock_row(tx, enrollment)?;
    let prior = get_progress(tx, enrollment, lesson)?;
    let already = prior.as_ref().is_some_and(|p| p.status == ProgressStatus::Completed);
    if prior.is_some() && !complete && score.is_none() {
        return Ok(());
    }
    let now = Timestamp::now();
    let mut p = ProgressRow {
        tenant_id: tx.tenant_id(),
        enrollment_id: enrollment,
        lesson_id: lesson,
        status: if complete || already { ProgressStatus::Completed } else { ProgressStatus::Started },
        score: score.or(prior.as_ref().and_then(|p| p.score)),
        passed: passed.or(prior.as_ref().and_then(|p| p.passed)),
        time_spent_seconds: prior.as_ref().map(|p| p.time_spent_seconds).unwrap_or(0),
        started_at: prior.as_ref().map(|p| p.started_at).unwrap_or(now),
        completed_at: prior.as_ref().and_then(|p| p.completed_at).or((complete && !already).then_some(now)),
        updated_at: now,
    };
    save_progress(tx, &mut p, prior.is_some())?;
    after_progress(tx, &row)?;
    Ok(())
}

pub(crate) fn package_row(tx: &mut TenantTx<'_>, id: Cmi5PackageId) -> Result<PackageRow> {
    let t = tx.tenant();
    with_conn!(tx, |c| t
        .scoped(cmi5_packages::table)
        .filter(cmi5_packages::id.eq(id))
        .select(PackageRow::as_select())
        .first(c)
        .optional())?
    .ok_or(Error::NotFound { resource: "cmi5 package" })
}

/// Satisfies an AU in a registration (already found satisfied): completes its lesson and writes
/// `satisfied` for each block, then the course, whose AUs are now all satisfied.
fn satisfy(
    tx: &mut TenantTx<'_>,
    about: &About<'_>,
    au: &Cmi5Content,
    lesson: LessonId,
    score: Option<(i32, bool)>,
) -> Result<()> {
    let mut o = get(tx, about.enrollment, &au.activity_id)?;
    o.satisfied = true;
    put(tx, about.enrollment, &au.activity_id, o)?;
    progress(tx, about.enrollment, lesson, true, score.map(|s| s.0), score.map(|s| s.1))?;
    let package = package_row(tx, au.package_id)?;
    let structure = package.structure()?;
    let t = tx.tenant();
    let satisfied: HashSet<String> = with_conn!(tx, |c| t
        .scoped(cmi5_outcomes::table)
        .filter(cmi5_outcomes::enrollment_id.eq(about.enrollment))
        .filter(cmi5_outcomes::satisfied.eq(true))
        .select(cmi5_outcomes::object_id)
        .load::<String>(c))?
    .into_iter()
    .collect();
    let mut objects: Vec<(String, String, &str)> = au
        .blocks
        .iter()
        .rev()
        .filter_map(|b| structure.blocks.iter().find(|x| &x.activity_id == b))
        .map(|b| (b.activity_id.clone(), b.publisher_id.clone(), ext::BLOCK_TYPE))
        .collect();
    objects.push((structure.course_activity_id.clone(), structure.course_publisher_id.clone(), ext::COURSE_TYPE));
    let base = base(tx);
    for (object, publisher, kind) in objects {
        if satisfied.contains(&object) {
            continue;
        }
        let all = structure
            .aus_in(&object)
            .all(|a: &AuEntry| a.activity_id == au.activity_id || satisfied.contains(&a.activity_id));
        if !all {
            break;
        }
        let about = About { publisher_id: &publisher, ..*about };
        let s = lms_statement(
            &base,
            &about,
            verbs::SATISFIED,
            json!({ "objectType": "Activity", "id": object, "definition": { "type": kind } }),
            None,
            Map::new(),
            false,
        );
        super::super::record::store(tx, vec![s], Timestamp::now())?;
        put(tx, about.enrollment, &object, Outcome { satisfied: true, ..Outcome::default() })?;
    }
    Ok(())
}

/// After a batch of an AU session's statements: the lesson starts; an AU whose moveOn is met
/// becomes satisfied (see [`satisfy`]).
pub(crate) fn after_au_statements(tx: &mut TenantTx<'_>, s: &Session, e: &Effects) -> Result<()> {
    if e.started {
        progress(tx, s.enrollment, s.lesson, false, None, None)?;
    }
    if !(e.completed || e.passed || e.scored.is_some()) {
        return Ok(());
    }
    let mut o = get(tx, s.enrollment, &s.au.activity_id)?;
    o.completed |= e.completed;
    o.passed |= e.passed;
    let score = e.scored.and_then(|(scaled, passed)| scaled.map(|x| ((x * 100.0).round() as i32, passed)));
    let move_on = MoveOn::parse(&s.au.move_on).unwrap_or(MoveOn::NotApplicable);
    if !o.satisfied && move_on.satisfied(o.completed, o.passed) {
        put(tx, s.enrollment, &s.au.activity_id, o)?;
        let about = About { user: s.user, enrollment: s.enrollment, session: s.id, publisher_id: &s.au.publisher_id };
        return satisfy(tx, &about, &s.au, s.lesson, score);
    }
    put(tx, s.enrollment, &s.au.activity_id, o)?;
    if let Some((points, passed)) = score {
        progress(tx, s.enrollment, s.lesson, false, Some(points), Some(passed))?;
    }
    Ok(())
}

/// The registration's first launch (and every launch after): AUs whose moveOn is NotApplicable are
/// satisfied (cmi5 §9.6.1), under a session id of their own.
pub(crate) fn not_applicable(
    tx: &mut TenantTx<'_>,
    enrollment: EnrollmentId,
    user: UserId,
    package: Cmi5PackageId,
) -> Result<()> {
    let structure = package_row(tx, package)?.structure()?;
    let session = Cmi5SessionId::new();
    for au in structure.aus.iter().filter(|a| a.move_on == MoveOn::NotApplicable.as_str()) {
        if get(tx, enrollment, &au.activity_id)?.satisfied {
            continue;
        }
        let content = lesson_au(tx, au.lesson_id)?;
        let about = About { user, enrollment, session, publisher_id: &content.publisher_id };
        satisfy(tx, &about, &content, au.lesson_id, None)?;
    }
    Ok(())
}

/// A `cmi5` lesson's AU.
pub(crate) fn lesson_au(tx: &mut TenantTx<'_>, lesson: LessonId) -> Result<Cmi5Content> {
    let t = tx.tenant();
    let column: Option<Option<String>> = with_conn!(tx, |c| t
        .scoped(lessons::table)
        .filter(lessons::id.eq(lesson))
        .select(lessons::cmi5)
        .first(c)
        .optional())?;
    let column = column.ok_or(Error::NotFound { resource: "lesson" })?;
    Cmi5Content::from_column(lesson, column.as_deref())?.ok_or(Error::Conflict {
        code: "lesson_not_cmi5",
        field: None,
        message: "this lesson is not a cmi5 AU (its kind is not `cmi5`)".into(),
    })
}

type Open = (Cmi5SessionId, EnrollmentId, LessonId, UserId, Timestamp, Timestamp);

/// Abandons the registration's sessions still open (cmi5 §9.3.6): an `abandoned` statement each,
/// with the session's duration (from its launch to its last statement).
pub(crate) fn abandon_open(tx: &mut TenantTx<'_>, enrollment: EnrollmentId) -> Result<()> {
    let t = tx.tenant();
    let open: Vec<Open> = with_conn!(tx, |c| t
        .scoped(cmi5_sessions::table)
        .filter(cmi5_sessions::enrollment_id.eq(enrollment))
        .filter(cmi5_sessions::state.eq_any(["launched", "initialized"]))
        .select(OPEN_COLUMNS)
        .load(c))?;
    abandon(tx, open)
}

const OPEN_COLUMNS: (
    cmi5_sessions::id,
    cmi5_sessions::enrollment_id,
    cmi5_sessions::lesson_id,
    cmi5_sessions::user_id,
    cmi5_sessions::launched_at,
    cmi5_sessions::last_at,
) = (
    cmi5_sessions::id,
    cmi5_sessions::enrollment_id,
    cmi5_sessions::lesson_id,
    cmi5_sessions::user_id,
    cmi5_sessions::launched_at,
    cmi5_sessions::last_at,
);

/// Abandons the institution's sessions that expired while still open (their AU never sent
/// `terminated`), so every session ends in the record. Returns how many.
pub fn abandon_expired(tx: &mut TenantTx<'_>) -> Result<usize> {
    let t = tx.tenant();
    let open: Vec<Open> = with_conn!(tx, |c| t
        .scoped(cmi5_sessions::table)
        .filter(cmi5_sessions::expires_at.lt(Timestamp::now()))
        .filter(cmi5_sessions::state.eq_any(["launched", "initialized"]))
        .select(OPEN_COLUMNS)
        .limit(1000)
        .load(c))?;
    let n = open.len();
    abandon(tx, open)?;
    Ok(n)
}

fn abandon(tx: &mut TenantTx<'_>, open: Vec<Open>) -> Result<()> {
    let t = tx.tenant();
    let base = base(tx);
    for (session, enrollment, lesson, user, launched, last) in open {
        let au = lesson_au(tx, lesson)?;
        let about = About { user, enrollment, session, publisher_id: &au.publisher_id };
        let seconds = (last.0 - launched.0).num_milliseconds() as f64 / 1000.0;
        let s = lms_statement(
            &base,
            &about,
            verbs::ABANDONED,
            json!({ "objectType": "Activity", "id": au.activity_id }),
            Some(json!({ "duration": duration(seconds) })),
            Map::new(),
            false,
        );
        super::super::record::store(tx, vec![s], Timestamp::now())?;
        with_conn!(tx, |c| diesel::update(t.scoped(cmi5_sessions::table).filter(cmi5_sessions::id.eq(session)))
            .set(cmi5_sessions::state.eq("abandoned"))
            .execute(c))?;
    }
    Ok(())
}

/// The reasons cmi5 names for a waiver (§9.5.5.2); others are taken as given.
pub const WAIVER_REASONS: &[&str] = &["Tested Out", "Equivalent AU", "Equivalent Outside Activity", "Administrative"];

/// Waives an AU for a learner (staff who may act on the enrollment): a `waived` statement with the
/// reason, under a session id of its own; the AU is then satisfied (its lesson completed). 409
/// `cmi5_already_waived` or `cmi5_already_satisfied`.
pub async fn waive(
    core: &Core,
    scope: &TenantScope,
    enrollment: EnrollmentId,
    lesson: LessonId,
    reason: &str,
) -> Result<()> {
    let reason = reason.trim().to_string();
    if reason.is_empty() || reason.chars().count() > 200 {
        return Err(Error::invalid("reason", "must be 1 to 200 characters (for example Tested Out or Administrative)"));
    }
    core.db
        .write(scope, Permission::CoursesRead, move |tx| {
            let row = crate::enrollments::lock_row(tx, enrollment)?;
            crate::enrollments::check_access(tx, &row, true)?;
            // check_access lets learners act on their own enrollment; a waiver is the institution's.
            if tx.scope().user_id() == Some(row.user_id) {
                return Err(Error::Forbidden {
                    code: "forbidden",
                    message: "a waiver is given by the institution's staff, not by the learner".into(),
                });
            }
            let au = lesson_au(tx, lesson)?;
            if package_row(tx, au.package_id)?.course_id != row.course_id {
                return Err(Error::invalid("lesson_id", "is not an AU of this enrollment's course"));
            }
            let o = get(tx, enrollment, &au.activity_id)?;
            if o.waived {
                return Err(Error::Conflict {
                    code: "cmi5_already_waived",
                    field: Some("lesson_id"),
                    message: "this AU was already waived in this registration".into(),
                });
            }
            if o.satisfied {
                return Err(Error::Conflict {
                    code: "cmi5_already_satisfied",
                    field: Some("lesson_id"),
                    message: "the learner already satisfied this AU".into(),
                });
            }
            put(tx, enrollment, &au.activity_id, Outcome { waived: true, ..o })?;
            let about =
                About { user: row.user_id, enrollment, session: Cmi5SessionId::new(), publisher_id: &au.publisher_id };
            let s = lms_statement(
                &base(tx),
                &about,
                verbs::WAIVED,
                json!({ "objectType": "Activity", "id": au.activity_id }),
                Some(json!({ "success": true, "completion": true, "extensions": { (ext::REASON): reason } })),
                Map::new(),
                true,
            );
            super::super::record::store(tx, vec![s], Timestamp::now())?;
            crate::audit::record(
                tx,
                "cmi5.au_waived",
                Some(("enrollment", enrollment.to_string())),
                json!({ "lesson_id": lesson, "reason": reason }),
            )?;
            satisfy(tx, &about, &au, lesson, None)
        })
        .await
}

#[cfg(test)]
mod tests {
    #[test]
    fn durations() {
        assert_eq!(super::duration(12.5), "PT12.5S");
        assert_eq!(super::duration(-1.0), "PT0S");
        assert_eq!(super::duration(3600.0), "PT3600S");
    }
}
