//! Enrollments: a user in a course, with due date, status (`active`, `completed`, `dropped`) and the
//! progress summary every view carries. A seat is a distinct user with an active enrollment; enrolling
//! a new learner when every seat is taken is 402 `seat_limit_reached`. Enrolling is written once for one
//! user and for thousands ([`enroll_batch`], used by the bulk operation), so both follow the same rules.

pub mod bulk;
pub mod plan;
pub mod progress;
pub mod reminders;

use crate::scope::Need;
use std::collections::{HashMap, HashSet};

use diesel::prelude::*;

use crate::{
    audit,
    courses::{queries::get_course, CourseStatus},
    db::{
        schema::{course_modules, courses, enrollments, lesson_progress, lessons, tenants, users},
        types::{CourseId, EnrollmentId, LessonId, TenantId, Timestamp, UserId},
        AnyConn, HasConn, TenantTx,
    },
    email::EnrollmentEmail,
    error::{Error, Result},
    events,
    identity::{
        permissions::Permission,
        users::{UserRow, UserStatus},
    },
    jobs,
    pagination::{Page, PageRequest},
    scope::TenantScope,
    with_conn, Core,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EnrollmentStatus {
    Active,
    Completed,
    Dropped,
}

impl EnrollmentStatus {
    pub const ALL: &'static [EnrollmentStatus] =
        &[EnrollmentStatus::Active, EnrollmentStatus::Completed, EnrollmentStatus::Dropped];

    pub fn as_str(self) -> &'static str {
        match self {
            EnrollmentStatus::Active => "active",
            EnrollmentStatus::Completed => "completed",
            EnrollmentStatus::Dropped => "dropped",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "active" => Some(EnrollmentStatus::Active),
            "completed" => Some(EnrollmentStatus::Completed),
            "dropped" => Some(EnrollmentStatus::Dropped),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Queryable, QueryableByName, Selectable, Insertable, serde::Serialize, serde::Deserialize)]
#[diesel(table_name = enrollments, treat_none_as_default_value = false)]
pub(crate) struct EnrollmentRow {
    pub tenant_id: TenantId,
    pub id: EnrollmentId,
    pub course_id: CourseId,
    pub user_id: UserId,
    pub status: String,
    pub due_at: Option<Timestamp>,
    pub time_spent_seconds: i64,
    pub score: Option<i32>,
    pub enrolled_at: Timestamp,
    pub completed_at: Option<Timestamp>,
    pub dropped_at: Option<Timestamp>,
    pub last_activity_at: Option<Timestamp>,
    pub version: i64,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    /// When the reminder for the current due date went out (cleared when the due date changes).
    pub reminded_at: Option<Timestamp>,
}

/// Where a learner stands in the course: lessons that count (the required ones, or all when none is
/// marked required), how many are done, and the first one still to do.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct ProgressSummary {
    pub completed_lessons: i32,
    pub total_lessons: i32,
    /// 0-100, rounded down.
    pub percent: i32,
    pub next_lesson_id: Option<LessonId>,
    pub next_lesson_title: Option<String>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Enrollment {
    pub id: EnrollmentId,
    pub course_id: CourseId,
    pub course_title: String,
    pub user_id: UserId,
    pub status: EnrollmentStatus,
    pub due_at: Option<Timestamp>,
    pub enrolled_at: Timestamp,
    pub completed_at: Option<Timestamp>,
    pub dropped_at: Option<Timestamp>,
    pub last_activity_at: Option<Timestamp>,
    /// Sum of the time recorded on its lessons.
    pub time_spent_seconds: i64,
    /// Average of its scored lessons (quizzes: best attempt).
    pub score: Option<i32>,
    pub progress: ProgressSummary,
    pub version: i64,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

pub(crate) fn not_found(e: diesel::result::Error) -> Error {
    match e {
        diesel::result::Error::NotFound => Error::NotFound { resource: "enrollment" },
        other => other.into(),
    }
}

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
        let rows: Vec<(LessonId, CourseId, String, String, bool)> =
            with_conn!(tx, |c| tenant
                .scoped(lessons::table)
                .inner_join(course_modules::table.on(
                    course_modules::tenant_id.eq(lessons::tenant_id).and(course_modules::id.eq(lessons::module_id))
                ),)
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
            .filter(lesson_progress::status.eq("completed"))
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
        status: EnrollmentStatus::parse(&r.status)
            .ok_or_else(|| Error::internal(anyhow::anyhow!("unknown enrollment status {:?} in database", r.status)))?,
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
    })
}

