//! Uploading: the two ways in ([`upload`] in one request, [`begin`] + [`put_content`] in two), the
//! streaming write that checks size and type as the bytes come, and the sweeper of uploads that never
//! finished ([`sweep`]). See the module above for the guarantees.

use bytes::{Bytes, BytesMut};
use chrono::Duration;
use diesel::prelude::*;
use futures::{Stream, StreamExt};
use sha2::{Digest, Sha256};

use super::{actor_of, get_row, signed, sniff, storage, FileInfo, FileRow, Purpose, Signed, Storage};
use crate::{
    audit,
    core::Core,
    db::{
        schema::files,
        types::{FileId, TenantId, Timestamp},
        TenantTx,
    },
    entitlements,
    error::{Error, Result},
    scope::{Need, RequestMeta, TenantScope},
    with_conn,
};

/// How long a two-step upload's signed URL works.
pub const UPLOAD_URL_SECONDS: u64 = 3600;
/// How long an upload may take before the sweeper may remove it.
pub const UPLOAD_WINDOW_HOURS: i64 = 6;
pub const MAX_FILENAME_CHARS: usize = 255;

/// What a client says about a file it is about to upload.
#[derive(Debug, Clone, Default)]
pub struct NewFile {
    pub filename: String,
    /// The content type it claims (checked against the bytes).
    pub content_type: Option<String>,
    /// Its exact size, when known in advance (required for a two-step upload).
    pub size: Option<u64>,
}

/// A file name as kept: its last path component, without control or bidirectional characters.
fn clean_filename(name: &str) -> Result<String> {
    let last = name.rsplit(['/', '\\']).next().unwrap_or("").trim();
    if last.is_empty() || last == "." || last == ".." {
        return Err(Error::invalid("filename", "is required (the file's name, such as essay.pdf)"));
    }
    if last.chars().count() > MAX_FILENAME_CHARS {
        return Err(Error::invalid("filename", format!("must be at most {MAX_FILENAME_CHARS} characters")));
    }
    if crate::error::has_unsafe_chars(last) {
        return Err(Error::invalid("filename", crate::error::UNSAFE_CHARS_MESSAGE));
    }
    Ok(last.to_string())
}

fn check_claimed_type(t: Option<&str>) -> Result<Option<String>> {
    let Some(t) = t.map(str::trim).filter(|t| !t.is_empty()) else { return Ok(None) };
    let e = sniff::essence(t);
    let ok = e.len() <= 255
        && e.split_once('/').is_some_and(|(a, b)| {
            !a.is_empty()
                && !b.is_empty()
                && (a.to_string() + b).chars().all(|c| c.is_ascii_alphanumeric() || "!#$&^_.+-".contains(c))
        });
    if !ok {
        return Err(Error::invalid("content_type", "must be a media type such as application/pdf"));
    }
    Ok(Some(e))
}

fn too_large(limit: u64, plan: &str) -> Error {
    Error::TooLarge {
        code: "file_too_large",
        message: format!("the {plan} plan takes files of at most {limit} bytes ({})", human(limit)),
    }
}

fn human(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB {
        format!("{:.0} MiB", bytes as f64 / MIB as f64)
    } else {
        format!("{} KiB", bytes.div_ceil(1024))
    }
}

/// The largest upload the scope's institution may make now, and its plan's name.
pub async fn upload_limit(core: &Core, scope: &TenantScope) -> Result<UploadLimit> {
    let platform = core.storage()?.max_upload_bytes;
    let plan = core.db.read(scope, Need::Identified, entitlements::current_plan).await?;
    Ok(UploadLimit { bytes: (plan.max_upload_bytes.max(0) as u64).min(platform), plan: plan.name })
}

/// The largest upload an institution may make, read once per upload ([`upload_limit`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadLimit {
    pub bytes: u64,
    /// The plan's name, for the answer that refuses a larger file.
    pub plan: String,
}

impl UploadLimit {
    /// 413 `file_too_large` for `size` bytes above the limit.
    pub fn check(&self, size: u64) -> Result<()> {
        if size > self.bytes {
            return Err(too_large(self.bytes, &self.plan));
        }
        Ok(())
    }
}

