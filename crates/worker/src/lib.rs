//! The background job runner: claims jobs from the queue in core, runs them (each job's run sits beside
//! its payload in core; `lyceum_core::maintenance::registry` lists them), and records the outcome (done,
//! retry with backoff, or dead). Linked by `lyceum-worker` and, for single-node runs, by `lyceum-api`.

mod runner;

pub use lyceum_core::{
    jobs::{JobContext as Context, JobMeta, Registry},
    maintenance::registry,
};
pub use runner::{Worker, WorkerOptions};
