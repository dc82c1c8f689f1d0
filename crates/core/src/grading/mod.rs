//! Teaching's learning side: submissions to assignments, their grades (points or rubric selections,
//! feedback, a late penalty) with every change kept, posting grades to learners, and the gradebook.
//!
//! A learner submits to an assignment of a course they are enrolled in, within its attempts and late
//! policy. Staff of the course (`identity::staff`) see and grade submissions; a grade is hidden from the
//! learner until it is posted. A posted grade folds into the lesson's progress like a quiz attempt: its
//! percentage is the lesson's score, and a passing grade completes the lesson (and so, with the rest, the
//! course).

pub mod gradebook;
mod grades;

pub use self::grades::*;

use diesel::prelude::*;

use crate::{
    audit,
    core::Core,
    courses::content::AssignmentContent,
    db::{
        schema::{enrollments, lessons, submissions},
        types::{AttachedId, CourseId, EnrollmentId, FileId, LessonId, SubmissionId, TenantId, Timestamp, UserId},
        TenantTx,
    },
    enrollments::{
        lock_row,
        progress::{get_progress, save_progress, ProgressRow},
        EnrollmentStatus,
    },
    error::{Error, Result, Validator},
    events,
    files::{self, Attachment, AttachmentKind, FileInfo, UrlSigner},
    identity::staff::{authorize, CourseRight},
    pagination::{Page, PageRequest},
    scope::{Need, TenantScope},
    with_conn,
};

pub const MAX_BODY_CHARS: usize = 200_000;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = submissions, treat_none_as_null = true)]
pub(crate) struct SubmissionRow {
    /// Never changed by an update (Citus refuses to change a distribution column, even to itself).
    #[diesel(skip_update)]
    pub tenant_id: TenantId,
    pub id: SubmissionId,
    pub enrollment_id: EnrollmentId,
    pub lesson_id: LessonId,
    pub course_id: CourseId,
    pub user_id: UserId,
    pub attempt_number: i32,
    pub body: Option<String>,
    pub url: Option<String>,
    pub submitted_at: Timestamp,
    pub seconds_late: i64,
    pub raw_points: Option<f64>,
    pub late_penalty: Option<f64>,
    pub points: Option<f64>,
    pub rubric_assessment: Option<String>,
    pub feedback: Option<String>,
    pub graded_by: Option<String>,
    pub graded_at: Option<Timestamp>,
    pub posted_at: Option<Timestamp>,
    pub grade_version: i64,
}

crate::tenant_rows!(SubmissionRow);

/// A grade as given: points (after any late penalty), how they were reached, feedback.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Grade {
    /// The points awarded, after the late penalty.
    pub points: f64,
    /// The points before the late penalty (from the rubric when one was used).
    pub raw_points: f64,
    pub late_penalty: f64,
    pub points_possible: f64,
    /// `points` as a percentage of `points_possible`.
    pub score: f64,
    pub passed: bool,
    pub rubric_assessment: Option<Vec<RubricSelection>>,
    pub feedback: Option<String>,
    /// Who graded (`user:<id>`, `api_key:<id>`, ...).
    pub graded_by: String,
    pub graded_at: Timestamp,
    /// When the learner could first see it; `None`: not posted yet.
    pub posted_at: Option<Timestamp>,
    /// Increases with every change of the grade.
    pub version: i64,
    /// Files staff returned with the grade (not part of the grade's recorded history).
    #[serde(skip)]
    pub feedback_files: Vec<FileInfo>,
}

/// One criterion's selected level in a rubric grade, as it was when selected.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RubricSelection {
    pub criterion_id: String,
    pub level_id: String,
    #[serde(default)]
    pub criterion: String,
    #[serde(default)]
    pub level: String,
    #[serde(default)]
    pub points: f64,
    #[serde(default)]
    pub comment: Option<String>,
}

/// A learner's submission to an assignment, and its grade where the reader may see it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Submission {
    pub id: SubmissionId,
    pub enrollment_id: EnrollmentId,
    pub lesson_id: LessonId,
    pub course_id: CourseId,
    pub user_id: UserId,
    pub attempt_number: i32,
    pub body: Option<String>,
    pub url: Option<String>,
    pub submitted_at: Timestamp,
    pub late: bool,
    pub seconds_late: i64,
    /// `submitted` (no grade yet), `graded` (not posted) or `posted`.
    pub state: &'static str,
    /// Staff always see it; the learner once it is posted.
    pub grade: Option<Grade>,
    /// Attempts the learner has left (`None`: no limit).
    pub attempts_remaining: Option<i32>,
    /// The files handed in, with download URLs for the reader.
    pub files: Vec<FileInfo>,
}

