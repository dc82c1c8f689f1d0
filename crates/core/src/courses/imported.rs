//! Courses an import builds whole (a cmi5 package): a draft course, its modules and, per module, its
//! lessons appended in one pass (positions 1..n at once, rather than renumbering the module after each
//! lesson), all in the importer's transaction.

use diesel::prelude::*;

use super::{
    check_title, content,
    positions::lesson_ids,
    queries::{lock_for_edit, LessonRow},
    structure::{get_module, record_change},
};
use crate::{
    db::{
        schema::lessons,
        types::{LessonId, ModuleId, Timestamp},
        TenantTx,
    },
    error::{Result, Validator},
    with_conn,
};

pub(crate) use super::{
    queries::{insert_course, NewCourse},
    structure::insert_module,
};

/// A lesson an import adds: its title, kind, whether it counts, and its (already valid) content.
pub(crate) struct ImportedLesson {
    pub title: String,
    pub kind: String,
    pub required: bool,
    pub content: content::Content,
}

/// A title as an import finds it, made acceptable: trimmed, cut to the longest title allowed, and
/// `fallback` when empty.
pub(crate) fn fit_title(title: &str, fallback: &str) -> String {
    let t: String = title.trim().chars().take(super::MAX_TITLE_CHARS).collect();
    let t = if t.trim().is_empty() { fallback.to_string() } else { t.trim().to_string() };
    let mut v = Validator::new();
    check_title(&mut v, "title", &t);
    if v.finish().is_err() {
        fallback.to_string()
    } else {
        t
    }
}

/// Appends `new` lessons to the end of `module`, in order, in the caller's transaction. Returns their ids.
pub(crate) fn append_lessons(
    tx: &mut TenantTx<'_>,
    module: ModuleId,
    new: Vec<ImportedLesson>,
) -> Result<Vec<LessonId>> {
    let m = get_module(tx, module)?;
    lock_for_edit(tx, m.course_id)?;
    let first = lesson_ids(tx, module)?.len() as i32 + 1;
    let now = Timestamp::now();
    let mut ids = Vec::with_capacity(new.len());
    for (i, l) in new.into_iter().enumerate() {
        let mut row = LessonRow {
            tenant_id: tx.tenant_id(),
            id: LessonId::new(),
            course_id: m.course_id,
            module_id: module,
            title: l.title,
            kind: l.kind,
            position: first + i as i32,
            required: l.required,
            body: None,
            url: None,
            duration_seconds: None,
            size_bytes: None,
            media_type: None,
            quiz: None,
            version: 1,
            created_at: now,
            updated_at: now,
            assignment: None,
            assignment_group_id: None,
            file_id: None,
            lti_tool_id: None,
            lti: None,
            cmi5: None,
        };
        super::structure::to_row_content(&mut row, l.content)?;
        let ours = tx.tenant();
        with_conn!(tx, |c| diesel::insert_into(lessons::table).values(ours.stamp(&mut row)).execute(c))?;
        record_change(
            tx,
            m.course_id,
            "lesson.created",
            ("lesson", row.id.to_string()),
            serde_json::json!({ "module_id": module, "kind": row.kind }),
        )?;
        ids.push(row.id);
    }
    Ok(ids)
}