pub(crate) fn get_row(tx: &mut TenantTx<'_>, id: EnrollmentId) -> Result<EnrollmentRow> {
    let tenant = tx.tenant();
    with_conn!(tx, |c| tenant
        .scoped(enrollments::table)
        .filter(enrollments::id.eq(id))
        .select(EnrollmentRow::as_select())
        .first(c))
    .map_err(not_found)
}

/// The enrollment row, locked until the transaction ends on PostgreSQL: progress writes, attempts and
/// status changes of one enrollment run one after the other, so completion is decided exactly once.
pub(crate) fn lock_row(tx: &mut TenantTx<'_>, id: EnrollmentId) -> Result<EnrollmentRow> {
    let tenant = tx.tenant();
    let q = tenant.scoped(enrollments::table).filter(enrollments::id.eq(id));
    match tx.conn() {
        AnyConn::Pg(c) => q.select(EnrollmentRow::as_select()).for_update().first(c),
        AnyConn::Sqlite(c) => q.select(EnrollmentRow::as_select()).first(c),
    }
    .map_err(not_found)
}

pub(crate) fn view_one(tx: &mut TenantTx<'_>, id: EnrollmentId) -> Result<Enrollment> {
    let row = get_row(tx, id)?;
    Ok(hydrate(tx, vec![row])?.remove(0))
}

/// Who may look at an enrollment: its own learner, or a holder of `enrollments:read`. Anyone else gets
/// 404, as for an enrollment that does not exist.
pub(crate) fn check_access(scope: &TenantScope, row: &EnrollmentRow, write: bool) -> Result<()> {
    if scope.user_id() == Some(row.user_id) {
        return Ok(());
    }
    if !scope.permissions().contains(Permission::EnrollmentsRead) {
        return Err(Error::NotFound { resource: "enrollment" });
    }
    if write {
        scope.require(Permission::EnrollmentsWrite)?;
    }
    Ok(())
}

/// Learners holding a seat: distinct users with an active enrollment.
pub fn seats_used_tx(tx: &mut TenantTx<'_>) -> Result<i64> {
    let tenant = tx.tenant();
    Ok(with_conn!(tx, |c| tenant
        .scoped(enrollments::table)
        .filter(enrollments::status.eq("active"))
        .select(diesel::dsl::count(enrollments::user_id).aggregate_distinct())
        .first(c))?)
}

pub async fn seats_used(core: &Core, scope: &TenantScope) -> Result<i64> {
    core.db.read(scope, Need::Identified, seats_used_tx).await
}

/// Locks the tenant row (PostgreSQL) so seat checks of concurrent enrollments are serialised, and
/// returns the seat limit.
fn lock_seats(tx: &mut TenantTx<'_>) -> Result<i32> {
    let tenant = tx.tenant();
    let q = tenant.scoped(tenants::table).select(tenants::seat_limit);
    Ok(match tx.conn() {
        AnyConn::Pg(c) => q.for_update().first(c),
        AnyConn::Sqlite(c) => q.first(c),
    }?)
}

/// Why one target of an enrollment batch was not enrolled.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RowError {
    pub code: String,
    pub message: String,
}

impl RowError {
    fn new(code: &str, message: impl Into<String>) -> Self {
        RowError { code: code.into(), message: message.into() }
    }

    /// The error a single-enrollment request answers with for this row failure.
    fn into_error(self) -> Error {
        match self.code.as_str() {
            "user_not_found" => Error::NotFound { resource: "user" },
            "seat_limit_reached" => Error::LimitReached { code: "seat_limit_reached", message: self.message },
            _ => Error::Conflict { code: "user_disabled", field: Some("user_id"), message: self.message },
        }
    }
}