fn new_row(tx: &mut TenantTx<'_>, file: &NewFile, status: &str, size: i64, expires: Timestamp) -> Result<FileRow> {
    let filename = clean_filename(&file.filename)?;
    let declared_type = check_claimed_type(file.content_type.as_deref())?;
    let (uploader_type, uploader_id) = tx.scope().actor().audit_identity();
    let mut secret = [0u8; 32];
    rand::RngCore::fill_bytes(&mut rand::thread_rng(), &mut secret);
    let row = FileRow {
        tenant_id: tx.tenant_id(),
        id: FileId::new(),
        uploader_type: uploader_type.to_string(),
        uploader_id,
        filename,
        declared_type,
        content_type: None,
        size_bytes: size,
        sha256: None,
        status: status.into(),
        url_secret: hex::encode(secret),
        attached_kind: None,
        attached_id: None,
        course_id: None,
        created_at: Timestamp::now(),
        stored_at: None,
        expires_at: Some(expires),
        subject_id: None,
    };
    let mut stored = row.clone();
    stored.url_secret = crate::vault::seal(tx, crate::vault::Field::FileUrlKey, row.id.0, &row.url_secret)?;
    let t = tx.tenant();
    with_conn!(tx, |c| diesel::insert_into(files::table).values(t.stamp(&mut stored)).execute(c))?;
    Ok(row)
}

/// Uploads a file in one request: `body` is its bytes as they arrive. The row is written first; the
/// bytes are checked and stored; only then is the file `stored` (see the module's notes).
/// `limit` is [`upload_limit`]'s answer (the caller may have checked a declared length against it).
pub async fn upload<S>(core: &Core, scope: &TenantScope, limit: UploadLimit, file: NewFile, body: S) -> Result<FileInfo>
where
    S: Stream<Item = std::io::Result<Bytes>> + Send + Unpin,
{
    if let Some(size) = file.size {
        limit.check(size)?;
    }
    let UploadLimit { bytes: limit, plan } = limit;
    let row = core
        .db
        .write(scope, Need::Identified, move |tx| {
            let expires = Timestamp::now() + Duration::hours(UPLOAD_WINDOW_HOURS);
            new_row(tx, &file, "uploading", limit as i64, expires)
        })
        .await?;
    store(core, scope, row, Limit { bytes: limit, plan, exact: None }, body).await
}

/// The first step of a two-step upload: the file's row (`pending`) and a signed URL to `PUT` its bytes
/// to within [`UPLOAD_URL_SECONDS`] (no other credential needed: the URL is one).
pub async fn begin(core: &Core, scope: &TenantScope, file: NewFile) -> Result<(FileInfo, Signed)> {
    let limit = upload_limit(core, scope).await?;
    let Some(size) = file.size else {
        return Err(Error::invalid("size", "is required: the file's exact size in bytes"));
    };
    limit.check(size)?;
    let actor = actor_of(scope);
    core.db
        .write(scope, Need::Identified, move |tx| {
            let expires = Timestamp::now() + Duration::seconds(UPLOAD_URL_SECONDS as i64);
            let row = new_row(tx, &file, "pending", size as i64, expires)?;
            let url = signed::sign(&row.url_secret, Purpose::Upload, row.tenant_id, row.id, &actor, UPLOAD_URL_SECONDS);
            audit::record(
                tx,
                "file.upload_started",
                Some(("file", row.id.to_string())),
                serde_json::json!({ "filename": row.filename, "size_bytes": size }),
            )?;
            Ok((row.info(None), url))
        })
        .await
}

/// The second step: the bytes, sent to the signed upload URL. 403 `signed_url_invalid` or
/// `signed_url_expired`; 409 `file_already_uploaded` (or `upload_in_progress`) for a URL already used.
pub async fn put_content<S>(core: &Core, meta: RequestMeta, id: FileId, url: Signed, body: S) -> Result<FileInfo>
where
    S: Stream<Item = std::io::Result<Bytes>> + Send + Unpin,
{
    let scope = TenantScope::anonymous(url.tenant, meta);
    let row = core
        .db
        .write(&scope, Need::Nobody, move |tx| {
            let row = get_row(tx, id).map_err(|_| signed::invalid())?;
            signed::verify(&row.url_secret, Purpose::Upload, id, &url)?;
            let t = tx.tenant();
            let claimed = with_conn!(tx, |c| diesel::update(
                t.scoped(files::table).filter(files::id.eq(id)).filter(files::status.eq("pending"))
            )
            .set((
                files::status.eq("uploading"),
                files::expires_at.eq(Some(Timestamp::now() + Duration::hours(UPLOAD_WINDOW_HOURS))),
            ))
            .execute(c))?;
            if claimed == 0 {
                return Err(Error::Conflict {
                    code: if row.status == "stored" { "file_already_uploaded" } else { "upload_in_progress" },
                    field: None,
                    message: format!("file {id} is {}; start a new upload for other bytes", row.status),
                });
            }
            Ok(row)
        })
        .await?;
    let exact = row.size_bytes as u64;
    store(core, &scope, row, Limit { bytes: exact, plan: String::new(), exact: Some(exact) }, body).await
}

