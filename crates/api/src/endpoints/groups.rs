//! Groups (cohorts): `GET/POST /v1/groups`, `GET/PATCH/DELETE /v1/groups/{id}`, their members
//! (`GET/POST /v1/groups/{id}/members`, `DELETE /v1/groups/{id}/members/{user_id}`) and the courses
//! they are enrolled in (`GET/POST /v1/groups/{id}/courses`, `DELETE /v1/groups/{id}/courses/{course_id}`).

use chrono::{DateTime, Utc};
use lyceum_core::{
    enrollments::groups::{self as group_courses, GroupCourse},
    identity::groups::{self, Group, GroupFilter, Member, MembersAdded},
    pagination::PageRequest,
};
use poem::web::Data;
use poem_openapi::{
    param::{Path, Query},
    payload::Json,
    types::{Example, MaybeUndefined},
    ApiResponse, Object, OpenApi,
};

use super::{
    auth::NoContent,
    views::{etag, example_ids, example_time, list_type},
    Tag,
};
use crate::{
    http::{auth::BearerAuth, if_match::IfMatch, json::JsonBody, problem::ApiError},
    AppState,
};

pub struct GroupsApi;

const EXAMPLE_GROUP: uuid::Uuid = uuid::uuid!("0193c1a0-7a1b-7c2d-8e3f-4a5b6c7d8e9f");

/// A group to create.
#[derive(Debug, Clone, Object, serde::Deserialize)]
#[oai(deny_unknown_fields, example)]
#[serde(deny_unknown_fields)]
pub struct CreateGroup {
    /// 1-200 characters.
    pub name: String,
    /// Your own key for the group (a student information system's section id), unique in the institution.
    pub external_id: Option<String>,
    /// Users to add at once (at most 1000).
    pub user_ids: Option<Vec<uuid::Uuid>>,
}

impl Example for CreateGroup {
    fn example() -> Self {
        CreateGroup {
            name: "Nursing, class of 2028".into(),
            external_id: Some("SEC-NUR-2028".into()),
            user_ids: Some(vec![example_ids::LEARNER]),
        }
    }
}

/// Changes to a group; absent fields stay as they are.
#[derive(Debug, Clone, Object, serde::Deserialize)]
#[oai(deny_unknown_fields, example)]
#[serde(deny_unknown_fields)]
pub struct UpdateGroup {
    pub name: Option<String>,
    /// `null` clears it.
    #[serde(default)]
    pub external_id: MaybeUndefined<String>,
}

impl Example for UpdateGroup {
    fn example() -> Self {
        UpdateGroup { name: Some("Nursing, class of 2028 (spring)".into()), external_id: MaybeUndefined::Undefined }
    }
}

/// A group of users.
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct GroupView {
    pub id: uuid::Uuid,
    pub name: String,
    pub external_id: Option<String>,
    pub member_count: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Increases with every change (members included); compare with `If-Match`.
    pub version: i64,
}

impl Example for GroupView {
    fn example() -> Self {
        GroupView {
            id: EXAMPLE_GROUP,
            name: "Nursing, class of 2028".into(),
            external_id: Some("SEC-NUR-2028".into()),
            member_count: 42,
            created_at: example_time("2026-12-01T09:00:00Z"),
            updated_at: example_time("2026-12-02T10:30:00Z"),
            version: 3,
        }
    }
}

impl From<Group> for GroupView {
    fn from(g: Group) -> Self {
        GroupView {
            id: g.id.as_uuid(),
            name: g.name,
            external_id: g.external_id,
            member_count: g.member_count,
            created_at: g.created_at.into(),
            updated_at: g.updated_at.into(),
            version: g.version,
        }
    }
}

list_type!(
    /// A page of groups.
    GroupList,
    GroupView
);

/// A member of a group.
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct GroupMemberView {
    pub user_id: uuid::Uuid,
    pub email: String,
    pub name: String,
    pub added_at: DateTime<Utc>,
}

impl Example for GroupMemberView {
    fn example() -> Self {
        GroupMemberView {
            user_id: example_ids::LEARNER,
            email: "lee@acme.test".into(),
            name: "Lee Learner".into(),
            added_at: example_time("2026-12-02T10:30:00Z"),
        }
    }
}

impl From<Member> for GroupMemberView {
    fn from(m: Member) -> Self {
        GroupMemberView { user_id: m.user_id.as_uuid(), email: m.email, name: m.name, added_at: m.added_at.into() }
    }
}

