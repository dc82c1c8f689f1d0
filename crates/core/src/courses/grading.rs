//! How a course grades: assignment groups (weighted categories of its quizzes and assignments) and the
//! letter-grade scale.

use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use super::queries::{get_course, lock_for_edit};
use crate::{
    audit,
    core::Core,
    db::{
        schema::{assignment_groups, courses, lessons},
        types::{AssignmentGroupId, CourseId, TenantId, Timestamp},
        TenantTx,
    },
    error::{has_unsafe_chars, Error, Result, Validator},
    identity::permissions::Permission,
    scope::TenantScope,
    with_conn,
};

pub const MAX_GROUPS: i64 = 50;

/// A weighted category of a course's graded lessons.
#[derive(Debug, Clone, PartialEq, Serialize, Queryable, Selectable, Insertable)]
#[diesel(table_name = assignment_groups)]
pub struct AssignmentGroup {
    #[serde(skip)]
    pub tenant_id: TenantId,
    pub id: AssignmentGroupId,
    pub course_id: CourseId,
    pub name: String,
    /// Its share of the course grade (weights are relative: 40 and 60 are 40 % and 60 %).
    pub weight: f64,
    pub position: i32,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

crate::tenant_rows!(AssignmentGroup);

/// One step of a letter-grade scale: a score of at least `min_score` (percent) earns `letter`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScaleStep {
    pub letter: String,
    pub min_score: f64,
}

/// The scale a course without its own uses.
pub fn default_scale() -> Vec<ScaleStep> {
    [("A", 90.0), ("B", 80.0), ("C", 70.0), ("D", 60.0), ("F", 0.0)]
        .into_iter()
        .map(|(l, m)| ScaleStep { letter: l.into(), min_score: m })
        .collect()
}

/// The letter `score` earns on `scale` (ordered by `min_score`, highest first).
pub fn letter(scale: &[ScaleStep], score: f64) -> Option<String> {
    scale.iter().find(|s| score + 1e-9 >= s.min_score).map(|s| s.letter.clone())
}

fn check_name(v: &mut Validator, name: &str) {
    if name.trim().is_empty() || name.chars().count() > 200 || has_unsafe_chars(name) {
        v.push("name", "must be 1-200 characters without control characters");
    }
}

fn check_weight(v: &mut Validator, w: f64) {
    if !(w.is_finite() && (0.0..=1000.0).contains(&w)) {
        v.push("weight", "must be between 0 and 1000");
    }
}

/// Checks a scale: 1-20 distinct letters with distinct minimums from 0 to 100, one of them 0 (every
/// score earns a letter). Answers it ordered highest first.
pub fn check_scale(mut scale: Vec<ScaleStep>) -> Result<Vec<ScaleStep>> {
    let mut v = Validator::new();
    if scale.is_empty() || scale.len() > 20 {
        v.push("scale", "must list 1-20 steps");
    }
    for (i, s) in scale.iter().enumerate() {
        if s.letter.trim().is_empty() || s.letter.chars().count() > 10 || has_unsafe_chars(&s.letter) {
            v.push(&format!("scale.{i}.letter"), "must be 1-10 characters");
        }
        if !(s.min_score.is_finite() && (0.0..=100.0).contains(&s.min_score)) {
            v.push(&format!("scale.{i}.min_score"), "must be between 0 and 100");
        }
    }
    v.finish()?;
    scale.sort_by(|a, b| b.min_score.total_cmp(&a.min_score));
    let mut v = Validator::new();
    if scale.windows(2).any(|w| w[0].min_score == w[1].min_score) {
        v.push("scale", "each step needs its own min_score");
    }
    let mut letters: Vec<&str> = scale.iter().map(|s| s.letter.as_str()).collect();
    letters.sort_unstable();
    if letters.windows(2).any(|w| w[0] == w[1]) {
        v.push("scale", "each letter may appear once");
    }
    if scale.last().is_some_and(|s| s.min_score != 0.0) {
        v.push("scale", "the lowest step must start at 0, so that every score earns a letter");
    }
    v.finish()?;
    Ok(scale)
}

