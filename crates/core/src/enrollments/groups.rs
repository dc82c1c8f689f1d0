//! Groups enrolled in courses: every member is enrolled, and so is everyone who joins the group later
//! (on `group.members_added`, in the transaction that adds them). Enrolling follows the rules of every
//! enrollment (published course, enabled user, a free seat); a member who could not be enrolled is
//! listed with the group's course and the reason, until a later attempt succeeds or they leave the group.
//! Leaving a group, unlinking a course or deleting a group keeps the enrollments made through it.

use super::*;
use crate::db::{
    schema::{group_courses, group_enrollment_failures, group_members},
    scoped::same_tenant,
    types::GroupId,
};
use crate::events::EventRow;

/// A course a group is enrolled in.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct GroupCourse {
    pub group_id: GroupId,
    pub course_id: CourseId,
    pub course_title: String,
    pub due_at: Option<Timestamp>,
    pub created_at: Timestamp,
    /// Members with an active or completed enrollment in the course.
    pub enrolled: i64,
    /// Members who could not be enrolled, and why.
    pub not_enrolled: Vec<NotEnrolled>,
}

/// A member a group's course could not take.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct NotEnrolled {
    pub user_id: UserId,
    pub code: String,
    pub message: String,
    pub failed_at: Timestamp,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = group_courses)]
struct LinkRow {
    tenant_id: TenantId,
    group_id: GroupId,
    course_id: CourseId,
    due_at: Option<Timestamp>,
    created_at: Timestamp,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = group_enrollment_failures)]
struct FailureRow {
    tenant_id: TenantId,
    group_id: GroupId,
    course_id: CourseId,
    user_id: UserId,
    code: String,
    message: String,
    failed_at: Timestamp,
}

crate::tenant_rows!(LinkRow, FailureRow);

/// The most failures listed per course (the count of enrolled members is always exact).
const MAX_LISTED_FAILURES: i64 = 200;

/// Enrols `members` of `group` in the linked `course` and records who could not be enrolled.
fn enroll_members(
    tx: &mut TenantTx<'_>,
    group: GroupId,
    course: CourseId,
    due_at: Option<Timestamp>,
    members: &[UserId],
) -> Result<()> {
    if members.is_empty() {
        return Ok(());
    }
    let outcomes = match enroll_batch(tx, course, members, EnrollOptions { due_at, notify: true }) {
        Ok(o) => o,
        Err(Error::Conflict { code: "course_not_published", message, .. }) => {
            members.iter().map(|_| RowOutcome::Failed(RowError::new("course_not_published", message.clone()))).collect()
        }
        Err(e) => return Err(e),
    };
    let t = tx.tenant();
    for chunk in members.chunks(500) {
        with_conn!(tx, |c| diesel::delete(
            t.scoped(group_enrollment_failures::table)
                .filter(group_enrollment_failures::group_id.eq(group))
                .filter(group_enrollment_failures::course_id.eq(course))
                .filter(group_enrollment_failures::user_id.eq_any(chunk))
        )
        .execute(c))?;
    }
    let now = Timestamp::now();
    let mut failures: Vec<FailureRow> = members
        .iter()
        .zip(outcomes)
        .filter_map(|(user, o)| match o {
            RowOutcome::Failed(e) => Some(FailureRow {
                tenant_id: t.id(),
                group_id: group,
                course_id: course,
                user_id: *user,
                code: e.code,
                message: e.message,
                failed_at: now,
            }),
            _ => None,
        })
        .collect();
    failures.sort_by_key(|f| f.user_id);
    failures.dedup_by_key(|f| f.user_id);
    let ours = tx.tenant();
    for chunk in failures.chunks_mut(500) {
        with_conn!(tx, |c| diesel::insert_into(group_enrollment_failures::table)
            .values(ours.stamp_all(chunk))
            .execute(c))?;
    }
    Ok(())
}

fn all_members(tx: &mut TenantTx<'_>, group: GroupId) -> Result<Vec<UserId>> {
    crate::identity::groups::member_ids(tx, group)
}

fn links(tx: &mut TenantTx<'_>, group: GroupId) -> Result<Vec<LinkRow>> {
    let t = tx.tenant();
    Ok(with_conn!(tx, |c| t
        .scoped(group_courses::table)
        .filter(group_courses::group_id.eq(group))
        .order(group_courses::course_id.asc())
        .select(LinkRow::as_select())
        .load(c))?)
}

fn shown(tx: &mut TenantTx<'_>, link: LinkRow) -> Result<GroupCourse> {
    let t = tx.tenant();
    let title: String = get_course(tx, link.course_id)?.title;
    let enrolled: i64 = with_conn!(tx, |c| t
        .scoped(group_members::table)
        .inner_join(
            enrollments::table.on(same_tenant(enrollments::table, group_members::table)
                .and(enrollments::user_id.eq(group_members::user_id))
                .and(enrollments::course_id.eq(link.course_id))),
        )
        .filter(group_members::group_id.eq(link.group_id))
        .filter(enrollments::status.ne(EnrollmentStatus::Dropped))
        .count()
        .get_result(c))?;
    let failures: Vec<FailureRow> = with_conn!(tx, |c| t
        .scoped(group_enrollment_failures::table)
        .filter(group_enrollment_failures::group_id.eq(link.group_id))
        .filter(group_enrollment_failures::course_id.eq(link.course_id))
        .order(group_enrollment_failures::user_id.asc())
        .limit(MAX_LISTED_FAILURES)
        .select(FailureRow::as_select())
        .load(c))?;
    Ok(GroupCourse {
        group_id: link.group_id,
        course_id: link.course_id,
        course_title: title,
        due_at: link.due_at,
        created_at: link.created_at,
        enrolled,
        not_enrolled: failures
            .into_iter()
            .map(|f| NotEnrolled { user_id: f.user_id, code: f.code, message: f.message, failed_at: f.failed_at })
            .collect(),
    })
}

