//! The gradebook: per course, one column per graded lesson (quizzes, assignments, and `lti` lessons
//! whose tool keeps an AGS line item for them: worth its maximum, scored by the lesson's score), one row per
//! enrollment, each learner's current score (over what has been graded) and final score (what has not
//! been graded counts as zero), with letters from the course's scale.
//!
//! Scores weigh by assignment group when the course has groups with a positive total weight: each group's
//! score is its points earned over its points possible, and the course score is the weighted mean over
//! the groups that have something graded (current) or over all groups (final); graded lessons in no
//! group then do not count. Without weighted groups the score is all points earned over all points
//! possible. A quiz is worth 100 points (its best attempt's percentage).
//!
//! A page costs a fixed number of queries whatever its size: the enrollments with their learners, the
//! course's graded lessons, the quiz scores and the latest grades of the page's enrollments.

use std::collections::HashMap;

use diesel::prelude::*;

use crate::{
    core::Core,
    courses::{
        content::AssignmentContent,
        grading::{groups_of, letter, scale_of, AssignmentGroup, ScaleStep},
        queries::get_course,
    },
    db::{
        schema::{course_modules, enrollments, lesson_progress, lessons, lti_line_items, users},
        scoped::same_tenant,
        types::{AssignmentGroupId, CourseId, EnrollmentId, LessonId, Timestamp, UserId},
        TenantTx,
    },
    enrollments::EnrollmentStatus,
    error::{Error, Result},
    identity::staff::CourseRight,
    pagination::{Page, PageRequest},
    scope::{Need, TenantScope},
    with_conn,
};

/// A graded lesson, as a column of the gradebook.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Column {
    pub lesson_id: LessonId,
    pub title: String,
    /// `quiz`, `assignment`, or `lti` (a tool's lesson with an AGS line item).
    pub kind: String,
    pub points_possible: f64,
    pub assignment_group_id: Option<AssignmentGroupId>,
    pub due_at: Option<Timestamp>,
}

/// One learner's result on one column.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Cell {
    pub lesson_id: LessonId,
    /// Points earned (`None`: nothing graded yet).
    pub points: Option<f64>,
    /// Percentage of the column's points possible.
    pub score: Option<f64>,
    /// `graded` (staff see unposted grades as `graded` too, with `posted` false), `submitted`
    /// (waiting for a grade) or `missing`.
    pub state: &'static str,
    pub posted: bool,
}

/// One learner's line.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Row {
    pub enrollment_id: EnrollmentId,
    pub user_id: UserId,
    pub name: String,
    pub email: String,
    pub status: EnrollmentStatus,
    pub cells: Vec<Cell>,
    /// Over what has been graded (`None`: nothing yet).
    pub current_score: Option<f64>,
    pub current_grade: Option<String>,
    /// Counting what has not been graded as zero.
    pub final_score: f64,
    pub final_grade: Option<String>,
}

/// A page of a course's gradebook.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Gradebook {
    pub course_id: CourseId,
    pub columns: Vec<Column>,
    pub groups: Vec<AssignmentGroup>,
    pub scale: Vec<ScaleStep>,
    pub rows: Vec<Row>,
    pub next_cursor: Option<String>,
}

/// Filters for [`view`].
#[derive(Debug, Clone, Default)]
pub struct GradebookFilter {
    pub status: Option<EnrollmentStatus>,
    pub user_id: Option<UserId>,
}

/// What is needed to score any page of a course.
pub(crate) struct Setup {
    pub columns: Vec<Column>,
    pub groups: Vec<AssignmentGroup>,
    pub scale: Vec<ScaleStep>,
}

/// A graded lesson as read: id, title, kind, assignment settings, group.
type ColumnRow = (LessonId, String, String, Option<String>, Option<AssignmentGroupId>);

/// An enrollment line: enrollment, learner, name, email, status.
pub(crate) type Line = (EnrollmentId, UserId, String, String, EnrollmentStatus);

