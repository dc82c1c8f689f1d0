//! Grading a submission (points, or a rubric's selections that compute them), posting grades to
//! learners, and every change of a grade kept in `grade_changes` (who, when, before, after).

use std::collections::HashMap;

use diesel::prelude::*;

use super::{assignment_of, check_grader, get_row, percent, RubricSelection, Submission, SubmissionRow};
use crate::{
    audit,
    core::Core,
    courses::{content::round2, content::AssignmentContent, rubrics},
    db::{
        schema::{grade_changes, submissions},
        types::{EnrollmentId, FileId, GradeChangeId, LessonId, SubmissionId, TenantId, Timestamp},
        TenantTx,
    },
    enrollments::{
        lock_row,
        progress::{after_progress, get_progress, save_progress, ProgressRow},
    },
    error::{has_unsafe_chars, Error, Result, Validator},
    events,
    identity::staff::CourseRight,
    pagination::{Page, PageRequest},
    scope::{Need, TenantScope},
    with_conn,
};

pub const MAX_FEEDBACK_CHARS: usize = 20_000;

/// A grade to give: `points`, or `rubric` selections whose levels' points add up to the grade.
#[derive(Debug, Clone, Default)]
pub struct GradeInput {
    pub points: Option<f64>,
    pub rubric: Option<Vec<RubricSelection>>,
    pub feedback: Option<String>,
    /// Post it to the learner at once (otherwise it waits for [`post`]).
    pub post: bool,
    /// The grade's `version` last seen (412 when it changed since).
    pub expected_version: Option<i64>,
    /// Files (uploaded by the grader) to return with the grade, added to any returned before.
    pub feedback_file_ids: Vec<FileId>,
}

/// One change of a grade.
#[derive(Debug, Clone, PartialEq, serde::Serialize, Queryable, Selectable, Insertable)]
#[diesel(table_name = grade_changes)]
pub struct GradeChange {
    #[serde(skip)]
    pub tenant_id: TenantId,
    pub id: GradeChangeId,
    pub submission_id: SubmissionId,
    /// `user`, `api_key`, `operator` or `system`.
    pub actor_type: String,
    pub actor_id: Option<String>,
    pub changed_at: Timestamp,
    /// The grade before, as JSON (`null` for the first grade).
    pub before: String,
    /// The grade after, as JSON.
    pub after: String,
}

crate::tenant_rows!(GradeChange);

fn snapshot(row: &SubmissionRow) -> serde_json::Value {
    if row.graded_at.is_none() {
        return serde_json::Value::Null;
    }
    serde_json::json!({
        "points": row.points,
        "raw_points": row.raw_points,
        "late_penalty": row.late_penalty,
        "rubric_assessment": row.rubric_assessment.as_deref().and_then(|r| serde_json::from_str::<serde_json::Value>(r).ok()),
        "feedback": row.feedback,
        "posted_at": row.posted_at,
    })
}

/// Works out the raw points of `input` against the assignment (and its rubric).
fn raw_points(
    tx: &mut TenantTx<'_>,
    a: &AssignmentContent,
    input: &GradeInput,
) -> Result<(f64, Option<Vec<RubricSelection>>)> {
    match (&input.points, &input.rubric) {
        (Some(_), Some(_)) => Err(Error::invalid("points", "send `points` or `rubric`, not both")),
        (None, None) => Err(Error::invalid("points", "send `points`, or `rubric` selections")),
        (Some(p), None) => {
            if !(p.is_finite() && *p >= 0.0 && *p <= a.points_possible) {
                return Err(Error::invalid(
                    "points",
                    format!("must be between 0 and {} (the assignment's points possible)", a.points_possible),
                ));
            }
            Ok((round2(*p), None))
        }
        (None, Some(sel)) => {
            let Some(rubric_id) = a.rubric_id else {
                return Err(Error::invalid("rubric", "this assignment has no rubric; grade it with `points`"));
            };
            let rubric = rubrics::get(tx, rubric_id)?;
            let mut v = Validator::new();
            let mut out = Vec::new();
            let mut seen = std::collections::HashSet::new();
            for (i, s) in sel.iter().enumerate() {
                let Some(criterion) = rubric.criteria.iter().find(|c| c.id == s.criterion_id) else {
                    v.push(&format!("rubric.{i}.criterion_id"), "is no criterion of the assignment's rubric");
                    continue;
                };
                if !seen.insert(s.criterion_id.clone()) {
                    v.push(&format!("rubric.{i}.criterion_id"), "appears more than once");
                }
                let Some(level) = criterion.levels.iter().find(|l| l.id == s.level_id) else {
                    let ids: Vec<&str> = criterion.levels.iter().map(|l| l.id.as_str()).collect();
                    v.push(
                        &format!("rubric.{i}.level_id"),
                        format!("must be one of this criterion's levels: {}", ids.join(", ")),
                    );
                    continue;
                };
                if let Some(c) = &s.comment {
                    if c.chars().count() > MAX_FEEDBACK_CHARS || has_unsafe_chars(c) {
                        v.push(&format!("rubric.{i}.comment"), "is too long or has control characters");
                    }
                }
                out.push(RubricSelection {
                    criterion_id: criterion.id.clone(),
                    level_id: level.id.clone(),
                    criterion: criterion.description.clone(),
                    level: level.description.clone(),
                    points: level.points,
                    comment: s.comment.clone(),
                });
            }
            let missing: Vec<&str> =
                rubric.criteria.iter().filter(|c| !seen.contains(&c.id)).map(|c| c.id.as_str()).collect();
            if !missing.is_empty() {
                v.push("rubric", format!("select a level for every criterion (missing: {})", missing.join(", ")));
            }
            v.finish()?;
            let total = round2(out.iter().map(|s| s.points).sum());
            if total > a.points_possible {
                return Err(Error::invalid(
                    "rubric",
                    format!("the selections give {total} points, more than the assignment's {}", a.points_possible),
                ));
            }
            Ok((total, Some(out)))
        }
    }
}

