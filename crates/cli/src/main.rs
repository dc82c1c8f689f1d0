//! `lyceum`: the admin CLI for support staff. Reads the same configuration as the servers
//! (LYCEUM_DATABASE_URL, lyceum.toml). Human tables by default, `--json` for scripts.

mod commands;
mod context;
mod keys;
mod output;
mod people;
mod trail;
mod transfer;

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use lyceum_core::{
    audit,
    db::Db,
    tenants::{self, TenantStatus},
    Error,
};

use crate::output::{print_json, Table};
use crate::people::{UserCommand, UsersCommand};

#[derive(Debug, Parser)]
#[command(
    name = "lyceum",
    version,
    about = "Operate Lyceum: migrations, tenants, users, API keys, jobs, billing and the audit trail."
)]
struct Cli {
    /// Print machine-readable JSON instead of tables.
    #[arg(long, global = true)]
    json: bool,
    /// Do not ask before destructive changes (required when there is no terminal to ask on).
    #[arg(long, short = 'y', global = true)]
    yes: bool,
    /// Why you are making this change: kept in the audit event of every change the command makes
    /// (required by suspend and delete).
    #[arg(long, global = true, value_name = "TEXT")]
    reason: Option<String>,
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
    /// Inspect and operate institutions (tenants).
    #[command(subcommand)]
    Tenant(TenantCommand),
    /// Find users across institutions; disable, enable, sign out, reset passwords.
    #[command(subcommand)]
    User(UserCommand),
    /// Bulk user operations.
    #[command(subcommand)]
    Users(UsersCommand),
    /// List and revoke an institution's API keys.
    #[command(subcommand, name = "api-key")]
    ApiKey(ApiKeyCommand),
    /// An institution's single sign-on (identity providers): list, show, disable.
    #[command(subcommand)]
    Sso(SsoCommand),
    /// SCIM provisioning: mint the token an identity provider provisions with.
    #[command(subcommand)]
    Scim(ScimCommand),
    /// Assignments' submissions, for a grading dispute.
    #[command(subcommand)]
    Submission(SubmissionCommand),
    /// Inspect the background job queue and retry dead jobs.
    #[command(subcommand)]
    Jobs(JobsCommand),
    /// An institution's subscription: what Lyceum knows, and a fresh read from Stripe.
    #[command(subcommand)]
    Billing(BillingCommand),
    /// Read an institution's audit trail; verify its hash chain.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// The keys that encrypt secrets at rest: generate one, see which wrap what, rotate.
    #[command(subcommand)]
    Keys(KeysCommand),
    /// Print shell completions (bash, zsh, fish, elvish, powershell), e.g.
    /// `lyceum completions bash > /etc/bash_completion.d/lyceum`.
    Completions { shell: clap_complete::Shell },
}

#[derive(Debug, Subcommand)]
enum ApiKeyCommand {
    /// The institution's keys, revoked ones included.
    List {
        #[arg(long)]
        tenant: String,
    },
    /// Revoke a key; it stops working at once in every API process.
    Revoke {
        #[arg(long)]
        tenant: String,
        /// The key's id (from `api-key list`).
        id: String,
    },
}

#[derive(Debug, Subcommand)]
enum SsoCommand {
    /// The institution's identity providers (the client secrets are never shown).
    List {
        #[arg(long)]
        tenant: String,
    },
    /// One identity provider, with Lyceum's redirect URI to register with it.
    Show {
        #[arg(long)]
        tenant: String,
        /// The provider's id (from `sso list`).
        id: String,
    },
    /// Disable a provider (a misconfigured or compromised one): its sign-ins stop at once.
    Disable {
        #[arg(long)]
        tenant: String,
        id: String,
    },
}

#[derive(Debug, Subcommand)]
enum ScimCommand {
    /// Create an API key with only the `scim` scope, and print its secret once (with the SCIM base URL
    /// to give the identity provider). Revoke it with `api-key revoke`.
    Token {
        #[arg(long)]
        tenant: String,
        /// The key's name, as the institution's API key list shows it.
        #[arg(long, default_value = "SCIM provisioning")]
        name: String,
    },
}

#[derive(Debug, Subcommand)]
enum SubmissionCommand {
    /// One submission as its grader sees it (what was handed in, when, late or not, the grade) and
    /// every change of its grade: who, when, before and after.
    Show {
        #[arg(long)]
        tenant: String,
        /// The submission's id.
        id: String,
    },
}

