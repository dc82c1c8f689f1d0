//! Commands about one person or many: the `user` and `users` subcommands' arguments, and erasure.

use clap::Subcommand;
use lyceum_core::identity::manage;

use crate::{context::Ctx, output::print_json};

#[derive(Debug, Subcommand)]
pub(crate) enum UserCommand {
    /// One account of an institution.
    Show {
        #[arg(long)]
        tenant: String,
        #[arg(long)]
        email: String,
    },
    /// Every account with this email, in every institution.
    Find {
        #[arg(long)]
        email: String,
    },
    /// Disable an account: its sessions end at once and it cannot sign in.
    Disable {
        #[arg(long)]
        tenant: String,
        #[arg(long)]
        email: String,
    },
    /// Enable a disabled account.
    Enable {
        #[arg(long)]
        tenant: String,
        #[arg(long)]
        email: String,
    },
    /// End every session of an account (e.g. after a lost laptop).
    RevokeSessions {
        #[arg(long)]
        tenant: String,
        #[arg(long)]
        email: String,
    },
    /// Email the account a password-reset link.
    ResetPassword {
        #[arg(long)]
        tenant: String,
        #[arg(long)]
        email: String,
    },
    /// Erase a person (a right-to-erasure request): everything that identifies them is removed or
    /// pseudonymised, in one transaction, including this tool's own records of commands about them.
    /// Name them by `--email` or by `--id`.
    Erase {
        #[arg(long)]
        tenant: String,
        #[arg(long, conflicts_with = "id", required_unless_present = "id")]
        email: Option<String>,
        #[arg(long)]
        id: Option<lyceum_core::db::types::UserId>,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum UsersCommand {
    /// Create invited users from a CSV file of `email,name[,role]` rows (role: admin, instructor or
    /// learner; default learner; a header row is skipped). Prints a report of every row not created.
    Import {
        #[arg(long)]
        tenant: String,
        file: std::path::PathBuf,
        /// Email each new user an invitation.
        #[arg(long)]
        send_invites: bool,
    },
}

pub async fn user_erase(
    ctx: &Ctx,
    tenant: &str,
    email: Option<&str>,
    id: Option<lyceum_core::db::types::UserId>,
) -> anyhow::Result<()> {
    let (_, scope) = ctx.tenant(tenant).await?;
    let user = match (email, id) {
        (Some(email), _) => manage::find_user_by_email(&ctx.core, &scope, email).await?,
        (None, Some(id)) => manage::view_user(&ctx.core, &scope, id).await?,
        (None, None) => anyhow::bail!("name the person with --email or --id"),
    };
    ctx.confirm(
        &format!("erase {} ({}) in `{tenant}`: this cannot be undone", user.email, user.id),
        &user.id.to_string(),
    )?;
    let erasure = lyceum_core::privacy::erase(&ctx.core, &scope, user.id).await?;
    if ctx.json {
        print_json(&erasure);
    } else {
        println!(
            "erased {} in {tenant}: {} audit events, {} domain events and {} webhook deliveries redacted, {} \
             enrollments dropped, {} certificates re-signed, {} files removed",
            erasure.user_id,
            erasure.audit_events_redacted,
            erasure.domain_events_redacted,
            erasure.webhook_deliveries_redacted,
            erasure.enrollments_dropped,
            erasure.certificates_reissued,
            erasure.files_removed
        );
    }
    Ok(())
}
