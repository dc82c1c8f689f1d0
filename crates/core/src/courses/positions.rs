//! Positions of modules in a course and of lessons in a module: 1-based and gapless. The callers hold
//! the course's row lock and renumber the affected siblings inside their transaction.

use diesel::prelude::*;

use crate::{
    db::{
        schema::{course_modules, lessons},
        types::{CourseId, LessonId, ModuleId},
        TenantTx,
    },
    error::{Error, Result},
    with_conn,
};

pub(super) fn module_ids(tx: &mut TenantTx<'_>, course: CourseId) -> Result<Vec<ModuleId>> {
    let tenant = tx.tenant();
    Ok(with_conn!(tx, |c| tenant
        .scoped(course_modules::table)
        .filter(course_modules::course_id.eq(course))
        .order(course_modules::position.asc())
        .select(course_modules::id)
        .load(c))?)
}

pub(super) fn lesson_ids(tx: &mut TenantTx<'_>, module: ModuleId) -> Result<Vec<LessonId>> {
    let tenant = tx.tenant();
    Ok(with_conn!(tx, |c| tenant
        .scoped(lessons::table)
        .filter(lessons::module_id.eq(module))
        .order(lessons::position.asc())
        .select(lessons::id)
        .load(c))?)
}

/// Gives `ids` positions 1..n, in two steps so the unique (parent, position) index never sees a clash.
pub(super) fn renumber_modules(tx: &mut TenantTx<'_>, course: CourseId, ids: &[ModuleId]) -> Result<()> {
    let tenant = tx.tenant();
    with_conn!(tx, |c| diesel::update(
        tenant.scoped(course_modules::table).filter(course_modules::course_id.eq(course))
    )
    .set(course_modules::position.eq(course_modules::position + 1_000_000))
    .execute(c))?;
    for (i, id) in ids.iter().enumerate() {
        with_conn!(tx, |c| diesel::update(tenant.scoped(course_modules::table).filter(course_modules::id.eq(*id)))
            .set(course_modules::position.eq(i as i32 + 1))
            .execute(c))?;
    }
    Ok(())
}

pub(super) fn renumber_lessons(tx: &mut TenantTx<'_>, module: ModuleId, ids: &[LessonId]) -> Result<()> {
    let tenant = tx.tenant();
    with_conn!(tx, |c| diesel::update(tenant.scoped(lessons::table).filter(lessons::module_id.eq(module)))
        .set(lessons::position.eq(lessons::position + 1_000_000))
        .execute(c))?;
    for (i, id) in ids.iter().enumerate() {
        with_conn!(tx, |c| diesel::update(tenant.scoped(lessons::table).filter(lessons::id.eq(*id)))
            .set((lessons::position.eq(i as i32 + 1), lessons::module_id.eq(module)))
            .execute(c))?;
    }
    Ok(())
}

/// Inserts `id` into `ids` at 1-based `position` (`None`: at the end); `Err` names the valid range.
pub(super) fn place<T: Copy>(ids: &mut Vec<T>, id: T, position: Option<i64>) -> Result<()> {
    let max = ids.len() as i64 + 1;
    let at = position.unwrap_or(max);
    if !(1..=max).contains(&at) {
        return Err(Error::invalid("position", format!("must be between 1 and {max}")));
    }
    ids.insert(at as usize - 1, id);
    Ok(())
}