/// What happened to one target of a batch.
#[derive(Debug, Clone, PartialEq)]
pub enum RowOutcome {
    Enrolled(EnrollmentId),
    /// Already enrolled (active or completed): nothing changed.
    Unchanged(EnrollmentId),
    Failed(RowError),
}

/// Options that apply to every enrollment of a batch.
#[derive(Debug, Clone, Copy, Default, serde::Serialize, serde::Deserialize)]
pub struct EnrollOptions {
    pub due_at: Option<Timestamp>,
    /// Email each newly enrolled learner.
    pub notify: bool,
}

/// Enrols `targets` in `course` inside the caller's transaction, in a fixed number of queries for the
/// whole batch. A user enrolled once (active or completed) is left unchanged; a dropped enrollment is
/// reactivated with its progress. Each new seat is checked against the plan's limit.
pub(crate) fn enroll_batch(
    tx: &mut TenantTx<'_>,
    course_id: CourseId,
    targets: &[UserId],
    opts: EnrollOptions,
) -> Result<Vec<RowOutcome>> {
    let tenant = tx.tenant();
    let seat_limit = i64::from(lock_seats(tx)?);
    let course = get_course(tx, course_id)?;
    if course.status != CourseStatus::Published {
        return Err(Error::Conflict {
            code: "course_not_published",
            field: None,
            message: format!("the course is {}; only published courses take enrollments", course.status.as_str()),
        });
    }
    let mut ids: Vec<UserId> = targets.to_vec();
    ids.sort_unstable();
    ids.dedup();
    let mut found: HashMap<UserId, UserRow> = HashMap::new();
    let mut existing: HashMap<UserId, EnrollmentRow> = HashMap::new();
    let mut seated: HashSet<UserId> = HashSet::new();
    for chunk in ids.chunks(500) {
        let u: Vec<UserRow> = with_conn!(tx, |c| tenant
            .scoped(users::table)
            .filter(users::id.eq_any(chunk))
            .select(UserRow::as_select())
            .load(c))?;
        found.extend(u.into_iter().map(|u| (u.id, u)));
        let e: Vec<EnrollmentRow> = with_conn!(tx, |c| tenant
            .scoped(enrollments::table)
            .filter(enrollments::course_id.eq(course_id))
            .filter(enrollments::user_id.eq_any(chunk))
            .select(EnrollmentRow::as_select())
            .load(c))?;
        existing.extend(e.into_iter().map(|e| (e.user_id, e)));
        let s: Vec<UserId> = with_conn!(tx, |c| tenant
            .scoped(enrollments::table)
            .filter(enrollments::status.eq("active"))
            .filter(enrollments::user_id.eq_any(chunk))
            .select(enrollments::user_id)
            .distinct()
            .load(c))?;
        seated.extend(s);
    }
    let mut used = seats_used_tx(tx)?;
    let now = Timestamp::now();
    let mut new_rows = Vec::new();
    let mut reactivated = Vec::new();
    let mut outcomes = Vec::with_capacity(targets.len());
    let mut seen: HashMap<UserId, EnrollmentId> = HashMap::new();
    for user_id in targets {
        if let Some(id) = seen.get(user_id) {
            outcomes.push(RowOutcome::Unchanged(*id));
            continue;
        }
        let Some(user) = found.get(user_id) else {
            outcomes.push(RowOutcome::Failed(RowError::new("user_not_found", format!("no user with id {user_id}"))));
            continue;
        };
        if user.status == UserStatus::Disabled.as_str() {
            outcomes.push(RowOutcome::Failed(RowError::new(
                "user_disabled",
                format!("{} is disabled; enable the user first", user.email),
            )));
            continue;
        }
        let prior = existing.get(user_id);
        if let Some(e) = prior.filter(|e| e.status != EnrollmentStatus::Dropped.as_str()) {
            seen.insert(*user_id, e.id);
            outcomes.push(RowOutcome::Unchanged(e.id));
            continue;
        }
        if !seated.contains(user_id) {
            if used >= seat_limit {
                outcomes.push(RowOutcome::Failed(RowError::new(
                    "seat_limit_reached",
                    format!("all {seat_limit} seats of the plan are taken; drop a learner or add seats"),
                )));
                continue;
            }
            used += 1;
            seated.insert(*user_id);
        }
        let id = match prior {
            Some(e) => {
                reactivated.push(e.id);
                e.id
            }
            None => {
                let id = EnrollmentId::new();
                new_rows.push(EnrollmentRow {
                    tenant_id: tenant.id(),
                    id,
                    course_id,
                    user_id: *user_id,
                    status: EnrollmentStatus::Active.as_str().into(),
                    due_at: opts.due_at,
                    time_spent_seconds: 0,
                    score: None,
                    enrolled_at: now,
                    completed_at: None,
                    dropped_at: None,
                    last_activity_at: None,
                    version: 1,
                    created_at: now,
                    updated_at: now,
                    reminded_at: None,
                });
                id
            }
        };
        seen.insert(*user_id, id);
        outcomes.push(RowOutcome::Enrolled(id));
    }
    // 15 columns per row: 500 rows stay under SQLite's bound-parameter limit.
    let ours = tx.tenant();
    for chunk in new_rows.chunks_mut(500) {
        with_conn!(tx, |c| diesel::insert_into(enrollments::table).values(ours.stamp_all(chunk)).execute(c))?;
    }
    for id in &reactivated {
        with_conn!(tx, |c| diesel::update(tenant.scoped(enrollments::table).filter(enrollments::id.eq(*id)))
            .set((
                enrollments::status.eq(EnrollmentStatus::Active.as_str()),
                enrollments::dropped_at.eq(None::<Timestamp>),
                enrollments::due_at.eq(opts.due_at),
                enrollments::enrolled_at.eq(now),
                enrollments::version.eq(enrollments::version + 1),
                enrollments::updated_at.eq(now),
            ))
            .execute(c))?;
    }
    let enrolled: Vec<(EnrollmentId, UserId)> = outcomes
        .iter()
        .zip(targets)
        .filter_map(|(o, u)| match o {
            RowOutcome::Enrolled(id) => Some((*id, *u)),
            _ => None,
        })
        .collect();
    let data: Vec<serde_json::Value> = enrolled
        .iter()
        .map(|(id, user)| {
            serde_json::json!({ "enrollment_id": id, "course_id": course_id, "user_id": user, "due_at": opts.due_at })
        })
        .collect();
    events::emit_many(tx, "enrollment.created", &data)?;
    if opts.notify {
        for (id, _) in &enrolled {
            jobs::enqueue(tx, &EnrollmentEmail { tenant_id: tenant.id(), enrollment_id: *id })?;
        }
    }
    Ok(outcomes)
}