/// Folds the learner's latest posted grade on `lesson` into their progress (score, passed; a passing
/// grade completes the lesson for good), then the enrollment's totals and completion.
fn apply_to_progress(
    tx: &mut TenantTx<'_>,
    enrollment: EnrollmentId,
    lesson: LessonId,
    a: &AssignmentContent,
) -> Result<()> {
    let row = lock_row(tx, enrollment)?;
    let t = tx.tenant();
    let latest: Option<f64> = with_conn!(tx, |c| t
        .scoped(submissions::table)
        .filter(submissions::enrollment_id.eq(enrollment))
        .filter(submissions::lesson_id.eq(lesson))
        .filter(submissions::posted_at.is_not_null())
        .filter(submissions::points.is_not_null())
        .order(submissions::attempt_number.desc())
        .select(submissions::points)
        .first::<Option<f64>>(c)
        .optional())?
    .flatten();
    let Some(points) = latest else { return Ok(()) };
    let score = percent(points, a.points_possible);
    let passed_now = score + 1e-9 >= f64::from(a.passing_score);
    let prior = get_progress(tx, enrollment, lesson)?;
    let now = Timestamp::now();
    let already = prior.as_ref().is_some_and(|p| p.status == crate::db::status::ProgressStatus::Completed);
    let passed = passed_now || prior.as_ref().and_then(|p| p.passed).unwrap_or(false);
    let mut p = ProgressRow {
        tenant_id: tx.tenant_id(),
        enrollment_id: enrollment,
        lesson_id: lesson,
        status: if passed || already {
            crate::db::status::ProgressStatus::Completed
        } else {
            crate::db::status::ProgressStatus::Started
        },
        score: Some(score.round() as i32),
        passed: Some(passed),
        time_spent_seconds: prior.as_ref().map(|p| p.time_spent_seconds).unwrap_or(0),
        started_at: prior.as_ref().map(|p| p.started_at).unwrap_or(now),
        completed_at: prior.as_ref().and_then(|p| p.completed_at).or(passed.then_some(now)),
        updated_at: now,
    };
    save_progress(tx, &mut p, prior.is_some())?;
    after_progress(tx, &row)?;
    Ok(())
}

fn record_change(tx: &mut TenantTx<'_>, before: &SubmissionRow, after: &SubmissionRow) -> Result<()> {
    let (actor_type, actor_id) = tx.scope().actor().audit_identity();
    let (b, a) = (snapshot(before), snapshot(after));
    let mut change = GradeChange {
        tenant_id: tx.tenant_id(),
        id: GradeChangeId::new(),
        submission_id: after.id,
        actor_type: actor_type.to_string(),
        actor_id,
        changed_at: Timestamp::now(),
        before: b.to_string(),
        after: a.to_string(),
    };
    let t = tx.tenant();
    with_conn!(tx, |c| diesel::insert_into(grade_changes::table).values(t.stamp(&mut change)).execute(c))?;
    audit::record(
        tx,
        "grade.changed",
        Some(("submission", after.id.to_string())),
        serde_json::json!({ "before": b, "after": a, "lesson_id": after.lesson_id, "user_id": after.user_id }),
    )?;
    events::emit(
        tx,
        "grade.changed",
        serde_json::json!({
            "submission_id": after.id, "lesson_id": after.lesson_id, "course_id": after.course_id,
            "enrollment_id": after.enrollment_id, "user_id": after.user_id,
            "points": after.points, "posted": after.posted_at.is_some(), "version": after.grade_version,
        }),
    )?;
    Ok(())
}