struct Limit {
    bytes: u64,
    plan: String,
    /// The size the client declared (a two-step upload must send exactly that).
    exact: Option<u64>,
}

/// Streams `body` into the store and makes `row` stored; on any failure, removes what was written and
/// the row, and returns why.
async fn store<S>(core: &Core, scope: &TenantScope, row: FileRow, limit: Limit, body: S) -> Result<FileInfo>
where
    S: Stream<Item = std::io::Result<Bytes>> + Send + Unpin,
{
    let storage = core.storage()?.clone();
    match write_object(&storage, &row, &limit, body).await {
        Ok(done) => {
            let (tenant, id) = (row.tenant_id, row.id);
            let mut stored = row;
            let finished = core
                .db
                .write(scope, Need::Nobody, move |tx| {
                    let t = tx.tenant();
                    let now = Timestamp::now();
                    let n = with_conn!(tx, |c| diesel::update(
                        t.scoped(files::table).filter(files::id.eq(id)).filter(files::status.eq("uploading"))
                    )
                    .set((
                        files::status.eq("stored"),
                        files::content_type.eq(Some(&done.content_type)),
                        files::size_bytes.eq(done.size as i64),
                        files::sha256.eq(Some(&done.sha256)),
                        files::stored_at.eq(Some(now)),
                        files::expires_at.eq(None::<Timestamp>),
                    ))
                    .execute(c))?;
                    if n == 0 {
                        return Err(Error::Conflict {
                            code: "upload_expired",
                            field: None,
                            message: "the upload took longer than its window and was removed; upload again".into(),
                        });
                    }
                    audit::record(
                        tx,
                        "file.uploaded",
                        Some(("file", id.to_string())),
                        serde_json::json!({
                            "filename": stored.filename, "content_type": done.content_type,
                            "size_bytes": done.size, "sha256": done.sha256, "uploaded_by": stored.uploader(),
                        }),
                    )?;
                    // The row as the update left it (no second read).
                    stored.status = "stored".into();
                    stored.content_type = Some(done.content_type);
                    stored.size_bytes = done.size as i64;
                    stored.sha256 = Some(done.sha256);
                    stored.stored_at = Some(now);
                    stored.expires_at = None;
                    Ok(stored)
                })
                .await;
            match finished {
                Ok(row) => Ok(row.info(None)),
                Err(e) => {
                    if let Err(d) = storage.delete(tenant, id).await {
                        tracing::warn!(error = %d, file = %id, "could not remove the object of an upload that failed");
                    }
                    Err(e)
                }
            }
        }
        Err(e) => {
            discard(core, scope, &storage, row.tenant_id, row.id).await;
            Err(e)
        }
    }
}

/// Removes a failed upload's object and row (the sweeper does it later if this fails too).
async fn discard(core: &Core, scope: &TenantScope, storage: &Storage, tenant: TenantId, id: FileId) {
    if let Err(e) = storage.delete(tenant, id).await {
        tracing::warn!(error = %e, file = %id, "could not remove a failed upload's object; the sweeper will");
        return;
    }
    let removed = core
        .db
        .write(scope, Need::Nobody, move |tx| {
            let t = tx.tenant();
            with_conn!(tx, |c| diesel::delete(
                t.scoped(files::table).filter(files::id.eq(id)).filter(files::status.ne("stored"))
            )
            .execute(c))
            .map_err(Error::from)
        })
        .await;
    if let Err(e) = removed {
        tracing::warn!(error = %e, file = %id, "could not remove a failed upload's row; the sweeper will");
    }
}

struct Written {
    size: u64,
    sha256: String,
    content_type: String,
}

