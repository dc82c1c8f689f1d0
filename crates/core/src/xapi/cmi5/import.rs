//! Importing a cmi5 course package (cmi5 §14.1): a zip with `cmi5.xml` at its root, uploaded as a
//! file first (`POST /v1/files`, so the plan's size limit and the upload checks apply). The import
//! reads the course structure, keeps the package's files in file storage under
//! `<tenant>/cmi5/<package>/`, and builds a draft course in one transaction: each run of AUs under
//! the same top-level block becomes a module (AUs outside any block: a module named after the
//! course), each AU a `cmi5` lesson. The block structure and the ids Lyceum generates for the course,
//! its blocks and AUs are kept with the package ([`Structure`]), for satisfaction (cmi5 §9.3.9).
//!
//! If anything fails, nothing is left: the files written are removed and the transaction rolls back.

use std::io::Read;

use bytes::Bytes;
use diesel::prelude::*;
use futures::StreamExt;
use serde::{Deserialize, Serialize};

use super::package::{self, CourseStructure, MoveOn};
use crate::{
    audit,
    core::Core,
    courses::{
        content::{Cmi5Content, Content},
        imported::{append_lessons, fit_title, insert_course, insert_module, ImportedLesson, NewCourse},
        Course, MAX_DESCRIPTION_CHARS,
    },
    db::{
        schema::cmi5_packages,
        types::{Cmi5PackageId, CourseId, FileId, LessonId, TenantId, Timestamp},
    },
    error::{Error, Result},
    identity::permissions::Permission,
    scope::TenantScope,
    with_conn,
};

/// At most this many files in a package.
pub const MAX_FILES: usize = 10_000;
/// At most this many bytes unpacked (a guard against zip bombs).
pub const MAX_UNPACKED_BYTES: u64 = 1 << 30;

/// A block as kept with its package.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BlockEntry {
    /// The id Lyceum generated (the object of its `satisfied` statements).
    pub activity_id: String,
    pub publisher_id: String,
    pub title: String,
}

/// An AU as kept with its package.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuEntry {
    pub lesson_id: LessonId,
    pub activity_id: String,
    pub move_on: String,
    /// The activity ids of the blocks that hold it, outermost first.
    pub blocks: Vec<String>,
}

/// A package's course structure with the ids Lyceum generated (the package's `structure` column).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Structure {
    pub course_activity_id: String,
    pub course_publisher_id: String,
    pub title: String,
    pub blocks: Vec<BlockEntry>,
    pub aus: Vec<AuEntry>,
}

impl Structure {
    /// The AUs a block (or, for the course's id, the course) holds.
    pub fn aus_in<'a>(&'a self, object: &'a str) -> impl Iterator<Item = &'a AuEntry> + 'a {
        self.aus.iter().filter(move |a| object == self.course_activity_id || a.blocks.iter().any(|b| b == object))
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = cmi5_packages)]
pub(crate) struct PackageRow {
    pub tenant_id: TenantId,
    pub id: Cmi5PackageId,
    pub course_id: CourseId,
    pub course_iri: String,
    pub structure: String,
    pub url_secret: String,
    pub files: i32,
    pub size_bytes: i64,
    pub created_at: Timestamp,
}

crate::tenant_rows!(PackageRow);

impl PackageRow {
    pub(crate) fn structure(&self) -> Result<Structure> {
        serde_json::from_str(&self.structure)
            .map_err(|e| crate::error::corrupt(format!("cmi5 package {} has an unreadable structure: {e}", self.id)))
    }
}

/// What an import made.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Imported {
    pub package_id: Cmi5PackageId,
    pub course: Course,
    pub lessons: Vec<LessonId>,
    pub files: usize,
    pub size_bytes: u64,
}

/// The key of a package's file in storage (under the tenant's prefix).
pub(crate) fn file_key(package: Cmi5PackageId, path: &str) -> String {
    format!("cmi5/{package}/{path}")
}