fn check_due(due_at: Option<Timestamp>) -> Result<()> {
    match due_at {
        Some(d) if d < Timestamp::now() => Err(Error::invalid("due_at", "must be in the future")),
        _ => Ok(()),
    }
}

/// Input of [`enroll`].
#[derive(Debug, Clone)]
pub struct EnrollInput {
    pub user_id: UserId,
    pub due_at: Option<Timestamp>,
    pub notify: bool,
}

/// Enrols one user: 409 `already_enrolled` if they are, 402 `seat_limit_reached` without a free seat,
/// 409 `course_not_published` for a draft or archived course, 404 for an unknown user.
pub async fn enroll(core: &Core, scope: &TenantScope, course_id: CourseId, input: EnrollInput) -> Result<Enrollment> {
    scope.require(Permission::EnrollmentsWrite)?;
    check_due(input.due_at)?;
    core.db
        .write(scope, Permission::EnrollmentsWrite, move |tx| {
            let opts = EnrollOptions { due_at: input.due_at, notify: input.notify };
            let outcome = enroll_batch(tx, course_id, &[input.user_id], opts)?.remove(0);
            let id = match outcome {
                RowOutcome::Enrolled(id) => id,
                RowOutcome::Unchanged(id) => {
                    return Err(Error::Conflict {
                        code: "already_enrolled",
                        field: Some("user_id"),
                        message: format!("the user is already enrolled in this course (enrollment {id})"),
                    })
                }
                RowOutcome::Failed(e) => return Err(e.into_error()),
            };
            audit::record(
                tx,
                "enrollment.created",
                Some(("enrollment", id.to_string())),
                serde_json::json!({ "course_id": course_id, "user_id": input.user_id }),
            )?;
            view_one(tx, id)
        })
        .await
}

