//! Starting and stopping the API process: migrations, the in-process worker, graceful shutdown.

use std::{sync::Arc, time::Duration};

use anyhow::Context as _;
use lyceum_core::{config::Config, db::Db, email::Mailer};
use lyceum_worker::{registry, Context, Worker, WorkerOptions};
use poem::{listener::TcpListener, Server};
use tokio_util::sync::CancellationToken;

use crate::{app, AppState};

#[derive(Debug, Clone, Default)]
pub struct ServeOptions {
    /// Do not run a worker in this process (jobs wait for `lyceum-worker`).
    pub no_worker: bool,
}

/// Connects, migrates, starts the worker (unless disabled) and serves until SIGTERM/SIGINT. In-flight
/// requests get `shutdown_grace_seconds` to finish; the worker finishes the jobs in hand.
pub async fn run(config: Config, options: ServeOptions) -> anyhow::Result<()> {
    let config = Arc::new(config);
    let keyring = lyceum_core::vault::Keyring::from_config(&config.keys, true)?;
    let db = Db::open(&config.database.url, config.database.runtime_url.as_deref(), config.database.pool_size)
        .await?
        .with_keyring(keyring)
        .with_public_url(&config.server.public_url);
    let db = match &config.database.replica_url {
        Some(url) => db
            .with_replica(url, config.database.pool_size, config.database.replica_max_wait)
            .await
            .context("opening the replica (LYCEUM_DATABASE_REPLICA_URL)")?,
        None => db,
    };
    let applied = db.migrate().await.context("applying migrations")?;
    lyceum_core::upgrade::run(&db).await.context("bringing data up to this release")?;
    tracing::info!(database = %db.redacted_url(), applied = applied.len(), "database ready");

    let state = AppState::new(db.clone(), config.clone())?;
    let shutdown = CancellationToken::new();
    let worker_task = if options.no_worker {
        None
    } else {
        let ctx = Context::new(state.core.clone(), Mailer::from_config(&config)?, config.clone());
        let worker = Worker::new(ctx, registry(), WorkerOptions::from_config(&config))
            .with_schedules(lyceum_core::maintenance::schedules());
        let token = shutdown.clone();
        Some(tokio::spawn(async move { worker.run(token).await }))
    };

    let listener = TcpListener::bind(config.server.bind.clone());
    tracing::info!(
        bind = %config.server.bind,
        docs = %format!("http://{}/docs", config.server.bind),
        worker = !options.no_worker,
        "lyceum-api listening"
    );
    let grace = Duration::from_secs(config.server.shutdown_grace_seconds);
    let signal_token = shutdown.clone();
    let mut server = Server::new(listener);
    if let Some(idle) = config.server.idle_timeout_seconds {
        // Idle keep-alive connections hold hyper's buffers (about 33 KB each): close them after a while,
        // as Apache and Node do by default, so memory follows the clients that are active, not every
        // client that ever connected. In-flight requests are never cut: the close is graceful.
        server = server.idle_timeout(Duration::from_secs(idle));
    }
    server
        .run_with_graceful_shutdown(
            app(state),
            async move {
                wait_for_signal().await;
                tracing::info!("shutdown requested; finishing in-flight requests");
                signal_token.cancel();
            },
            Some(grace),
        )
        .await
        .with_context(|| format!("serving on {}", config.server.bind))?;
    shutdown.cancel();
    if let Some(task) = worker_task {
        let _ = tokio::time::timeout(grace, task).await;
    }
    tracing::info!("lyceum-api stopped");
    Ok(())
}

pub async fn wait_for_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(s) => s,
            Err(_) => {
                let _ = ctrl_c.await;
                return;
            }
        };
        tokio::select! { _ = ctrl_c => {}, _ = term.recv() => {} }
    }
    #[cfg(not(unix))]
    let _ = ctrl_c.await;
}
