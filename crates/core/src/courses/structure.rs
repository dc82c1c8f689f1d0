//! Modules and lessons: create, change, delete, and move (also a lesson to another module). Positions
//! stay 1-based and gapless: every change renumbers the affected siblings inside the transaction, which
//! holds the course's row lock, so concurrent edits of one course take turns.

use crate::scope::Need;
use diesel::prelude::*;

use super::{
    check_title, content,
    positions::{lesson_ids, module_ids, place, renumber_lessons, renumber_modules},
    queries::{announce, lock_for_edit, touch_course, LessonRow, ModuleRow},
    Audience, Lesson, Module,
};
use crate::{
    audit,
    db::{
        schema::{course_modules, lesson_progress, lessons, lti_tools, quiz_attempts, submissions},
        types::{AssignmentGroupId, AttachedId, CourseId, LessonId, ModuleId, Timestamp},
        TenantTx,
    },
    error::{Error, Result, Validator},
    files::{Attachment, AttachmentKind},
    identity::permissions::Permission,
    scope::TenantScope,
    with_conn, Core,
};

/// What every structure change ends with: the course's version moves (its outline changed), the change
/// is audited, and other processes are told to drop their cached copies.
pub(super) fn record_change(
    tx: &mut TenantTx<'_>,
    course: CourseId,
    action: &str,
    target: (&str, String),
    metadata: serde_json::Value,
) -> Result<()> {
    touch_course(tx, course)?;
    audit::record(tx, action, Some(target), metadata)?;
    announce(tx, course)
}

pub(crate) fn get_module(tx: &mut TenantTx<'_>, id: ModuleId) -> Result<Module> {
    let tenant = tx.tenant();
    let row: ModuleRow = with_conn!(tx, |c| tenant
        .scoped(course_modules::table)
        .filter(course_modules::id.eq(id))
        .select(ModuleRow::as_select())
        .first(c))
    .map_err(super::not_found("module"))?;
    Ok(row.into())
}

pub(crate) fn get_lesson(tx: &mut TenantTx<'_>, id: LessonId) -> Result<Lesson> {
    let tenant = tx.tenant();
    let row: LessonRow = with_conn!(tx, |c| tenant
        .scoped(lessons::table)
        .filter(lessons::id.eq(id))
        .select(LessonRow::as_select())
        .first(c))
    .map_err(super::not_found("lesson"))?;
    row.try_into()
}

fn check_version(what: &str, current: i64, expected: Option<i64>) -> Result<()> {
    match expected {
        Some(v) if v != current => Err(Error::PreconditionFailed {
            message: format!("the {what} changed since version {v} (now {current}); fetch it again"),
        }),
        _ => Ok(()),
    }
}

/// Adds a module to a course, at `position` (1-based) or at the end.
pub async fn add_module(
    core: &Core,
    scope: &TenantScope,
    course: CourseId,
    title: &str,
    position: Option<i64>,
) -> Result<Module> {
    scope.require(Permission::CoursesWrite)?;
    let mut v = Validator::new();
    check_title(&mut v, "title", title);
    v.finish()?;
    let title = title.trim().to_string();
    core.db.write(scope, Permission::CoursesWrite, move |tx| insert_module(tx, course, title, position)).await
}

