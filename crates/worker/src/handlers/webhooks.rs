//! Webhook deliveries: resolve the target (refusing private addresses unless allowed, and pinning the
//! checked addresses so DNS cannot change them between check and connect), sign, POST, record. A non-2xx
//! answer or no answer fails the job, so the queue retries it with backoff (about three days in all).

use std::{net::SocketAddr, time::Duration};

use lyceum_core::{
    jobs::Job,
    webhooks::{self, Attempt, DeliverWebhook, EndpointDisabledEmail},
};

use super::{send_if_any, Context, Handler, JobMeta};

const TIMEOUT: Duration = Duration::from_secs(10);

/// The addresses `url` resolves to, refused when any is private (unless allowed).
async fn resolve(url: &str, allow_private: bool) -> Result<(String, Vec<SocketAddr>), String> {
    let parsed = reqwest::Url::parse(url).map_err(|e| format!("not a URL: {e}"))?;
    let host = parsed.host_str().ok_or("the URL has no host")?.trim_matches(['[', ']']).to_string();
    let port = parsed.port_or_known_default().ok_or("the URL has no port")?;
    let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), port))
        .await
        .map_err(|e| format!("cannot resolve {host}: {e}"))?
        .collect();
    if addrs.is_empty() {
        return Err(format!("{host} resolves to no address"));
    }
    if !allow_private && addrs.iter().any(|a| webhooks::is_private(a.ip())) {
        return Err(format!("{host} resolves to a private or loopback address; refused"));
    }
    Ok((host, addrs))
}

impl Handler for DeliverWebhook {
    async fn run(self, ctx: Context, meta: JobMeta) -> anyhow::Result<()> {
        let scope = meta.scope()?;
        let Some(out) = webhooks::outgoing(&ctx.db, scope, self.delivery_id).await? else { return Ok(()) };
        let last = meta.attempt >= DeliverWebhook::MAX_ATTEMPTS;
        let (host, addrs) = match resolve(&out.url, ctx.config.webhook_allow_private).await {
            Ok(found) => found,
            Err(error) => {
                webhooks::record_attempt(&ctx.db, scope, self.delivery_id, Attempt::Refused { error }, true).await?;
                return Ok(());
            }
        };
        let client = reqwest::Client::builder()
            .resolve_to_addrs(&host, &addrs)
            .redirect(reqwest::redirect::Policy::none())
            .timeout(TIMEOUT)
            .user_agent("Lyceum-Webhooks/1")
            .build()?;
        let timestamp = chrono::Utc::now().timestamp();
        let signature = webhooks::sign(&out.secret, &out.msg_id, timestamp, out.body.as_bytes())?;
        let sent = client
            .post(&out.url)
            .header("content-type", "application/json")
            .header("webhook-id", &out.msg_id)
            .header("webhook-timestamp", timestamp.to_string())
            .header("webhook-signature", signature)
            .body(out.body)
            .send()
            .await;
        let (attempt, result) = match sent {
            Ok(r) if r.status().is_success() => (Attempt::Delivered { status: r.status().as_u16() }, Ok(())),
            Ok(r) => {
                let status = r.status().as_u16();
                let error = format!("the endpoint answered {status}");
                (Attempt::Failed { status: Some(status), error: error.clone() }, Err(anyhow::anyhow!(error)))
            }
            Err(e) => {
                let error = format!("no answer: {e}");
                (Attempt::Failed { status: None, error: error.clone() }, Err(anyhow::anyhow!(error)))
            }
        };
        webhooks::record_attempt(&ctx.db, scope, self.delivery_id, attempt, last).await?;
        result
    }
}

impl Handler for EndpointDisabledEmail {
    async fn run(self, ctx: Context, meta: JobMeta) -> anyhow::Result<()> {
        let mail = self.render(&ctx.db, meta.scope()?, &ctx.config).await?;
        send_if_any(&ctx, &meta, mail).await
    }
}