impl SubmissionRow {
    fn state(&self) -> &'static str {
        match (self.graded_at, self.posted_at) {
            (None, _) => "submitted",
            (Some(_), None) => "graded",
            (Some(_), Some(_)) => "posted",
        }
    }

    pub(crate) fn grade(&self, a: &AssignmentContent) -> Result<Option<Grade>> {
        let (Some(points), Some(graded_at)) = (self.points, self.graded_at) else { return Ok(None) };
        let rubric =
            match &self.rubric_assessment {
                Some(r) => Some(serde_json::from_str(r).map_err(|e| {
                    crate::error::corrupt(format!("submission {} has an unreadable rubric: {e}", self.id))
                })?),
                None => None,
            };
        let score = percent(points, a.points_possible);
        Ok(Some(Grade {
            points,
            raw_points: self.raw_points.unwrap_or(points),
            late_penalty: self.late_penalty.unwrap_or(0.0),
            points_possible: a.points_possible,
            score,
            passed: score + 1e-9 >= f64::from(a.passing_score),
            rubric_assessment: rubric,
            feedback: self.feedback.clone(),
            graded_by: self.graded_by.clone().unwrap_or_default(),
            graded_at,
            posted_at: self.posted_at,
            version: self.grade_version,
            feedback_files: Vec::new(),
        }))
    }

    /// The submission as `staff` (or its learner, who sees a grade once posted) may see it, with its
    /// files and its grade's feedback files.
    pub(crate) fn view(
        &self,
        a: &AssignmentContent,
        staff: bool,
        attempts_used: i32,
        files: &Attached,
    ) -> Result<Submission> {
        let mut grade = self.grade(a)?.filter(|g| staff || g.posted_at.is_some());
        if let Some(g) = &mut grade {
            g.feedback_files = files.of(AttachmentKind::Feedback, self.id);
        }
        Ok(Submission {
            id: self.id,
            enrollment_id: self.enrollment_id,
            lesson_id: self.lesson_id,
            course_id: self.course_id,
            user_id: self.user_id,
            attempt_number: self.attempt_number,
            body: self.body.clone(),
            url: self.url.clone(),
            submitted_at: self.submitted_at,
            late: self.seconds_late > 0,
            seconds_late: self.seconds_late.max(0),
            state: if staff || self.posted_at.is_some() { self.state() } else { "submitted" },
            grade,
            attempts_remaining: a.max_attempts.map(|m| (m - attempts_used).max(0)),
            files: files.of(AttachmentKind::Submission, self.id),
        })
    }
}

/// The files of some submissions and of their grades, loaded at once, with download URLs for the reader.
#[derive(Debug, Default)]
pub(crate) struct Attached(Vec<(AttachmentKind, SubmissionId, FileInfo)>);

impl Attached {
    pub(crate) fn load(tx: &mut TenantTx<'_>, rows: &[&SubmissionRow], signer: Option<&UrlSigner>) -> Result<Self> {
        let ids: Vec<AttachedId> = rows.iter().map(|r| AttachedId(r.id.0)).collect();
        let mut out = Vec::new();
        for kind in [AttachmentKind::Submission, AttachmentKind::Feedback] {
            for f in files::attached(tx, kind, &ids)? {
                if let Some(to) = f.attached_id {
                    out.push((kind, SubmissionId(to.0), UrlSigner::info(signer, &f)));
                }
            }
        }
        Ok(Attached(out))
    }

    fn of(&self, kind: AttachmentKind, id: SubmissionId) -> Vec<FileInfo> {
        self.0.iter().filter(|(k, s, _)| *k == kind && *s == id).map(|(_, _, f)| f.clone()).collect()
    }
}

/// `points` of `possible` as a percentage, to hundredths.
pub fn percent(points: f64, possible: f64) -> f64 {
    if possible <= 0.0 {
        return 0.0;
    }
    crate::courses::content::round2(points / possible * 100.0)
}

