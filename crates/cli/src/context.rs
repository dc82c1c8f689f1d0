//! What every command needs: the database and caches, the operator's name, and confirmations.

use std::io::{BufRead, IsTerminal, Write};

use anyhow::{bail, Context as _};
use lyceum_core::{config::Config, db::Db, tenants, Core, Error, TenantScope};

pub struct Ctx {
    pub core: Core,
    pub json: bool,
    pub yes: bool,
    /// `--reason`: recorded in the audit event of every change the command makes.
    pub reason: Option<String>,
    /// The command's entry in the platform's operator trail; the only source of operator scopes.
    pub session: Option<lyceum_core::audit::operators::OperatorSession>,
    /// Lyceum's public URL (`LYCEUM_PUBLIC_URL`), for the URLs commands print.
    pub public_url: String,
    /// The key encryption keys this process was given.
    pub keyring: lyceum_core::vault::Keyring,
}

impl Ctx {
    pub async fn open(json: bool, yes: bool, reason: Option<String>) -> anyhow::Result<Ctx> {
        let config = Config::load()?;
        let keyring = lyceum_core::vault::Keyring::from_config(&config.keys, true)?;
        let db = Db::open(&config.database.url, config.database.runtime_url.as_deref(), 2)
            .await?
            .with_keyring(keyring.clone())
            .with_public_url(&config.server.public_url);
        let billing = lyceum_core::billing::Billing::from_config(&config)?;
        lyceum_core::identity::password::configure(config.limits.password_hashing);
        let reason = reason.map(|r| r.trim().to_string()).filter(|r| !r.is_empty());
        let public_url = config.server.public_url.clone();
        let mut core = Core::new(db).with_billing(billing);
        // The files the API stored (a local folder that does not exist holds none: it is not created).
        if let Some(storage) = lyceum_core::files::Storage::existing(&config.files)? {
            core = core.with_storage(storage);
        }
        Ok(Ctx { core, json, yes, reason, session: None, public_url, keyring })
    }

    pub fn db(&self) -> &Db {
        self.core.db()
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
        let tenant = tenants::lookup(self.db(), &owned).await.map_err(|e| match e {
            Error::NotFound { .. } => anyhow::Error::new(e).context(format!("no tenant has the slug `{slug}`")),
            other => other.into(),
        })?;
        Ok((tenant.clone(), self.scope(tenant.id)))
    }

    /// The operator's scope on a tenant, carrying `--reason` into its audit events.
    pub fn scope(&self, tenant: lyceum_core::db::types::TenantId) -> TenantScope {
        self.session().scope(tenant)
    }

    /// The running command's operator session (started before any command that acts on tenants).
    pub fn session(&self) -> &lyceum_core::audit::operators::OperatorSession {
        self.session.as_ref().expect("commands run inside an operator session")
    }

    /// Request metadata of this command: the operator as request id, and the reason.
    pub fn meta(&self) -> lyceum_core::scope::RequestMeta {
        lyceum_core::scope::RequestMeta {
            ip: None,
            request_id: Some(format!("cli:{}", Self::operator())),
            reason: self.reason.clone(),
        }
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