list_type!(
    /// A page of a group's members.
    GroupMemberList,
    GroupMemberView
);

/// Users to add to a group.
#[derive(Debug, Clone, Object, serde::Deserialize)]
#[oai(deny_unknown_fields, example)]
#[serde(deny_unknown_fields)]
pub struct AddGroupMembers {
    /// 1-1000 users of the institution.
    pub user_ids: Vec<uuid::Uuid>,
}

impl Example for AddGroupMembers {
    fn example() -> Self {
        AddGroupMembers { user_ids: vec![example_ids::LEARNER] }
    }
}

/// What adding members did. New members are enrolled in the group's courses at once (see
/// `GET /v1/groups/{id}/courses` for anyone who could not be).
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct GroupMembersAdded {
    pub added: Vec<uuid::Uuid>,
    /// Already members: nothing changed.
    pub unchanged: Vec<uuid::Uuid>,
}

impl Example for GroupMembersAdded {
    fn example() -> Self {
        GroupMembersAdded { added: vec![example_ids::LEARNER], unchanged: vec![] }
    }
}

impl From<MembersAdded> for GroupMembersAdded {
    fn from(m: MembersAdded) -> Self {
        GroupMembersAdded {
            added: m.added.into_iter().map(|u| u.as_uuid()).collect(),
            unchanged: m.unchanged.into_iter().map(|u| u.as_uuid()).collect(),
        }
    }
}

/// A course to enrol the group in.
#[derive(Debug, Clone, Object, serde::Deserialize)]
#[oai(deny_unknown_fields, example)]
#[serde(deny_unknown_fields)]
pub struct EnrollGroup {
    /// A published course.
    pub course_id: uuid::Uuid,
    /// The due date of the enrollments made through the group.
    pub due_at: Option<DateTime<Utc>>,
}

impl Example for EnrollGroup {
    fn example() -> Self {
        EnrollGroup { course_id: example_ids::COURSE, due_at: Some(example_time("2027-01-31T17:00:00Z")) }
    }
}

/// A member a group's course could not take.
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct NotEnrolledView {
    pub user_id: uuid::Uuid,
    /// `seat_limit_reached`, `user_disabled` or `course_not_published`.
    pub code: String,
    pub message: String,
    pub failed_at: DateTime<Utc>,
}

impl Example for NotEnrolledView {
    fn example() -> Self {
        NotEnrolledView {
            user_id: example_ids::LEARNER,
            code: "seat_limit_reached".into(),
            message: "all 25 seats of the plan are taken; drop a learner or add seats".into(),
            failed_at: example_time("2026-12-02T10:30:00Z"),
        }
    }
}

/// A course the group is enrolled in: members are enrolled, and so is everyone who joins later.
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct GroupCourseView {
    pub group_id: uuid::Uuid,
    pub course_id: uuid::Uuid,
    pub course_title: String,
    pub due_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    /// Members with an active or completed enrollment in the course.
    pub enrolled: i64,
    /// Members who could not be enrolled, and why (at most 200 listed). Enrolling the group in the
    /// course again retries them; leaving the group removes them from this list.
    pub not_enrolled: Vec<NotEnrolledView>,
}

impl Example for GroupCourseView {
    fn example() -> Self {
        GroupCourseView {
            group_id: EXAMPLE_GROUP,
            course_id: example_ids::COURSE,
            course_title: "Safe medication".into(),
            due_at: Some(example_time("2027-01-31T17:00:00Z")),
            created_at: example_time("2026-12-02T10:30:00Z"),
            enrolled: 41,
            not_enrolled: vec![NotEnrolledView::example()],
        }
    }
}

impl From<GroupCourse> for GroupCourseView {
    fn from(g: GroupCourse) -> Self {
        GroupCourseView {
            group_id: g.group_id.as_uuid(),
            course_id: g.course_id.as_uuid(),
            course_title: g.course_title,
            due_at: g.due_at.map(Into::into),
            created_at: g.created_at.into(),
            enrolled: g.enrolled,
            not_enrolled: g
                .not_enrolled
                .into_iter()
                .map(|n| NotEnrolledView {
                    user_id: n.user_id.as_uuid(),
                    code: n.code,
                    message: n.message,
                    failed_at: n.failed_at.into(),
                })
                .collect(),
        }
    }
}

/// The courses a group is enrolled in.
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct GroupCourseList {
    pub items: Vec<GroupCourseView>,
}