/// An assignment lesson's course and settings: 404 for no lesson, 422 `not_an_assignment` for another kind.
pub(crate) fn assignment_of(tx: &mut TenantTx<'_>, lesson: LessonId) -> Result<(CourseId, AssignmentContent)> {
    let t = tx.tenant();
    let row: (CourseId, String, Option<String>) = with_conn!(tx, |c| t
        .scoped(lessons::table)
        .filter(lessons::id.eq(lesson))
        .select((lessons::course_id, lessons::kind, lessons::assignment))
        .first(c))
    .map_err(crate::error::not_found("lesson"))?;
    if row.1 != "assignment" {
        return Err(Error::Unprocessable {
            code: "not_an_assignment",
            message: format!("lesson {lesson} is a `{}` lesson; only assignments take submissions", row.1),
        });
    }
    let a = row
        .2
        .and_then(|a| serde_json::from_str(&a).ok())
        .ok_or_else(|| crate::error::corrupt(format!("assignment {lesson} has no readable settings")))?;
    Ok((row.0, a))
}

fn own_enrollment(tx: &mut TenantTx<'_>, course: CourseId, lesson: LessonId) -> Result<EnrollmentId> {
    let Some(me) = tx.scope().user_id() else {
        return Err(Error::Forbidden {
            code: "not_a_user",
            message: "only a signed-in learner submits work of their own".into(),
        });
    };
    let t = tx.tenant();
    let id: Option<EnrollmentId> = with_conn!(tx, |c| t
        .scoped(enrollments::table)
        .filter(enrollments::course_id.eq(course))
        .filter(enrollments::user_id.eq(me))
        .select(enrollments::id)
        .first(c)
        .optional())?;
    id.ok_or_else(|| Error::Forbidden {
        code: "not_enrolled",
        message: format!("you are not enrolled in the course of lesson {lesson}"),
    })
}

fn attempts_used(tx: &mut TenantTx<'_>, enrollment: EnrollmentId, lesson: LessonId) -> Result<i32> {
    let t = tx.tenant();
    let n: i64 = with_conn!(tx, |c| t
        .scoped(submissions::table)
        .filter(submissions::enrollment_id.eq(enrollment))
        .filter(submissions::lesson_id.eq(lesson))
        .count()
        .get_result(c))?;
    Ok(n as i32)
}

pub(crate) fn get_row(tx: &mut TenantTx<'_>, id: SubmissionId) -> Result<SubmissionRow> {
    let t = tx.tenant();
    with_conn!(tx, |c| t
        .scoped(submissions::table)
        .filter(submissions::id.eq(id))
        .select(SubmissionRow::as_select())
        .first(c))
    .map_err(crate::error::not_found("submission"))
}

/// What a learner hands in: text, a URL, files (uploaded first), as the assignment allows.
#[derive(Debug, Clone, Default)]
pub struct SubmissionInput {
    pub body: Option<String>,
    pub url: Option<String>,
    pub file_ids: Vec<FileId>,
}

/// Files one submission may carry.
pub const MAX_SUBMISSION_FILES: usize = 20;

fn check_input(a: &AssignmentContent, input: &SubmissionInput) -> Result<()> {
    let mut v = Validator::new();
    let allows = |t: &str| a.submission_types.iter().any(|s| s == t);
    match &input.body {
        Some(_) if !allows("text") => v.push("body", "this assignment takes no text submissions"),
        Some(b) if b.trim().is_empty() => v.push("body", "must not be empty"),
        Some(b) if b.chars().count() > MAX_BODY_CHARS => {
            v.push("body", format!("must be at most {MAX_BODY_CHARS} characters"))
        }
        _ => {}
    }
    match &input.url {
        Some(_) if !allows("url") => v.push("url", "this assignment takes no URL submissions"),
        Some(u) => {
            crate::courses::content::check_url(&mut v, Some(u));
        }
        None => {}
    }
    if !input.file_ids.is_empty() && !allows("file") {
        v.push("file_ids", "this assignment takes no file submissions");
    } else if input.file_ids.len() > MAX_SUBMISSION_FILES {
        v.push("file_ids", format!("a submission carries at most {MAX_SUBMISSION_FILES} files"));
    }
    if input.body.is_none() && input.url.is_none() && input.file_ids.is_empty() {
        v.push(
            if allows("text") { "body" } else { "url" },
            format!("a submission needs one of: {}", a.submission_types.join(", ")),
        );
    }
    v.finish()
}