#[derive(Debug, Subcommand)]
enum JobsCommand {
    /// Counts by status and the age of the oldest queued job.
    Stats,
    /// Recent jobs, newest first.
    List {
        /// queued, running, done or dead.
        #[arg(long)]
        status: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: i64,
    },
    /// One job, with its last error.
    Show { id: String },
    /// Put one dead job back in the queue.
    Retry { id: String },
    /// Put every dead job back in the queue.
    RetryDead,
}

#[derive(Debug, Subcommand)]
enum BillingCommand {
    /// Status, plan, seats (limit, used, paid for), period end, Stripe ids and the latest Stripe events
    /// with what applying them did. Reads the database only; works without Stripe configured.
    Show { slug: String },
    /// Re-read the subscription from Stripe now and apply it (what the 6-hourly reconciliation does),
    /// e.g. when a customer paid but the institution still shows past_due. Needs LYCEUM_STRIPE_SECRET_KEY.
    Sync { slug: String },
}

#[derive(Debug, Subcommand)]
enum KeysCommand {
    /// Print a new random key encryption key (base64), for LYCEUM_MASTER_KEY.
    Generate,
    /// Which key encryption keys wrap the database's data keys, and which this process has.
    Status,
    /// Re-wrap every data key under the current LYCEUM_MASTER_KEY (the old key must be in
    /// LYCEUM_PREVIOUS_MASTER_KEYS until this has run). The API keeps serving throughout.
    Rotate {
        /// Also give every institution a new data key and re-encrypt its secrets under it.
        #[arg(long)]
        data_keys: bool,
    },
}

#[derive(Debug, Subcommand)]
enum AuditCommand {
    /// Events of one institution, oldest first.
    List {
        #[arg(long)]
        tenant: String,
        /// Only this action, e.g. auth.login_failed.
        #[arg(long)]
        action: Option<String>,
        /// Only this actor (user or API key id, or operator name).
        #[arg(long)]
        actor: Option<String>,
        /// Only events at or after this RFC 3339 time.
        #[arg(long)]
        since: Option<String>,
        #[arg(long, default_value_t = 200)]
        limit: i64,
    },
    /// Check an institution's audit trail is intact: walks its hash chain and names the first event
    /// that was edited, removed, inserted or reordered. Fails (exit 1) when it is broken.
    Verify {
        slug: String,
        /// A head recorded earlier (`lyceum audit head`), as SEQ:HASH: the chain must pass through it.
        #[arg(long)]
        anchor: Option<String>,
    },
    /// The head of an institution's chain (its last seq and hash), to keep elsewhere as an anchor.
    Head { slug: String },
    /// Support staff's own actions (every CLI command, with its operator and outcome), newest first.
    /// Kept at platform level: they outlive purged institutions.
    Operators {
        /// Only actions about this institution (by slug).
        #[arg(long)]
        tenant: Option<String>,
        #[arg(long, default_value_t = 200)]
        limit: i64,
    },
}

