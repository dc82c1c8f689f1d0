//! Course staff: who teaches a course. An `instructor` manages and grades the courses they are staff
//! of; a `teaching_assistant` grades them and sees their roster, but changes neither the course nor its
//! enrollments. Owners and admins (and their API keys) hold their permissions for every course; for
//! everyone else ([`TenantScope::teaching_as`]) course-level rights are bounded by these memberships,
//! which [`authorize`] checks at the moment of each action.

use diesel::prelude::*;

use crate::{
    audit,
    core::Core,
    db::{
        schema::{course_staff, courses, users},
        scoped::same_tenant,
        types::{CourseId, TenantId, Timestamp, UserId},
        TenantTx,
    },
    error::{Error, Result},
    identity::{permissions::Permission, Role},
    pagination::{Page, PageRequest},
    scope::{Actor, Need, TenantScope},
    with_conn,
};

crate::db::types::string_enum!(
    /// A course staff member's part in the course.
    StaffRole { Instructor = "instructor", TeachingAssistant = "teaching_assistant" }
);

/// What an action does to a course, for [`authorize`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CourseRight {
    /// Change the course, its modules, lessons, rubrics and assignment groups (`courses:write`).
    Edit,
    /// Enrol, drop and reactivate learners in it (`enrollments:write`).
    Enroll,
    /// See its enrollments, progress and reports (`enrollments:read`).
    ViewEnrollments,
    /// See submissions, grades and the gradebook (`grades:read`).
    ViewGrades,
    /// Grade submissions and post grades (`grades:write`).
    Grade,
}

impl CourseRight {
    /// The permission that grants this right institution-wide.
    pub fn permission(self) -> Permission {
        match self {
            CourseRight::Edit => Permission::CoursesWrite,
            CourseRight::Enroll => Permission::EnrollmentsWrite,
            CourseRight::ViewEnrollments => Permission::EnrollmentsRead,
            CourseRight::ViewGrades => Permission::GradesRead,
            CourseRight::Grade => Permission::GradesWrite,
        }
    }

    /// Rights every member of the course's staff holds (teaching assistants included).
    fn of_any_staff(self) -> bool {
        matches!(self, CourseRight::ViewEnrollments | CourseRight::ViewGrades | CourseRight::Grade)
    }
}

/// A member of a course's staff.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct StaffMember {
    pub course_id: CourseId,
    pub user_id: UserId,
    pub email: String,
    pub name: String,
    pub role: StaffRole,
    pub added_at: Timestamp,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = course_staff)]
struct StaffRow {
    tenant_id: TenantId,
    course_id: CourseId,
    user_id: UserId,
    role: StaffRole,
    added_at: Timestamp,
}

crate::tenant_rows!(StaffRow);

/// `user`'s part in `course`, if any.
pub fn role_in(tx: &mut TenantTx<'_>, course: CourseId, user: UserId) -> Result<Option<StaffRole>> {
    let t = tx.tenant();
    Ok(with_conn!(tx, |c| t
        .scoped(course_staff::table)
        .filter(course_staff::course_id.eq(course))
        .filter(course_staff::user_id.eq(user))
        .select(course_staff::role)
        .first::<StaffRole>(c)
        .optional())?)
}

/// The courses `user` is staff of (with `only` a role, those where they hold it).
pub fn courses_of(tx: &mut TenantTx<'_>, user: UserId, only: Option<StaffRole>) -> Result<Vec<CourseId>> {
    let t = tx.tenant();
    Ok(with_conn!(tx, |c| {
        let mut q = t
            .scoped(course_staff::table)
            .filter(course_staff::user_id.eq(user))
            .select(course_staff::course_id)
            .into_boxed();
        if let Some(r) = only {
            q = q.filter(course_staff::role.eq(r));
        }
        q.load::<CourseId>(c)
    })?)
}

/// The courses whose `right` the scope holds only through staff memberships: `None` when it holds the
/// right for every course (it still needs the permission), `Some(courses)` otherwise. For filtering lists.
pub fn bounded_courses(tx: &mut TenantTx<'_>, right: CourseRight) -> Result<Option<Vec<CourseId>>> {
    let Some(user) = tx.scope().teaching_as() else { return Ok(None) };
    let only = (!right.of_any_staff()).then_some(StaffRole::Instructor);
    Ok(Some(courses_of(tx, user, only)?))
}