/// Hands in work for an assignment, as the signed-in learner enrolled in its course. 409
/// `attempt_limit_reached` past the attempts allowed, 409 `past_due` when the late policy takes no
/// more, 409 `enrollment_dropped`; 422 `not_an_assignment` for another kind of lesson.
pub async fn submit(core: &Core, scope: &TenantScope, lesson: LessonId, input: SubmissionInput) -> Result<Submission> {
    let signer = UrlSigner::new(core, scope);
    core.db
        .write(scope, Need::Identified, move |tx| {
            let (course, a) = assignment_of(tx, lesson)?;
            let enrollment_id = own_enrollment(tx, course, lesson)?;
            let enrollment = lock_row(tx, enrollment_id)?;
            if enrollment.status == EnrollmentStatus::Dropped {
                return Err(Error::Conflict {
                    code: "enrollment_dropped",
                    field: None,
                    message: "the enrollment was dropped; ask for it to be reactivated".into(),
                });
            }
            check_input(&a, &input)?;
            let used = attempts_used(tx, enrollment_id, lesson)?;
            if let Some(max) = a.max_attempts.filter(|m| used >= *m) {
                return Err(Error::Conflict {
                    code: "attempt_limit_reached",
                    field: None,
                    message: format!("this assignment takes {max} submissions and all have been made"),
                });
            }
            let now = Timestamp::now();
            let seconds_late = a.due_at.map(|d| (now.0 - d.0).num_seconds()).unwrap_or(0).max(0);
            if !a.late_policy.accepts(seconds_late) {
                return Err(Error::Conflict {
                    code: "past_due",
                    field: None,
                    message: match a.due_at {
                        Some(d) => format!("the assignment was due at {}; its late policy takes no more work", d.0),
                        None => "the assignment takes no more work".into(),
                    },
                });
            }
            let mut row = SubmissionRow {
                tenant_id: tx.tenant_id(),
                id: SubmissionId::new(),
                enrollment_id,
                lesson_id: lesson,
                course_id: course,
                user_id: enrollment.user_id,
                attempt_number: used + 1,
                body: input.body.clone(),
                url: input.url.clone(),
                submitted_at: now,
                seconds_late,
                raw_points: None,
                late_penalty: None,
                points: None,
                rubric_assessment: None,
                feedback: None,
                graded_by: None,
                graded_at: None,
                posted_at: None,
                grade_version: 0,
            };
            let t = tx.tenant();
            with_conn!(tx, |c| diesel::insert_into(submissions::table).values(t.stamp(&mut row)).execute(c))?;
            if !input.file_ids.is_empty() {
                let to = Attachment { kind: AttachmentKind::Submission, id: AttachedId(row.id.0), course_id: course };
                files::attach(tx, &input.file_ids, "file_ids", to, &a.allowed_file_types)?;
            }
            // The lesson is under way (its completion waits for a posted, passing grade).
            if get_progress(tx, enrollment_id, lesson)?.is_none() {
                let mut p = ProgressRow {
                    tenant_id: tx.tenant_id(),
                    enrollment_id,
                    lesson_id: lesson,
                    status: crate::db::status::ProgressStatus::Started,
                    score: None,
                    passed: None,
                    time_spent_seconds: 0,
                    started_at: now,
                    completed_at: None,
                    updated_at: now,
                };
                save_progress(tx, &mut p, false)?;
            }
            audit::record(
                tx,
                "submission.created",
                Some(("submission", row.id.to_string())),
                serde_json::json!({
                    "lesson_id": lesson, "attempt_number": row.attempt_number, "late": seconds_late > 0,
                    "file_ids": input.file_ids,
                }),
            )?;
            events::emit(
                tx,
                "submission.created",
                serde_json::json!({
                    "submission_id": row.id, "lesson_id": lesson, "course_id": course,
                    "enrollment_id": enrollment_id, "user_id": row.user_id,
                    "attempt_number": row.attempt_number, "late": seconds_late > 0,
                }),
            )?;
            let attached = Attached::load(tx, &[&row], signer.as_ref())?;
            row.view(&a, false, used + 1, &attached)
        })
        .await
}

/// Filters for [`list`].
#[derive(Debug, Clone, Default)]
pub struct SubmissionFilter {
    /// Only submissions without a grade (`true`) or with one (`false`).
    pub ungraded: Option<bool>,
    /// Only late (`true`) or on-time (`false`) submissions.
    pub late: Option<bool>,
    pub user_id: Option<UserId>,
}