pub(crate) fn setup(tx: &mut TenantTx<'_>, course: CourseId) -> Result<Setup> {
    let t = tx.tenant();
    // In the course's order: by module, then by lesson.
    let rows: Vec<ColumnRow> = with_conn!(tx, |c| t
        .scoped(lessons::table)
        .inner_join(
            course_modules::table
                .on(same_tenant(course_modules::table, lessons::table).and(course_modules::id.eq(lessons::module_id))),
        )
        .filter(lessons::course_id.eq(course))
        .filter(lessons::kind.eq_any(["quiz", "assignment", "lti"]))
        .order((course_modules::position.asc(), lessons::position.asc()))
        .select((lessons::id, lessons::title, lessons::kind, lessons::assignment, lessons::assignment_group_id))
        .load(c))?;
    // An `lti` lesson is graded work when its tool keeps a line item for it (AGS): worth the line item's
    // maximum, scored by the percentage its scores gave the lesson.
    let lti: Vec<LessonId> = rows.iter().filter(|r| r.2 == "lti").map(|r| r.0).collect();
    let mut maxima: HashMap<LessonId, f64> = HashMap::new();
    if !lti.is_empty() {
        let t = tx.tenant();
        let items: Vec<(Option<LessonId>, f64)> = with_conn!(tx, |c| t
            .scoped(lti_line_items::table)
            .filter(lti_line_items::lesson_id.eq_any(&lti))
            .order((lti_line_items::lesson_id, lti_line_items::id))
            .select((lti_line_items::lesson_id, lti_line_items::score_maximum))
            .load(c))?;
        for (lesson, max) in items {
            if let Some(l) = lesson {
                maxima.entry(l).or_insert(max);
            }
        }
    }
    let columns: Vec<Column> = rows
        .into_iter()
        .filter(|r| r.2 != "lti" || maxima.contains_key(&r.0))
        .map(|(id, title, kind, a, group)| {
            let a: Option<AssignmentContent> = a.and_then(|a| serde_json::from_str(&a).ok());
            Column {
                lesson_id: id,
                title,
                points_possible: maxima.get(&id).copied().or(a.as_ref().map(|a| a.points_possible)).unwrap_or(100.0),
                due_at: a.as_ref().and_then(|a| a.due_at),
                kind,
                assignment_group_id: group,
            }
        })
        .collect();
    Ok(Setup { columns, groups: groups_of(tx, course)?, scale: scale_of(tx, course)? })
}

/// Scores one learner's cells (see the module's documentation): `(current, final)`.
pub fn scores(columns: &[Column], groups: &[AssignmentGroup], points: &[Option<f64>]) -> (Option<f64>, f64) {
    let total_weight: f64 = groups.iter().map(|g| g.weight).sum();
    let pct = |earned: f64, possible: f64| if possible > 0.0 { earned / possible * 100.0 } else { 0.0 };
    if groups.is_empty() || total_weight <= 0.0 {
        let (mut e, mut p, mut all) = (0.0, 0.0, 0.0);
        for (c, got) in columns.iter().zip(points) {
            all += c.points_possible;
            if let Some(g) = got {
                e += g;
                p += c.points_possible;
            }
        }
        let current = (p > 0.0).then(|| round(pct(e, p)));
        return (current, round(pct(e, all)));
    }
    let (mut cur_sum, mut cur_w, mut fin_sum) = (0.0, 0.0, 0.0);
    for g in groups {
        let (mut e, mut p, mut all) = (0.0, 0.0, 0.0);
        for (c, got) in columns.iter().zip(points) {
            if c.assignment_group_id != Some(g.id) {
                continue;
            }
            all += c.points_possible;
            if let Some(x) = got {
                e += x;
                p += c.points_possible;
            }
        }
        if p > 0.0 {
            cur_sum += g.weight * pct(e, p);
            cur_w += g.weight;
        }
        fin_sum += g.weight * pct(e, all);
    }
    let current = (cur_w > 0.0).then(|| round(cur_sum / cur_w));
    (current, round(fin_sum / total_weight))
}

fn round(x: f64) -> f64 {
    crate::courses::content::round2(x)
}