/// `Forbidden` unless the transaction's scope may exercise `right` on `course` (which the caller has
/// found): owners, admins and their keys by their permissions; everyone else by their staff membership
/// of the course.
pub fn authorize(tx: &mut TenantTx<'_>, course: CourseId, right: CourseRight) -> Result<()> {
    let scope = tx.scope();
    let Some(user) = scope.teaching_as() else {
        return scope.require(right.permission());
    };
    let key = matches!(scope.actor(), Actor::ApiKey { .. });
    let permitted = scope.require(right.permission());
    match role_in(tx, course, user)? {
        // Without the permission at all (a learner on no staff), the answer is the usual one.
        None if permitted.is_err() => permitted,
        None => Err(Error::Forbidden {
            code: "not_course_staff",
            message: format!(
                "you are not staff of course {course}; an admin can add you (POST /v1/courses/{course}/staff)"
            ),
        }),
        // Grading and seeing the roster come with any staff membership; a key acts within its scopes.
        Some(_) if right.of_any_staff() => {
            if key {
                permitted
            } else {
                Ok(())
            }
        }
        Some(StaffRole::Instructor) => permitted,
        Some(StaffRole::TeachingAssistant) => Err(Error::Forbidden {
            code: "not_course_instructor",
            message: "teaching assistants grade; only the course's instructors change it or its enrollments".into(),
        }),
    }
}

/// Whether the transaction's scope holds `right` on `course` (for answers that differ by audience).
pub fn may(tx: &mut TenantTx<'_>, course: CourseId, right: CourseRight) -> Result<bool> {
    match authorize(tx, course, right) {
        Ok(()) => Ok(true),
        Err(Error::Forbidden { .. }) => Ok(false),
        Err(e) => Err(e),
    }
}

fn course_exists(tx: &mut TenantTx<'_>, course: CourseId) -> Result<()> {
    let t = tx.tenant();
    let n: i64 = with_conn!(tx, |c| t.scoped(courses::table).filter(courses::id.eq(course)).count().get_result(c))?;
    if n == 0 {
        return Err(Error::NotFound { resource: "course" });
    }
    Ok(())
}

/// Makes `user` a member of `course`'s staff (or changes their part), in the caller's transaction.
pub fn insert(tx: &mut TenantTx<'_>, course: CourseId, user: UserId, role: StaffRole) -> Result<()> {
    let t = tx.tenant();
    let existing = role_in(tx, course, user)?;
    if existing == Some(role) {
        return Ok(());
    }
    if existing.is_some() {
        with_conn!(tx, |c| diesel::update(
            t.scoped(course_staff::table)
                .filter(course_staff::course_id.eq(course))
                .filter(course_staff::user_id.eq(user))
        )
        .set(course_staff::role.eq(role))
        .execute(c))?;
    } else {
        let mut row =
            StaffRow { tenant_id: t.id(), course_id: course, user_id: user, role, added_at: Timestamp::now() };
        with_conn!(tx, |c| diesel::insert_into(course_staff::table).values(t.stamp(&mut row)).execute(c))?;
    }
    audit::record(
        tx,
        "course.staff_added",
        Some(("course", course.to_string())),
        serde_json::json!({ "user_id": user, "role": role, "previous_role": existing }),
    )?;
    Ok(())
}