/// The course of an assignment group (`None` when there is no such group).
pub fn group_course(tx: &mut TenantTx<'_>, id: AssignmentGroupId) -> Result<Option<CourseId>> {
    let t = tx.tenant();
    Ok(with_conn!(tx, |c| t
        .scoped(assignment_groups::table)
        .filter(assignment_groups::id.eq(id))
        .select(assignment_groups::course_id)
        .first(c)
        .optional())?)
}

/// A course's assignment groups in order.
pub fn groups_of(tx: &mut TenantTx<'_>, course: CourseId) -> Result<Vec<AssignmentGroup>> {
    let t = tx.tenant();
    Ok(with_conn!(tx, |c| t
        .scoped(assignment_groups::table)
        .filter(assignment_groups::course_id.eq(course))
        .order((assignment_groups::position.asc(), assignment_groups::id.asc()))
        .select(AssignmentGroup::as_select())
        .load(c))?)
}

/// A course's letter-grade scale (its own, or the default).
pub fn scale_of(tx: &mut TenantTx<'_>, course: CourseId) -> Result<Vec<ScaleStep>> {
    let t = tx.tenant();
    let raw: Option<String> = with_conn!(tx, |c| t
        .scoped(courses::table)
        .filter(courses::id.eq(course))
        .select(courses::grading_scale)
        .first::<Option<String>>(c)
        .optional())?
    .ok_or(Error::NotFound { resource: "course" })?;
    match raw {
        None => Ok(default_scale()),
        Some(s) => serde_json::from_str(&s)
            .map_err(|e| crate::error::corrupt(format!("course {course} has an unreadable grading scale: {e}"))),
    }
}

/// A course's assignment groups (`courses:read`).
pub async fn list_groups(core: &Core, scope: &TenantScope, course: CourseId) -> Result<Vec<AssignmentGroup>> {
    core.db
        .read(scope, Permission::CoursesRead, move |tx| {
            get_course(tx, course)?;
            groups_of(tx, course)
        })
        .await
}

/// Adds an assignment group to a course (at most 50).
pub async fn create_group(
    core: &Core,
    scope: &TenantScope,
    course: CourseId,
    name: String,
    weight: f64,
) -> Result<AssignmentGroup> {
    let mut v = Validator::new();
    check_name(&mut v, &name);
    check_weight(&mut v, weight);
    v.finish()?;
    core.db
        .write(scope, Permission::CoursesWrite, move |tx| {
            lock_for_edit(tx, course)?;
            let existing = groups_of(tx, course)?;
            if existing.len() as i64 >= MAX_GROUPS {
                return Err(Error::Conflict {
                    code: "too_many_groups",
                    field: None,
                    message: format!("a course has at most {MAX_GROUPS} assignment groups"),
                });
            }
            let now = Timestamp::now();
            let mut row = AssignmentGroup {
                tenant_id: tx.tenant_id(),
                id: AssignmentGroupId::new(),
                course_id: course,
                name: name.trim().to_string(),
                weight,
                position: existing.iter().map(|g| g.position).max().unwrap_or(0) + 1,
                created_at: now,
                updated_at: now,
            };
            let t = tx.tenant();
            with_conn!(tx, |c| diesel::insert_into(assignment_groups::table).values(t.stamp(&mut row)).execute(c))?;
            audit::record(
                tx,
                "assignment_group.created",
                Some(("assignment_group", row.id.to_string())),
                serde_json::json!({ "course_id": course, "name": row.name, "weight": weight }),
            )?;
            Ok(row)
        })
        .await
}

fn get_group(tx: &mut TenantTx<'_>, id: AssignmentGroupId) -> Result<AssignmentGroup> {
    let t = tx.tenant();
    with_conn!(tx, |c| t
        .scoped(assignment_groups::table)
        .filter(assignment_groups::id.eq(id))
        .select(AssignmentGroup::as_select())
        .first(c))
    .map_err(crate::error::not_found("assignment group"))
}

