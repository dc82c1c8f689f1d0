//! Uploaded files: a row per file (`files`), its bytes in [`storage`] under `<tenant_id>/<file_id>`.
//!
//! - **Upload** in one request (the API's multipart `POST /v1/files`, [`upload`]) or in two ([`begin`]
//!   hands out a signed upload URL, [`put_content`] takes the bytes at it). Either way the row exists
//!   (`pending`, then `uploading`) before any byte is stored, the bytes stream to the store in parts
//!   while their SHA-256 is taken, the plan's size limit stops an upload the moment it is passed (413),
//!   and the content type is decided from the first bytes ([`sniff`]) before anything is written (415
//!   for executables and for content that is not what it claims). Only a complete, checked object makes
//!   the row `stored`; a failed upload removes what it wrote and its row, and one cut off by a crash is
//!   swept with its row once its window passes ([`sweep`]). So no object lacks its row and no stored
//!   row lacks its object.
//! - **Attach**: a stored file is attached once, by its uploader, to a `file` lesson, a submission, or
//!   a grade's feedback ([`attach`]); that decides who else may see it ([`may_view`]).
//! - **Download** through a signed URL ([`signed`]) that [`view`] hands to whoever may see the file:
//!   short-lived, for that file and institution only.
//!
//! This module sits with the directory (layer 1): courses and grading (above it) attach files; it
//! reads their tables only to answer "may this caller see this file".

pub mod signed;
pub mod sniff;
pub mod storage;
mod upload;

use bytes::Bytes;
use diesel::prelude::*;

pub use self::{
    signed::{Purpose, Signed},
    storage::Storage,
    upload::*,
};
use crate::{
    core::Core,
    db::{
        schema::{enrollments, files, submissions},
        types::{AttachedId, CourseId, FileId, SubmissionId, TenantId, Timestamp, UserId},
        TenantTx,
    },
    error::{Error, Result},
    identity::staff::{may, CourseRight},
    scope::{permissions::Permission, Need, RequestMeta, TenantScope},
    with_conn,
};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = files)]
pub(crate) struct FileRow {
    pub tenant_id: TenantId,
    pub id: FileId,
    pub uploader_type: String,
    pub uploader_id: Option<String>,
    pub filename: String,
    pub declared_type: Option<String>,
    pub content_type: Option<String>,
    pub size_bytes: i64,
    pub sha256: Option<String>,
    pub status: String,
    pub url_secret: String,
    pub attached_kind: Option<String>,
    pub attached_id: Option<AttachedId>,
    pub course_id: Option<CourseId>,
    pub created_at: Timestamp,
    pub stored_at: Option<Timestamp>,
    pub expires_at: Option<Timestamp>,
    /// The person a subject access export is about.
    pub subject_id: Option<UserId>,
}

crate::tenant_rows!(FileRow);

/// What a file is attached to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AttachmentKind {
    /// A `file` lesson shows it.
    Lesson,
    /// A learner handed it in.
    Submission,
    /// Staff returned it with a grade.
    Feedback,
}

impl AttachmentKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AttachmentKind::Lesson => "lesson",
            AttachmentKind::Submission => "submission",
            AttachmentKind::Feedback => "feedback",
        }
    }
}

/// An attachment: the lesson, or the submission (of a submission's or a grade's files), and its course.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Attachment {
    pub kind: AttachmentKind,
    pub id: AttachedId,
    pub course_id: CourseId,
}

/// A file as its readers see it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FileInfo {
    pub id: FileId,
    pub filename: String,
    /// What the bytes are (decided from them); `None` until stored.
    pub content_type: Option<String>,
    /// Stored: its size. Pending: the most it may hold.
    pub size_bytes: i64,
    /// Hex SHA-256 of the bytes, once stored.
    pub sha256: Option<String>,
    /// `pending` (waiting for its bytes), `uploading`, or `stored`.
    pub status: String,
    /// `user:<id>`, `api_key:<id>`, ...
    pub uploaded_by: String,
    pub attached_to: Option<Attachment>,
    pub created_at: Timestamp,
    pub stored_at: Option<Timestamp>,
    /// A signed URL for the bytes, for this reader, while it works.
    pub download: Option<Signed>,
}