/// Enrols a group in a course (`enrollments:write`): links them, enrols every member now, and every
/// later member when they join. Linking again (with a new due date, say) retries the members who could
/// not be enrolled. Answers the link with who is enrolled and who is not.
pub async fn enroll_group(
    core: &Core,
    scope: &TenantScope,
    group: GroupId,
    course: CourseId,
    due_at: Option<Timestamp>,
) -> Result<GroupCourse> {
    core.db
        .write(scope, Permission::EnrollmentsWrite, move |tx| {
            crate::identity::groups::get(tx, group)?;
            let c = get_course(tx, course)?;
            crate::identity::staff::authorize(tx, course, crate::identity::staff::CourseRight::Enroll)?;
            if c.status != CourseStatus::Published {
                return Err(Error::Conflict {
                    code: "course_not_published",
                    field: Some("course_id"),
                    message: format!("the course is {}; only published courses take enrollments", c.status.as_str()),
                });
            }
            let t = tx.tenant();
            let mut link =
                LinkRow { tenant_id: t.id(), group_id: group, course_id: course, due_at, created_at: Timestamp::now() };
            let existing: Option<LinkRow> = with_conn!(tx, |c| t
                .scoped(group_courses::table)
                .filter(group_courses::group_id.eq(group))
                .filter(group_courses::course_id.eq(course))
                .select(LinkRow::as_select())
                .first(c)
                .optional())?;
            match existing {
                Some(old) => {
                    with_conn!(tx, |c| diesel::update(
                        t.scoped(group_courses::table)
                            .filter(group_courses::group_id.eq(group))
                            .filter(group_courses::course_id.eq(course))
                    )
                    .set(group_courses::due_at.eq(due_at))
                    .execute(c))?;
                    link.created_at = old.created_at;
                }
                None => {
                    let ours = tx.tenant();
                    with_conn!(tx, |c| diesel::insert_into(group_courses::table)
                        .values(ours.stamp(&mut link))
                        .execute(c))?;
                }
            }
            let members = all_members(tx, group)?;
            enroll_members(tx, group, course, due_at, &members)?;
            audit::record(
                tx,
                "group.course_enrolled",
                Some(("group", group.to_string())),
                serde_json::json!({ "course_id": course, "members": members.len(), "due_at": due_at }),
            )?;
            shown(tx, link)
        })
        .await
}

/// The courses a group is enrolled in (`enrollments:read`).
pub async fn list_group_courses(core: &Core, scope: &TenantScope, group: GroupId) -> Result<Vec<GroupCourse>> {
    core.db
        .read(scope, Permission::EnrollmentsRead, move |tx| {
            crate::identity::groups::get(tx, group)?;
            links(tx, group)?.into_iter().map(|l| shown(tx, l)).collect()
        })
        .await
}

/// Stops enrolling the group's new members in the course (`enrollments:write`); enrollments stay.
pub async fn unlink(core: &Core, scope: &TenantScope, group: GroupId, course: CourseId) -> Result<()> {
    core.db
        .write(scope, Permission::EnrollmentsWrite, move |tx| {
            crate::identity::groups::get(tx, group)?;
            get_course(tx, course)?;
            crate::identity::staff::authorize(tx, course, crate::identity::staff::CourseRight::Enroll)?;
            let t = tx.tenant();
            let n = with_conn!(tx, |c| diesel::delete(
                t.scoped(group_courses::table)
                    .filter(group_courses::group_id.eq(group))
                    .filter(group_courses::course_id.eq(course))
            )
            .execute(c))?;
            if n == 0 {
                return Err(Error::NotFound { resource: "group course" });
            }
            audit::record(
                tx,
                "group.course_unlinked",
                Some(("group", group.to_string())),
                serde_json::json!({ "course_id": course }),
            )
        })
        .await
}

/// Subscriber (see `wiring`): members who join a group are enrolled in its courses, in the same
/// transaction.
pub(crate) fn on_event(tx: &mut TenantTx<'_>, rows: &[EventRow]) -> Result<()> {
    #[derive(serde::Deserialize)]
    struct Added {
        group_id: GroupId,
        user_ids: Vec<UserId>,
    }
    for row in rows.iter().filter(|r| r.event_type == "group.members_added") {
        let added: Added = serde_json::from_str(&row.data)
            .map_err(|e| Error::internal(anyhow::anyhow!("group.members_added event {}: {e}", row.id)))?;
        for link in links(tx, added.group_id)? {
            enroll_members(tx, added.group_id, link.course_id, link.due_at, &added.user_ids)?;
        }
    }
    Ok(())
}
