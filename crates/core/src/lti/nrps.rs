//! Names and Role Provisioning Services 2.0: the members of a course (the context) for a tool holding
//! the `contextmembership.readonly` scope, deployed in that course.
//!
//! Members are the course's staff (`Instructor`, or `Instructor#TeachingAssistant`) and its learners
//! (enrollments not dropped: `Learner`), one entry per person with every role they hold, ordered by
//! user id. A page holds `limit` people (default [`super::ags::DEFAULT_LIMIT`], at most
//! [`super::ags::MAX_LIMIT`]); `Link: <…>; rel="next"` leads to the next. `role` filters by a role,
//! as its full LIS URI or its short name (`Learner`, `Instructor`, `TeachingAssistant`).

use std::collections::BTreeMap;

use diesel::prelude::*;
use serde_json::{json, Value};

use super::{
    ags::{check_context, Listing, DEFAULT_LIMIT, MAX_LIMIT},
    token::Grant,
};
use crate::{
    core::Core,
    db::{
        schema::{course_staff, courses, enrollments, users},
        scoped::same_tenant,
        status::EnrollmentStatus,
        types::{CourseId, UserId},
    },
    error::{Error, Result},
    scope::Need,
    with_conn,
};

pub const SCOPE: &str = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly";
pub const MEDIA: &str = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json";

const LEARNER: &str = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner";
const INSTRUCTOR: &str = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor";
const TA: &str = "http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant";

/// The URL of a context's memberships.
pub fn memberships_url(base: &str, course: CourseId) -> String {
    format!("{base}/contexts/{course}/memberships")
}

/// The NRPS claim of a launch.
pub(crate) fn claim(base: &str, course: CourseId) -> Value {
    json!({ "context_memberships_url": memberships_url(base, course), "service_versions": ["2.0"] })
}

/// Which members a `role` filter keeps: (learners, instructors, teaching assistants).
fn wanted(role: Option<&str>) -> (bool, bool, bool) {
    let Some(role) = role else { return (true, true, true) };
    match role {
        "Learner" | LEARNER => (true, false, false),
        "Instructor" | INSTRUCTOR => (false, true, true),
        "TeachingAssistant" | "Instructor#TeachingAssistant" | TA => (false, false, true),
        _ => (false, false, false),
    }
}

/// The context and one page of its members: (the container's `context`, the page).
pub async fn members(
    core: &Core,
    grant: &Grant,
    course: CourseId,
    role: Option<String>,
    limit: Option<i64>,
    after: Option<String>,
) -> Result<(Value, Listing)> {
    if !grant.allows(SCOPE) {
        return Err(Error::Forbidden {
            code: "lti_scope_missing",
            message: format!("this access token was not granted {SCOPE}"),
        });
    }
    let limit = match limit {
        None => DEFAULT_LIMIT,
        Some(l) if (1..=MAX_LIMIT).contains(&l) => l,
        Some(_) => return Err(Error::invalid("limit", format!("must be between 1 and {MAX_LIMIT}"))),
    };
    let after: Option<UserId> = after
        .map(|a| a.parse::<uuid::Uuid>().map(UserId::from).map_err(|_| Error::invalid("after", "is not a page key")))
        .transpose()?;
    let (learners, instructors, assistants) = wanted(role.as_deref());
    let tool = grant.tool_id();
    core.db
        .read(&grant.scope, Need::Nobody, move |tx| {
            check_context(tx, tool, course)?;
            let t = tx.tenant();
            let (title, slug): (String, String) = with_conn!(tx, |c| t
                .scoped(courses::table)
                .filter(courses::id.eq(course))
                .select((courses::title, courses::slug))
                .first(c))?;
            // (user, name, email) -> roles; each source reads at most `limit + 1` people after the key.
            let mut people: BTreeMap<UserId, (String, String, Vec<&'static str>)> = BTreeMap::new();
            if learners {
                let t = tx.tenant();
                let rows: Vec<(UserId, String, String)> = with_conn!(tx, |c| {
                    let mut q =
                        t.scoped(enrollments::table)
                            .inner_join(users::table.on(
                                same_tenant(users::table, enrollments::table).and(users::id.eq(enrollments::user_id)),
                            ))
                            .filter(enrollments::course_id.eq(course))
                            .filter(enrollments::status.ne(EnrollmentStatus::Dropped))
                            .into_boxed();
                    if let Some(a) = after {
                        q = q.filter(enrollments::user_id.gt(a));
                    }
                    q.order(enrollments::user_id)
                        .limit(limit + 1)
                        .select((enrollments::user_id, users::name, users::email))
                        .load(c)
                })?;
                for (id, name, email) in rows {
                    people.entry(id).or_insert((name, email, Vec::new())).2.push(LEARNER);
                }
            }
            if instructors || assistants {
                let t = tx.tenant();
                let rows: Vec<(UserId, String, String, String)> = with_conn!(tx, |c| {
                    let mut q = t
                        .scoped(course_staff::table)
                        .inner_join(users::table.on(
                            same_tenant(users::table, course_staff::table).and(users::id.eq(course_staff::user_id)),
                        ))
                        .filter(course_staff::course_id.eq(course))
                        .into_boxed();
                    if !instructors {
                        q = q.filter(course_staff::role.eq("teaching_assistant"));
                    }
                    if let Some(a) = after {
                        q = q.filter(course_staff::user_id.gt(a));
                    }
                    q.order(course_staff::user_id)
                        .limit(limit + 1)
                        .select((course_staff::user_id, users::name, users::email, course_staff::role))
                        .load(c)
                })?;
                for (id, name, email, role) in rows {
                    let roles: &[&'static str] = if role == "teaching_assistant" { &[TA] } else { &[INSTRUCTOR] };
                    people.entry(id).or_insert((name, email, Vec::new())).2.extend_from_slice(roles);
                }
            }
            let more = people.len() as i64 > limit;
            let page: Vec<_> = people.into_iter().take(limit as usize).collect();
            let next_after = more.then(|| page.last().map(|(id, _)| id.to_string())).flatten();
            let items = page
                .into_iter()
                .map(|(id, (name, email, roles))| {
                    json!({
                        "status": "Active",
                        "name": name,
                        "email": email,
                        "user_id": id.to_string(),
                        "roles": roles,
                    })
                })
                .collect();
            let context = json!({ "id": course.to_string(), "label": slug, "title": title });
            Ok((context, Listing { items, next_after }))
        })
        .await
}