fn actor_of(scope: &TenantScope) -> String {
    let (kind, id) = scope.actor().audit_identity();
    match id {
        Some(id) => format!("{kind}:{id}"),
        None => kind.to_string(),
    }
}

impl FileRow {
    fn uploader(&self) -> String {
        match &self.uploader_id {
            Some(id) => format!("{}:{id}", self.uploader_type),
            None => self.uploader_type.clone(),
        }
    }

    fn attachment(&self) -> Option<Attachment> {
        let kind = match self.attached_kind.as_deref()? {
            "lesson" => AttachmentKind::Lesson,
            "submission" => AttachmentKind::Submission,
            _ => AttachmentKind::Feedback,
        };
        Some(Attachment { kind, id: self.attached_id?, course_id: self.course_id? })
    }

    /// The file as a reader sees it; `url_for`: (the reader, the URL's lifetime) for a download URL.
    pub(crate) fn info(&self, url_for: Option<(&str, u64)>) -> FileInfo {
        let download = url_for.filter(|_| self.status == "stored").map(|(actor, seconds)| {
            signed::sign(&self.url_secret, Purpose::Download, self.tenant_id, self.id, actor, seconds)
        });
        FileInfo {
            id: self.id,
            filename: self.filename.clone(),
            content_type: self.content_type.clone(),
            size_bytes: self.size_bytes,
            sha256: self.sha256.clone(),
            status: self.status.clone(),
            uploaded_by: self.uploader(),
            attached_to: self.attachment(),
            created_at: self.created_at,
            stored_at: self.stored_at,
            download,
        }
    }
}

pub(crate) fn get_row(tx: &mut TenantTx<'_>, id: FileId) -> Result<FileRow> {
    let t = tx.tenant();
    let row = with_conn!(tx, |c| t.scoped(files::table).filter(files::id.eq(id)).select(FileRow::as_select()).first(c))
        .map_err(crate::error::not_found("file"))?;
    opened(tx, row)
}

/// `row` with its URL key opened ([`crate::vault`]): rows hold it in the clear only in memory.
fn opened(tx: &mut TenantTx<'_>, mut row: FileRow) -> Result<FileRow> {
    row.url_secret = crate::vault::open(tx, crate::vault::Field::FileUrlKey, row.id.0, &row.url_secret)?;
    Ok(row)
}

/// Whether the transaction's scope may see `row`: its uploader, and the institution's owners and admins;
/// for a lesson's file, the course's
/// staff and editors and its enrolled learners; for a submission's, its learner and the course's
/// graders; for a grade's feedback, the graders, and the learner once the grade is posted.
pub(crate) fn may_view(tx: &mut TenantTx<'_>, row: &FileRow) -> Result<bool> {
    let me = actor_of(tx.scope());
    // The uploader; and whoever sees every submission of the institution (owners, admins, their keys,
    // support staff) sees every file.
    let institution_wide =
        tx.scope().teaching_as().is_none() && tx.scope().permissions().contains(Permission::GradesRead);
    if row.uploader() == me || institution_wide {
        return Ok(true);
    }
    if let Some(subject) = row.subject_id {
        // A person's subject access export: theirs, and staff who manage people.
        return Ok(tx.scope().user_id() == Some(subject) || tx.scope().permissions().contains(Permission::UsersWrite));
    }
    let Some(a) = row.attachment() else { return Ok(false) };
    let t = tx.tenant();
    match a.kind {
        AttachmentKind::Lesson => {
            if may(tx, a.course_id, CourseRight::Edit)? || may(tx, a.course_id, CourseRight::ViewEnrollments)? {
                return Ok(true);
            }
            let Some(user) = tx.scope().user_id() else { return Ok(false) };
            let enrolled: i64 = with_conn!(tx, |c| t
                .scoped(enrollments::table)
                .filter(enrollments::course_id.eq(a.course_id))
                .filter(enrollments::user_id.eq(user))
                .filter(enrollments::status.ne(crate::db::status::EnrollmentStatus::Dropped))
                .count()
                .get_result(c))?;
            Ok(enrolled > 0)
        }
        AttachmentKind::Submission | AttachmentKind::Feedback => {
            if may(tx, a.course_id, CourseRight::ViewGrades)? {
                return Ok(true);
            }
            let Some(user) = tx.scope().user_id() else { return Ok(false) };
            let owner: Option<(UserId, Option<Timestamp>)> = with_conn!(tx, |c| t
                .scoped(submissions::table)
                .filter(submissions::id.eq(SubmissionId(a.id.0)))
                .select((submissions::user_id, submissions::posted_at))
                .first(c)
                .optional())?;
            Ok(match owner {
                Some((u, posted)) if u == user => a.kind == AttachmentKind::Submission || posted.is_some(),
                _ => false,
            })
        }
    }
}

