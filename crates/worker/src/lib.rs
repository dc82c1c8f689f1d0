//! The background job runner: claims jobs from the queue in core, runs their handlers, and records the
//! outcome (done, retry with backoff, or dead). Linked by `lyceum-worker` and, for single-node runs, by
//! `lyceum-api`.

pub mod handlers;
mod runner;

pub use handlers::{registry, Context, Handler, JobMeta, Registry};
pub use runner::{Worker, WorkerOptions};
