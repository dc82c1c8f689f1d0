//! `lyceum-api`: serves the HTTP API and, unless `--no-worker`, runs a worker in-process.

use clap::Parser;
use lyceum_api::server::{self, ServeOptions};
use lyceum_core::{config::Config, telemetry};

/// Lyceum's API server. Configuration comes from LYCEUM_* environment variables and an optional
/// lyceum.toml (see the README).
#[derive(Debug, Parser)]
#[command(name = "lyceum-api", version)]
struct Args {
    /// Serve HTTP only; run jobs with separate `lyceum-worker` processes.
    #[arg(long)]
    no_worker: bool,
    /// Print the OpenAPI spec and exit.
    #[arg(long)]
    print_openapi: bool,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    if args.print_openapi {
        print!("{}", lyceum_api::spec_json());
        return Ok(());
    }
    let config = Config::load()?;
    telemetry::init(&config.observability.log_format);
    server::run(config, ServeOptions { no_worker: args.no_worker }).await
}
