//! Rubrics: criteria with levels (points per level), owned by a course and attached to its
//! assignments. A grade keeps the levels it selected as they were (description and points), so changing
//! a rubric later changes no grade given with it.

use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use super::queries::{get_course, lock_for_edit};
use crate::{
    audit,
    core::Core,
    db::{
        schema::{lessons, rubrics},
        types::{CourseId, RubricId, TenantId, Timestamp},
        TenantTx,
    },
    error::{has_unsafe_chars, Error, Result, Validator},
    identity::permissions::Permission,
    pagination::{Page, PageRequest},
    scope::TenantScope,
    with_conn,
};

pub const MAX_CRITERIA: usize = 50;
pub const MAX_LEVELS: usize = 10;
pub const MAX_TEXT_CHARS: usize = 2000;

/// One level of a criterion (for example "Excellent", 10 points).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Level {
    /// Stable within the criterion; assigned when not given.
    #[serde(default)]
    pub id: String,
    pub description: String,
    pub points: f64,
}

/// One criterion of a rubric, with its levels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Criterion {
    /// Stable within the rubric; assigned when not given.
    #[serde(default)]
    pub id: String,
    pub description: String,
    #[serde(default)]
    pub long_description: Option<String>,
    pub levels: Vec<Level>,
}

impl Criterion {
    /// The most points this criterion gives.
    pub fn max_points(&self) -> f64 {
        self.levels.iter().map(|l| l.points).fold(0.0, f64::max)
    }
}

/// A rubric.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rubric {
    pub id: RubricId,
    pub course_id: CourseId,
    pub title: String,
    pub criteria: Vec<Criterion>,
    /// The sum of each criterion's highest level.
    pub points_possible: f64,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub version: i64,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = rubrics)]
struct RubricRow {
    tenant_id: TenantId,
    id: RubricId,
    course_id: CourseId,
    title: String,
    criteria: String,
    points_possible: f64,
    created_at: Timestamp,
    updated_at: Timestamp,
    version: i64,
}

crate::tenant_rows!(RubricRow);

impl TryFrom<RubricRow> for Rubric {
    type Error = Error;
    fn try_from(r: RubricRow) -> Result<Self> {
        let criteria = serde_json::from_str(&r.criteria)
            .map_err(|e| crate::error::corrupt(format!("rubric {} has unreadable criteria: {e}", r.id)))?;
        Ok(Rubric {
            id: r.id,
            course_id: r.course_id,
            title: r.title,
            criteria,
            points_possible: r.points_possible,
            created_at: r.created_at,
            updated_at: r.updated_at,
            version: r.version,
        })
    }
}

fn text(v: &mut Validator, field: &str, t: &str) {
    if t.trim().is_empty() || t.chars().count() > MAX_TEXT_CHARS || has_unsafe_chars(t) {
        v.push(field, format!("must be 1-{MAX_TEXT_CHARS} characters without control characters"));
    }
}

/// Checks criteria and gives every criterion and level without an id one; answers the points possible.
pub fn check_criteria(v: &mut Validator, criteria: &mut [Criterion]) -> f64 {
    if criteria.is_empty() || criteria.len() > MAX_CRITERIA {
        v.push("criteria", format!("must list 1-{MAX_CRITERIA} criteria"));
    }
    let mut seen = std::collections::HashSet::new();
    for (i, c) in criteria.iter_mut().enumerate() {
        text(v, &format!("criteria.{i}.description"), &c.description);
        if let Some(l) = &c.long_description {
            if l.chars().count() > 10 * MAX_TEXT_CHARS {
                v.push(&format!("criteria.{i}.long_description"), "is too long");
            }
        }
        if c.id.is_empty() {
            c.id = format!("c{}", i + 1);
        }
        if !seen.insert(c.id.clone()) || c.id.len() > 64 {
            v.push(&format!("criteria.{i}.id"), "must be unique in the rubric (at most 64 characters)");
        }
        if c.levels.is_empty() || c.levels.len() > MAX_LEVELS {
            v.push(&format!("criteria.{i}.levels"), format!("must list 1-{MAX_LEVELS} levels"));
        }
        let mut level_ids = std::collections::HashSet::new();
        for (j, l) in c.levels.iter_mut().enumerate() {
            text(v, &format!("criteria.{i}.levels.{j}.description"), &l.description);
            if !(l.points.is_finite() && (0.0..=super::content::MAX_POINTS).contains(&l.points)) {
                v.push(&format!("criteria.{i}.levels.{j}.points"), "must be between 0 and 10000");
            }
            l.points = super::content::round2(l.points);
            if l.id.is_empty() {
                l.id = format!("l{}", j + 1);
            }
            if !level_ids.insert(l.id.clone()) || l.id.len() > 64 {
                v.push(&format!("criteria.{i}.levels.{j}.id"), "must be unique in the criterion");
            }
        }
    }
    super::content::round2(criteria.iter().map(Criterion::max_points).sum())
}

/// The course a rubric belongs to (`None` when there is no such rubric).
pub fn course_of(tx: &mut TenantTx<'_>, id: RubricId) -> Result<Option<CourseId>> {
    let t = tx.tenant();
    Ok(with_conn!(tx, |c| t
        .scoped(rubrics::table)
        .filter(rubrics::id.eq(id))
        .select(rubrics::course_id)
        .first(c)
        .optional())?)
}

/// One rubric (404 when there is none).
pub fn get(tx: &mut TenantTx<'_>, id: RubricId) -> Result<Rubric> {
    let t = tx.tenant();
    with_conn!(tx, |c| t.scoped(rubrics::table).filter(rubrics::id.eq(id)).select(RubricRow::as_select()).first(c))
        .map_err(crate::error::not_found("rubric"))?
        .try_into()
}

