//! "You completed the course", with the certificate link. Rendered from the database when the job
//! runs; a certificate deleted meanwhile means there is nothing to send (`Ok(None)`).

use crate::scope::Need;
use crate::{
    config::Config,
    db::{
        types::{CertificateId, TenantId},
        Db,
    },
    email::{templates::compose, RenderedEmail},
    error::{Error, Result},
    jobs::Job,
    scope::TenantScope,
    tenants,
};

/// Job payload: congratulate a learner and link their certificate.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CompletionEmail {
    pub tenant_id: TenantId,
    pub certificate_id: CertificateId,
}

impl Job for CompletionEmail {
    const KIND: &'static str = "email.completion";
    const QUEUE: &'static str = "email";

    fn tenant_id(&self) -> Option<TenantId> {
        Some(self.tenant_id)
    }

    fn dedup_key(&self) -> Option<String> {
        Some(format!("email.completion:{}", self.certificate_id))
    }

    async fn run(self, ctx: crate::jobs::JobContext, meta: crate::jobs::JobMeta) -> anyhow::Result<()> {
        if let Some(mail) = self.render(ctx.db(), meta.scope()?, &ctx.config).await? {
            mail.send(&ctx, &meta).await?;
        }
        Ok(())
    }
}

impl CompletionEmail {
    pub async fn render(&self, db: &Db, scope: &TenantScope, config: &Config) -> Result<Option<RenderedEmail>> {
        let id = self.certificate_id;
        let found = db
            .read(scope, Need::Identified, move |tx| match crate::certificates::for_email(tx, id) {
                Ok(found) => Ok(Some((tenants::current(tx)?, found))),
                Err(Error::NotFound { .. }) => Ok(None),
                Err(e) => Err(e),
            })
            .await?;
        let Some((tenant, (cert, email, name, title))) = found else { return Ok(None) };
        let context = serde_json::json!({"name": name, "course": title, "code": cert.code});
        let link = crate::tenants::links::url(
            &config.server.public_url,
            &tenant,
            crate::tenants::links::Link::Certificate { code: &cert.code },
        );
        compose(
            &tenant.brand(),
            (&name, &email),
            format!("You completed {title}"),
            "completion",
            context,
            Some(("Verify your certificate", &link)),
        )
        .map(Some)
    }
}