/// A zip entry's name as a path within the package, or why it is refused (no absolute paths, no
/// `..`, no backslashes or control characters).
fn entry_path(name: &str) -> std::result::Result<String, String> {
    if name.starts_with('/') || name.contains('\\') || name.chars().any(char::is_control) {
        return Err(format!("the package holds a file with an unsafe name: {name:?}"));
    }
    let segments: Vec<&str> = name.split('/').collect();
    if segments.iter().any(|s| s.is_empty() || *s == "." || *s == "..") {
        return Err(format!("the package holds a file with an unsafe name: {name:?}"));
    }
    Ok(name.to_string())
}

/// A package's files: (path within the package, bytes).
type Files = Vec<(String, Vec<u8>)>;

/// The package's files and its course structure, read from the zip at `path`.
fn unpack(path: &std::path::Path) -> Result<(CourseStructure, Files)> {
    let file = std::fs::File::open(path).map_err(Error::internal)?;
    let mut zip = zip::ZipArchive::new(file)
        .map_err(|e| Error::invalid("file_id", format!("is not a zip file (a cmi5 package): {e}")))?;
    if zip.len() > MAX_FILES {
        return Err(Error::invalid("file_id", format!("the package holds more than {MAX_FILES} files")));
    }
    let mut files = Vec::new();
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let mut entry =
            zip.by_index(i).map_err(|e| Error::invalid("file_id", format!("the zip cannot be read: {e}")))?;
        if entry.is_dir() {
            continue;
        }
        let name = entry
            .name()
            .map_err(|e| Error::invalid("file_id", format!("the zip holds an unreadable file name: {e}")))?;
        let name = entry_path(&name).map_err(|m| Error::invalid("file_id", m))?;
        let mut bytes = Vec::new();
        let left = MAX_UNPACKED_BYTES - total;
        (&mut entry)
            .take(left + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| Error::invalid("file_id", format!("{name} cannot be unpacked: {e}")))?;
        total += bytes.len() as u64;
        if total > MAX_UNPACKED_BYTES {
            return Err(Error::invalid(
                "file_id",
                format!("the package unpacks to more than {} MiB", MAX_UNPACKED_BYTES >> 20),
            ));
        }
        files.push((name, bytes));
    }
    let xml = files
        .iter()
        .find(|(n, _)| n == "cmi5.xml")
        .ok_or_else(|| Error::invalid("file_id", "the package has no cmi5.xml at its root (cmi5 §14.1)"))?;
    let xml = std::str::from_utf8(&xml.1).map_err(|_| Error::invalid("cmi5.xml", "is not UTF-8"))?;
    let structure = package::parse(xml)?;
    // A relative AU URL names a file of the package.
    for (i, au) in structure.aus.iter().enumerate() {
        if au.url.starts_with("https://") || au.url.starts_with("http://") {
            continue;
        }
        let file = au.url.split(['?', '#']).next().unwrap_or("");
        if !files.iter().any(|(n, _)| n == file) {
            return Err(Error::invalid(
                "cmi5.xml",
                format!("au[{i}].url: names {file:?}, which is not a file of the package"),
            ));
        }
    }
    Ok((structure, files))
}