/// One enrollment (its learner, or `enrollments:read`).
pub async fn view(core: &Core, scope: &TenantScope, id: EnrollmentId) -> Result<Enrollment> {
    let scope2 = scope.clone();
    core.db
        .read(scope, Need::Identified, move |tx| {
            let row = get_row(tx, id)?;
            check_access(&scope2, &row, false)?;
            Ok(hydrate(tx, vec![row])?.remove(0))
        })
        .await
}

/// Filters for [`list`].
#[derive(Debug, Clone, Default)]
pub struct EnrollmentFilter {
    pub course_id: Option<CourseId>,
    pub user_id: Option<UserId>,
    pub status: Option<EnrollmentStatus>,
}

pub(crate) fn list_rows(
    tx: &mut TenantTx<'_>,
    filter: &EnrollmentFilter,
    page: PageRequest,
) -> Result<Vec<EnrollmentRow>> {
    let tenant = tx.tenant();
    Ok(with_conn!(tx, |c| {
        let mut q = tenant
            .scoped(enrollments::table)
            .select(EnrollmentRow::as_select())
            .order(enrollments::id.asc())
            .limit(page.limit + 1)
            .into_boxed();
        if let Some(after) = page.after {
            q = q.filter(enrollments::id.gt(EnrollmentId(after)));
        }
        if let Some(course) = filter.course_id {
            q = q.filter(enrollments::course_id.eq(course));
        }
        if let Some(user) = filter.user_id {
            q = q.filter(enrollments::user_id.eq(user));
        }
        if let Some(s) = filter.status {
            q = q.filter(enrollments::status.eq(s.as_str()));
        }
        q.load(c)
    })?)
}

/// Enrollments by course and/or user, in creation order. Needs `enrollments:read`, except a user
/// listing their own (`filter.user_id` = themselves). A course or user that does not exist is 404.
pub async fn list(
    core: &Core,
    scope: &TenantScope,
    filter: EnrollmentFilter,
    page: PageRequest,
) -> Result<Page<Enrollment>> {
    let own = filter.user_id.is_some() && filter.user_id == scope.user_id();
    if !own {
        scope.require(Permission::EnrollmentsRead)?;
    }
    core.db
        .read(scope, Need::Identified, move |tx| {
            if let Some(course) = filter.course_id {
                get_course(tx, course)?;
            }
            if let Some(user) = filter.user_id {
                crate::identity::users::get(tx, user)?;
            }
            let rows = list_rows(tx, &filter, page)?;
            let page = Page::from_rows(rows, page, |r| r.id.0);
            let items = hydrate(tx, page.items)?;
            Ok(Page { items, next_cursor: page.next_cursor })
        })
        .await
}

/// The signed-in user's own enrollments, each with its progress and next lesson.
pub async fn list_mine(
    core: &Core,
    scope: &TenantScope,
    status: Option<EnrollmentStatus>,
    page: PageRequest,
) -> Result<Page<Enrollment>> {
    let Some(me) = scope.user_id() else {
        return Err(Error::Forbidden {
            code: "not_a_user",
            message: "only a signed-in user has enrollments of their own; use /v1/users/{id}/enrollments".into(),
        });
    };
    list(core, scope, EnrollmentFilter { course_id: None, user_id: Some(me), status }, page).await
}

/// Changes to an enrollment; absent fields stay.
#[derive(Debug, Clone, Default)]
pub struct EnrollmentChanges {
    /// `Some(None)` clears the due date.
    pub due_at: Option<Option<Timestamp>>,
    /// `active` (reactivate a dropped enrollment) or `dropped`.
    pub status: Option<EnrollmentStatus>,
}