/// Makes a stored file the subject access export of `user` (`subject_id`), removed by the sweep
/// after `expires`.
pub(crate) fn attach_export(tx: &mut TenantTx<'_>, id: FileId, user: UserId, expires: Timestamp) -> Result<()> {
    let t = tx.tenant();
    with_conn!(tx, |c| diesel::update(t.scoped(files::table).filter(files::id.eq(id)))
        .set((files::subject_id.eq(Some(user)), files::expires_at.eq(Some(expires))))
        .execute(c))?;
    Ok(())
}

/// A signed download path for a stored file, issued to `actor` for `seconds` (an email's link).
pub(crate) fn download_for(tx: &mut TenantTx<'_>, id: FileId, actor: &str, seconds: u64) -> Result<String> {
    let row = get_row(tx, id)?;
    let url = row.info(Some((actor, seconds))).download.ok_or(Error::NotFound { resource: "file" })?;
    Ok(url.path(id))
}

/// A file's metadata, with a download URL for the caller; 404 for anyone who may not see it.
pub async fn view(core: &Core, scope: &TenantScope, id: FileId) -> Result<FileInfo> {
    let seconds = core.storage()?.url_seconds;
    let actor = actor_of(scope);
    core.db
        .read(scope, Need::Identified, move |tx| {
            let row = get_row(tx, id)?;
            if !may_view(tx, &row)? {
                return Err(Error::NotFound { resource: "file" });
            }
            Ok(row.info(Some((&actor, seconds))))
        })
        .await
}

/// A file's bytes, opened through a signed URL.
pub struct Download {
    pub info: FileInfo,
    pub size: u64,
    pub body: futures::stream::BoxStream<'static, std::io::Result<Bytes>>,
}

/// Opens a file's bytes for a signed download URL (`url.tenant` names the institution; the URL is the
/// credential). 403 `signed_url_invalid` / `signed_url_expired`.
pub async fn open(core: &Core, meta: RequestMeta, id: FileId, url: Signed) -> Result<Download> {
    let storage = core.storage()?.clone();
    let scope = TenantScope::anonymous(url.tenant, meta);
    let row = core
        .db
        .read(&scope, Need::Nobody, move |tx| {
            let row = get_row(tx, id).map_err(|_| signed::invalid())?;
            signed::verify(&row.url_secret, Purpose::Download, id, &url)?;
            if row.status != "stored" {
                return Err(signed::invalid());
            }
            Ok(row)
        })
        .await?;
    let (size, body) = storage.read(row.tenant_id, row.id).await?;
    Ok(Download { info: row.info(None), size, body })
}