impl Example for GroupCourseList {
    fn example() -> Self {
        GroupCourseList { items: vec![GroupCourseView::example()] }
    }
}

#[derive(ApiResponse)]
pub enum GroupListResponse {
    /// A page of groups in creation order.
    #[oai(status = 200)]
    Ok(Json<GroupList>),
}

#[derive(ApiResponse)]
pub enum GroupCreated {
    /// The group exists.
    #[oai(status = 201)]
    Created(Json<GroupView>, #[oai(header = "Location")] String, #[oai(header = "ETag")] String),
}

#[derive(ApiResponse)]
pub enum GroupResponse {
    #[oai(status = 200)]
    Ok(Json<GroupView>, #[oai(header = "ETag")] String),
}

#[derive(ApiResponse)]
pub enum GroupMemberListResponse {
    /// A page of members in user id order.
    #[oai(status = 200)]
    Ok(Json<GroupMemberList>),
}

#[derive(ApiResponse)]
pub enum GroupMembersAddedResponse {
    #[oai(status = 200)]
    Ok(Json<GroupMembersAdded>),
}

#[derive(ApiResponse)]
pub enum GroupCourseResponse {
    /// The group is enrolled; `not_enrolled` lists anyone who could not be.
    #[oai(status = 200)]
    Ok(Json<GroupCourseView>),
}

#[derive(ApiResponse)]
pub enum GroupCourseListResponse {
    #[oai(status = 200)]
    Ok(Json<GroupCourseList>),
}

fn group_response(g: Group) -> GroupResponse {
    let tag = etag(g.version);
    GroupResponse::Ok(Json(g.into()), tag)
}

#[OpenApi(tag = "Tag::Users")]
impl GroupsApi {
    /// List groups
    ///
    /// The institution's groups in creation order. Needs `users:read`.
    #[oai(path = "/groups", method = "get", operation_id = "group_list")]
    async fn group_list(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        /// Page size, 1-200 (default 50).
        limit: Query<Option<i64>>,
        /// `next_cursor` of the previous page.
        cursor: Query<Option<String>>,
        /// Only the group with this external id.
        external_id: Query<Option<String>>,
        /// Only groups with this name (case-insensitive).
        name: Query<Option<String>>,
    ) -> Result<GroupListResponse, ApiError> {
        let page = PageRequest::new(limit.0, cursor.0.as_deref())?;
        let filter = GroupFilter { external_id: external_id.0, name: name.0 };
        let page = groups::list_groups(&state.core, &auth.0, filter, page).await?;
        Ok(GroupListResponse::Ok(Json(page.map(GroupView::from).into())))
    }

    /// Create a group
    ///
    /// Needs `users:write`. 409 `external_id_taken` if another group has the external id.
    #[oai(path = "/groups", method = "post", operation_id = "group_create")]
    async fn group_create(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        /// Makes a retry safe: the same key and body within 24 h replay the first response.
        #[oai(name = "Idempotency-Key")]
        _idempotency_key: crate::http::idempotency::IdempotencyKey,
        body: JsonBody<CreateGroup>,
    ) -> Result<GroupCreated, ApiError> {
        let b = body.0;
        let members = b.user_ids.unwrap_or_default().into_iter().map(Into::into).collect();
        let g = groups::create(&state.core, &auth.0, &b.name, b.external_id, members).await?;
        let location = format!("/v1/groups/{}", g.id);
        let tag = etag(g.version);
        Ok(GroupCreated::Created(Json(g.into()), location, tag))
    }

