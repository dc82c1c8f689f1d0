//! Where uploaded files' bytes live: one interface (`object_store`) over two backends, the local
//! filesystem (the embedded default, under `LYCEUM_FILES_DIR`) and S3-compatible object storage
//! (`LYCEUM_STORAGE_URL=s3://bucket[/prefix]`). Objects are named `<tenant_id>/<file_id>`: nothing of a
//! file's name or content reaches the store's keys.

use std::sync::Arc;

use anyhow::Context;
use bytes::Bytes;
use futures::{stream::BoxStream, StreamExt};
use object_store::{
    aws::AmazonS3Builder, local::LocalFileSystem, path::Path, prefix::PrefixStore, GetResultPayload, ObjectStore,
    PutPayload, WriteMultipart,
};
use tokio_util::io::ReaderStream;

use crate::{
    config::FilesConfig,
    core::Core,
    db::types::{FileId, TenantId},
    error::{Error, Result},
};

/// Bytes sent to the store per part of a multipart upload (S3's smallest part is 5 MiB).
pub const PART_BYTES: usize = 8 * 1024 * 1024;
/// Bytes read from a local file at once when serving it.
const READ_BYTES: usize = 256 * 1024;
/// Parts in flight at once per upload (bounds the memory one upload holds).
const PARTS_IN_FLIGHT: usize = 2;

/// The configured store, and the settings uploads and signed URLs follow. A part of [`Core`].
#[derive(Clone)]
pub struct Storage {
    store: Arc<dyn ObjectStore>,
    /// `local` or `s3`, for logs and `/readyz`.
    pub backend: &'static str,
    /// The platform's ceiling on one upload.
    pub max_upload_bytes: u64,
    /// Lifetime of a signed download URL, in seconds.
    pub url_seconds: u64,
}

impl std::fmt::Debug for Storage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Storage").field("backend", &self.backend).field("store", &self.store.to_string()).finish()
    }
}

impl Storage {
    /// The store the configuration names, if it exists already (a local folder is not created): for
    /// tools such as the CLI that only reach files an API process stored.
    pub fn existing(config: &FilesConfig) -> anyhow::Result<Option<Self>> {
        if config.storage_url.is_none() && !config.dir.is_dir() {
            return Ok(None);
        }
        Self::from_config(config).map(Some)
    }

    /// The store the configuration names (the local folder is created if missing).
    pub fn from_config(config: &FilesConfig) -> anyhow::Result<Self> {
        let (store, backend): (Arc<dyn ObjectStore>, _) = match &config.storage_url {
            None => {
                std::fs::create_dir_all(&config.dir)
                    .with_context(|| format!("creating the files folder {}", config.dir.display()))?;
                let local = LocalFileSystem::new_with_prefix(&config.dir)
                    .with_context(|| format!("opening the files folder {}", config.dir.display()))?;
                (Arc::new(local), "local")
            }
            Some(url) => {
                let rest = url.strip_prefix("s3://").context("storage_url must be s3://bucket[/prefix]")?;
                let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
                let mut b = AmazonS3Builder::from_env().with_bucket_name(bucket);
                if let Some(e) = &config.s3_endpoint {
                    b = b.with_endpoint(e);
                }
                if let Some(r) = &config.s3_region {
                    b = b.with_region(r);
                }
                if let Some(k) = &config.s3_access_key_id {
                    b = b.with_access_key_id(k.expose());
                }
                if let Some(s) = &config.s3_secret_access_key {
                    b = b.with_secret_access_key(s.expose());
                }
                if config.s3_allow_http {
                    b = b.with_allow_http(true);
                }
                let s3 = b.build().with_context(|| format!("configuring the object store {url}"))?;
                let prefix = prefix.trim_matches('/');
                if prefix.is_empty() {
                    (Arc::new(s3), "s3")
                } else {
                    (Arc::new(PrefixStore::new(s3, prefix)), "s3")
                }
            }
        };
        Ok(Storage { store, backend, max_upload_bytes: config.max_upload_bytes, url_seconds: config.url_seconds })
    }

    fn path(tenant: TenantId, file: FileId) -> Path {
        Path::from(format!("{tenant}/{file}"))
    }

    /// Starts writing a file's object; bytes go out in parts as they come.
    pub(crate) async fn writer(&self, tenant: TenantId, file: FileId) -> Result<Writer> {
        let upload = self.store.put_multipart(&Self::path(tenant, file)).await.map_err(unavailable)?;
        Ok(Writer { inner: WriteMultipart::new_with_chunk_size(upload, PART_BYTES) })
    }

    /// Writes a whole (small) object at once.
    pub(crate) async fn put(&self, tenant: TenantId, file: FileId, bytes: Bytes) -> Result<()> {
        self.store.put(&Self::path(tenant, file), PutPayload::from(bytes)).await.map_err(unavailable)?;
        Ok(())
    }

    /// A file's bytes as a stream, and their length.
    pub(crate) async fn read(
        &self,
        tenant: TenantId,
        file: FileId,
    ) -> Result<(u64, BoxStream<'static, std::io::Result<Bytes>>)> {
        self.read_path(&Self::path(tenant, file))
            .await?
            .ok_or_else(|| crate::error::corrupt(format!("file {file} is stored but its object is missing")))
    }

    /// The object at `key` under the tenant's prefix (`<tenant>/<key>`), if there is one, as a
    /// stream with its length. Other layers keep their own objects so (a cmi5 package's files).
    pub(crate) async fn read_key(
        &self,
        tenant: TenantId,
        key: &str,
    ) -> Result<Option<(u64, BoxStream<'static, std::io::Result<Bytes>>)>> {
        self.read_path(&Path::from(format!("{tenant}/{key}"))).await
    }

