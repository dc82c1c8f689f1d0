//! `lyceum-worker`: runs workers only, for scaling out beside `lyceum-api --no-worker`.

use std::sync::Arc;

use anyhow::Context as _;
use lyceum_core::{config::Config, db::Db, email::Mailer, telemetry};
use lyceum_worker::{registry, Context, Worker, WorkerOptions};
use tokio_util::sync::CancellationToken;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let config = Arc::new(Config::load()?);
    telemetry::init(&config.observability.log_format);
    let keyring = lyceum_core::vault::Keyring::from_config(&config.keys, true)?;
    let db = Db::open(&config.database.url, config.database.runtime_url.as_deref(), config.database.pool_size)
        .await?
        .with_keyring(keyring)
        .with_public_url(&config.server.public_url);
    db.migrate().await.context("applying migrations")?;
    lyceum_core::upgrade::run(&db).await.context("bringing data up to this release")?;
    let core = lyceum_core::Core::new(db)
        .with_billing(lyceum_core::billing::Billing::from_config(&config)?)
        .with_storage(lyceum_core::files::Storage::from_config(&config.files)?);
    let ctx = Context::new(core, Mailer::from_config(&config)?, config.clone());
    let worker = Worker::new(ctx, registry(), WorkerOptions::from_config(&config))
        .with_schedules(lyceum_core::maintenance::schedules());
    let shutdown = CancellationToken::new();
    let signal = shutdown.clone();
    tokio::spawn(async move {
        wait_for_signal().await;
        tracing::info!("shutdown requested; finishing the jobs in hand (or releasing them after the grace period)");
        signal.cancel();
    });
    worker.run(shutdown).await;
    Ok(())
}

async fn wait_for_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).expect("SIGTERM handler");
        tokio::select! { _ = ctrl_c => {}, _ = term.recv() => {} }
    }
    #[cfg(not(unix))]
    let _ = ctrl_c.await;
}