/// Scores a page of enrollment lines: `(enrollment, user, name, email, status)`.
pub(crate) fn rows(tx: &mut TenantTx<'_>, setup: &Setup, lines: Vec<Line>, posted_only: bool) -> Result<Vec<Row>> {
    let ids: Vec<EnrollmentId> = lines.iter().map(|l| l.0).collect();
    // Quizzes and tools' lessons are scored by their progress (a percentage); assignments by grades.
    let quizzes: Vec<LessonId> =
        setup.columns.iter().filter(|c| c.kind == "quiz" || c.kind == "lti").map(|c| c.lesson_id).collect();
    let t = tx.tenant();
    let mut quiz_scores: HashMap<(EnrollmentId, LessonId), i32> = HashMap::new();
    if !quizzes.is_empty() {
        for chunk in ids.chunks(500) {
            let rows: Vec<(EnrollmentId, LessonId, Option<i32>)> = with_conn!(tx, |c| t
                .scoped(lesson_progress::table)
                .filter(lesson_progress::enrollment_id.eq_any(chunk))
                .filter(lesson_progress::lesson_id.eq_any(&quizzes))
                .filter(lesson_progress::score.is_not_null())
                .select((lesson_progress::enrollment_id, lesson_progress::lesson_id, lesson_progress::score))
                .load(c))?;
            quiz_scores.extend(rows.into_iter().filter_map(|(e, l, s)| s.map(|s| ((e, l), s))));
        }
    }
    let grades = super::latest_grades(tx, &ids, posted_only)?;
    let handed_in = super::submitted(tx, &ids)?;
    Ok(lines
        .into_iter()
        .map(|(enrollment_id, user_id, name, email, status)| {
            let mut points = Vec::with_capacity(setup.columns.len());
            let cells = setup
                .columns
                .iter()
                .map(|c| {
                    let key = (enrollment_id, c.lesson_id);
                    let (got, posted) = if c.kind == "quiz" || c.kind == "lti" {
                        (quiz_scores.get(&key).map(|s| f64::from(*s) / 100.0 * c.points_possible), true)
                    } else {
                        grades.get(&key).map(|(p, posted)| (Some(*p), *posted)).unwrap_or((None, false))
                    };
                    points.push(got);
                    Cell {
                        lesson_id: c.lesson_id,
                        points: got.map(round),
                        score: got.map(|g| round(g / c.points_possible * 100.0)),
                        state: match (got, handed_in.contains(&key)) {
                            (Some(_), _) => "graded",
                            (None, true) => "submitted",
                            (None, false) => "missing",
                        },
                        posted: got.is_some() && posted,
                    }
                })
                .collect();
            let (current, final_score) = scores(&setup.columns, &setup.groups, &points);
            Row {
                enrollment_id,
                user_id,
                name,
                email,
                status,
                cells,
                current_grade: current.and_then(|s| letter(&setup.scale, s)),
                current_score: current,
                final_grade: letter(&setup.scale, final_score),
                final_score,
            }
        })
        .collect())
}

/// A page of enrollment lines of `course`, in enrollment order.
pub(crate) fn lines(
    tx: &mut TenantTx<'_>,
    course: CourseId,
    filter: &GradebookFilter,
    page: PageRequest,
) -> Result<Vec<Line>> {
    let t = tx.tenant();
    Ok(with_conn!(tx, |c| {
        let mut q = t
            .scoped(enrollments::table)
            .inner_join(
                users::table.on(same_tenant(users::table, enrollments::table).and(users::id.eq(enrollments::user_id))),
            )
            .filter(enrollments::course_id.eq(course))
            .order(enrollments::id.asc())
            .limit(page.limit + 1)
            .select((enrollments::id, enrollments::user_id, users::name, users::email, enrollments::status))
            .into_boxed();
        if let Some(after) = page.after {
            q = q.filter(enrollments::id.gt(EnrollmentId(after)));
        }
        if let Some(s) = filter.status {
            q = q.filter(enrollments::status.eq(s));
        }
        if let Some(u) = filter.user_id {
            q = q.filter(enrollments::user_id.eq(u));
        }
        q.load(c)
    })?)
}

/// A page of a course's gradebook: staff of the course (`grades:read` institution-wide) see every
/// learner and unposted grades; a learner enrolled in it sees their own line, with posted grades only.
pub async fn view(
    core: &Core,
    scope: &TenantScope,
    course: CourseId,
    filter: GradebookFilter,
    page: PageRequest,
) -> Result<Gradebook> {
    core.db
        .read(scope, Need::Identified, move |tx| {
            get_course(tx, course)?;
            let staff = crate::identity::staff::may(tx, course, CourseRight::ViewGrades)?;
            let mut filter = filter;
            if !staff {
                if tx.scope().user_id().is_none() {
                    crate::identity::staff::authorize(tx, course, CourseRight::ViewGrades)?;
                }
                match tx.scope().user_id() {
                    Some(me) if filter.user_id.is_none_or(|u| u == me) => filter.user_id = Some(me),
                    _ => {
                        return Err(Error::Forbidden {
                            code: "not_course_staff",
                            message: format!(
                                "the gradebook of course {course} is for its staff; learners see their own line"
                            ),
                        })
                    }
                }
            }
            let setup = setup(tx, course)?;
            let lines = lines(tx, course, &filter, page)?;
            let page = Page::from_rows(lines, page, |l| l.0 .0);
            let rows = rows(tx, &setup, page.items, !staff)?;
            Ok(Gradebook {
                course_id: course,
                columns: setup.columns,
                groups: setup.groups,
                scale: setup.scale,
                rows,
                next_cursor: page.next_cursor,
            })
        })
        .await
}