fn save(tx: &mut TenantTx<'_>, row: &SubmissionRow) -> Result<()> {
    let t = tx.tenant();
    with_conn!(tx, |c| diesel::update(t.scoped(submissions::table).filter(submissions::id.eq(row.id)))
        .set(row)
        .execute(c))?;
    Ok(())
}

/// A scope whose rights hold for every course needs `grades:write` before anything is looked up (one
/// bounded by its courses is checked per course, by its staff membership).
fn require_institution_wide(scope: &TenantScope) -> Result<()> {
    match scope.teaching_as() {
        None => scope.require(crate::identity::permissions::Permission::GradesWrite),
        Some(_) => Ok(()),
    }
}

/// Grades (or regrades) a submission: staff of its course (`grades:write` institution-wide). 400 for
/// points outside 0..points possible or rubric selections that do not fit the rubric; 412 when the
/// grade changed since `expected_version`.
pub async fn grade(core: &Core, scope: &TenantScope, id: SubmissionId, input: GradeInput) -> Result<Submission> {
    require_institution_wide(scope)?;
    let signer = crate::files::UrlSigner::new(core, scope);
    if let Some(f) = &input.feedback {
        let mut v = Validator::new();
        if f.chars().count() > MAX_FEEDBACK_CHARS {
            v.push("feedback", format!("must be at most {MAX_FEEDBACK_CHARS} characters"));
        }
        v.finish()?;
    }
    core.db
        .write(scope, Need::Identified, move |tx| {
            let before = get_row(tx, id)?;
            check_grader(tx, before.course_id)?;
            // The enrollment's lock orders grading against submitting and posting.
            lock_row(tx, before.enrollment_id)?;
            let before = get_row(tx, id)?;
            if let Some(v) = input.expected_version.filter(|v| *v != before.grade_version) {
                return Err(Error::PreconditionFailed {
                    message: format!(
                        "the grade changed since version {v} (now {}); fetch it again",
                        before.grade_version
                    ),
                });
            }
            let (_, a) = assignment_of(tx, before.lesson_id)?;
            let (raw, rubric) = raw_points(tx, &a, &input)?;
            let penalty = a.late_policy.penalty(a.points_possible, raw, before.seconds_late);
            let now = Timestamp::now();
            let mut after = before.clone();
            after.raw_points = Some(raw);
            after.late_penalty = Some(penalty);
            after.points = Some(round2(raw - penalty));
            after.rubric_assessment = rubric.map(|r| serde_json::to_string(&r)).transpose().map_err(Error::internal)?;
            after.feedback = input.feedback.clone().or(before.feedback.clone());
            let (actor_type, actor_id) = tx.scope().actor().audit_identity();
            after.graded_by = Some(format!("{actor_type}:{}", actor_id.unwrap_or_default()));
            after.graded_at = Some(now);
            if input.post && after.posted_at.is_none() {
                after.posted_at = Some(now);
            }
            after.grade_version = before.grade_version + 1;
            save(tx, &after)?;
            record_change(tx, &before, &after)?;
            if !input.feedback_file_ids.is_empty() {
                let to = crate::files::Attachment {
                    kind: crate::files::AttachmentKind::Feedback,
                    id: crate::db::types::AttachedId(after.id.0),
                    course_id: after.course_id,
                };
                crate::files::attach(tx, &input.feedback_file_ids, "feedback_file_ids", to, &[])?;
            }
            if after.posted_at.is_some() {
                apply_to_progress(tx, after.enrollment_id, after.lesson_id, &a)?;
            }
            let used = super::attempts_used(tx, after.enrollment_id, after.lesson_id)?;
            let attached = super::Attached::load(tx, &[&after], signer.as_ref())?;
            after.view(&a, true, used, &attached)
        })
        .await
}

/// Posts every graded, unposted grade of an assignment to its learners (staff of the course); answers
/// how many were posted. Each posting is a grade change, and folds the grade into progress.
pub async fn post(core: &Core, scope: &TenantScope, lesson: LessonId) -> Result<usize> {
    require_institution_wide(scope)?;
    core.db
        .write(scope, Need::Identified, move |tx| {
            let (course, a) = assignment_of(tx, lesson)?;
            check_grader(tx, course)?;
            let t = tx.tenant();
            let rows: Vec<SubmissionRow> = with_conn!(tx, |c| t
                .scoped(submissions::table)
                .filter(submissions::lesson_id.eq(lesson))
                .filter(submissions::graded_at.is_not_null())
                .filter(submissions::posted_at.is_null())
                .order(submissions::id.asc())
                .select(SubmissionRow::as_select())
                .load(c))?;
            let now = Timestamp::now();
            let mut enrollments = Vec::new();
            for before in &rows {
                let mut after = before.clone();
                after.posted_at = Some(now);
                after.grade_version += 1;
                save(tx, &after)?;
                record_change(tx, before, &after)?;
                if !enrollments.contains(&after.enrollment_id) {
                    enrollments.push(after.enrollment_id);
                }
            }
            for e in enrollments {
                apply_to_progress(tx, e, lesson, &a)?;
            }
            Ok(rows.len())
        })
        .await
}