    /// Writes a whole object at `key` under the tenant's prefix.
    pub(crate) async fn put_key(&self, tenant: TenantId, key: &str, bytes: Bytes) -> Result<()> {
        self.store.put(&Path::from(format!("{tenant}/{key}")), PutPayload::from(bytes)).await.map_err(unavailable)?;
        Ok(())
    }

    /// Removes every object whose key starts with `prefix/` under the tenant's prefix.
    pub(crate) async fn delete_under(&self, tenant: TenantId, prefix: &str) -> Result<usize> {
        let prefix = Path::from(format!("{tenant}/{prefix}"));
        let mut listed = self.store.list(Some(&prefix));
        let mut n = 0;
        while let Some(meta) = listed.next().await {
            let meta = meta.map_err(unavailable)?;
            match self.store.delete(&meta.location).await {
                Ok(()) | Err(object_store::Error::NotFound { .. }) => n += 1,
                Err(e) => return Err(unavailable(e)),
            }
        }
        Ok(n)
    }

    /// The names of the "folders" directly under `prefix` under the tenant's prefix.
    pub(crate) async fn list_dirs(&self, tenant: TenantId, prefix: &str) -> Result<Vec<String>> {
        let prefix = Path::from(format!("{tenant}/{prefix}"));
        let listed = self.store.list_with_delimiter(Some(&prefix)).await.map_err(unavailable)?;
        Ok(listed.common_prefixes.iter().filter_map(|p| p.filename().map(str::to_owned)).collect())
    }

    /// When the newest object under `prefix` (under the tenant's prefix) was written, if there is one.
    pub(crate) async fn newest_under(
        &self,
        tenant: TenantId,
        prefix: &str,
    ) -> Result<Option<chrono::DateTime<chrono::Utc>>> {
        let prefix = Path::from(format!("{tenant}/{prefix}"));
        let mut listed = self.store.list(Some(&prefix));
        let mut newest = None;
        while let Some(meta) = listed.next().await {
            let at = meta.map_err(unavailable)?.last_modified;
            newest = newest.max(Some(at));
        }
        Ok(newest)
    }

    async fn read_path(&self, path: &Path) -> Result<Option<(u64, BoxStream<'static, std::io::Result<Bytes>>)>> {
        let got = match self.store.get(path).await {
            Ok(g) => g,
            Err(object_store::Error::NotFound { .. }) => return Ok(None),
            Err(e) => return Err(unavailable(e)),
        };
        let size = got.meta.size;
        let stream = match got.payload {
            // A file on this machine: read in large blocks (object_store's own stream reads 8 KiB at a
            // time, each on the blocking pool).
            GetResultPayload::File(file, _) => {
                let file = tokio::fs::File::from_std(file);
                ReaderStream::with_capacity(tokio::io::AsyncReadExt::take(file, size), READ_BYTES).boxed()
            }
            GetResultPayload::Stream(s) => s.map(|r| r.map_err(std::io::Error::other)).boxed(),
        };
        Ok(Some((size, stream)))
    }

    /// Removes a file's object; an object that is not there is already removed.
    pub(crate) async fn delete(&self, tenant: TenantId, file: FileId) -> Result<()> {
        match self.store.delete(&Self::path(tenant, file)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(unavailable(e)),
        }
    }

    /// Removes every object of a tenant (a purged institution). Returns how many went.
    pub async fn delete_tenant(&self, tenant: TenantId) -> Result<usize> {
        let prefix = Path::from(tenant.to_string());
        let mut listed = self.store.list(Some(&prefix));
        let mut n = 0;
        while let Some(meta) = listed.next().await {
            let meta = meta.map_err(unavailable)?;
            match self.store.delete(&meta.location).await {
                Ok(()) | Err(object_store::Error::NotFound { .. }) => n += 1,
                Err(e) => return Err(unavailable(e)),
            }
        }
        Ok(n)
    }

    /// The raw store, for benchmarks that compare the API with it.
    pub fn object_store(&self) -> Arc<dyn ObjectStore> {
        self.store.clone()
    }
}

/// An object being written in parts.
pub(crate) struct Writer {
    inner: WriteMultipart,
}

impl Writer {
    pub(crate) async fn write(&mut self, bytes: &[u8]) -> Result<()> {
        self.inner.wait_for_capacity(PARTS_IN_FLIGHT).await.map_err(unavailable)?;
        self.inner.write(bytes);
        Ok(())
    }

    pub(crate) async fn finish(self) -> Result<()> {
        self.inner.finish().await.map_err(unavailable)?;
        Ok(())
    }

    /// Gives up: the parts sent so far are discarded.
    pub(crate) async fn abort(self) {
        if let Err(e) = self.inner.abort().await {
            tracing::warn!(error = %e, "could not abort a partial upload");
        }
    }
}

fn unavailable(e: object_store::Error) -> Error {
    tracing::warn!(error = %e, "file storage failed");
    Error::Unavailable { code: "storage_unavailable", message: "file storage is not available now; try again".into() }
}

impl Core {
    /// This process's file storage.
    pub fn with_storage(self, storage: Storage) -> Self {
        self.with_part(storage)
    }

    /// The file storage (503 `storage_not_configured` for a process built without one).
    pub fn storage(&self) -> Result<&Storage> {
        self.part::<Storage>().ok_or_else(|| Error::Unavailable {
            code: "storage_not_configured",
            message: "this server keeps no files".into(),
        })
    }
}
