//! Subject access exports (issue 23, item 1): everything Lyceum holds about one person, as one zip
//! archive. `POST /v1/users/{id}/data-export` (staff with `users:write`) or `POST /v1/me/data-export`
//! (the person) starts an operation; its job ([`DataExport`]) reads the person's records, writes the
//! archive (JSON documents and the files they handed in) to a temporary file, stores it as a file
//! about the person (its `subject_id`: only they and staff who manage people may fetch it, through
//! the usual short-lived signed URL), marks the operation succeeded with the file
//! as its `result_id`, and emails the person a link that works for [`LINK_HOURS`] hours. The archive
//! itself is removed after [`ARCHIVE_DAYS`] days (and at once if the person is erased).

use std::io::{Seek, Write};

use diesel::prelude::*;
use futures::StreamExt;

use crate::{
    audit,
    db::{
        schema::{
            api_keys, audit_events, certificates, course_staff, courses, enrollments, files, group_members, groups,
            lesson_progress, lessons, quiz_attempts, sessions, user_identities,
        },
        types::{CourseId, EnrollmentId, FileId, LessonId, OperationId, TenantId, Timestamp, UserId},
        TenantTx,
    },
    error::{Error, Result},
    identity::users,
    jobs::{self, Job},
    operations::{self, Operation, OperationRow, OperationStatus},
    scope::{permissions::Permission, Need, TenantScope},
    with_conn, Core,
};

pub use crate::operations::DATA_EXPORT as KIND;
/// Days an archive is kept before the sweep removes it.
pub const ARCHIVE_DAYS: i64 = 7;
/// Hours the emailed download link works.
pub const LINK_HOURS: u64 = 24;

/// Starts an export of `user`'s data: the person themselves, or staff with `users:write`. A request
/// while one for the same person is queued or running answers that one.
pub async fn request(core: &Core, scope: &TenantScope, user: UserId) -> Result<Operation> {
    if scope.user_id() != Some(user) {
        scope.require(Permission::UsersWrite)?;
    }
    core.db
        .write_even_if_read_only(scope, Need::Identified, move |tx| {
            let person = users::get(tx, user)?;
            if person.status == users::UserStatus::Erased {
                return Err(Error::Conflict {
                    code: "user_erased",
                    field: None,
                    message: "this person was erased; Lyceum holds nothing that identifies them".into(),
                });
            }
            if let Some(running) = operations::in_flight(tx, KIND, user.0)? {
                return running.try_into();
            }
            let now = Timestamp::now();
            let mut row = OperationRow {
                tenant_id: tx.tenant_id(),
                id: OperationId::new(),
                kind: KIND.into(),
                status: OperationStatus::Queued,
                target_id: Some(user.0),
                input: "{}".into(),
                total: 1,
                processed: 0,
                succeeded: 0,
                failed: 0,
                skipped: 0,
                errors: "[]".into(),
                created_at: now,
                updated_at: now,
                finished_at: None,
                result_id: None,
            };
            operations::insert(tx, &mut row)?;
            audit::record(
                tx,
                "user.data_export_requested",
                Some(("user", user.to_string())),
                serde_json::json!({ "operation_id": row.id }),
            )?;
            jobs::enqueue(tx, &DataExport { tenant_id: tx.tenant_id(), operation_id: row.id })?;
            row.try_into()
        })
        .await
}

/// Job payload: build one person's archive.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DataExport {
    pub tenant_id: TenantId,
    pub operation_id: OperationId,
}

impl Job for DataExport {
    const KIND: &'static str = "users.data_export";

    fn tenant_id(&self) -> Option<TenantId> {
        Some(self.tenant_id)
    }

    fn dedup_key(&self) -> Option<String> {
        Some(format!("{KIND}:{}", self.operation_id))
    }

    async fn run(self, ctx: crate::jobs::JobContext, meta: crate::jobs::JobMeta) -> anyhow::Result<()> {
        run(&ctx.core, meta.scope()?, self.operation_id).await?;
        Ok(())
    }
}