/// A course's rubrics (`courses:read`), in creation order.
pub async fn list(core: &Core, scope: &TenantScope, course: CourseId, page: PageRequest) -> Result<Page<Rubric>> {
    core.db
        .read(scope, Permission::CoursesRead, move |tx| {
            get_course(tx, course)?;
            let t = tx.tenant();
            let rows: Vec<RubricRow> = with_conn!(tx, |c| {
                let mut q = t
                    .scoped(rubrics::table)
                    .filter(rubrics::course_id.eq(course))
                    .order(rubrics::id.asc())
                    .limit(page.limit + 1)
                    .select(RubricRow::as_select())
                    .into_boxed();
                if let Some(after) = page.after {
                    q = q.filter(rubrics::id.gt(RubricId(after)));
                }
                q.load(c)
            })?;
            Page::from_rows(rows, page, |r| r.id.0).try_map(Rubric::try_from)
        })
        .await
}

/// One rubric (`courses:read`).
pub async fn view(core: &Core, scope: &TenantScope, id: RubricId) -> Result<Rubric> {
    core.db.read(scope, Permission::CoursesRead, move |tx| get(tx, id)).await
}

/// Creates a rubric in a course (instructors of the course, admins).
pub async fn create(
    core: &Core,
    scope: &TenantScope,
    course: CourseId,
    title: String,
    mut criteria: Vec<Criterion>,
) -> Result<Rubric> {
    let mut v = Validator::new();
    text(&mut v, "title", &title);
    let points_possible = check_criteria(&mut v, &mut criteria);
    v.finish()?;
    core.db
        .write(scope, Permission::CoursesWrite, move |tx| {
            lock_for_edit(tx, course)?;
            let now = Timestamp::now();
            let mut row = RubricRow {
                tenant_id: tx.tenant_id(),
                id: RubricId::new(),
                course_id: course,
                title: title.trim().to_string(),
                criteria: serde_json::to_string(&criteria).map_err(Error::internal)?,
                points_possible,
                created_at: now,
                updated_at: now,
                version: 1,
            };
            let t = tx.tenant();
            with_conn!(tx, |c| diesel::insert_into(rubrics::table).values(t.stamp(&mut row)).execute(c))?;
            audit::record(
                tx,
                "rubric.created",
                Some(("rubric", row.id.to_string())),
                serde_json::json!({ "course_id": course, "title": row.title }),
            )?;
            row.try_into()
        })
        .await
}

/// Changes a rubric's title or criteria; grades already given keep what they selected.
pub async fn update(
    core: &Core,
    scope: &TenantScope,
    id: RubricId,
    title: Option<String>,
    criteria: Option<Vec<Criterion>>,
    expected_version: Option<i64>,
) -> Result<Rubric> {
    let mut v = Validator::new();
    if let Some(t) = &title {
        text(&mut v, "title", t);
    }
    let mut criteria = criteria;
    let points = criteria.as_mut().map(|c| check_criteria(&mut v, c));
    v.finish()?;
    core.db
        .write(scope, Permission::CoursesWrite, move |tx| {
            let current = get(tx, id)?;
            lock_for_edit(tx, current.course_id)?;
            if let Some(v) = expected_version.filter(|v| *v != current.version) {
                return Err(Error::PreconditionFailed {
                    message: format!("the rubric changed since version {v} (now {}); fetch it again", current.version),
                });
            }
            let title = title.map(|t| t.trim().to_string()).unwrap_or(current.title);
            let criteria = criteria.unwrap_or(current.criteria);
            let t = tx.tenant();
            with_conn!(tx, |c| diesel::update(t.scoped(rubrics::table).filter(rubrics::id.eq(id)))
                .set((
                    rubrics::title.eq(&title),
                    rubrics::criteria.eq(serde_json::to_string(&criteria).unwrap_or_default()),
                    rubrics::points_possible.eq(points.unwrap_or(current.points_possible)),
                    rubrics::updated_at.eq(Timestamp::now()),
                    rubrics::version.eq(rubrics::version + 1),
                ))
                .execute(c))?;
            audit::record(
                tx,
                "rubric.updated",
                Some(("rubric", id.to_string())),
                serde_json::json!({ "title": title }),
            )?;
            get(tx, id)
        })
        .await
}

/// Deletes a rubric no assignment uses (409 `rubric_in_use` otherwise).
pub async fn delete(core: &Core, scope: &TenantScope, id: RubricId) -> Result<()> {
    core.db
        .write(scope, Permission::CoursesWrite, move |tx| {
            let current = get(tx, id)?;
            lock_for_edit(tx, current.course_id)?;
            let t = tx.tenant();
            let settings: Vec<Option<String>> = with_conn!(tx, |c| t
                .scoped(lessons::table)
                .filter(lessons::course_id.eq(current.course_id))
                .filter(lessons::kind.eq("assignment"))
                .select(lessons::assignment)
                .load(c))?;
            let needle = format!("\"rubric_id\":\"{id}\"");
            if settings.iter().flatten().any(|s| s.contains(&needle)) {
                return Err(Error::Conflict {
                    code: "rubric_in_use",
                    field: None,
                    message: "assignments use this rubric; detach it from them first".into(),
                });
            }
            with_conn!(tx, |c| diesel::delete(t.scoped(rubrics::table).filter(rubrics::id.eq(id))).execute(c))?;
            audit::record(tx, "rubric.deleted", Some(("rubric", id.to_string())), serde_json::json!({}))?;
            Ok(())
        })
        .await
}