/// Checks the caller may export `course`'s gradebook (staff of the course) and answers its setup.
pub async fn export_setup(core: &Core, scope: &TenantScope, course: CourseId) -> Result<Vec<Column>> {
    core.db
        .read(scope, Need::Identified, move |tx| {
            get_course(tx, course)?;
            crate::identity::staff::authorize(tx, course, CourseRight::ViewGrades)?;
            Ok(setup(tx, course)?.columns)
        })
        .await
}

/// One chunk of the CSV export after `after` (staff of the course): the rows, and the cursor of the
/// next chunk. Each chunk is its own short read, so an export streams with flat memory.
pub async fn export_chunk(
    core: &Core,
    scope: &TenantScope,
    course: CourseId,
    page: PageRequest,
) -> Result<(Vec<Row>, Option<String>)> {
    core.db
        .read(scope, Need::Identified, move |tx| {
            crate::identity::staff::authorize(tx, course, CourseRight::ViewGrades)?;
            let setup = setup(tx, course)?;
            let lines = lines(tx, course, &GradebookFilter::default(), page)?;
            let page = Page::from_rows(lines, page, |l| l.0 .0);
            Ok((rows(tx, &setup, page.items, false)?, page.next_cursor))
        })
        .await
}

/// The CSV header of an export.
pub fn csv_header(columns: &[Column]) -> Vec<String> {
    let mut h = vec!["name".to_string(), "email".into(), "user_id".into(), "enrollment_status".into()];
    h.extend(columns.iter().map(|c| format!("{} ({})", c.title, c.points_possible)));
    h.extend(["current_score".into(), "current_grade".into(), "final_score".into(), "final_grade".into()]);
    h
}

/// One CSV record of an export.
pub fn csv_record(row: &Row) -> Vec<String> {
    let mut r = vec![row.name.clone(), row.email.clone(), row.user_id.to_string(), row.status.as_str().to_string()];
    r.extend(row.cells.iter().map(|c| c.points.map(|p| p.to_string()).unwrap_or_default()));
    r.push(row.current_score.map(|s| s.to_string()).unwrap_or_default());
    r.push(row.current_grade.clone().unwrap_or_default());
    r.push(row.final_score.to_string());
    r.push(row.final_grade.clone().unwrap_or_default());
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::types::TenantId;

    fn col(group: Option<AssignmentGroupId>, points: f64) -> Column {
        Column {
            lesson_id: LessonId::new(),
            title: "x".into(),
            kind: "assignment".into(),
            points_possible: points,
            assignment_group_id: group,
            due_at: None,
        }
    }

    #[test]
    fn unweighted_and_weighted_scores() {
        let cols = vec![col(None, 10.0), col(None, 30.0)];
        assert_eq!(scores(&cols, &[], &[Some(5.0), None]), (Some(50.0), 12.5));
        assert_eq!(scores(&cols, &[], &[None, None]), (None, 0.0));
        let (q, a) = (AssignmentGroupId::new(), AssignmentGroupId::new());
        let g = |id, w| AssignmentGroup {
            tenant_id: TenantId::new(),
            id,
            course_id: CourseId::new(),
            name: "g".into(),
            weight: w,
            position: 1,
            created_at: Timestamp::now(),
            updated_at: Timestamp::now(),
        };
        let groups = vec![g(q, 40.0), g(a, 60.0)];
        let cols = vec![col(Some(q), 100.0), col(Some(a), 10.0), col(Some(a), 10.0)];
        // Quizzes 80 %, assignments 5/10 graded (one missing): current = (40*80 + 60*50)/100 = 62;
        // final = (40*80 + 60*25)/100 = 47.
        assert_eq!(scores(&cols, &groups, &[Some(80.0), Some(5.0), None]), (Some(62.0), 47.0));
        // Only quizzes graded: current is the quizzes' score alone.
        assert_eq!(scores(&cols, &groups, &[Some(80.0), None, None]).0, Some(80.0));
    }
}