/// Attaches stored files to `to`, in the caller's transaction: each must exist, be stored, have been
/// uploaded by the caller, be attached to nothing else, and (with `extensions`) have one of those
/// extensions. Problems are reported per file as `<field>.<index>`.
pub(crate) fn attach(
    tx: &mut TenantTx<'_>,
    ids: &[FileId],
    field: &str,
    to: Attachment,
    extensions: &[String],
) -> Result<Vec<FileRow>> {
    let me = actor_of(tx.scope());
    let t = tx.tenant();
    let rows: Vec<FileRow> =
        with_conn!(tx, |c| t.scoped(files::table).filter(files::id.eq_any(ids)).select(FileRow::as_select()).load(c))?;
    let rows = rows.into_iter().map(|r| opened(tx, r)).collect::<Result<Vec<_>>>()?;
    let mut v = crate::error::Validator::new();
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        // A list field names the item (`file_ids.2`); a single one names itself (`file_id`).
        let f = if field.ends_with("_ids") { format!("{field}.{i}") } else { field.to_string() };
        let Some(row) = rows.iter().find(|r| r.id == *id) else {
            v.push(&f, format!("no file {id} was uploaded here"));
            continue;
        };
        if !seen.insert(*id) {
            v.push(&f, "is listed twice");
        } else if row.uploader() != me {
            v.push(&f, "was uploaded by someone else; upload your own copy");
        } else if row.status != "stored" {
            v.push(&f, "has not finished uploading");
        } else if row.attached_kind.is_some() && row.attachment() != Some(to) {
            v.push(&f, format!("is already attached to a {}", row.attached_kind.as_deref().unwrap_or("thing")));
        } else if !extensions.is_empty() && !sniff::extension(&row.filename).is_some_and(|e| extensions.contains(&e)) {
            v.push(
                &f,
                format!("`{}` is not one of the file types taken here: {}", row.filename, extensions.join(", ")),
            );
        } else {
            out.push(row.clone());
        }
    }
    v.finish()?;
    let now_ids: Vec<FileId> = out.iter().filter(|r| r.attached_kind.is_none()).map(|r| r.id).collect();
    let n = with_conn!(tx, |c| diesel::update(
        t.scoped(files::table).filter(files::id.eq_any(&now_ids)).filter(files::attached_kind.is_null())
    )
    .set((
        files::attached_kind.eq(Some(to.kind.as_str())),
        files::attached_id.eq(Some(to.id)),
        files::course_id.eq(Some(to.course_id)),
    ))
    .execute(c))?;
    if n != now_ids.len() {
        return Err(Error::Conflict {
            code: "file_in_use",
            field: None,
            message: "a file was attached elsewhere at the same moment; try again".into(),
        });
    }
    for r in &mut out {
        r.attached_kind = Some(to.kind.as_str().into());
        r.attached_id = Some(to.id);
        r.course_id = Some(to.course_id);
    }
    Ok(out)
}

/// The files attached as `kind` to any of `ids` (one query), in upload order.
pub(crate) fn attached(tx: &mut TenantTx<'_>, kind: AttachmentKind, ids: &[AttachedId]) -> Result<Vec<FileRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let t = tx.tenant();
    let rows: Vec<FileRow> = with_conn!(tx, |c| t
        .scoped(files::table)
        .filter(files::attached_kind.eq(kind.as_str()))
        .filter(files::attached_id.eq_any(ids))
        .order(files::id.asc())
        .select(FileRow::as_select())
        .load(c))?;
    rows.into_iter().map(|r| opened(tx, r)).collect()
}

/// Signs download URLs for the reader of a view built in a transaction (see [`FileRow::info`]).
#[derive(Debug, Clone)]
pub(crate) struct UrlSigner {
    actor: String,
    seconds: u64,
}

impl UrlSigner {
    /// For `scope`'s actor, with the configured lifetime (none for a process without storage).
    pub(crate) fn new(core: &Core, scope: &TenantScope) -> Option<Self> {
        core.storage().ok().map(|s| UrlSigner { actor: actor_of(scope), seconds: s.url_seconds })
    }

    pub(crate) fn info(signer: Option<&Self>, row: &FileRow) -> FileInfo {
        row.info(signer.map(|s| (s.actor.as_str(), s.seconds)))
    }
}