    /// View a group
    ///
    /// Needs `users:read`.
    #[oai(path = "/groups/:id", method = "get", operation_id = "group_view")]
    async fn group_view(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<GroupResponse, ApiError> {
        Ok(group_response(groups::view(&state.core, &auth.0, id.0.into()).await?))
    }

    /// Update a group
    ///
    /// Renames the group or changes its external id. With `If-Match`, a stale version is 412. Needs
    /// `users:write`.
    #[oai(path = "/groups/:id", method = "patch", operation_id = "group_update")]
    async fn group_update(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        /// The `ETag` you last saw; the update fails with 412 if the group changed since.
        #[oai(name = "If-Match")]
        if_match: IfMatch,
        body: JsonBody<UpdateGroup>,
    ) -> Result<GroupResponse, ApiError> {
        let b = body.0;
        let external_id = match b.external_id {
            MaybeUndefined::Undefined => None,
            MaybeUndefined::Null => Some(None),
            MaybeUndefined::Value(x) => Some(Some(x)),
        };
        let g = groups::update(&state.core, &auth.0, id.0.into(), b.name, external_id, if_match.0).await?;
        Ok(group_response(g))
    }

    /// Delete a group
    ///
    /// Enrollments made through the group stay. Needs `users:write`.
    #[oai(path = "/groups/:id", method = "delete", operation_id = "group_delete")]
    async fn group_delete(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<NoContent, ApiError> {
        groups::remove(&state.core, &auth.0, id.0.into()).await?;
        Ok(NoContent::Done)
    }

    /// List a group's members
    ///
    /// Needs `users:read`.
    #[oai(path = "/groups/:id/members", method = "get", operation_id = "group_member_list")]
    async fn group_member_list(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        /// Page size, 1-200 (default 50).
        limit: Query<Option<i64>>,
        /// `next_cursor` of the previous page.
        cursor: Query<Option<String>>,
    ) -> Result<GroupMemberListResponse, ApiError> {
        let page = PageRequest::new(limit.0, cursor.0.as_deref())?;
        let page = groups::list_members(&state.core, &auth.0, id.0.into(), page).await?;
        Ok(GroupMemberListResponse::Ok(Json(page.map(GroupMemberView::from).into())))
    }

    /// Add members to a group
    ///
    /// Adds 1-1000 users; members already in the group are left as they are. New members are enrolled
    /// in the group's courses in the same transaction. Needs `users:write`; an unknown user is 400.
    #[oai(path = "/groups/:id/members", method = "post", operation_id = "group_member_add")]
    async fn group_member_add(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        body: JsonBody<AddGroupMembers>,
    ) -> Result<GroupMembersAddedResponse, ApiError> {
        let users = body.0.user_ids.into_iter().map(Into::into).collect();
        let added = groups::add(&state.core, &auth.0, id.0.into(), users).await?;
        Ok(GroupMembersAddedResponse::Ok(Json(added.into())))
    }

    /// Remove a member from a group
    ///
    /// Their enrollments stay. Needs `users:write`.
    #[oai(path = "/groups/:id/members/:user_id", method = "delete", operation_id = "group_member_remove")]
    async fn group_member_remove(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        user_id: Path<uuid::Uuid>,
    ) -> Result<NoContent, ApiError> {
        groups::remove_member(&state.core, &auth.0, id.0.into(), user_id.0.into()).await?;
        Ok(NoContent::Done)
    }

    /// List a group's courses
    ///
    /// The courses the group is enrolled in, with how many members are enrolled and who could not be.
    /// Needs `enrollments:read`.
    #[oai(path = "/groups/:id/courses", method = "get", operation_id = "group_course_list")]
    async fn group_course_list(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<GroupCourseListResponse, ApiError> {
        let items = group_courses::list_group_courses(&state.core, &auth.0, id.0.into()).await?;
        Ok(GroupCourseListResponse::Ok(Json(GroupCourseList { items: items.into_iter().map(Into::into).collect() })))
    }

    /// Enrol a group in a course
    ///
    /// Enrols every member now and everyone who joins the group later, by the rules of every enrollment
    /// (a published course, an enabled user, a free seat). Members who could not be enrolled are listed
    /// in `not_enrolled`; enrolling the group again retries them (and sets the due date). Needs
    /// `enrollments:write`.
    #[oai(path = "/groups/:id/courses", method = "post", operation_id = "group_course_enroll")]
    async fn group_course_enroll(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        body: JsonBody<EnrollGroup>,
    ) -> Result<GroupCourseResponse, ApiError> {
        let b = body.0;
        let link = group_courses::enroll_group(
            &state.core,
            &auth.0,
            id.0.into(),
            b.course_id.into(),
            b.due_at.map(Into::into),
        )
        .await?;
        Ok(GroupCourseResponse::Ok(Json(link.into())))
    }

    /// Stop enrolling a group in a course
    ///
    /// New members are no longer enrolled in the course; existing enrollments stay. Needs
    /// `enrollments:write`.
    #[oai(path = "/groups/:id/courses/:course_id", method = "delete", operation_id = "group_course_unlink")]
    async fn group_course_unlink(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        course_id: Path<uuid::Uuid>,
    ) -> Result<NoContent, ApiError> {
        group_courses::unlink(&state.core, &auth.0, id.0.into(), course_id.0.into()).await?;
        Ok(NoContent::Done)
    }
}