/// Imports the package uploaded as `file` (see the module): answers the draft course it made.
pub async fn import(core: &Core, scope: &TenantScope, file: FileId) -> Result<Imported> {
    scope.require(Permission::CoursesWrite)?;
    let info = crate::files::view(core, scope, file).await.map_err(|e| match e {
        Error::NotFound { .. } => {
            Error::invalid("file_id", "names no file of yours (upload the zip with POST /v1/files)")
        }
        e => e,
    })?;
    if info.status != "stored" {
        return Err(Error::invalid("file_id", "the file's upload has not finished"));
    }
    let tenant = scope.tenant_id();
    let storage = core.storage()?.clone();
    let (_, mut stream) = storage.read(tenant, file).await?;
    let tmp = tempfile::NamedTempFile::new().map_err(Error::internal)?;
    {
        let mut out = tokio::fs::File::create(tmp.path()).await.map_err(Error::internal)?;
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.map_err(Error::internal)?;
            tokio::io::AsyncWriteExt::write_all(&mut out, &chunk).await.map_err(Error::internal)?;
        }
        tokio::io::AsyncWriteExt::flush(&mut out).await.map_err(Error::internal)?;
    }
    let path = tmp.path().to_path_buf();
    let (structure, files) = tokio::task::spawn_blocking(move || unpack(&path)).await.map_err(Error::internal)??;
    drop(tmp);
    let package = Cmi5PackageId::new();
    let size: u64 = files.iter().map(|f| f.1.len() as u64).sum();
    let count = files.len();
    let mut written = futures::stream::iter(files.into_iter().map(|(name, bytes)| {
        let storage = storage.clone();
        async move { storage.put_key(tenant, &file_key(package, &name), Bytes::from(bytes)).await }
    }))
    .buffer_unordered(8);
    let mut failed = None;
    while let Some(r) = written.next().await {
        if let Err(e) = r {
            failed = Some(e);
            break;
        }
    }
    drop(written);
    let made = match failed {
        Some(e) => Err(e),
        None => {
            core.db.write(scope, Permission::CoursesWrite, move |tx| build(tx, package, structure, count, size)).await
        }
    };
    match made {
        Ok(imported) => Ok(imported),
        Err(e) => {
            if let Err(clean) = storage.delete_under(tenant, &format!("cmi5/{package}")).await {
                tracing::warn!(error = %clean, %package, "could not remove the files of a failed cmi5 import");
            }
            Err(e)
        }
    }
}

fn build(
    tx: &mut crate::db::TenantTx<'_>,
    package: Cmi5PackageId,
    s: CourseStructure,
    files: usize,
    size: u64,
) -> Result<Imported> {
    let base = tx.public_url().trim_end_matches('/').to_string();
    let root = format!("{base}/xapi/activities/cmi5/{package}");
    let title = fit_title(&s.title, "Imported cmi5 course");
    let description: String = s.description.chars().take(MAX_DESCRIPTION_CHARS).collect();
    let course = insert_course(tx, NewCourse::titled(&title, &description)?)?;
    let blocks: Vec<BlockEntry> = s
        .blocks
        .iter()
        .enumerate()
        .map(|(i, b)| BlockEntry {
            activity_id: format!("{root}/blocks/{i}"),
            publisher_id: b.id.clone(),
            title: b.title.clone(),
        })
        .collect();
    let block_activity = |publisher: &str| -> String {
        blocks.iter().find(|b| b.publisher_id == publisher).map(|b| b.activity_id.clone()).unwrap_or_default()
    };
    // Runs of AUs under the same top-level block (or none) become modules, in document order.
    let mut runs: Vec<(Option<String>, Vec<usize>)> = Vec::new();
    for (i, au) in s.aus.iter().enumerate() {
        let top = au.blocks.first().cloned();
        match runs.last_mut() {
            Some((t, list)) if *t == top => list.push(i),
            _ => runs.push((top, vec![i])),
        }
    }
    let mut aus = Vec::with_capacity(s.aus.len());
    let mut lessons = Vec::with_capacity(s.aus.len());
    for (top, list) in runs {
        let module_title = match &top {
            Some(b) => s.blocks.iter().find(|x| &x.id == b).map(|x| x.title.clone()).unwrap_or_default(),
            None => title.clone(),
        };
        let module = insert_module(tx, course.id, fit_title(&module_title, "Module"), None)?;
        let mut new = Vec::with_capacity(list.len());
        for &i in &list {
            let au = &s.aus[i];
            let cmi5 = Cmi5Content {
                package_id: package,
                publisher_id: au.id.clone(),
                activity_id: format!("{root}/aus/{i}"),
                url: au.url.clone(),
                move_on: au.move_on.as_str().to_string(),
                mastery_score: au.mastery_score,
                launch_method: match au.launch_method {
                    package::LaunchMethod::AnyWindow => "AnyWindow".into(),
                    package::LaunchMethod::OwnWindow => "OwnWindow".into(),
                },
                launch_parameters: au.launch_parameters.clone(),
                entitlement_key: au.entitlement_key.clone(),
                blocks: au.blocks.iter().map(|b| block_activity(b)).collect(),
            };
            new.push(ImportedLesson {
                title: fit_title(&au.title, &format!("AU {}", i + 1)),
                kind: "cmi5".into(),
                // An AU whose moveOn is NotApplicable is satisfied without being taken.
                required: au.move_on != MoveOn::NotApplicable,
                content: Content { cmi5: Some(cmi5.clone()), ..Content::default() },
            });
            aus.push(AuEntry {
                lesson_id: LessonId::new(),
                activity_id: cmi5.activity_id,
                move_on: cmi5.move_on,
                blocks: cmi5.blocks,
            });
        }
        let ids = append_lessons(tx, module.id, new)?;
        let start = aus.len() - ids.len();
        for (a, id) in aus[start..].iter_mut().zip(&ids) {
            a.lesson_id = *id;
        }
        lessons.extend(ids);
    }
    let structure = Structure {
        course_activity_id: root.clone(),
        course_publisher_id: s.id.clone(),
        title: title.clone(),
        blocks,
        aus,
    };
    let mut row = PackageRow {
        tenant_id: tx.tenant_id(),
        id: package,
        course_id: course.id,
        course_iri: s.id,
        structure: serde_json::to_string(&structure).map_err(Error::internal)?,
        url_secret: {
            let mut key = [0u8; 32];
            rand::RngCore::fill_bytes(&mut rand::thread_rng(), &mut key);
            hex::encode(key)
        },
        files: files as i32,
        size_bytes: size as i64,
        created_at: Timestamp::now(),
    };
    let ours = tx.tenant();
    with_conn!(tx, |c| diesel::insert_into(cmi5_packages::table).values(ours.stamp(&mut row)).execute(c))?;
    audit::record(
        tx,
        "cmi5.package_imported",
        Some(("course", course.id.to_string())),
        serde_json::json!({ "package_id": package, "course_iri": row.course_iri, "aus": lessons.len(), "files": files }),
    )?;
    Ok(Imported { package_id: package, course, lessons, files, size_bytes: size })
}

