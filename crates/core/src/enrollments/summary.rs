//! Progress summaries: a course's lessons in order, which of them count, and what each enrollment completed.

use super::*;

/// One lesson of a course in outline order, as progress computations need it.
#[derive(Debug, Clone)]
pub(crate) struct OrderedLesson {
    pub id: LessonId,
    pub title: String,
    pub kind: String,
    pub required: bool,
}

/// The lessons of `course_ids` in outline order (module position, then lesson position): one query.
pub(crate) fn course_lessons(
    tx: &mut TenantTx<'_>,
    course_ids: &[CourseId],
) -> Result<HashMap<CourseId, Vec<OrderedLesson>>> {
    let tenant = tx.tenant();
    let mut out: HashMap<CourseId, Vec<OrderedLesson>> = HashMap::new();
    for chunk in course_ids.chunks(500) {
        let rows: Vec<(LessonId, CourseId, String, String, bool)> = with_conn!(tx, |c| tenant
            .scoped(lessons::table)
            .inner_join(
                course_modules::table.on(crate::db::scoped::same_tenant(course_modules::table, lessons::table)
                    .and(course_modules::id.eq(lessons::module_id))),
            )
            .filter(lessons::course_id.eq_any(chunk))
            .order((lessons::course_id.asc(), course_modules::position.asc(), lessons::position.asc()))
            .select((lessons::id, lessons::course_id, lessons::title, lessons::kind, lessons::required))
            .load(c))?;
        for (id, course, title, kind, required) in rows {
            out.entry(course).or_default().push(OrderedLesson { id, title, kind, required });
        }
    }
    Ok(out)
}

/// The lessons that count towards completion: the required ones, or every lesson when none is required.
pub(crate) fn counted(lessons: &[OrderedLesson]) -> impl Iterator<Item = &OrderedLesson> {
    let any_required = lessons.iter().any(|l| l.required);
    lessons.iter().filter(move |l| l.required || !any_required)
}

pub(crate) fn summarize(lessons: &[OrderedLesson], completed: &HashSet<LessonId>) -> ProgressSummary {
    let mut s = ProgressSummary::default();
    for l in counted(lessons) {
        s.total_lessons += 1;
        if completed.contains(&l.id) {
            s.completed_lessons += 1;
        } else if s.next_lesson_id.is_none() {
            s.next_lesson_id = Some(l.id);
            s.next_lesson_title = Some(l.title.clone());
        }
    }
    s.percent = if s.total_lessons == 0 { 0 } else { s.completed_lessons * 100 / s.total_lessons };
    s
}

/// Completed lessons per enrollment, for `ids`: one query per 500 enrollments.
pub(crate) fn completed_lessons(
    tx: &mut TenantTx<'_>,
    ids: &[EnrollmentId],
) -> Result<HashMap<EnrollmentId, HashSet<LessonId>>> {
    let tenant = tx.tenant();
    let mut out: HashMap<EnrollmentId, HashSet<LessonId>> = HashMap::new();
    for chunk in ids.chunks(500) {
        let rows: Vec<(EnrollmentId, LessonId)> = with_conn!(tx, |c| tenant
            .scoped(lesson_progress::table)
            .filter(lesson_progress::enrollment_id.eq_any(chunk))
            .filter(lesson_progress::status.eq(crate::db::status::ProgressStatus::Completed))
            .select((lesson_progress::enrollment_id, lesson_progress::lesson_id))
            .load(c))?;
        for (e, l) in rows {
            out.entry(e).or_default().insert(l);
        }
    }
    Ok(out)
}

/// Turns rows into views with their course title and progress summary, in a fixed number of queries
/// whatever the number of rows (courses, lessons, completed progress).
pub(crate) fn hydrate(tx: &mut TenantTx<'_>, rows: Vec<EnrollmentRow>) -> Result<Vec<Enrollment>> {
    let tenant = tx.tenant();
    let mut course_ids: Vec<CourseId> = rows.iter().map(|r| r.course_id).collect();
    course_ids.sort_unstable();
    course_ids.dedup();
    let mut titles: HashMap<CourseId, String> = HashMap::new();
    for chunk in course_ids.chunks(500) {
        let t: Vec<(CourseId, String)> = with_conn!(tx, |c| tenant
            .scoped(courses::table)
            .filter(courses::id.eq_any(chunk))
            .select((courses::id, courses::title))
            .load(c))?;
        titles.extend(t);
    }
    let lessons = course_lessons(tx, &course_ids)?;
    let ids: Vec<EnrollmentId> = rows.iter().map(|r| r.id).collect();
    let done = completed_lessons(tx, &ids)?;
    let empty_lessons = Vec::new();
    let empty_done = HashSet::new();
    rows.into_iter()
        .map(|r| {
            let progress =
                summarize(lessons.get(&r.course_id).unwrap_or(&empty_lessons), done.get(&r.id).unwrap_or(&empty_done));
            let title = titles.get(&r.course_id).cloned().unwrap_or_default();
            to_view(r, title, progress)
        })
        .collect()
}

pub(crate) fn to_view(r: EnrollmentRow, course_title: String, progress: ProgressSummary) -> Result<Enrollment> {
    Ok(Enrollment {
        id: r.id,
        course_id: r.course_id,
        course_title,
        user_id: r.user_id,
        status: r.status,
        due_at: r.due_at,
        enrolled_at: r.enrolled_at,
        completed_at: r.completed_at,
        dropped_at: r.dropped_at,
        last_activity_at: r.last_activity_at,
        time_spent_seconds: r.time_spent_seconds,
        score: r.score,
        progress,
        version: r.version,
        created_at: r.created_at,
        updated_at: r.updated_at,
        external_id: r.external_id,
    })
}