/// One document of the archive.
struct Entry {
    name: String,
    json: serde_json::Value,
}

/// Builds and stores the archive of the operation's person; safe to run again (a finished operation
/// is left alone). Returns the archive's file.
pub async fn run(core: &Core, scope: &TenantScope, operation_id: OperationId) -> Result<Option<FileId>> {
    let op = core.db.read(scope, Need::Identified, move |tx| operations::lock(tx, operation_id)).await?;
    if matches!(op.status, OperationStatus::Succeeded | OperationStatus::Failed) {
        return Ok(op.result_id.map(FileId));
    }
    let user = UserId(op.target_id.ok_or_else(|| Error::internal(anyhow::anyhow!("export without a person")))?);
    let (entries, uploads) = core.db.read(scope, Need::Identified, move |tx| collect(tx, user)).await?;
    let built = build(core, scope, &entries, &uploads).await;
    let (file, size) = match built {
        Ok(ok) => ok,
        Err(e) => {
            let message = e.to_string();
            core.db.write(scope, Need::Identified, move |tx| operations::fail(tx, operation_id, &message)).await?;
            return Err(e);
        }
    };
    let expires = Timestamp::now() + chrono::Duration::days(ARCHIVE_DAYS);
    core.db
        .write(scope, Need::Identified, move |tx| {
            crate::files::attach_export(tx, file, user, expires)?;
            let op = operations::lock(tx, operation_id)?;
            operations::advance(tx, &op, 1, 1, 0, 0, Vec::new())?;
            operations::set_result(tx, operation_id, file.0)?;
            audit::record(
                tx,
                "user.data_exported",
                Some(("user", user.to_string())),
                serde_json::json!({ "operation_id": operation_id, "file_id": file, "size_bytes": size }),
            )?;
            jobs::enqueue(tx, &super::ExportReadyEmail { tenant_id: tx.tenant_id(), user_id: user, file_id: file })?;
            Ok(())
        })
        .await?;
    Ok(Some(file))
}

/// Writes the archive to a temporary file, then stores it; returns the file and its size.
async fn build(
    core: &Core,
    scope: &TenantScope,
    entries: &[Entry],
    uploads: &[(FileId, String)],
) -> Result<(FileId, u64)> {
    let storage = core.storage()?.clone();
    let tmp = tempfile::tempfile().map_err(Error::internal)?;
    let mut zip = zip::ZipWriter::new(tmp);
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated).large_file(true);
    let fail = |e: zip::result::ZipError| Error::internal(anyhow::anyhow!("writing the archive: {e}"));
    let io = |e: std::io::Error| Error::internal(anyhow::anyhow!("writing the archive: {e}"));
    zip.start_file("README.txt", options).map_err(fail)?;
    zip.write_all(README.as_bytes()).map_err(io)?;
    for e in entries {
        zip.start_file(format!("{}.json", e.name), options).map_err(fail)?;
        serde_json::to_writer_pretty(&mut zip, &e.json).map_err(Error::internal)?;
    }
    for (id, filename) in uploads {
        zip.start_file(format!("files/{id}-{filename}"), options).map_err(fail)?;
        let (_, mut body) = storage.read(scope.tenant_id(), *id).await?;
        while let Some(chunk) = body.next().await {
            zip.write_all(&chunk.map_err(io)?).map_err(io)?;
        }
    }
    let mut tmp = zip.finish().map_err(fail)?;
    let size = tmp.stream_position().map_err(io)?;
    tmp.rewind().map_err(io)?;
    let body = tokio_util::io::ReaderStream::with_capacity(tokio::fs::File::from_std(tmp), 256 * 1024);
    let name = format!("lyceum-data-export-{}.zip", Timestamp::now().0.format("%Y-%m-%d"));
    let limit = crate::files::UploadLimit { bytes: size, plan: "platform".into() };
    let new = crate::files::NewFile { filename: name, content_type: Some("application/zip".into()), size: Some(size) };
    let info = crate::files::upload(core, scope, limit, new, body).await?;
    Ok((info.id, size))
}

