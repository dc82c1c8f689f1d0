//! The shapes of course staff, rubrics, assignment groups and grading scales as integrators see them.

use chrono::{DateTime, Utc};
use lyceum_core::{
    courses::{
        grading::{self, AssignmentGroup, ScaleStep},
        rubrics::{Criterion, Level, Rubric},
    },
    identity::staff::StaffMember,
};
use poem_openapi::{types::Example, Object};

use super::super::views::{example_ids, example_time, list_type};

pub(crate) const EXAMPLE_RUBRIC: uuid::Uuid = uuid::uuid!("0193c2b0-1a2b-7c3d-8e4f-5a6b7c8d9e0f");
pub(crate) const EXAMPLE_GROUP: uuid::Uuid = uuid::uuid!("0193c2b1-2b3c-7d4e-9f5a-6b7c8d9e0f1a");
pub(crate) const EXAMPLE_INSTRUCTOR: uuid::Uuid = uuid::uuid!("0193a4c2-6a03-7d11-8e21-3c5e7f9a1b23");

/// A member of a course's staff.
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct StaffMemberView {
    pub course_id: uuid::Uuid,
    pub user_id: uuid::Uuid,
    pub email: String,
    pub name: String,
    /// `instructor` (teaches and grades) or `teaching_assistant` (grades).
    pub role: String,
    pub added_at: DateTime<Utc>,
}

impl Example for StaffMemberView {
    fn example() -> Self {
        StaffMemberView {
            course_id: example_ids::COURSE,
            user_id: EXAMPLE_INSTRUCTOR,
            email: "ines@acme.test".into(),
            name: "Ines Instructor".into(),
            role: "instructor".into(),
            added_at: example_time("2026-12-01T09:00:00Z"),
        }
    }
}

impl From<StaffMember> for StaffMemberView {
    fn from(m: StaffMember) -> Self {
        StaffMemberView {
            course_id: m.course_id.as_uuid(),
            user_id: m.user_id.as_uuid(),
            email: m.email,
            name: m.name,
            role: m.role.as_str().into(),
            added_at: m.added_at.into(),
        }
    }
}

list_type!(
    /// A page of a course's staff.
    StaffList,
    StaffMemberView
);

/// Someone to add to a course's staff (or whose part to change).
#[derive(Debug, Clone, Object, serde::Deserialize)]
#[oai(deny_unknown_fields, example)]
#[serde(deny_unknown_fields)]
pub struct AddStaffMember {
    pub user_id: uuid::Uuid,
    /// `instructor` (someone with the institution's instructor, admin or owner role) or
    /// `teaching_assistant` (anyone).
    pub role: String,
}

impl Example for AddStaffMember {
    fn example() -> Self {
        AddStaffMember { user_id: EXAMPLE_INSTRUCTOR, role: "instructor".into() }
    }
}

/// One level of a rubric's criterion.
#[derive(Debug, Clone, Object, serde::Deserialize)]
#[oai(deny_unknown_fields)]
#[serde(deny_unknown_fields)]
pub struct RubricLevel {
    /// Stable within the criterion; assigned (`l1`, `l2`...) when absent.
    pub id: Option<String>,
    pub description: String,
    /// 0-10,000.
    pub points: f64,
}

/// One criterion of a rubric.
#[derive(Debug, Clone, Object, serde::Deserialize)]
#[oai(deny_unknown_fields)]
#[serde(deny_unknown_fields)]
pub struct RubricCriterion {
    /// Stable within the rubric; assigned (`c1`, `c2`...) when absent.
    pub id: Option<String>,
    pub description: String,
    pub long_description: Option<String>,
    /// 1-10 levels.
    pub levels: Vec<RubricLevel>,
}

pub(crate) fn criteria_in(list: Vec<RubricCriterion>) -> Vec<Criterion> {
    list.into_iter()
        .map(|c| Criterion {
            id: c.id.unwrap_or_default(),
            description: c.description,
            long_description: c.long_description,
            levels: c
                .levels
                .into_iter()
                .map(|l| Level { id: l.id.unwrap_or_default(), description: l.description, points: l.points })
                .collect(),
        })
        .collect()
}

fn example_criteria() -> Vec<RubricCriterion> {
    vec![RubricCriterion {
        id: Some("c1".into()),
        description: "Argument".into(),
        long_description: Some("Is the claim clear and supported by evidence?".into()),
        levels: vec![
            RubricLevel { id: Some("l1".into()), description: "Excellent".into(), points: 10.0 },
            RubricLevel { id: Some("l2".into()), description: "Adequate".into(), points: 6.0 },
            RubricLevel { id: Some("l3".into()), description: "Missing".into(), points: 0.0 },
        ],
    }]
}

/// A rubric to create.
#[derive(Debug, Clone, Object, serde::Deserialize)]
#[oai(deny_unknown_fields, example)]
#[serde(deny_unknown_fields)]
pub struct CreateRubric {
    pub title: String,
    /// 1-50 criteria.
    pub criteria: Vec<RubricCriterion>,
}

impl Example for CreateRubric {
    fn example() -> Self {
        CreateRubric { title: "Essay rubric".into(), criteria: example_criteria() }
    }
}

/// Changes to a rubric; `criteria`, when given, replaces them all. Grades already given keep the
/// levels they selected.
#[derive(Debug, Clone, Object, serde::Deserialize)]
#[oai(deny_unknown_fields, example)]
#[serde(deny_unknown_fields)]
pub struct UpdateRubric {
    pub title: Option<String>,
    pub criteria: Option<Vec<RubricCriterion>>,
}

