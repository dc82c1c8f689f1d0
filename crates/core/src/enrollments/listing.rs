//! Reading enrollments: one, a filtered page, a learner's own.

use super::*;

/// One enrollment (its learner, or `enrollments:read`).
pub async fn view(core: &Core, scope: &TenantScope, id: EnrollmentId) -> Result<Enrollment> {
    core.db
        .read(scope, Need::Identified, move |tx| {
            let row = get_row(tx, id)?;
            check_access(tx, &row, false)?;
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
    /// Exactly this external id.
    pub external_id: Option<String>,
}

/// A page of enrollments by `filter`; `within`, when set, keeps those of these courses only (the
/// courses a bounded scope teaches).
pub(crate) fn list_rows(
    tx: &mut TenantTx<'_>,
    filter: &EnrollmentFilter,
    within: Option<&[CourseId]>,
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
        if let Some(x) = &filter.external_id {
            q = q.filter(enrollments::external_id.eq(x));
        }
        if let Some(courses) = within {
            q = q.filter(enrollments::course_id.eq_any(courses));
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
    // Without `enrollments:read`, only a course's own staff (a teaching assistant) lists its enrollments.
    if !own && (scope.teaching_as().is_none() || filter.course_id.is_none()) {
        scope.require(Permission::EnrollmentsRead)?;
    }
    core.db
        .read(scope, Need::Identified, move |tx| {
            let mut within = None;
            if let Some(course) = filter.course_id {
                get_course(tx, course)?;
                if !own {
                    crate::identity::staff::authorize(tx, course, CourseRight::ViewEnrollments)?;
                }
            } else if !own {
                within = crate::identity::staff::bounded_courses(tx, CourseRight::ViewEnrollments)?;
            }
            if let Some(user) = filter.user_id {
                crate::identity::users::get(tx, user)?;
            }
            let rows = list_rows(tx, &filter, within.as_deref(), page)?;
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
    list(core, scope, EnrollmentFilter { course_id: None, user_id: Some(me), status, external_id: None }, page).await
}
