//! Course queries and writes: create, view, outline, list, update, publish, archive, delete.

use crate::scope::Need;
use std::collections::HashMap;

use diesel::prelude::*;

pub use super::input::CourseInput;
use super::input::{slug_conflict, slugify, validate_input};
use super::{
    cache::Cached, content, not_found, Audience, Course, CourseStatus, Lesson, Module, ModuleOutline, Outline,
};
use crate::{
    audit,
    db::{
        schema::{course_modules, courses, lessons},
        types::{AssignmentGroupId, CourseId, FileId, LessonId, LtiToolId, ModuleId, TenantId, Timestamp},
        TenantTx,
    },
    error::{Error, Result},
    identity::{permissions::Permission, users::like_pattern},
    invalidation::{self, Invalidation},
    pagination::{Page, PageRequest},
    scope::TenantScope,
    with_conn, Core,
};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, serde::Serialize, serde::Deserialize)]
#[diesel(table_name = courses)]
pub(crate) struct CourseRow {
    pub tenant_id: TenantId,
    pub id: CourseId,
    pub slug: String,
    pub title: String,
    pub description: String,
    pub status: CourseStatus,
    pub version: i64,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub published_at: Option<Timestamp>,
    pub archived_at: Option<Timestamp>,
    pub external_id: Option<String>,
}