/// Adds a (validated) module to a course inside the caller's transaction (the course locked for an
/// edit the scope may make; positions renumbered; the change recorded).
pub(crate) fn insert_module(
    tx: &mut TenantTx<'_>,
    course: CourseId,
    title: String,
    position: Option<i64>,
) -> Result<Module> {
    lock_for_edit(tx, course)?;
    let mut ids = module_ids(tx, course)?;
    let now = Timestamp::now();
    let mut row = ModuleRow {
        tenant_id: tx.tenant_id(),
        id: ModuleId::new(),
        course_id: course,
        title,
        position: ids.len() as i32 + 1_000_001,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    place(&mut ids, row.id, position)?;
    let ours = tx.tenant();
    with_conn!(tx, |c| diesel::insert_into(course_modules::table).values(ours.stamp(&mut row)).execute(c))?;
    renumber_modules(tx, course, &ids)?;
    record_change(
        tx,
        course,
        "module.created",
        ("module", row.id.to_string()),
        serde_json::json!({ "course_id": course }),
    )?;
    get_module(tx, row.id)
}

/// A course's modules in order.
pub async fn list_modules(core: &Core, scope: &TenantScope, course: CourseId) -> Result<Vec<Module>> {
    let outline = super::outline(core, scope, course).await?;
    Ok(outline.modules.iter().map(|m| m.module.clone()).collect())
}

/// Renames a module and/or moves it to `position`.
pub async fn update_module(
    core: &Core,
    scope: &TenantScope,
    id: ModuleId,
    title: Option<String>,
    position: Option<i64>,
    expected_version: Option<i64>,
) -> Result<Module> {
    scope.require(Permission::CoursesWrite)?;
    let mut v = Validator::new();
    if let Some(t) = &title {
        check_title(&mut v, "title", t);
    }
    v.finish()?;
    let module = core
        .db
        .write(scope, Permission::CoursesWrite, move |tx| {
            let current = get_module(tx, id)?;
            lock_for_edit(tx, current.course_id)?;
            check_version("module", current.version, expected_version)?;
            let tenant = tx.tenant();
            let title = title.map(|t| t.trim().to_string()).unwrap_or(current.title);
            with_conn!(tx, |c| diesel::update(tenant.scoped(course_modules::table).filter(course_modules::id.eq(id)))
                .set((
                    course_modules::title.eq(&title),
                    course_modules::version.eq(course_modules::version + 1),
                    course_modules::updated_at.eq(Timestamp::now())
                ))
                .execute(c))?;
            if let Some(p) = position {
                let mut ids = module_ids(tx, current.course_id)?;
                ids.retain(|m| *m != id);
                place(&mut ids, id, Some(p))?;
                renumber_modules(tx, current.course_id, &ids)?;
            }
            record_change(tx, current.course_id, "module.updated", ("module", id.to_string()), serde_json::json!({}))?;
            get_module(tx, id)
        })
        .await?;
    Ok(module)
}

/// Deletes a module and its lessons; the modules after it move up.
pub async fn delete_module(core: &Core, scope: &TenantScope, id: ModuleId) -> Result<()> {
    core.db
        .write(scope, Permission::CoursesWrite, move |tx| {
            let current = get_module(tx, id)?;
            lock_for_edit(tx, current.course_id)?;
            let tenant = tx.tenant();
            let ids: Vec<LessonId> = with_conn!(tx, |c| tenant
                .scoped(lessons::table)
                .filter(lessons::module_id.eq(id))
                .select(lessons::id)
                .load(c))?;
            if has_learner_records(tx, &ids)? {
                return Err(Error::Conflict {
                    code: "learner_records_exist",
                    field: None,
                    message: "learners have progress, quiz attempts or submissions on lessons of this module, which deleting it \
                              would erase; archive the course, or keep the module"
                        .into(),
                });
            }
            with_conn!(tx, |c| diesel::delete(tenant.scoped(course_modules::table).filter(course_modules::id.eq(id)))
                .execute(c))?;
            let ids = module_ids(tx, current.course_id)?;
            renumber_modules(tx, current.course_id, &ids)?;
            record_change(
                tx,
                current.course_id,
                "module.deleted",
                ("module", id.to_string()),
                serde_json::json!({ "title": current.title }),
            )?;
            Ok(())
        })
        .await?;
    Ok(())
}

/// Whether any learner has progress or a quiz attempt on one of `lessons` (the caller holds the course
/// lock, so none can appear before the delete commits). Both lookups use the `(tenant_id, lesson_id)`
/// indexes.
fn has_learner_records(tx: &mut TenantTx<'_>, lessons: &[LessonId]) -> Result<bool> {
    if lessons.is_empty() {
        return Ok(false);
    }
    let tenant = tx.tenant();
    let progress: Option<LessonId> = with_conn!(tx, |c| tenant
        .scoped(lesson_progress::table)
        .filter(lesson_progress::lesson_id.eq_any(lessons))
        .select(lesson_progress::lesson_id)
        .first(c)
        .optional())?;
    if progress.is_some() {
        return Ok(true);
    }
    let attempt: Option<LessonId> = with_conn!(tx, |c| tenant
        .scoped(quiz_attempts::table)
        .filter(quiz_attempts::lesson_id.eq_any(lessons))
        .select(quiz_attempts::lesson_id)
        .first(c)
        .optional())?;
    if attempt.is_some() {
        return Ok(true);
    }
    let submission: Option<LessonId> = with_conn!(tx, |c| tenant
        .scoped(submissions::table)
        .filter(submissions::lesson_id.eq_any(lessons))
        .select(submissions::lesson_id)
        .first(c)
        .optional())?;
    Ok(submission.is_some())
}

/// A lesson to create or the changes to one; `kind` and content fields are validated together.
#[derive(Debug, Clone, Default)]
pub struct LessonInput {
    pub title: Option<String>,
    pub kind: Option<String>,
    pub required: Option<bool>,
    pub content: content::ContentInput,
    /// The assignment group a quiz or assignment counts in (`Some(None)` takes it out of its group).
    pub assignment_group_id: Option<Option<AssignmentGroupId>>,
}

/// Checks what a graded lesson refers to inside its course: its rubric and its assignment group.
fn check_references(
    tx: &mut TenantTx<'_>,
    course: CourseId,
    kind: &str,
    content: &content::Content,
    group: Option<AssignmentGroupId>,
) -> Result<()> {
    if let Some(rubric) = content.assignment.as_ref().and_then(|a| a.rubric_id) {
        if super::rubrics::course_of(tx, rubric)? != Some(course) {
            return Err(Error::invalid("assignment.rubric_id", "must be a rubric of this course"));
        }
    }
    if let Some(tool) = content.lti.as_ref().map(|l| l.tool_id) {
        let t = tx.tenant();
        let found: i64 =
            with_conn!(tx, |c| t.scoped(lti_tools::table).filter(lti_tools::id.eq(tool)).count().get_result(c))?;
        if found == 0 {
            return Err(Error::invalid("lti.tool_id", "must be one of the institution's LTI tools (/v1/lti/tools)"));
        }
    }
    if let Some(g) = group {
        if !matches!(kind, "quiz" | "assignment") {
            return Err(Error::invalid("assignment_group_id", "only quizzes and assignments count in a group"));
        }
        if super::grading::group_course(tx, g)? != Some(course) {
            return Err(Error::invalid("assignment_group_id", "must be an assignment group of this course"));
        }
    }
    Ok(())
}

/// Attaches a `file` lesson's uploaded file to it (the caller must have uploaded it), taking its size
/// and media type into the content.
fn attach_file(tx: &mut TenantTx<'_>, lesson: LessonId, course: CourseId, c: &mut content::Content) -> Result<()> {
    let Some(file) = c.file_id else { return Ok(()) };
    let to = Attachment { kind: AttachmentKind::Lesson, id: AttachedId(lesson.0), course_id: course };
    let row = crate::files::attach(tx, &[file], "file_id", to, &[])?.remove(0);
    c.size_bytes = Some(row.size_bytes);
    c.media_type = row.content_type;
    Ok(())
}

pub(super) fn to_row_content(row: &mut LessonRow, c: content::Content) -> Result<()> {
    row.body = c.body;
    row.url = c.url;
    row.file_id = c.file_id;
    row.duration_seconds = c.duration_seconds;
    row.size_bytes = c.size_bytes;
    row.media_type = c.media_type;
    row.quiz = match c.quiz {
        Some(q) => Some(serde_json::to_string(&q).map_err(Error::internal)?),
        None => None,
    };
    row.assignment = match c.assignment {
        Some(a) => Some(serde_json::to_string(&a).map_err(Error::internal)?),
        None => None,
    };
    (row.lti_tool_id, row.lti) = match c.lti {
        Some(l) => {
            let settings = content::LtiSettings { custom: l.custom, target_link_uri: l.target_link_uri };
            (Some(l.tool_id), Some(serde_json::to_string(&settings).map_err(Error::internal)?))
        }
        None => (None, None),
    };
    row.cmi5 = match c.cmi5 {
        Some(a) => Some(serde_json::to_string(&a).map_err(Error::internal)?),
        None => None,
    };
    Ok(())
}

/// Adds a lesson to a module, at `position` (1-based) or at the end.
pub async fn add_lesson(
    core: &Core,
    scope: &TenantScope,
    module: ModuleId,
    input: LessonInput,
    position: Option<i64>,
) -> Result<Lesson> {
    scope.require(Permission::CoursesWrite)?;
    let mut v = Validator::new();
    match &input.title {
        Some(t) => check_title(&mut v, "title", t),
        None => v.push("title", "is required"),
    }
    let kind = input.kind.clone().unwrap_or_default();
    if input.kind.is_none() {
        v.push("kind", "is required: text, video, file, quiz, assignment or lti");
    }
    let content = content::validate(&mut v, &kind, &input.content);
    v.finish()?;
    let lesson = core
        .db
        .write(scope, Permission::CoursesWrite, move |tx| {
            let new = NewLesson {
                title: input.title.unwrap_or_default().trim().to_string(),
                kind,
                required: input.required.unwrap_or(true),
                content,
                group: input.assignment_group_id.flatten(),
            };
            insert_lesson(tx, module, new, position)
        })
        .await?;
    Ok(lesson)
}

/// A validated lesson to insert.
pub(crate) struct NewLesson {
    pub title: String,
    pub kind: String,
    pub required: bool,
    pub content: content::Content,
    pub group: Option<AssignmentGroupId>,
}

/// Adds a validated lesson to a module inside the caller's transaction (the course locked for an
/// edit the scope may make; its references checked; positions renumbered; the change recorded).
pub(crate) fn insert_lesson(
    tx: &mut TenantTx<'_>,
    module: ModuleId,
    new: NewLesson,
    position: Option<i64>,
) -> Result<Lesson> {
    let NewLesson { title, kind, required, mut content, group } = new;
    let m = get_module(tx, module)?;
    lock_for_edit(tx, m.course_id)?;
    check_references(tx, m.course_id, &kind, &content, group)?;
    let mut ids = lesson_ids(tx, module)?;
    let now = Timestamp::now();
    let mut row = LessonRow {
        tenant_id: tx.tenant_id(),
        id: LessonId::new(),
        course_id: m.course_id,
        module_id: module,
        title,
        kind,
        position: ids.len() as i32 + 1_000_001,
        required,
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
        assignment_group_id: group,
        file_id: None,
        lti_tool_id: None,
        lti: None,
        cmi5: None,
    };
    attach_file(tx, row.id, m.course_id, &mut content)?;
    to_row_content(&mut row, content)?;
    place(&mut ids, row.id, position)?;
    let ours = tx.tenant();
    with_conn!(tx, |c| diesel::insert_into(lessons::table).values(ours.stamp(&mut row)).execute(c))?;
    renumber_lessons(tx, module, &ids)?;
    record_change(
        tx,
        m.course_id,
        "lesson.created",
        ("lesson", row.id.to_string()),
        serde_json::json!({ "module_id": module, "kind": row.kind }),
    )?;
    get_lesson(tx, row.id)
}

/// One lesson as the caller may see it (learners: of published courses, without quiz answers).
pub async fn view_lesson(core: &Core, scope: &TenantScope, id: LessonId) -> Result<Lesson> {
    let audience = Audience::of(scope)?;
    let lesson = core.db.read(scope, Need::Identified, move |tx| get_lesson(tx, id)).await?;
    // Visibility follows the course's (cached) outline: a learner cannot see lessons of unpublished courses.
    super::view(core, scope, lesson.course_id).await.map_err(|_| Error::NotFound { resource: "lesson" })?;
    Ok(lesson.for_audience(audience))
}

/// A module's lessons in order.
pub async fn list_lessons(core: &Core, scope: &TenantScope, module: ModuleId) -> Result<Vec<Lesson>> {
    let course = core.db.read(scope, Need::Identified, move |tx| get_module(tx, module)).await?.course_id;
    let outline = super::outline(core, scope, course).await.map_err(|_| Error::NotFound { resource: "module" })?;
    Ok(outline.modules.iter().find(|m| m.module.id == module).map(|m| m.lessons.clone()).unwrap_or_default())
}

/// Changes a lesson (content is revalidated for the resulting kind) and/or moves it, also to another
/// module of the same course.
pub async fn update_lesson(
    core: &Core,
    scope: &TenantScope,
    id: LessonId,
    input: LessonInput,
    move_to: Option<(Option<ModuleId>, Option<i64>)>,
    expected_version: Option<i64>,
) -> Result<Lesson> {
    let lesson = core
        .db
        .write(scope, Permission::CoursesWrite, move |tx| {
            let current = get_lesson(tx, id)?;
            lock_for_edit(tx, current.course_id)?;
            check_version("lesson", current.version, expected_version)?;
            let tenant = tx.tenant();
            let mut v = Validator::new();
            if let Some(t) = &input.title {
                check_title(&mut v, "title", t);
            }
            let kind = input.kind.clone().unwrap_or(current.kind.clone());
            // A cmi5 lesson keeps its AU (a package import made it): only its title, place and
            // `required` change.
            let cmi5 = (current.kind == "cmi5").then(|| current.content.clone());
            if cmi5.is_some() && kind != "cmi5" {
                v.push("kind", "a cmi5 lesson stays a cmi5 lesson (it is an AU of its package)");
            }
            let merged = if input.kind.is_some() && input.kind.as_deref() != Some(current.kind.as_str()) {
                input.content.clone()
            } else {
                let c = &current.content;
                let i = &input.content;
                // A url replaces an uploaded file and the other way round; an uploaded file's size and
                // type are its own.
                let file_id = if i.url.is_some() { None } else { i.file_id.or(c.file_id) };
                let url = if i.file_id.is_some() { None } else { i.url.clone().or(c.url.clone()) };
                let (size_bytes, media_type) = match (file_id, i.file_id.is_some() || i.url.is_some()) {
                    (Some(_), _) => (i.size_bytes, i.media_type.clone()),
                    (None, true) if c.file_id.is_some() => (i.size_bytes, i.media_type.clone()),
                    (None, _) => (i.size_bytes.or(c.size_bytes), i.media_type.clone().or(c.media_type.clone())),
                };
                content::ContentInput {
                    body: i.body.clone().or(c.body.clone()),
                    url,
                    file_id,
                    duration_seconds: i.duration_seconds.or(c.duration_seconds.map(i64::from)),
                    size_bytes,
                    media_type,
                    passing_score: i.passing_score.or(c.quiz.as_ref().map(|q| q.passing_score as i64)),
                    max_attempts: i.max_attempts.or(c.quiz.as_ref().and_then(|q| q.max_attempts.map(i64::from))),
                    questions: i.questions.clone().or(c.quiz.as_ref().map(|q| q.questions.clone())),
                    assignment: content::merge_assignment(c.assignment.as_ref(), i.assignment.as_ref()),
                    lti: content::merge_lti(c.lti.as_ref(), i.lti.as_ref()),
                }
            };
            let mut content = match cmi5 {
                Some(current) => {
                    content::reject_content(&mut v, "cmi5", &input.content);
                    current
                }
                None => content::validate(&mut v, &kind, &merged),
            };
            v.finish()?;
            attach_file(tx, id, current.course_id, &mut content)?;
            let group = match input.assignment_group_id {
                Some(g) => g,
                // A lesson that stops being graded leaves its group.
                None if matches!(kind.as_str(), "quiz" | "assignment") => current.assignment_group_id,
                None => None,
            };
            check_references(tx, current.course_id, &kind, &content, group)?;
            let row_now: LessonRow = with_conn!(tx, |c| tenant
                .scoped(lessons::table)
                .filter(lessons::id.eq(id))
                .select(LessonRow::as_select())
                .first(c))?;
            let mut row = row_now;
            row.title = input.title.map(|t| t.trim().to_string()).unwrap_or(row.title);
            row.kind = kind;
            row.required = input.required.unwrap_or(row.required);
            row.assignment_group_id = group;
            row.version += 1;
            row.updated_at = Timestamp::now();
            to_row_content(&mut row, content)?;
            with_conn!(tx, |c| diesel::update(tenant.scoped(lessons::table).filter(lessons::id.eq(id)))
                .set(&row)
                .execute(c))?;
            if let Some((target, position)) = move_to {
                let target = target.unwrap_or(current.module_id);
                let target_module =
                    get_module(tx, target).map_err(|_| Error::invalid("module_id", "no such module"))?;
                if target_module.course_id != current.course_id {
                    return Err(Error::invalid("module_id", "must be a module of the same course"));
                }
                let mut source = lesson_ids(tx, current.module_id)?;
                source.retain(|l| *l != id);
                if target == current.module_id {
                    place(&mut source, id, position)?;
                    renumber_lessons(tx, target, &source)?;
                } else {
                    let mut dest = lesson_ids(tx, target)?;
                    place(&mut dest, id, position)?;
                    renumber_lessons(tx, current.module_id, &source)?;
                    renumber_lessons(tx, target, &dest)?;
                }
            }
            record_change(tx, current.course_id, "lesson.updated", ("lesson", id.to_string()), serde_json::json!({}))?;
            get_lesson(tx, id)
        })
        .await?;
    Ok(lesson)
}

/// Deletes a lesson; the lessons after it move up.
pub async fn delete_lesson(core: &Core, scope: &TenantScope, id: LessonId) -> Result<()> {
    core.db
        .write(scope, Permission::CoursesWrite, move |tx| {
            let current = get_lesson(tx, id)?;
            lock_for_edit(tx, current.course_id)?;
            let tenant = tx.tenant();
            if has_learner_records(tx, &[id])? {
                return Err(Error::Conflict {
                    code: "learner_records_exist",
                    field: None,
                    message: "learners have progress, quiz attempts or submissions on this lesson, which deleting it would erase; \
                              archive the course, or keep the lesson (make it optional with `required: false`)"
                        .into(),
                });
            }
            with_conn!(tx, |c| diesel::delete(tenant.scoped(lessons::table).filter(lessons::id.eq(id))).execute(c))?;
            let ids = lesson_ids(tx, current.module_id)?;
            renumber_lessons(tx, current.module_id, &ids)?;
            record_change(
                tx,
                current.course_id,
                "lesson.deleted",
                ("lesson", id.to_string()),
                serde_json::json!({ "title": current.title }),
            )?;
            Ok(())
        })
        .await?;
    Ok(())
}