/// Renames or reweighs an assignment group.
pub async fn update_group(
    core: &Core,
    scope: &TenantScope,
    id: AssignmentGroupId,
    name: Option<String>,
    weight: Option<f64>,
) -> Result<AssignmentGroup> {
    let mut v = Validator::new();
    if let Some(n) = &name {
        check_name(&mut v, n);
    }
    if let Some(w) = weight {
        check_weight(&mut v, w);
    }
    v.finish()?;
    core.db
        .write(scope, Permission::CoursesWrite, move |tx| {
            let current = get_group(tx, id)?;
            lock_for_edit(tx, current.course_id)?;
            let name = name.map(|n| n.trim().to_string()).unwrap_or(current.name);
            let weight = weight.unwrap_or(current.weight);
            let t = tx.tenant();
            with_conn!(tx, |c| diesel::update(
                t.scoped(assignment_groups::table).filter(assignment_groups::id.eq(id))
            )
            .set((
                assignment_groups::name.eq(&name),
                assignment_groups::weight.eq(weight),
                assignment_groups::updated_at.eq(Timestamp::now()),
            ))
            .execute(c))?;
            audit::record(
                tx,
                "assignment_group.updated",
                Some(("assignment_group", id.to_string())),
                serde_json::json!({ "name": name, "weight": [current.weight, weight] }),
            )?;
            get_group(tx, id)
        })
        .await
}

/// Deletes an assignment group; its lessons stay, in no group.
pub async fn delete_group(core: &Core, scope: &TenantScope, id: AssignmentGroupId) -> Result<()> {
    core.db
        .write(scope, Permission::CoursesWrite, move |tx| {
            let current = get_group(tx, id)?;
            lock_for_edit(tx, current.course_id)?;
            let t = tx.tenant();
            with_conn!(tx, |c| diesel::update(t.scoped(lessons::table).filter(lessons::assignment_group_id.eq(id)))
                .set(lessons::assignment_group_id.eq(None::<AssignmentGroupId>))
                .execute(c))?;
            with_conn!(tx, |c| diesel::delete(
                t.scoped(assignment_groups::table).filter(assignment_groups::id.eq(id))
            )
            .execute(c))?;
            audit::record(
                tx,
                "assignment_group.deleted",
                Some(("assignment_group", id.to_string())),
                serde_json::json!({ "name": current.name }),
            )?;
            super::queries::announce(tx, current.course_id)?;
            Ok(())
        })
        .await
}

/// A course's letter-grade scale (`courses:read`).
pub async fn view_scale(core: &Core, scope: &TenantScope, course: CourseId) -> Result<Vec<ScaleStep>> {
    core.db.read(scope, Permission::CoursesRead, move |tx| scale_of(tx, course)).await
}

/// Sets a course's letter-grade scale (`None`: back to the default).
pub async fn set_scale(
    core: &Core,
    scope: &TenantScope,
    course: CourseId,
    scale: Option<Vec<ScaleStep>>,
) -> Result<Vec<ScaleStep>> {
    let scale = scale.map(check_scale).transpose()?;
    core.db
        .write(scope, Permission::CoursesWrite, move |tx| {
            lock_for_edit(tx, course)?;
            let stored = scale.as_ref().map(|s| serde_json::to_string(s).unwrap_or_default());
            let t = tx.tenant();
            with_conn!(tx, |c| diesel::update(t.scoped(courses::table).filter(courses::id.eq(course)))
                .set(courses::grading_scale.eq(stored))
                .execute(c))?;
            audit::record(
                tx,
                "course.grading_scale_set",
                Some(("course", course.to_string())),
                serde_json::json!({ "scale": scale }),
            )?;
            scale_of(tx, course)
        })
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_are_checked_and_letters_found() {
        let s = default_scale();
        assert_eq!(letter(&s, 95.0).as_deref(), Some("A"));
        assert_eq!(letter(&s, 89.99).as_deref(), Some("B"));
        assert_eq!(letter(&s, 0.0).as_deref(), Some("F"));
        let ordered = check_scale(vec![
            ScaleStep { letter: "Fail".into(), min_score: 0.0 },
            ScaleStep { letter: "Pass".into(), min_score: 50.0 },
        ])
        .unwrap();
        assert_eq!(ordered[0].letter, "Pass");
        assert!(check_scale(vec![ScaleStep { letter: "P".into(), min_score: 50.0 }]).is_err());
        assert!(check_scale(vec![
            ScaleStep { letter: "P".into(), min_score: 0.0 },
            ScaleStep { letter: "P".into(), min_score: 50.0 }
        ])
        .is_err());
    }
}