#[derive(Debug, Subcommand)]
enum TenantCommand {
    /// List every tenant, oldest first.
    List {
        /// Only tenants with this status (trialing, active, past_due, canceled, suspended, deleted).
        #[arg(long)]
        status: Option<String>,
    },
    /// Show one tenant by its slug.
    Show {
        /// The tenant's slug, as used at login (e.g. `acme`).
        slug: String,
    },
    /// Suspend a tenant: every credential answers 403 tenant_suspended until it is resumed. Needs --reason.
    Suspend { slug: String },
    /// Resume a suspended tenant.
    Resume { slug: String },
    /// Create a tenant; its owner is emailed an invitation to choose a password.
    Create {
        #[arg(long)]
        name: String,
        #[arg(long)]
        slug: String,
        #[arg(long)]
        owner_name: String,
        #[arg(long)]
        owner_email: String,
        /// trial (default), starter, growth or enterprise.
        #[arg(long)]
        plan: Option<String>,
    },
    /// Change a tenant's plan.
    SetPlan { slug: String, plan: String },
    /// Change a tenant's seat limit (learners it may enrol).
    SetSeats { slug: String, seats: i32 },
    /// Soft-delete a tenant: it stops working at once; its data is kept for the retention period. Needs
    /// --reason.
    Delete { slug: String },
    /// Write all of a tenant's data as JSON lines (users with password hashes: keep the file secret).
    Export {
        slug: String,
        #[arg(long)]
        out: std::path::PathBuf,
    },
    /// Load a tenant from an export into this database (where it must not exist yet).
    Import { file: std::path::PathBuf },
    /// Remove a deleted tenant's data for good (after the retention period).
    Purge {
        slug: String,
        /// Purge before the retention period is over.
        #[arg(long)]
        ignore_retention: bool,
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
    if let Command::Keys(KeysCommand::Generate) = &cli.command {
        println!("{}", lyceum_core::vault::generate_key());
        return Ok(());
    }
    if let Command::Completions { shell } = &cli.command {
        clap_complete::generate(
            *shell,
            &mut <Cli as clap::CommandFactory>::command(),
            "lyceum",
            &mut std::io::stdout(),
        );
        return Ok(());
    }
    let mut ctx = context::Ctx::open(cli.json, cli.yes, cli.reason.clone()).await?;
    let migrating = matches!(cli.command, Command::Migrate { .. });
    if !migrating && !ctx.db().is_ready().await {
        anyhow::bail!(
            "the database at {} is not migrated, or lacks this release's migrations: run `lyceum migrate` first",
            ctx.db().redacted_url()
        );
    }
    // Every action goes into the platform-level operator trail: started before it runs, finished after.
    let (action, tenant_slug) = describe();
    let command_line = std::env::args().skip(1).collect::<Vec<_>>().join(" ");
    let operator = context::Ctx::operator();
    use audit::operators::OperatorSession;
    if !migrating {
        let session =
            OperatorSession::start(ctx.db(), &operator, &action, &command_line, tenant_slug.as_deref(), ctx.meta())
                .await?;
        ctx.session = Some(session);
    }
    let result = dispatch(cli, &ctx).await;
    let error = result.as_ref().err().map(|e| format!("{e:#}"));
    let session = match ctx.session.take() {
        Some(s) => Some(s),
        // A migration is recorded once the trail's table exists.
        None if ctx.db().is_ready().await => {
            Some(OperatorSession::start(ctx.db(), &operator, &action, &command_line, None, ctx.meta()).await?)
        }
        None => None,
    };
    if let Some(s) = session {
        s.finish(error.as_deref()).await?;
    }
    result
}

/// The command's name (`tenant purge`) and the tenant it names, if any, from clap's own parse.
fn describe() -> (String, Option<String>) {
    let matches = <Cli as clap::CommandFactory>::command().get_matches_from(std::env::args_os());
    let mut names = Vec::new();
    let mut leaf = &matches;
    while let Some((name, sub)) = leaf.subcommand() {
        names.push(name.to_string());
        leaf = sub;
    }
    let tenant = ["slug", "tenant"].into_iter().find_map(|id| leaf.try_get_one::<String>(id).ok().flatten().cloned());
    (names.join(" "), tenant)
}

async fn dispatch(cli: &Cli, ctx: &context::Ctx) -> anyhow::Result<()> {
    let required_reason = || {
        ctx.reason
            .clone()
            .ok_or_else(|| anyhow::anyhow!("say why with --reason \"...\" (it is kept in the audit trail)"))
    };
    let db = ctx.db();
    match &cli.command {
        Command::Migrate { status } => migrate(db, *status, cli.json).await,
        Command::Tenant(TenantCommand::List { status }) => tenant_list(db, status.as_deref(), cli.json).await,
        Command::Tenant(TenantCommand::Show { slug }) => tenant_show(db, slug, cli.json).await,
        Command::Tenant(TenantCommand::Suspend { slug }) => {
            commands::tenant_status(ctx, slug, TenantStatus::Suspended, &required_reason()?).await
        }
        Command::Tenant(TenantCommand::Resume { slug }) => {
            let reason = ctx.reason.clone().unwrap_or_else(|| "resumed by support".into());
            commands::tenant_resume(ctx, slug, &reason).await
        }
        Command::Tenant(TenantCommand::Create { name, slug, owner_name, owner_email, plan }) => {
            let input = tenants::signup::OperatorTenantInput {
                institution_name: name.clone(),
                slug: slug.clone(),
                owner_name: owner_name.clone(),
                owner_email: owner_email.clone(),
                plan: plan.clone(),
            };
            commands::tenant_create(ctx, input).await
        }
        Command::Tenant(TenantCommand::SetPlan { slug, plan }) => {
            commands::tenant_set_plan(ctx, slug, Some(plan.clone()), None).await
        }
        Command::Tenant(TenantCommand::SetSeats { slug, seats }) => {
            commands::tenant_set_plan(ctx, slug, None, Some(*seats)).await
        }
        Command::Tenant(TenantCommand::Delete { slug }) => {
            commands::tenant_delete(ctx, slug, &required_reason()?).await
        }
        Command::Tenant(TenantCommand::Purge { slug, ignore_retention }) => {
            commands::tenant_purge(ctx, slug, *ignore_retention).await
        }
        Command::Tenant(TenantCommand::Export { slug, out }) => transfer::tenant_export(ctx, slug, out).await,
        Command::Tenant(TenantCommand::Import { file }) => transfer::tenant_import(ctx, file).await,
        Command::Users(UsersCommand::Import { tenant, file, send_invites }) => {
            transfer::users_import(ctx, tenant, file, *send_invites).await
        }
        Command::User(UserCommand::Show { tenant, email }) => commands::user_show(ctx, tenant, email).await,
        Command::User(UserCommand::Find { email }) => commands::user_find(ctx, email).await,
        Command::User(UserCommand::Disable { tenant, email }) => {
            commands::user_set_status(ctx, tenant, email, "disabled").await
        }
        Command::User(UserCommand::Enable { tenant, email }) => {
            commands::user_set_status(ctx, tenant, email, "active").await
        }
        Command::User(UserCommand::RevokeSessions { tenant, email }) => {
            commands::user_revoke_sessions(ctx, tenant, email).await
        }
        Command::User(UserCommand::ResetPassword { tenant, email }) => {
            commands::user_reset_password(ctx, tenant, email).await
        }
        Command::User(UserCommand::Erase { tenant, email, id }) => {
            people::user_erase(ctx, tenant, email.as_deref(), *id).await
        }
        Command::ApiKey(ApiKeyCommand::List { tenant }) => commands::api_key_list(ctx, tenant).await,
        Command::ApiKey(ApiKeyCommand::Revoke { tenant, id }) => commands::api_key_revoke(ctx, tenant, id).await,
        Command::Sso(SsoCommand::List { tenant }) => commands::sso_list(ctx, tenant).await,
        Command::Sso(SsoCommand::Show { tenant, id }) => commands::sso_show(ctx, tenant, id).await,
        Command::Sso(SsoCommand::Disable { tenant, id }) => commands::sso_disable(ctx, tenant, id).await,
        Command::Scim(ScimCommand::Token { tenant, name }) => commands::scim_token(ctx, tenant, name).await,
        Command::Submission(SubmissionCommand::Show { tenant, id }) => commands::submission_show(ctx, tenant, id).await,
        Command::Jobs(JobsCommand::Stats) => commands::jobs_stats(ctx).await,
        Command::Jobs(JobsCommand::List { status, limit }) => commands::jobs_list(ctx, status.clone(), *limit).await,
        Command::Jobs(JobsCommand::Show { id }) => commands::jobs_show(ctx, id).await,
        Command::Jobs(JobsCommand::Retry { id }) => commands::jobs_retry(ctx, Some(id)).await,
        Command::Jobs(JobsCommand::RetryDead) => commands::jobs_retry(ctx, None).await,
        Command::Billing(BillingCommand::Show { slug }) => commands::billing_show(ctx, slug).await,
        Command::Billing(BillingCommand::Sync { slug }) => commands::billing_sync(ctx, slug).await,
        Command::Audit(AuditCommand::List { tenant, action, actor, since, limit }) => {
            trail::audit_list(ctx, tenant, action.clone(), actor.clone(), since.clone(), *limit).await
        }
        Command::Audit(AuditCommand::Operators { tenant, limit }) => {
            trail::operator_actions(ctx.db(), tenant.clone(), *limit, cli.json).await
        }
        Command::Audit(AuditCommand::Verify { slug, anchor }) => {
            trail::audit_verify(ctx, slug, anchor.as_deref()).await
        }
        Command::Audit(AuditCommand::Head { slug }) => trail::audit_head(ctx, slug).await,
        Command::Keys(KeysCommand::Status) => keys::keys_status(ctx).await,
        Command::Keys(KeysCommand::Rotate { data_keys }) => keys::keys_rotate(ctx, *data_keys).await,
        Command::Completions { .. } | Command::Keys(KeysCommand::Generate) => Ok(()),
    }
}

async fn migrate(db: &Db, status_only: bool, json: bool) -> anyhow::Result<()> {
    let applied = if status_only { Vec::new() } else { db.migrate().await? };
    if !status_only {
        lyceum_core::upgrade::run(db).await?;
    }
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
        Some(s) => Some(TenantStatus::parse(s).ok_or_else(|| {
            anyhow::anyhow!("unknown status `{s}`: use trialing, active, past_due, canceled, suspended or deleted")
        })?),
    };
    let list = tenants::all(db, status).await?;
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
    let tenant = tenants::lookup(db, &owned).await.map_err(|e| match e {
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
