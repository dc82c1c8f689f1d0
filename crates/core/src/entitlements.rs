//! Entitlements: what a tenant's plan allows (features, courses, seats), consulted by every layer at the
//! moment of the write through this narrow interface. The plan catalog is platform data; which plan a
//! tenant is on, and how many seats it paid for, is written by billing (a higher layer), which this
//! module never imports.

use diesel::prelude::*;

use crate::{
    db::status::{CourseStatus, EnrollmentStatus},
    db::{
        schema::{courses, enrollments, plans, tenants},
        HasConn, TenantTx,
    },
    error::{Error, Result},
    with_conn,
};

/// What a plan may include beyond seats and courses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Feature {
    ApiKeys,
    BulkEnrollment,
    Certificates,
    Reports,
    Webhooks,
}

impl Feature {
    pub const ALL: [Feature; 5] =
        [Feature::ApiKeys, Feature::BulkEnrollment, Feature::Certificates, Feature::Reports, Feature::Webhooks];

    pub fn as_str(self) -> &'static str {
        match self {
            Feature::ApiKeys => "api_keys",
            Feature::BulkEnrollment => "bulk_enrollment",
            Feature::Certificates => "certificates",
            Feature::Reports => "reports",
            Feature::Webhooks => "webhooks",
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Feature::ApiKeys => "API keys",
            Feature::BulkEnrollment => "bulk enrollment",
            Feature::Certificates => "certificates",
            Feature::Reports => "reports",
            Feature::Webhooks => "outgoing webhooks",
        }
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = plans)]
pub(crate) struct PlanRow {
    code: String,
    name: String,
    description: String,
    unit_amount: i32,
    currency: String,
    seat_limit: i32,
    max_courses: Option<i32>,
    features: String,
    self_serve: bool,
    max_upload_bytes: i64,
}

/// A plan of the platform's catalog.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Plan {
    pub code: String,
    pub name: String,
    pub description: String,
    /// Price per seat and month in the currency's minor unit (cents); 0 for trial and enterprise.
    pub unit_amount: i64,
    pub currency: String,
    /// Trial: the seats it includes. Paid plans: the most seats one checkout may buy.
    pub seat_limit: i32,
    /// `None`: unlimited.
    pub max_courses: Option<i32>,
    pub features: Vec<String>,
    /// The largest file one upload may be, in bytes.
    pub max_upload_bytes: i64,
    /// Bought through Checkout (needs a Stripe price configured for it).
    pub purchasable: bool,
    #[serde(skip)]
    pub(crate) self_serve: bool,
}

impl Plan {
    /// `purchasable` is false here: only billing knows which plans have a Stripe price.
    pub(crate) fn from_row(r: PlanRow) -> Result<Self> {
        Ok(Plan {
            features: serde_json::from_str(&r.features)
                .map_err(|e| crate::error::corrupt(format!("plan {} has unreadable features: {e}", r.code)))?,
            code: r.code,
            name: r.name,
            description: r.description,
            unit_amount: i64::from(r.unit_amount),
            currency: r.currency,
            seat_limit: r.seat_limit,
            max_courses: r.max_courses,
            max_upload_bytes: r.max_upload_bytes,
            purchasable: false,
            self_serve: r.self_serve,
        })
    }

    pub fn has(&self, f: Feature) -> bool {
        self.features.iter().any(|x| x == f.as_str())
    }
}

/// One plan by code.
pub fn plan(tx: &mut impl HasConn, code: &str) -> Result<Option<Plan>> {
    let row: Option<PlanRow> =
        with_conn!(tx, |c| plans::table.find(code).select(PlanRow::as_select()).first(c).optional())?;
    row.map(Plan::from_row).transpose()
}

/// The plan of the transaction's tenant.
pub fn current_plan(tx: &mut TenantTx<'_>) -> Result<Plan> {
    let tenant = tx.tenant();
    let row: PlanRow = with_conn!(tx, |c| tenant
        .scoped(tenants::table)
        .inner_join(plans::table.on(plans::code.eq(tenants::plan)))
        .select(PlanRow::as_select())
        .first(c))?;
    Plan::from_row(row)
}

/// 402 `plan_feature_unavailable` unless the tenant's plan includes `feature`.
pub fn require_feature(tx: &mut TenantTx<'_>, feature: Feature) -> Result<()> {
    let plan = current_plan(tx)?;
    if plan.has(feature) {
        return Ok(());
    }
    Err(Error::LimitReached {
        code: "plan_feature_unavailable",
        message: format!(
            "the {} plan does not include {}; an owner can upgrade (POST /v1/billing/checkout-session)",
            plan.name,
            feature.describe()
        ),
    })
}

/// 402 `course_limit_reached` when the tenant already has as many courses (not archived) as its plan
/// allows. Called in the transaction that creates a course.
pub fn check_course_limit(tx: &mut TenantTx<'_>) -> Result<()> {
    let plan = current_plan(tx)?;
    let Some(max) = plan.max_courses else { return Ok(()) };
    let tenant = tx.tenant();
    let used: i64 = with_conn!(tx, |c| tenant
        .scoped(courses::table)
        .filter(courses::status.ne(CourseStatus::Archived))
        .count()
        .get_result(c))?;
    if used >= i64::from(max) {
        return Err(Error::LimitReached {
            code: "course_limit_reached",
            message: format!(
                "the {} plan allows {max} courses that are not archived; archive one or upgrade the plan",
                plan.name
            ),
        });
    }
    Ok(())
}

/// Learners holding a seat: distinct users with an active enrollment.
pub fn seats_used(tx: &mut TenantTx<'_>) -> Result<i64> {
    let tenant = tx.tenant();
    Ok(with_conn!(tx, |c| tenant
        .scoped(enrollments::table)
        .filter(enrollments::status.eq(EnrollmentStatus::Active))
        .select(diesel::dsl::count(enrollments::user_id).aggregate_distinct())
        .first(c))?)
}