/// Every change of a submission's grade, oldest first (staff of its course).
pub async fn history(
    core: &Core,
    scope: &TenantScope,
    id: SubmissionId,
    page: PageRequest,
) -> Result<Page<GradeChange>> {
    core.db
        .read(scope, Need::Identified, move |tx| {
            let row = get_row(tx, id)?;
            match crate::identity::staff::authorize(tx, row.course_id, CourseRight::ViewGrades) {
                Ok(()) => {}
                Err(Error::Forbidden { .. }) if tx.scope().user_id() == Some(row.user_id) => {
                    return Err(Error::Forbidden {
                        code: "forbidden",
                        message: "a grade's history is for the course's staff".into(),
                    })
                }
                Err(Error::Forbidden { code: "not_course_staff", .. }) => {
                    return Err(Error::NotFound { resource: "submission" })
                }
                Err(e) => return Err(e),
            }
            history_rows(tx, id, page)
        })
        .await
}

/// A page of a submission's grade changes (the caller has checked access).
pub fn history_rows(tx: &mut TenantTx<'_>, id: SubmissionId, page: PageRequest) -> Result<Page<GradeChange>> {
    let t = tx.tenant();
    let rows: Vec<GradeChange> = with_conn!(tx, |c| {
        let mut q = t
            .scoped(grade_changes::table)
            .filter(grade_changes::submission_id.eq(id))
            .order(grade_changes::id.asc())
            .limit(page.limit + 1)
            .select(GradeChange::as_select())
            .into_boxed();
        if let Some(after) = page.after {
            q = q.filter(grade_changes::id.gt(GradeChangeId(after)));
        }
        q.load(c)
    })?;
    Ok(Page::from_rows(rows, page, |r| r.id.0))
}

/// A graded submission as the gradebook reads it: enrollment, lesson, attempt, points, posted at.
type GradeRow = (EnrollmentId, LessonId, i32, Option<f64>, Option<Timestamp>);

/// The latest graded submission per (enrollment, lesson) among `enrollments` (for the gradebook);
/// `posted_only` keeps posted grades only (what a learner sees).
pub(crate) fn latest_grades(
    tx: &mut TenantTx<'_>,
    enrollments: &[EnrollmentId],
    posted_only: bool,
) -> Result<HashMap<(EnrollmentId, LessonId), (f64, bool)>> {
    let t = tx.tenant();
    let mut out: HashMap<(EnrollmentId, LessonId), (i32, f64, bool)> = HashMap::new();
    for chunk in enrollments.chunks(500) {
        let rows: Vec<GradeRow> = with_conn!(tx, |c| {
            let mut q = t
                .scoped(submissions::table)
                .filter(submissions::enrollment_id.eq_any(chunk))
                .filter(submissions::points.is_not_null())
                .select((
                    submissions::enrollment_id,
                    submissions::lesson_id,
                    submissions::attempt_number,
                    submissions::points,
                    submissions::posted_at,
                ))
                .into_boxed();
            if posted_only {
                q = q.filter(submissions::posted_at.is_not_null());
            }
            q.load(c)
        })?;
        for (e, l, n, p, posted) in rows {
            let Some(p) = p else { continue };
            let entry = out.entry((e, l)).or_insert((n, p, posted.is_some()));
            if n >= entry.0 {
                *entry = (n, p, posted.is_some());
            }
        }
    }
    Ok(out.into_iter().map(|(k, (_, p, posted))| (k, (p, posted))).collect())
}

/// Whether a learner has handed anything in, per (enrollment, lesson), for the gradebook's cells.
pub(crate) fn submitted(
    tx: &mut TenantTx<'_>,
    enrollments: &[EnrollmentId],
) -> Result<std::collections::HashSet<(EnrollmentId, LessonId)>> {
    let t = tx.tenant();
    let mut out = std::collections::HashSet::new();
    for chunk in enrollments.chunks(500) {
        let rows: Vec<(EnrollmentId, LessonId)> = with_conn!(tx, |c| t
            .scoped(submissions::table)
            .filter(submissions::enrollment_id.eq_any(chunk))
            .select((submissions::enrollment_id, submissions::lesson_id))
            .distinct()
            .load(c))?;
        out.extend(rows);
    }
    Ok(out)
}