fn members(
    tx: &mut TenantTx<'_>,
    course: CourseId,
    user: Option<UserId>,
    page: PageRequest,
) -> Result<Vec<StaffMember>> {
    let t = tx.tenant();
    let rows: Vec<(StaffRow, String, String)> = with_conn!(tx, |c| {
        let mut q = t
            .scoped(course_staff::table)
            .inner_join(
                users::table
                    .on(same_tenant(users::table, course_staff::table).and(users::id.eq(course_staff::user_id))),
            )
            .filter(course_staff::course_id.eq(course))
            .order(course_staff::user_id.asc())
            .limit(page.limit + 1)
            .select((StaffRow::as_select(), users::email, users::name))
            .into_boxed();
        if let Some(after) = page.after {
            q = q.filter(course_staff::user_id.gt(UserId(after)));
        }
        if let Some(u) = user {
            q = q.filter(course_staff::user_id.eq(u));
        }
        q.load(c)
    })?;
    Ok(rows
        .into_iter()
        .map(|(r, email, name)| StaffMember {
            course_id: r.course_id,
            user_id: r.user_id,
            email,
            name,
            role: r.role,
            added_at: r.added_at,
        })
        .collect())
}

/// A course's staff, in user id order. Anyone who may see the course's enrollments may list it.
pub async fn list(core: &Core, scope: &TenantScope, course: CourseId, page: PageRequest) -> Result<Page<StaffMember>> {
    core.db
        .read(scope, Need::Identified, move |tx| {
            course_exists(tx, course)?;
            authorize(tx, course, CourseRight::ViewEnrollments)?;
            let rows = members(tx, course, None, page)?;
            Ok(Page::from_rows(rows, page, |m| m.user_id.0))
        })
        .await
}

/// Adds `user` to `course`'s staff as `role` (or changes their part). Owners and admins add anyone;
/// an instructor of the course adds teaching assistants. An `instructor` must hold the instructor, admin
/// or owner role in the institution (422 `not_an_instructor`).
pub async fn add(
    core: &Core,
    scope: &TenantScope,
    course: CourseId,
    user: UserId,
    role: StaffRole,
) -> Result<StaffMember> {
    core.db
        .write(scope, Permission::CoursesWrite, move |tx| {
            course_exists(tx, course)?;
            authorize(tx, course, CourseRight::Edit)?;
            let member = crate::identity::users::get(tx, user).map_err(|e| match e {
                Error::NotFound { .. } => Error::invalid("user_id", format!("no user with id {user}")),
                e => e,
            })?;
            if tx.scope().teaching_as().is_some()
                && (role == StaffRole::Instructor || role_in(tx, course, user)?.is_some())
            {
                return Err(Error::Forbidden {
                    code: "not_course_admin",
                    message: "instructors add teaching assistants; an admin adds instructors and changes parts".into(),
                });
            }
            if role == StaffRole::Instructor && member.role == Role::Learner {
                return Err(Error::Unprocessable {
                    code: "not_an_instructor",
                    message: format!(
                        "{} is a learner of the institution: make them an instructor first, or add them as a \
                         teaching_assistant",
                        member.email
                    ),
                });
            }
            insert(tx, course, user, role)?;
            members(tx, course, Some(user), PageRequest::first(1))?
                .pop()
                .ok_or_else(|| Error::internal(anyhow::anyhow!("staff member {user} vanished")))
        })
        .await
}

/// Removes `user` from `course`'s staff (404 when they are not on it). Owners and admins remove
/// anyone; an instructor of the course removes teaching assistants.
pub async fn remove(core: &Core, scope: &TenantScope, course: CourseId, user: UserId) -> Result<()> {
    core.db
        .write(scope, Permission::CoursesWrite, move |tx| {
            course_exists(tx, course)?;
            authorize(tx, course, CourseRight::Edit)?;
            let Some(role) = role_in(tx, course, user)? else {
                return Err(Error::NotFound { resource: "staff member" });
            };
            if tx.scope().teaching_as().is_some() && role == StaffRole::Instructor {
                return Err(Error::Forbidden {
                    code: "not_course_admin",
                    message: "instructors remove teaching assistants; an admin removes instructors".into(),
                });
            }
            let t = tx.tenant();
            with_conn!(tx, |c| diesel::delete(
                t.scoped(course_staff::table)
                    .filter(course_staff::course_id.eq(course))
                    .filter(course_staff::user_id.eq(user))
            )
            .execute(c))?;
            audit::record(
                tx,
                "course.staff_removed",
                Some(("course", course.to_string())),
                serde_json::json!({ "user_id": user, "role": role }),
            )?;
            Ok(())
        })
        .await
}
