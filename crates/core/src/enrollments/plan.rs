//! Lesson plans: a course's lessons in outline order (with kind and required flag), cached per course
//! *version*. Every structure change bumps the course's version in its transaction, so a plan looked up
//! under the version a transaction just read is exactly the structure that transaction sees: the cache
//! can never serve a stale plan, and progress writes skip re-reading the outline.

use std::{sync::Arc, time::Duration};

use super::{course_lessons, OrderedLesson};
use crate::{
    db::{
        types::{CourseId, TenantId},
        TenantTx,
    },
    error::Result,
};

type Key = (TenantId, CourseId, i64);

#[derive(Clone, Debug)]
pub struct PlanCache {
    plans: moka::sync::Cache<Key, Arc<Vec<OrderedLesson>>>,
}

impl Default for PlanCache {
    fn default() -> Self {
        PlanCache {
            plans: moka::sync::Cache::builder().max_capacity(10_000).time_to_idle(Duration::from_secs(600)).build(),
        }
    }
}

/// Exact by construction (keyed by course version): nothing to forget.
impl crate::core::Part for PlanCache {}

impl crate::Core {
    /// The lesson plans (registered by [`crate::wiring`]).
    pub(crate) fn plans(&self) -> &PlanCache {
        self.part().expect("Core is assembled with the lesson plan cache")
    }
}

impl PlanCache {
    /// The plan of `course` at `version`, if it is cached.
    pub(crate) fn cached(&self, tenant: TenantId, course: CourseId, version: i64) -> Option<Arc<Vec<OrderedLesson>>> {
        self.plans.get(&(tenant, course, version))
    }

    /// The plan of `course` at `version` (read in this transaction), loading it in `tx` on a miss.
    pub(crate) fn get(&self, tx: &mut TenantTx<'_>, course: CourseId, version: i64) -> Result<Arc<Vec<OrderedLesson>>> {
        let key = (tx.tenant_id(), course, version);
        if let Some(plan) = self.plans.get(&key) {
            return Ok(plan);
        }
        let plan = Arc::new(course_lessons(tx, &[course])?.remove(&course).unwrap_or_default());
        self.plans.insert(key, plan.clone());
        Ok(plan)
    }
}