/// Changes the due date or drops/reactivates an enrollment (`enrollments:write`). A completed enrollment
/// keeps its status (409 `enrollment_completed`); reactivating needs a free seat.
pub async fn update(
    core: &Core,
    scope: &TenantScope,
    id: EnrollmentId,
    changes: EnrollmentChanges,
    expected_version: Option<i64>,
) -> Result<Enrollment> {
    scope.require(Permission::EnrollmentsWrite)?;
    if let Some(d) = changes.due_at {
        check_due(d)?;
    }
    if changes.status == Some(EnrollmentStatus::Completed) {
        return Err(Error::invalid(
            "status",
            "must be `active` or `dropped`; an enrollment completes when its lessons are done",
        ));
    }
    core.db
        .write(scope, Permission::EnrollmentsWrite, move |tx| {
            let row = lock_row(tx, id)?;
            if let Some(v) = expected_version.filter(|v| *v != row.version) {
                return Err(Error::PreconditionFailed {
                    message: format!("the enrollment changed since version {v} (now {}); fetch it again", row.version),
                });
            }
            let tenant = tx.tenant();
            let current = EnrollmentStatus::parse(&row.status)
                .ok_or_else(|| crate::error::corrupt(format!("enrollment {} has status {:?}", row.id, row.status)))?;
            let now = Timestamp::now();
            let target = tenant.scoped(enrollments::table).filter(enrollments::id.eq(id));
            match (current, changes.status) {
                (_, None) => {}
                (a, Some(b)) if a == b => {}
                (EnrollmentStatus::Completed, Some(_)) => {
                    return Err(Error::Conflict {
                        code: "enrollment_completed",
                        field: Some("status"),
                        message: "a completed enrollment cannot be dropped or reactivated".into(),
                    })
                }
                (EnrollmentStatus::Active, Some(_)) => {
                    with_conn!(tx, |c| diesel::update(target)
                        .set((enrollments::status.eq("dropped"), enrollments::dropped_at.eq(Some(now))))
                        .execute(c))?;
                    audit::record(
                        tx,
                        "enrollment.dropped",
                        Some(("enrollment", id.to_string())),
                        serde_json::json!({}),
                    )?;
                    events::emit(tx, "enrollment.dropped", serde_json::json!({ "enrollment_id": id }))?;
                }
                (EnrollmentStatus::Dropped, Some(_)) => {
                    let opts = EnrollOptions { due_at: row.due_at, notify: false };
                    if let RowOutcome::Failed(e) = enroll_batch(tx, row.course_id, &[row.user_id], opts)?.remove(0) {
                        return Err(e.into_error());
                    }
                    audit::record(
                        tx,
                        "enrollment.reactivated",
                        Some(("enrollment", id.to_string())),
                        serde_json::json!({}),
                    )?;
                }
            }
            if let Some(due) = changes.due_at {
                with_conn!(tx, |c| diesel::update(target)
                    .set((enrollments::due_at.eq(due), enrollments::reminded_at.eq(None::<Timestamp>)))
                    .execute(c))?;
                audit::record(
                    tx,
                    "enrollment.updated",
                    Some(("enrollment", id.to_string())),
                    serde_json::json!({ "due_at": due }),
                )?;
            }
            with_conn!(tx, |c| diesel::update(target)
                .set((enrollments::version.eq(enrollments::version + 1), enrollments::updated_at.eq(now)))
                .execute(c))?;
            view_one(tx, id)
        })
        .await
}

/// Drops an enrollment (frees its seat when it was the learner's last active one). Progress is kept.
pub async fn drop_enrollment(core: &Core, scope: &TenantScope, id: EnrollmentId) -> Result<()> {
    update(core, scope, id, EnrollmentChanges { due_at: None, status: Some(EnrollmentStatus::Dropped) }, None)
        .await
        .map(|_| ())
}

crate::tenant_rows!(EnrollmentRow);