async fn write_object<S>(storage: &Storage, row: &FileRow, limit: &Limit, mut body: S) -> Result<Written>
where
    S: Stream<Item = std::io::Result<Bytes>> + Send + Unpin,
{
    let over = |n: u64| n > limit.bytes;
    let refuse = || match limit.exact {
        Some(exact) => Error::TooLarge {
            code: "file_too_large",
            message: format!("more bytes came than the {exact} this upload declared"),
        },
        None => too_large(limit.bytes, &limit.plan),
    };
    let cut = |e: std::io::Error| {
        if e.kind() == std::io::ErrorKind::InvalidData {
            // The server's own body bound (a body without a length that ran past it).
            refuse()
        } else {
            Error::invalid("file", format!("the upload was cut off before its end ({e})"))
        }
    };
    let mut hash = Sha256::new();
    let mut size: u64 = 0;
    // The first part is gathered whole: the type is decided from its head before anything is written,
    // and a file that fits in it is written in one request.
    let mut first = BytesMut::new();
    let mut ended = false;
    let mut decided = false;
    while first.len() < storage::PART_BYTES {
        match body.next().await {
            Some(chunk) => {
                let chunk = chunk.map_err(cut)?;
                size += chunk.len() as u64;
                if over(size) {
                    return Err(refuse());
                }
                first.extend_from_slice(&chunk);
                if first.len() >= sniff::HEAD_BYTES && !decided {
                    // Decide as soon as the head is in (a forbidden file is refused early).
                    let head = &first[..sniff::HEAD_BYTES];
                    sniff::decide(&row.filename, row.declared_type.as_deref(), head, false)?;
                    decided = true;
                }
            }
            None => {
                ended = true;
                break;
            }
        }
    }
    let head_len = first.len().min(sniff::HEAD_BYTES);
    let content_type = sniff::decide(
        &row.filename,
        row.declared_type.as_deref(),
        &first[..head_len],
        ended && head_len == first.len(),
    )?;
    hash.update(&first);
    if ended {
        if let Some(exact) = limit.exact.filter(|e| *e != size) {
            return Err(short(size, exact));
        }
        storage.put(row.tenant_id, row.id, first.freeze()).await?;
        return Ok(Written { size, sha256: hex::encode(hash.finalize()), content_type });
    }
    let mut writer = storage.writer(row.tenant_id, row.id).await?;
    let result = async {
        writer.write(&first).await?;
        drop(first);
        while let Some(chunk) = body.next().await {
            let chunk = chunk.map_err(cut)?;
            size += chunk.len() as u64;
            if over(size) {
                return Err(refuse());
            }
            hash.update(&chunk);
            writer.write(&chunk).await?;
        }
        if let Some(exact) = limit.exact.filter(|e| *e != size) {
            return Err(short(size, exact));
        }
        Ok(())
    }
    .await;
    match result {
        Ok(()) => {
            writer.finish().await?;
            Ok(Written { size, sha256: hex::encode(hash.finalize()), content_type })
        }
        Err(e) => {
            writer.abort().await;
            Err(e)
        }
    }
}

fn short(size: u64, exact: u64) -> Error {
    Error::invalid("file", format!("the upload was {size} bytes, not the {exact} it declared"))
}

/// What [`sweep`] removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Swept {
    pub uploads: usize,
}

/// Removes uploads whose window passed without their bytes being stored (a crash, a client that gave
/// up), files an erasure gave up, and subject access exports past their days, object first, then row,
/// in `tenant`.
pub async fn sweep(core: &Core, scope: &TenantScope) -> Result<Swept> {
    let storage = core.storage()?.clone();
    let stale: Vec<FileId> = core
        .db
        .read(scope, Need::Identified, |tx| {
            let t = tx.tenant();
            Ok(with_conn!(tx, |c| t
                .scoped(files::table)
                .filter(files::status.ne("stored").or(files::subject_id.is_not_null()))
                .filter(files::expires_at.lt(Timestamp::now()))
                .select(files::id)
                .limit(1000)
                .load::<FileId>(c))?)
        })
        .await?;
    let mut swept = Swept::default();
    for id in stale {
        storage.delete(scope.tenant_id(), id).await?;
        let n = core
            .db
            .write(scope, Need::Identified, move |tx| {
                let t = tx.tenant();
                Ok(with_conn!(tx, |c| diesel::delete(
                    t.scoped(files::table)
                        .filter(files::id.eq(id))
                        .filter(files::status.ne("stored").or(files::subject_id.is_not_null()))
                        .filter(files::expires_at.lt(Timestamp::now()))
                )
                .execute(c))?)
            })
            .await?;
        swept.uploads += n;
    }
    Ok(swept)
}