/// Removes the files of packages that no longer exist (their course was deleted), in the scope's
/// institution. A package's folder written within `older_than` is left alone: an import may be
/// writing it (maintenance gives an hour). Returns how many packages' files went.
pub async fn sweep_orphans(core: &Core, scope: &TenantScope, older_than: chrono::Duration) -> Result<usize> {
    let Ok(storage) = core.storage() else { return Ok(0) };
    let tenant = scope.tenant_id();
    let dirs = storage.list_dirs(tenant, "cmi5").await?;
    if dirs.is_empty() {
        return Ok(0);
    }
    let known: Vec<Cmi5PackageId> = core
        .db
        .read(scope, crate::scope::Need::Identified, |tx| {
            let t = tx.tenant();
            Ok(with_conn!(tx, |c| t.scoped(cmi5_packages::table).select(cmi5_packages::id).load(c))?)
        })
        .await?;
    let recent = chrono::Utc::now() - older_than;
    let mut n = 0;
    for dir in dirs {
        let Ok(id) = dir.parse::<uuid::Uuid>() else { continue };
        if known.contains(&Cmi5PackageId(id)) {
            continue;
        }
        let prefix = format!("cmi5/{dir}");
        if storage.newest_under(tenant, &prefix).await?.is_some_and(|t| t > recent) {
            continue;
        }
        // (A local folder may outlive its files: only a sweep that removed some counts.)
        if storage.delete_under(tenant, &prefix).await? > 0 {
            n += 1;
        }
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    #[test]
    fn entry_names() {
        for ok in ["cmi5.xml", "au/index.html", "a b/c.js"] {
            assert!(super::entry_path(ok).is_ok(), "{ok}");
        }
        for bad in ["/etc/passwd", "../x", "a/../../x", "a//b", "a\\b", "./a", "a/\u{0}"] {
            assert!(super::entry_path(bad).is_err(), "{bad}");
        }
    }
}