impl TryFrom<CourseRow> for Course {
    type Error = Error;
    fn try_from(r: CourseRow) -> Result<Self> {
        Ok(Course {
            status: r.status,
            id: r.id,
            slug: r.slug,
            title: r.title,
            description: r.description,
            version: r.version,
            created_at: r.created_at,
            updated_at: r.updated_at,
            published_at: r.published_at,
            archived_at: r.archived_at,
            external_id: r.external_id,
        })
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, serde::Serialize, serde::Deserialize)]
#[diesel(table_name = course_modules)]
pub(crate) struct ModuleRow {
    pub tenant_id: TenantId,
    pub id: ModuleId,
    pub course_id: CourseId,
    pub title: String,
    pub position: i32,
    pub version: i64,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl From<ModuleRow> for Module {
    fn from(r: ModuleRow) -> Self {
        Module {
            id: r.id,
            course_id: r.course_id,
            title: r.title,
            position: r.position,
            version: r.version,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset, serde::Serialize, serde::Deserialize)]
#[diesel(table_name = lessons, treat_none_as_null = true)]
pub(crate) struct LessonRow {
    /// Never changed by an update (Citus refuses to change a distribution column, even to itself).
    #[diesel(skip_update)]
    pub tenant_id: TenantId,
    pub id: LessonId,
    pub course_id: CourseId,
    pub module_id: ModuleId,
    pub title: String,
    pub kind: String,
    pub position: i32,
    pub required: bool,
    pub body: Option<String>,
    pub url: Option<String>,
    pub duration_seconds: Option<i32>,
    pub size_bytes: Option<i64>,
    pub media_type: Option<String>,
    pub quiz: Option<String>,
    pub version: i64,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub assignment: Option<String>,
    pub assignment_group_id: Option<AssignmentGroupId>,
    #[serde(default)]
    pub file_id: Option<FileId>,
    #[serde(default)]
    pub lti_tool_id: Option<LtiToolId>,
    #[serde(default)]
    pub lti: Option<String>,
    #[serde(default)]
    pub cmi5: Option<String>,
}

impl TryFrom<LessonRow> for Lesson {
    type Error = Error;
    fn try_from(r: LessonRow) -> Result<Self> {
        Ok(Lesson {
            id: r.id,
            course_id: r.course_id,
            module_id: r.module_id,
            title: r.title,
            kind: r.kind,
            position: r.position,
            required: r.required,
            content: content::Content {
                body: r.body,
                url: r.url,
                file_id: r.file_id,
                duration_seconds: r.duration_seconds,
                size_bytes: r.size_bytes,
                media_type: r.media_type,
                quiz: match r.quiz {
                    Some(q) => {
                        Some(serde_json::from_str(&q).map_err(|e| {
                            crate::error::corrupt(format!("lesson {} has an unreadable quiz: {e}", r.id))
                        })?)
                    }
                    None => None,
                },
                assignment: match r.assignment {
                    Some(a) => Some(serde_json::from_str(&a).map_err(|e| {
                        crate::error::corrupt(format!("lesson {} has unreadable assignment settings: {e}", r.id))
                    })?),
                    None => None,
                },
                lti: content::LtiContent::from_columns(r.id, r.lti_tool_id, r.lti.as_deref())?,
                cmi5: content::Cmi5Content::from_column(r.id, r.cmi5.as_deref())?,
            },
            assignment_group_id: r.assignment_group_id,
            version: r.version,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

/// The course row, locked for the rest of the transaction on PostgreSQL (structure edits of one
/// course are serialised; SQLite serialises all writers anyway).
pub(crate) fn lock_course(tx: &mut TenantTx<'_>, id: CourseId) -> Result<Course> {
    let tenant = tx.tenant();
    let q = tenant.scoped(courses::table).filter(courses::id.eq(id));
    let row: CourseRow = match crate::db::HasConn::conn(tx) {
        crate::db::AnyConn::Pg(c) => q.select(CourseRow::as_select()).for_update().first(c),
        crate::db::AnyConn::Sqlite(c) => q.select(CourseRow::as_select()).first(c),
    }
    .map_err(not_found("course"))?;
    row.try_into()
}

/// Bumps the course's version and `updated_at` (its outline changed).
/// Locks a course the transaction's scope is about to change: 404 when it does not exist, 403 unless
/// the scope may edit it (see `identity::staff::authorize`).
pub(crate) fn lock_for_edit(tx: &mut TenantTx<'_>, id: CourseId) -> Result<Course> {
    let course = lock_course(tx, id)?;
    crate::identity::staff::authorize(tx, id, crate::identity::staff::CourseRight::Edit)?;
    Ok(course)
}

pub(crate) fn touch_course(tx: &mut TenantTx<'_>, id: CourseId) -> Result<()> {
    let tenant = tx.tenant();
    with_conn!(tx, |c| diesel::update(tenant.scoped(courses::table).filter(courses::id.eq(id)))
        .set((courses::version.eq(courses::version + 1), courses::updated_at.eq(Timestamp::now())))
        .execute(c))?;
    Ok(())
}

pub(crate) fn get_course(tx: &mut TenantTx<'_>, id: CourseId) -> Result<Course> {
    let tenant = tx.tenant();
    let row: CourseRow = with_conn!(tx, |c| tenant
        .scoped(courses::table)
        .filter(courses::id.eq(id))
        .select(CourseRow::as_select())
        .first(c))
    .map_err(not_found("course"))?;
    row.try_into()
}

/// Forgets `course` in every process's catalog cache once the transaction commits (this process at
/// once, an effect of the transaction; others through `invalidations`).
pub(crate) fn announce(tx: &mut TenantTx<'_>, course: CourseId) -> Result<()> {
    let tenant = tx.tenant();
    invalidation::publish(tx, &Invalidation::Course(tenant.id(), course))
}

fn visible(course: &Course, audience: Audience) -> bool {
    audience == Audience::Staff || course.status == CourseStatus::Published
}

/// Creates a draft course.
pub async fn create(core: &Core, scope: &TenantScope, input: CourseInput) -> Result<Course> {
    scope.require(Permission::CoursesWrite)?;
    validate_input(&input, true)?;
    let title = input.title.unwrap_or_default().trim().to_string();
    let slug = input.slug.unwrap_or_else(|| slugify(&title));
    let new = NewCourse {
        title,
        slug,
        description: input.description.unwrap_or_default(),
        external_id: input.external_id.flatten(),
    };
    core.db.write(scope, Permission::CoursesWrite, move |tx| insert_course(tx, new)).await
}

/// A validated draft course to insert.
pub(crate) struct NewCourse {
    pub title: String,
    pub slug: String,
    pub description: String,
    pub external_id: Option<String>,
}

impl NewCourse {
    /// A course titled `title` (its slug made from it), checked as `create` checks one.
    pub(crate) fn titled(title: &str, description: &str) -> Result<NewCourse> {
        let input = CourseInput {
            title: Some(title.to_string()),
            description: Some(description.to_string()),
            ..CourseInput::default()
        };
        validate_input(&input, true)?;
        let title = title.trim().to_string();
        Ok(NewCourse { slug: slugify(&title), title, description: description.to_string(), external_id: None })
    }
}

/// Inserts a draft course in the caller's transaction (the plan's course limit checked; an
/// instructor who creates a course teaches it; the change announced).
pub(crate) fn insert_course(tx: &mut TenantTx<'_>, new: NewCourse) -> Result<Course> {
    let NewCourse { title, slug, description, external_id } = new;
    crate::entitlements::check_course_limit(tx)?;
    let creator = tx.scope().teaching_as();
    let now = Timestamp::now();
    let mut row = CourseRow {
        tenant_id: tx.tenant_id(),
        id: CourseId::new(),
        slug: slug.clone(),
        title,
        description,
        status: CourseStatus::Draft,
        version: 1,
        created_at: now,
        updated_at: now,
        published_at: None,
        archived_at: None,
        external_id,
    };
    let ours = tx.tenant();
    with_conn!(tx, |c| diesel::insert_into(courses::table).values(ours.stamp(&mut row)).execute(c))
        .map_err(|e| slug_conflict(e, &slug))?;
    audit::record(
        tx,
        "course.created",
        Some(("course", row.id.to_string())),
        serde_json::json!({ "title": row.title }),
    )?;
    // An instructor who creates a course teaches it (and so may change it).
    if let Some(user) = creator {
        crate::identity::staff::insert(tx, row.id, user, crate::identity::staff::StaffRole::Instructor)?;
    }
    announce(tx, row.id)?;
    Course::try_from(row)
}

/// One course as the caller may see it (cached).
pub async fn view(core: &Core, scope: &TenantScope, id: CourseId) -> Result<std::sync::Arc<Cached<Course>>> {
    let audience = Audience::of(scope)?;
    let (db, scope2) = (core.db.clone(), scope.clone());
    core.catalog()
        .view((scope.tenant_id(), id, audience), async move {
            let course = db.read(&scope2, Need::Identified, move |tx| get_course(tx, id)).await?;
            if visible(&course, audience) {
                Ok(course)
            } else {
                Err(Error::NotFound { resource: "course" })
            }
        })
        .await
}

/// A course with its modules and lessons in order, in a fixed three queries whatever its size (cached).
pub async fn outline(core: &Core, scope: &TenantScope, id: CourseId) -> Result<std::sync::Arc<Cached<Outline>>> {
    let audience = Audience::of(scope)?;
    let (db, scope2) = (core.db.clone(), scope.clone());
    core.catalog()
        .outline((scope.tenant_id(), id, audience), async move {
            db.read(&scope2, Need::Identified, move |tx| {
                let course = get_course(tx, id)?;
                if !visible(&course, audience) {
                    return Err(Error::NotFound { resource: "course" });
                }
                let tenant = tx.tenant();
                let modules: Vec<ModuleRow> = with_conn!(tx, |c| tenant
                    .scoped(course_modules::table)
                    .filter(course_modules::course_id.eq(id))
                    .order(course_modules::position.asc())
                    .select(ModuleRow::as_select())
                    .load(c))?;
                let rows: Vec<LessonRow> = with_conn!(tx, |c| tenant
                    .scoped(lessons::table)
                    .filter(lessons::course_id.eq(id))
                    .order((lessons::module_id.asc(), lessons::position.asc()))
                    .select(LessonRow::as_select())
                    .load(c))?;
                let mut by_module: HashMap<ModuleId, Vec<Lesson>> = HashMap::new();
                for r in rows {
                    by_module.entry(r.module_id).or_default().push(Lesson::try_from(r)?.for_audience(audience));
                }
                let modules = modules
                    .into_iter()
                    .map(|m| {
                        let lessons = by_module.remove(&m.id).unwrap_or_default();
                        ModuleOutline { module: m.into(), lessons }
                    })
                    .collect();
                Ok(Outline { course, modules })
            })
            .await
        })
        .await
}

/// Filters for [`list`].
#[derive(Debug, Clone, Default)]
pub struct CourseFilter {
    pub status: Option<CourseStatus>,
    /// Case-insensitive part of the title.
    pub q: Option<String>,
    pub updated_since: Option<Timestamp>,
    /// Exactly this external id.
    pub external_id: Option<String>,
}

/// The catalog: courses in creation order (learners: published only), cached per filter and page.
pub async fn list(
    core: &Core,
    scope: &TenantScope,
    filter: CourseFilter,
    page: PageRequest,
) -> Result<std::sync::Arc<Cached<Page<Course>>>> {
    let audience = Audience::of(scope)?;
    let status = match audience {
        Audience::Learner if filter.status.is_some_and(|s| s != CourseStatus::Published) => {
            return core.catalog().uncached(Page { items: vec![], next_cursor: None })
        }
        Audience::Learner => Some(CourseStatus::Published),
        Audience::Staff => filter.status,
    };
    let key = format!(
        "{}|{:?}|{}|{}|{}|{:?}",
        status.map(|s| s.as_str()).unwrap_or(""),
        filter.external_id,
        filter.q.as_deref().unwrap_or(""),
        filter.updated_since.map(|t| t.to_string()).unwrap_or_default(),
        page.limit,
        page.after
    );
    let (db, scope2) = (core.db.clone(), scope.clone());
    core.catalog()
        .list((scope.tenant_id(), audience, key), async move {
            db.read_replica(&scope2, Need::Identified, move |tx| {
                let tenant = tx.tenant();
                let rows: Vec<CourseRow> = with_conn!(tx, |c| {
                    let mut q = tenant
                        .scoped(courses::table)
                        .select(CourseRow::as_select())
                        .order(courses::id.asc())
                        .limit(page.limit + 1)
                        .into_boxed();
                    if let Some(after) = page.after {
                        q = q.filter(courses::id.gt(CourseId(after)));
                    }
                    if let Some(s) = status {
                        q = q.filter(courses::status.eq(s.as_str()));
                    }
                    if let Some(text) = &filter.q {
                        q = q.filter(
                            crate::identity::users::lower(courses::title).like(like_pattern(text)).escape('\\'),
                        );
                    }
                    if let Some(t) = filter.updated_since {
                        q = q.filter(courses::updated_at.ge(t));
                    }
                    if let Some(x) = &filter.external_id {
                        q = q.filter(courses::external_id.eq(x));
                    }
                    q.load(c)
                })?;
                let courses = rows.into_iter().map(Course::try_from).collect::<Result<Vec<_>>>()?;
                Ok(Page::from_rows(courses, page, |c| c.id.0))
            })
            .await
        })
        .await
}

/// Changes title, description or slug; `expected_version` gives 412 on a stale write.
pub async fn update(
    core: &Core,
    scope: &TenantScope,
    id: CourseId,
    input: CourseInput,
    expected_version: Option<i64>,
) -> Result<Course> {
    scope.require(Permission::CoursesWrite)?;
    validate_input(&input, false)?;
    let course = core
        .db
        .write(scope, Permission::CoursesWrite, move |tx| {
            let current = lock_for_edit(tx, id)?;
            if let Some(v) = expected_version.filter(|v| *v != current.version) {
                return Err(Error::PreconditionFailed {
                    message: format!("the course changed since version {v} (now {}); fetch it again", current.version),
                });
            }
            let tenant = tx.tenant();
            let title = input.title.map(|t| t.trim().to_string()).unwrap_or(current.title);
            let description = input.description.unwrap_or(current.description);
            let slug = input.slug.unwrap_or(current.slug);
            let external_id = input.external_id.unwrap_or(current.external_id);
            with_conn!(tx, |c| diesel::update(tenant.scoped(courses::table).filter(courses::id.eq(id)))
                .set((
                    courses::title.eq(&title),
                    courses::description.eq(&description),
                    courses::slug.eq(&slug),
                    courses::external_id.eq(&external_id),
                    courses::version.eq(courses::version + 1),
                    courses::updated_at.eq(Timestamp::now()),
                ))
                .execute(c))
            .map_err(|e| slug_conflict(e, &slug))?;
            audit::record(tx, "course.updated", Some(("course", id.to_string())), serde_json::json!({}))?;
            announce(tx, id)?;
            get_course(tx, id)
        })
        .await?;
    Ok(course)
}

fn set_status(tx: &mut TenantTx<'_>, id: CourseId, status: CourseStatus) -> Result<Course> {
    let tenant = tx.tenant();
    let now = Timestamp::now();
    let target = tenant.scoped(courses::table).filter(courses::id.eq(id));
    with_conn!(tx, |c| diesel::update(target)
        .set((
            courses::status.eq(status.as_str()),
            courses::version.eq(courses::version + 1),
            courses::updated_at.eq(now)
        ))
        .execute(c))?;
    match status {
        CourseStatus::Published => {
            with_conn!(tx, |c| diesel::update(target).set(courses::published_at.eq(Some(now))).execute(c))?
        }
        CourseStatus::Archived => {
            with_conn!(tx, |c| diesel::update(target).set(courses::archived_at.eq(Some(now))).execute(c))?
        }
        CourseStatus::Draft => 0,
    };
    audit::record(tx, &format!("course.{}", status.as_str()), Some(("course", id.to_string())), serde_json::json!({}))?;
    announce(tx, id)?;
    get_course(tx, id)
}

/// Publishes a course that has at least one lesson (409 `course_empty` otherwise).
pub async fn publish(core: &Core, scope: &TenantScope, id: CourseId) -> Result<Course> {
    let course = core
        .db
        .write(scope, Permission::CoursesWrite, move |tx| {
            lock_for_edit(tx, id)?;
            let tenant = tx.tenant();
            let lessons: i64 = with_conn!(tx, |c| tenant
                .scoped(lessons::table)
                .filter(lessons::course_id.eq(id))
                .count()
                .get_result(c))?;
            if lessons == 0 {
                return Err(Error::Conflict {
                    code: "course_empty",
                    field: None,
                    message: "a course needs at least one module with a lesson before it can be published".into(),
                });
            }
            set_status(tx, id, CourseStatus::Published)
        })
        .await?;
    Ok(course)
}

/// Archives a course: learners no longer see it; its data stays.
pub async fn archive(core: &Core, scope: &TenantScope, id: CourseId) -> Result<Course> {
    let course = core
        .db
        .write(scope, Permission::CoursesWrite, move |tx| {
            lock_for_edit(tx, id)?;
            set_status(tx, id, CourseStatus::Archived)
        })
        .await?;
    Ok(course)
}

/// Deletes a draft course with its modules and lessons; a course that was ever published is archived
/// instead, so nothing learners did is lost.
pub async fn delete(core: &Core, scope: &TenantScope, id: CourseId) -> Result<()> {
    core.db
        .write(scope, Permission::CoursesWrite, move |tx| {
            let course = lock_for_edit(tx, id)?;
            if course.status == CourseStatus::Draft && course.published_at.is_none() {
                let tenant = tx.tenant();
                with_conn!(tx, |c| diesel::delete(tenant.scoped(courses::table).filter(courses::id.eq(id)))
                    .execute(c))?;
                audit::record(
                    tx,
                    "course.deleted",
                    Some(("course", id.to_string())),
                    serde_json::json!({ "title": course.title }),
                )?;
                announce(tx, id)?;
            } else if course.status != CourseStatus::Archived {
                set_status(tx, id, CourseStatus::Archived)?;
            }
            Ok(())
        })
        .await?;
    Ok(())
}

crate::tenant_rows!(CourseRow, ModuleRow, LessonRow);