impl Example for UpdateRubric {
    fn example() -> Self {
        UpdateRubric { title: Some("Essay rubric (2027)".into()), criteria: None }
    }
}

/// A rubric.
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct RubricView {
    pub id: uuid::Uuid,
    pub course_id: uuid::Uuid,
    pub title: String,
    pub criteria: Vec<RubricCriterion>,
    /// The sum of each criterion's highest level.
    pub points_possible: f64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

impl Example for RubricView {
    fn example() -> Self {
        RubricView {
            id: EXAMPLE_RUBRIC,
            course_id: example_ids::COURSE,
            title: "Essay rubric".into(),
            criteria: example_criteria(),
            points_possible: 10.0,
            created_at: example_time("2026-12-01T09:00:00Z"),
            updated_at: example_time("2026-12-01T09:00:00Z"),
            version: 1,
        }
    }
}

impl From<Rubric> for RubricView {
    fn from(r: Rubric) -> Self {
        RubricView {
            id: r.id.as_uuid(),
            course_id: r.course_id.as_uuid(),
            title: r.title,
            criteria: r
                .criteria
                .into_iter()
                .map(|c| RubricCriterion {
                    id: Some(c.id),
                    description: c.description,
                    long_description: c.long_description,
                    levels: c
                        .levels
                        .into_iter()
                        .map(|l| RubricLevel { id: Some(l.id), description: l.description, points: l.points })
                        .collect(),
                })
                .collect(),
            points_possible: r.points_possible,
            created_at: r.created_at.into(),
            updated_at: r.updated_at.into(),
            version: r.version,
        }
    }
}

list_type!(
    /// A page of a course's rubrics.
    RubricList,
    RubricView
);

/// A weighted category of a course's graded lessons.
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct AssignmentGroupView {
    pub id: uuid::Uuid,
    pub course_id: uuid::Uuid,
    pub name: String,
    /// Relative weight in the course score (40 and 60 are 40 % and 60 %).
    pub weight: f64,
    pub position: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Example for AssignmentGroupView {
    fn example() -> Self {
        AssignmentGroupView {
            id: EXAMPLE_GROUP,
            course_id: example_ids::COURSE,
            name: "Essays".into(),
            weight: 60.0,
            position: 1,
            created_at: example_time("2026-12-01T09:00:00Z"),
            updated_at: example_time("2026-12-01T09:00:00Z"),
        }
    }
}

impl From<AssignmentGroup> for AssignmentGroupView {
    fn from(g: AssignmentGroup) -> Self {
        AssignmentGroupView {
            id: g.id.as_uuid(),
            course_id: g.course_id.as_uuid(),
            name: g.name,
            weight: g.weight,
            position: g.position,
            created_at: g.created_at.into(),
            updated_at: g.updated_at.into(),
        }
    }
}

/// A course's assignment groups, in order.
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct AssignmentGroupList {
    pub items: Vec<AssignmentGroupView>,
}

impl Example for AssignmentGroupList {
    fn example() -> Self {
        AssignmentGroupList { items: vec![AssignmentGroupView::example()] }
    }
}

/// An assignment group to add.
#[derive(Debug, Clone, Object, serde::Deserialize)]
#[oai(deny_unknown_fields, example)]
#[serde(deny_unknown_fields)]
pub struct CreateAssignmentGroup {
    pub name: String,
    /// 0-1000, relative to the other groups' weights.
    pub weight: f64,
}

impl Example for CreateAssignmentGroup {
    fn example() -> Self {
        CreateAssignmentGroup { name: "Essays".into(), weight: 60.0 }
    }
}

/// Changes to an assignment group.
#[derive(Debug, Clone, Object, serde::Deserialize)]
#[oai(deny_unknown_fields, example)]
#[serde(deny_unknown_fields)]
pub struct UpdateAssignmentGroup {
    pub name: Option<String>,
    pub weight: Option<f64>,
}

impl Example for UpdateAssignmentGroup {
    fn example() -> Self {
        UpdateAssignmentGroup { name: None, weight: Some(50.0) }
    }
}

/// One step of a letter-grade scale.
#[derive(Debug, Clone, Object, serde::Deserialize)]
#[oai(deny_unknown_fields)]
#[serde(deny_unknown_fields)]
pub struct ScaleStepView {
    pub letter: String,
    /// A score (percent) of at least this earns the letter.
    pub min_score: f64,
}

/// A course's letter-grade scale, highest step first.
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct GradingScaleView {
    pub scale: Vec<ScaleStepView>,
}

pub(crate) fn scale_view(scale: Vec<ScaleStep>) -> Vec<ScaleStepView> {
    scale.into_iter().map(|s| ScaleStepView { letter: s.letter, min_score: s.min_score }).collect()
}

impl Example for GradingScaleView {
    fn example() -> Self {
        GradingScaleView { scale: scale_view(grading::default_scale()) }
    }
}

/// A letter-grade scale to set; `null` restores the default (A 90, B 80, C 70, D 60, F 0).
#[derive(Debug, Clone, Object, serde::Deserialize)]
#[oai(deny_unknown_fields, example)]
#[serde(deny_unknown_fields)]
pub struct SetGradingScale {
    /// 1-20 steps with distinct letters and minimums (0-100), one of them 0.
    pub scale: Option<Vec<ScaleStepView>>,
}

impl Example for SetGradingScale {
    fn example() -> Self {
        SetGradingScale {
            scale: Some(vec![
                ScaleStepView { letter: "Pass".into(), min_score: 50.0 },
                ScaleStepView { letter: "Fail".into(), min_score: 0.0 },
            ]),
        }
    }
}
