//! The catalog cache: moka caches in front of the course view, outline and list queries. Keys start with
//! the tenant (and the audience, since learners see less); entries are invalidated after the commit of
//! any change to them (and on PostgreSQL in every other process, see `invalidation`), with a TTL as a
//! backstop. Hits and misses are counted for `/metrics`.

use std::{
    future::Future,
    hash::Hash,
    sync::{
        atomic::{AtomicU64, Ordering},
        Arc,
    },
    time::Duration,
};

use super::{Audience, Course, Outline};
use crate::{
    db::types::{CourseId, TenantId},
    error::{Error, Result},
    invalidation::Invalidation,
    pagination::Page,
};

pub const TTL: Duration = Duration::from_secs(60);

/// A cached value and, once someone asked for it, its serialised form (the api renders JSON once per
/// cache entry instead of once per request). Dropped with the entry, so it is never stale.
#[derive(Debug)]
pub struct Cached<T> {
    pub value: T,
    rendered: std::sync::OnceLock<bytes::Bytes>,
    /// The rendered bytes in a content coding (the api's gzip), computed at most once too.
    encoded: std::sync::OnceLock<bytes::Bytes>,
}

impl<T> Cached<T> {
    fn new(value: T) -> Self {
        Cached { value, rendered: std::sync::OnceLock::new(), encoded: std::sync::OnceLock::new() }
    }

    /// The value rendered by `render`, computed at most once per cache entry.
    pub fn rendered(&self, render: impl FnOnce(&T) -> Vec<u8>) -> bytes::Bytes {
        self.rendered.get_or_init(|| bytes::Bytes::from(render(&self.value))).clone()
    }

    /// The rendered value passed through `encode` (compression), computed at most once per cache entry.
    pub fn encoded(&self, render: impl FnOnce(&T) -> Vec<u8>, encode: impl FnOnce(&[u8]) -> Vec<u8>) -> bytes::Bytes {
        self.encoded.get_or_init(|| bytes::Bytes::from(encode(&self.rendered(render)))).clone()
    }
}

impl<T> std::ops::Deref for Cached<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

/// Hit and miss counters of one cache.
#[derive(Debug, Default)]
pub struct Counters {
    pub hits: AtomicU64,
    pub misses: AtomicU64,
}

type CourseKey = (TenantId, CourseId, Audience);
type ListKey = (TenantId, Audience, String);

#[derive(Clone)]
pub struct CatalogCache {
    enabled: bool,
    views: moka::future::Cache<CourseKey, Arc<Cached<Course>>>,
    outlines: moka::future::Cache<CourseKey, Arc<Cached<Outline>>>,
    lists: moka::future::Cache<ListKey, Arc<Cached<Page<Course>>>>,
    counters: Arc<[Counters; 3]>,
}

impl std::fmt::Debug for CatalogCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CatalogCache").field("enabled", &self.enabled).finish()
    }
}

fn build<K: Hash + Eq + Send + Sync + 'static, V: Clone + Send + Sync + 'static>(
    cap: u64,
) -> moka::future::Cache<K, V> {
    moka::future::Cache::builder().max_capacity(cap).time_to_live(TTL).support_invalidation_closures().build()
}

async fn cached<K, V, F>(
    enabled: bool,
    cache: &moka::future::Cache<K, Arc<Cached<V>>>,
    c: &Counters,
    key: K,
    load: F,
) -> Result<Arc<Cached<V>>>
where
    K: Hash + Eq + Send + Sync + Clone + 'static,
    V: Send + Sync + 'static,
    F: Future<Output = Result<V>>,
{
    if !enabled {
        return load.await.map(|v| Arc::new(Cached::new(v)));
    }
    if let Some(v) = cache.get(&key).await {
        c.hits.fetch_add(1, Ordering::Relaxed);
        return Ok(v);
    }
    c.misses.fetch_add(1, Ordering::Relaxed);
    cache.try_get_with(key, async { load.await.map(|v| Arc::new(Cached::new(v))) }).await.map_err(Error::from_shared)
}

impl crate::core::Part for CatalogCache {
    fn forget<'a>(&'a self, what: &'a Invalidation) -> futures::future::BoxFuture<'a, ()> {
        Box::pin(async move {
            match what {
                Invalidation::Tenant(t) => self.invalidate_tenant(*t),
                Invalidation::Course(t, c) => self.invalidate_course(*t, *c).await,
                Invalidation::Credential(_) | Invalidation::User(_) => {}
            }
        })
    }

    fn forget_all(&self) {
        self.clear();
    }
}

impl crate::Core {
    /// The catalog caches (registered by [`crate::wiring`]).
    pub(crate) fn catalog(&self) -> &CatalogCache {
        self.part().expect("Core is assembled with the catalog caches")
    }

    /// Hits and misses of each catalog cache, for `/metrics`.
    pub fn cache_stats(&self) -> Vec<(&'static str, u64, u64)> {
        self.catalog().stats()
    }
}

impl CatalogCache {
    pub fn new(enabled: bool) -> Self {
        CatalogCache {
            enabled,
            views: build(100_000),
            outlines: build(50_000),
            lists: build(50_000),
            counters: Arc::new(Default::default()),
        }
    }

    pub(crate) async fn view<F: Future<Output = Result<Course>>>(
        &self,
        key: CourseKey,
        load: F,
    ) -> Result<Arc<Cached<Course>>> {
        cached(self.enabled, &self.views, &self.counters[0], key, load).await
    }

    pub(crate) async fn outline<F: Future<Output = Result<Outline>>>(
        &self,
        key: CourseKey,
        load: F,
    ) -> Result<Arc<Cached<Outline>>> {
        cached(self.enabled, &self.outlines, &self.counters[1], key, load).await
    }

    pub(crate) async fn list<F: Future<Output = Result<Page<Course>>>>(
        &self,
        key: ListKey,
        load: F,
    ) -> Result<Arc<Cached<Page<Course>>>> {
        cached(self.enabled, &self.lists, &self.counters[2], key, load).await
    }

    /// Wraps a value that is not worth caching in the same shape as cached ones.
    pub(crate) fn uncached<T>(&self, value: T) -> Result<Arc<Cached<T>>> {
        Ok(Arc::new(Cached::new(value)))
    }

    /// Forgets one course (its view and outline for every audience) and the tenant's lists.
    pub async fn invalidate_course(&self, tenant: TenantId, course: CourseId) {
        for audience in [Audience::Staff, Audience::Learner] {
            self.views.invalidate(&(tenant, course, audience)).await;
            self.outlines.invalidate(&(tenant, course, audience)).await;
        }
        let _ = self.lists.invalidate_entries_if(move |k, _| k.0 == tenant);
    }

    /// Forgets everything of a tenant.
    pub fn invalidate_tenant(&self, tenant: TenantId) {
        let _ = self.views.invalidate_entries_if(move |k, _| k.0 == tenant);
        let _ = self.outlines.invalidate_entries_if(move |k, _| k.0 == tenant);
        let _ = self.lists.invalidate_entries_if(move |k, _| k.0 == tenant);
    }

    pub fn clear(&self) {
        self.views.invalidate_all();
        self.outlines.invalidate_all();
        self.lists.invalidate_all();
    }

    /// (cache name, hits, misses) for `/metrics`.
    pub fn stats(&self) -> Vec<(&'static str, u64, u64)> {
        ["course_view", "course_outline", "course_list"]
            .into_iter()
            .zip(self.counters.iter())
            .map(|(n, c)| (n, c.hits.load(Ordering::Relaxed), c.misses.load(Ordering::Relaxed)))
            .collect()
    }
}
