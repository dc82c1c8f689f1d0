//! `lyceum`: the admin CLI for support staff. Reads the same configuration as the servers
//! (LYCEUM_DATABASE_URL, lyceum.toml). Human tables by default, `--json` for scripts.

mod output;

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use lyceum_core::{
    config::Config,
    db::Db,
    tenants::{self, TenantStatus},
    Error,
};

use crate::output::{print_json, Table};

#[derive(Debug, Parser)]
#[command(name = "lyceum", version, about = "Operate Lyceum: migrations, tenants, users and jobs.")]
struct Cli {
    /// Print machine-readable JSON instead of tables.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Apply pending database migrations (or, with --status, list them).
    Migrate {
        /// Only show which migrations are applied; change nothing.
        #[arg(long)]
        status: bool,
    },
    /// Inspect institutions (tenants).
    #[command(subcommand)]
    Tenant(TenantCommand),
}

#[derive(Debug, Subcommand)]
enum TenantCommand {
    /// List every tenant, oldest first.
    List {
        /// Only tenants with this status (trialing, active, past_due, suspended, deleted).
        #[arg(long)]
        status: Option<String>,
    },
    /// Show one tenant by its slug.
    Show {
        /// The tenant's slug, as used at login (e.g. `acme`).
        slug: String,
    },
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            if cli.json {
                let code = err.downcast_ref::<Error>().map(Error::code).unwrap_or("error");
                print_json(&serde_json::json!({"error": {"code": code, "message": format!("{err:#}")}}));
            } else {
                eprintln!("error: {err:#}");
            }
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: &Cli) -> anyhow::Result<()> {
    let config = Config::load()?;
    let db = Db::connect(&config.database_url, 2).await?;
    match &cli.command {
        Command::Migrate { status } => migrate(&db, *status, cli.json).await,
        Command::Tenant(TenantCommand::List { status }) => tenant_list(&db, status.as_deref(), cli.json).await,
        Command::Tenant(TenantCommand::Show { slug }) => tenant_show(&db, slug, cli.json).await,
    }
}

async fn migrate(db: &Db, status_only: bool, json: bool) -> anyhow::Result<()> {
    let applied = if status_only { Vec::new() } else { db.migrate().await? };
    let status = db.migration_status().await?;
    if json {
        print_json(&serde_json::json!({"database": db.redacted_url(), "applied_now": applied, "migrations": status}));
        return Ok(());
    }
    let mut t = Table::new(["MIGRATION", "APPLIED"]);
    for m in &status {
        t.row([m.version.clone(), if m.applied { "yes".into() } else { "no".into() }]);
    }
    t.print();
    if !status_only {
        println!("{} migration(s) applied now on {}", applied.len(), db.redacted_url());
    }
    Ok(())
}

async fn tenant_list(db: &Db, status: Option<&str>, json: bool) -> anyhow::Result<()> {
    let status = match status {
        None => None,
        Some(s) => Some(TenantStatus::parse(s).map_err(|_| {
            anyhow::anyhow!("unknown status `{s}`: use trialing, active, past_due, suspended or deleted")
        })?),
    };
    let list = db.system_read(move |tx| tenants::list_all(tx, status)).await?;
    if json {
        print_json(&list);
        return Ok(());
    }
    let mut t = Table::new(["SLUG", "NAME", "STATUS", "PLAN", "SEATS", "CREATED", "ID"]);
    for x in &list {
        t.row([
            x.slug.clone(),
            x.name.clone(),
            x.status.as_str().into(),
            x.plan.clone(),
            x.seat_limit.to_string(),
            x.created_at.to_string(),
            x.id.to_string(),
        ]);
    }
    t.print();
    Ok(())
}

async fn tenant_show(db: &Db, slug: &str, json: bool) -> anyhow::Result<()> {
    let owned = slug.to_string();
    let tenant = db.system_read(move |tx| tenants::find_by_slug(tx, &owned)).await.map_err(|e| match e {
        Error::NotFound { .. } => anyhow::Error::new(e).context(format!("no tenant has the slug `{slug}`")),
        other => other.into(),
    })?;
    if json {
        print_json(&tenant);
        return Ok(());
    }
    let mut t = Table::new(["FIELD", "VALUE"]);
    t.row(["id".into(), tenant.id.to_string()]);
    t.row(["slug".into(), tenant.slug.clone()]);
    t.row(["name".into(), tenant.name.clone()]);
    t.row(["status".into(), tenant.status.as_str().into()]);
    t.row(["plan".into(), tenant.plan.clone()]);
    t.row(["seat_limit".into(), tenant.seat_limit.to_string()]);
    t.row(["trial_ends_at".into(), tenant.trial_ends_at.map(|t| t.to_string()).unwrap_or_else(|| "-".into())]);
    t.row(["created_at".into(), tenant.created_at.to_string()]);
    t.row(["updated_at".into(), tenant.updated_at.to_string()]);
    t.print();
    Ok(())
}
