//! What every command needs: the database and caches, the operator's name, and confirmations.

use std::io::{BufRead, IsTerminal, Write};

use anyhow::{bail, Context as _};
use lyceum_core::{config::Config, db::Db, tenants, Core, Error, TenantScope};

pub struct Ctx {
    pub core: Core,
    pub json: bool,
    pub yes: bool,
}

impl Ctx {
    pub async fn open(json: bool, yes: bool) -> anyhow::Result<Ctx> {
        let config = Config::load()?;
        let db = Db::connect(&config.database_url, 2).await?;
        let billing = lyceum_core::billing::Billing::from_config(&config)?;
        Ok(Ctx { core: Core::new(db).with_billing(billing), json, yes })
    }

    pub fn db(&self) -> &Db {
        &self.core.db
    }

    /// Who is operating: `LYCEUM_OPERATOR`, else the OS user. Recorded in every audit event.
    pub fn operator() -> String {
        std::env::var("LYCEUM_OPERATOR")
            .or_else(|_| std::env::var("USER"))
            .ok()
            .filter(|s| !s.trim().is_empty())
            .unwrap_or_else(|| "unknown-operator".into())
    }

    /// The tenant named by `slug`, and an operator scope on it.
    pub async fn tenant(&self, slug: &str) -> anyhow::Result<(tenants::Tenant, TenantScope)> {
        let owned = slug.to_string();
        let tenant = self.db().system_read(move |tx| tenants::find_by_slug(tx, &owned)).await.map_err(|e| match e {
            Error::NotFound { .. } => anyhow::Error::new(e).context(format!("no tenant has the slug `{slug}`")),
            other => other.into(),
        })?;
        let scope = TenantScope::for_operator(tenant.id, Self::operator());
        Ok((tenant, scope))
    }

    /// Asks before a destructive change. Without a terminal, only `--yes` proceeds.
    pub fn confirm(&self, what: &str, expected: &str) -> anyhow::Result<()> {
        if self.yes {
            return Ok(());
        }
        if !std::io::stdin().is_terminal() {
            bail!("refusing to {what} without confirmation: there is no terminal to ask; pass --yes");
        }
        eprint!("About to {what}. Type `{expected}` to confirm: ");
        std::io::stderr().flush().ok();
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).context("reading the confirmation")?;
        if line.trim() != expected {
            bail!("not confirmed; nothing changed");
        }
        Ok(())
    }
}