/// An assignment's submissions: staff of its course see all (with filters); a learner sees their own.
pub async fn list(
    core: &Core,
    scope: &TenantScope,
    lesson: LessonId,
    filter: SubmissionFilter,
    page: PageRequest,
) -> Result<Page<Submission>> {
    let signer = UrlSigner::new(core, scope);
    core.db
        .read(scope, Need::Identified, move |tx| {
            let (course, a) = assignment_of(tx, lesson)?;
            let staff = crate::identity::staff::may(tx, course, CourseRight::ViewGrades)?;
            let mut filter = filter;
            if !staff {
                if tx.scope().user_id().is_none() {
                    // A key or a job: it lacks the permission (the answer names it).
                    authorize(tx, course, CourseRight::ViewGrades)?;
                }
                own_enrollment(tx, course, lesson).map_err(|_| Error::Forbidden {
                    code: "not_course_staff",
                    message: format!("you are neither staff of course {course} nor enrolled in it"),
                })?;
                filter.user_id = tx.scope().user_id();
            }
            let t = tx.tenant();
            let rows: Vec<SubmissionRow> = with_conn!(tx, |c| {
                let mut q = t
                    .scoped(submissions::table)
                    .filter(submissions::lesson_id.eq(lesson))
                    .order(submissions::id.asc())
                    .limit(page.limit + 1)
                    .select(SubmissionRow::as_select())
                    .into_boxed();
                if let Some(after) = page.after {
                    q = q.filter(submissions::id.gt(SubmissionId(after)));
                }
                if let Some(u) = filter.user_id {
                    q = q.filter(submissions::user_id.eq(u));
                }
                match filter.ungraded {
                    Some(true) => q = q.filter(submissions::graded_at.is_null()),
                    Some(false) => q = q.filter(submissions::graded_at.is_not_null()),
                    None => {}
                }
                match filter.late {
                    Some(true) => q = q.filter(submissions::seconds_late.gt(0)),
                    Some(false) => q = q.filter(submissions::seconds_late.eq(0)),
                    None => {}
                }
                q.load(c)
            })?;
            let page = Page::from_rows(rows, page, |r| r.id.0);
            let enrollments: Vec<EnrollmentId> = page.items.iter().map(|r| r.enrollment_id).collect();
            let t = tx.tenant();
            let used: std::collections::HashMap<EnrollmentId, i64> = with_conn!(tx, |c| t
                .scoped(submissions::table)
                .filter(submissions::lesson_id.eq(lesson))
                .filter(submissions::enrollment_id.eq_any(&enrollments))
                .group_by(submissions::enrollment_id)
                .select((submissions::enrollment_id, diesel::dsl::count_star()))
                .load::<(EnrollmentId, i64)>(c))?
            .into_iter()
            .collect();
            let attached = Attached::load(tx, &page.items.iter().collect::<Vec<_>>(), signer.as_ref())?;
            page.try_map(|r| r.view(&a, staff, used.get(&r.enrollment_id).copied().unwrap_or(0) as i32, &attached))
        })
        .await
}

/// One submission: its learner, or staff of its course (anyone else: 404).
pub async fn view(core: &Core, scope: &TenantScope, id: SubmissionId) -> Result<Submission> {
    let signer = UrlSigner::new(core, scope);
    core.db
        .read(scope, Need::Identified, move |tx| {
            let row = get_row(tx, id)?;
            let (_, a) = assignment_of(tx, row.lesson_id)?;
            let staff = crate::identity::staff::may(tx, row.course_id, CourseRight::ViewGrades)?;
            if !staff && tx.scope().user_id() != Some(row.user_id) {
                return Err(Error::NotFound { resource: "submission" });
            }
            let used = attempts_used(tx, row.enrollment_id, row.lesson_id)?;
            let attached = Attached::load(tx, &[&row], signer.as_ref())?;
            row.view(&a, staff, used, &attached)
        })
        .await
}

/// Checks the caller grades `row`'s course (`grades:write`, or staff of the course).
pub(crate) fn check_grader(tx: &mut TenantTx<'_>, course: CourseId) -> Result<()> {
    authorize(tx, course, CourseRight::Grade)
}