const README: &str = "\
This archive holds what Lyceum stores about you for your institution, as JSON documents:

- profile.json: your account, single sign-on links, groups, course roles, consents, sessions and the
  API keys you created (never a password, token or key itself);
- enrollments.json, progress.json, quiz_attempts.json: your courses and your progress in them;
- submissions.json and files/: what you handed in, with grades and feedback once they are posted;
- certificates.json: your certificates, each with its signed credential;
- audit_events.json: the institution's audit trail of what you did and what was done to your account;
- emails.json: the emails Lyceum sent you that are still in its job history.
";

fn json_rows<T: serde::Serialize>(rows: &[T]) -> Result<serde_json::Value> {
    serde_json::to_value(rows).map_err(Error::internal)
}

/// Files to put in an archive: (id, name).
type Uploads = Vec<(FileId, String)>;

/// Everything about `user`, as documents, and the files to include.
fn collect(tx: &mut TenantTx<'_>, user: UserId) -> Result<(Vec<Entry>, Uploads)> {
    let t = tx.tenant();
    let person = users::get(tx, user)?;
    let who = user.to_string();
    type Identity = (crate::db::types::IdentityProviderId, String, Timestamp, Timestamp);
    let identities: Vec<Identity> = with_conn!(tx, |c| t
        .scoped(user_identities::table)
        .filter(user_identities::user_id.eq(user))
        .select((
            user_identities::provider_id,
            user_identities::subject,
            user_identities::created_at,
            user_identities::last_login_at,
        ))
        .load(c))?;
    let group_ids: Vec<crate::db::types::GroupId> = with_conn!(tx, |c| t
        .scoped(group_members::table)
        .filter(group_members::user_id.eq(user))
        .select(group_members::group_id)
        .load(c))?;
    let group_names: Vec<String> =
        with_conn!(tx, |c| t.scoped(groups::table).filter(groups::id.eq_any(&group_ids)).select(groups::name).load(c))?;
    let roles: Vec<(CourseId, String)> = with_conn!(tx, |c| t
        .scoped(course_staff::table)
        .filter(course_staff::user_id.eq(user))
        .select((course_staff::course_id, course_staff::role))
        .load(c))?;
    type SessionRow = (Timestamp, Timestamp, Option<Timestamp>, Option<Timestamp>);
    let sessions: Vec<SessionRow> = with_conn!(tx, |c| t
        .scoped(sessions::table)
        .filter(sessions::user_id.eq(user))
        .select((sessions::created_at, sessions::expires_at, sessions::revoked_at, sessions::last_used_at))
        .load(c))?;
    type KeyRow = (String, String, Timestamp, Option<Timestamp>);
    let keys: Vec<KeyRow> = with_conn!(tx, |c| t
        .scoped(api_keys::table)
        .filter(api_keys::created_by.eq(user))
        .select((api_keys::name, api_keys::prefix, api_keys::created_at, api_keys::revoked_at))
        .load(c))?;
    let consents = crate::identity::consent::status_in(tx, user)?;
    let profile = serde_json::json!({
        "account": person,
        "single_sign_on": identities.iter().map(|(p, s, c, l)| serde_json::json!({
            "identity_provider_id": p, "subject": s, "linked_at": c, "last_login_at": l })).collect::<Vec<_>>(),
        "groups": group_names,
        "course_roles": roles.iter().map(|(c, r)| serde_json::json!({"course_id": c, "role": r})).collect::<Vec<_>>(),
        "consents": consents,
        "sessions": sessions.iter().map(|(c, e, r, u)| serde_json::json!({
            "created_at": c, "expires_at": e, "revoked_at": r, "last_used_at": u })).collect::<Vec<_>>(),
        "api_keys_created": keys.iter().map(|(n, p, c, r)| serde_json::json!({
            "name": n, "prefix": p, "created_at": c, "revoked_at": r })).collect::<Vec<_>>(),
    });

    type EnrollmentRow = (
        EnrollmentId,
        CourseId,
        String,
        Option<Timestamp>,
        i64,
        Option<i32>,
        Timestamp,
        Option<Timestamp>,
        Option<Timestamp>,
        Option<Timestamp>,
    );
    let enrolled: Vec<EnrollmentRow> = with_conn!(tx, |c| t
        .scoped(enrollments::table)
        .filter(enrollments::user_id.eq(user))
        .order(enrollments::id.asc())
        .select((
            enrollments::id,
            enrollments::course_id,
            enrollments::status,
            enrollments::due_at,
            enrollments::time_spent_seconds,
            enrollments::score,
            enrollments::enrolled_at,
            enrollments::completed_at,
            enrollments::dropped_at,
            enrollments::last_activity_at,
        ))
        .load(c))?;
    let enrollment_ids: Vec<EnrollmentId> = enrolled.iter().map(|e| e.0).collect();
    let course_ids: Vec<CourseId> = enrolled.iter().map(|e| e.1).collect();
    let mut titles = std::collections::HashMap::new();
    for chunk in course_ids.chunks(500) {
        let found: Vec<(CourseId, String)> = with_conn!(tx, |c| t
            .scoped(courses::table)
            .filter(courses::id.eq_any(chunk))
            .select((courses::id, courses::title))
            .load(c))?;
        titles.extend(found);
    }
    let enrollments_doc: Vec<serde_json::Value> = enrolled
        .iter()
        .map(|(id, course, status, due, spent, score, at, done, dropped, last)| {
            serde_json::json!({
                "id": id, "course_id": course, "course_title": titles.get(course), "status": status,
                "due_at": due, "time_spent_seconds": spent, "score": score, "enrolled_at": at,
                "completed_at": done, "dropped_at": dropped, "last_activity_at": last,
            })
        })
        .collect();

    type ProgressRow = (EnrollmentId, LessonId, String, Option<i32>, Option<bool>, i32, Timestamp, Option<Timestamp>);
    type AttemptRow = (EnrollmentId, LessonId, i32, String, String, i32, bool, Timestamp);
    let mut progress: Vec<ProgressRow> = Vec::new();
    let mut attempts: Vec<AttemptRow> = Vec::new();
    for chunk in enrollment_ids.chunks(500) {
        progress.extend(with_conn!(tx, |c| t
            .scoped(lesson_progress::table)
            .filter(lesson_progress::enrollment_id.eq_any(chunk))
            .order((lesson_progress::enrollment_id.asc(), lesson_progress::lesson_id.asc()))
            .select((
                lesson_progress::enrollment_id,
                lesson_progress::lesson_id,
                lesson_progress::status,
                lesson_progress::score,
                lesson_progress::passed,
                lesson_progress::time_spent_seconds,
                lesson_progress::started_at,
                lesson_progress::completed_at,
            ))
            .load::<ProgressRow>(c))?);
        attempts.extend(with_conn!(tx, |c| t
            .scoped(quiz_attempts::table)
            .filter(quiz_attempts::enrollment_id.eq_any(chunk))
            .order(quiz_attempts::id.asc())
            .select((
                quiz_attempts::enrollment_id,
                quiz_attempts::lesson_id,
                quiz_attempts::attempt_number,
                quiz_attempts::answers,
                quiz_attempts::results,
                quiz_attempts::score,
                quiz_attempts::passed,
                quiz_attempts::created_at,
            ))
            .load::<AttemptRow>(c))?);
    }
    let mut lesson_ids: Vec<LessonId> = progress.iter().map(|p| p.1).chain(attempts.iter().map(|a| a.1)).collect();
    lesson_ids.sort_by_key(|l| l.0);
    lesson_ids.dedup();
    let mut lesson_titles = std::collections::HashMap::new();
    for chunk in lesson_ids.chunks(500) {
        let found: Vec<(LessonId, String)> = with_conn!(tx, |c| t
            .scoped(lessons::table)
            .filter(lessons::id.eq_any(chunk))
            .select((lessons::id, lessons::title))
            .load(c))?;
        lesson_titles.extend(found);
    }
    let progress_doc: Vec<serde_json::Value> = progress
        .iter()
        .map(|(e, l, status, score, passed, spent, started, done)| {
            serde_json::json!({
                "enrollment_id": e, "lesson_id": l, "lesson_title": lesson_titles.get(l), "status": status,
                "score": score, "passed": passed, "time_spent_seconds": spent, "started_at": started,
                "completed_at": done,
            })
        })
        .collect();
    let json_or_text = |s: &str| serde_json::from_str(s).unwrap_or_else(|_| serde_json::Value::String(s.into()));
    let attempts_doc: Vec<serde_json::Value> = attempts
        .iter()
        .map(|(e, l, n, answers, results, score, passed, at)| {
            serde_json::json!({
                "enrollment_id": e, "lesson_id": l, "lesson_title": lesson_titles.get(l), "attempt_number": n,
                "answers": json_or_text(answers), "results": json_or_text(results), "score": score,
                "passed": passed, "submitted_at": at,
            })
        })
        .collect();

    let (submissions_doc, mut uploads) = super::export_more::submissions(tx, user)?;
    let own: Vec<(FileId, String)> = with_conn!(tx, |c| t
        .scoped(files::table)
        .filter(files::uploader_type.eq("user"))
        .filter(files::uploader_id.eq(&who))
        .filter(files::status.eq("stored"))
        .filter(files::subject_id.is_null())
        .select((files::id, files::filename))
        .load(c))?;
    for f in own {
        if !uploads.iter().any(|u| u.0 == f.0) {
            uploads.push(f);
        }
    }
    let certificates_doc: Vec<serde_json::Value> = with_conn!(tx, |c| t
        .scoped(certificates::table)
        .filter(certificates::user_id.eq(user))
        .select((
            certificates::code,
            certificates::course_id,
            certificates::issued_at,
            certificates::revoked_at,
            certificates::revoked_reason,
            certificates::credential,
            certificates::signature,
        ))
        .load::<(String, CourseId, Timestamp, Option<Timestamp>, Option<String>, String, String)>(c))?
    .into_iter()
    .map(|(code, course, issued, revoked, reason, credential, signature)| {
        serde_json::json!({
            "code": code, "course_id": course, "issued_at": issued, "revoked_at": revoked,
            "revoked_reason": reason, "credential": json_or_text(&credential), "signature": signature,
        })
    })
    .collect();
    let audit: Vec<crate::audit::AuditEvent> = with_conn!(tx, |c| t
        .scoped(audit_events::table)
        .filter(audit_events::actor_id.eq(&who).or(audit_events::target_id.eq(&who)))
        .order(audit_events::id.asc())
        .select(crate::audit::AuditEvent::as_select())
        .load(c))?;
    let audit_doc: Vec<serde_json::Value> = audit
        .into_iter()
        .map(|e| {
            let theirs = e.actor_type == "user" && e.actor_id.as_deref() == Some(who.as_str());
            serde_json::json!({
                "at": e.created_at, "action": e.action, "actor_type": e.actor_type, "actor_id": e.actor_id,
                "target_type": e.target_type, "target_id": e.target_id,
                // Another person's address is theirs, not this person's.
                "ip": if theirs { e.ip } else { None },
                "metadata": json_or_text(&e.metadata),
            })
        })
        .collect();
    let emails_doc = super::export_more::emails(tx, user, &enrollment_ids)?;
    let entries = vec![
        Entry { name: "profile".into(), json: profile },
        Entry { name: "enrollments".into(), json: json_rows(&enrollments_doc)? },
        Entry { name: "progress".into(), json: json_rows(&progress_doc)? },
        Entry { name: "quiz_attempts".into(), json: json_rows(&attempts_doc)? },
        Entry { name: "submissions".into(), json: submissions_doc },
        Entry { name: "certificates".into(), json: json_rows(&certificates_doc)? },
        Entry { name: "audit_events".into(), json: json_rows(&audit_doc)? },
        Entry { name: "emails".into(), json: emails_doc },
    ];
    Ok((entries, uploads))
}
