//! Sending one delivery: resolve the target (refusing private addresses unless allowed, and pinning the
//! checked addresses so DNS cannot change them between check and connect), sign, POST, record. A non-2xx
//! answer or no answer fails the job, so the queue retries it with backoff (about three days in all).

use std::time::Duration;

use super::*;
use crate::jobs::{JobContext, JobMeta};

const TIMEOUT: Duration = Duration::from_secs(10);

pub use crate::net::{resolve, REFUSED};

/// Runs a [`DeliverWebhook`] job.
pub(super) async fn deliver(ctx: &JobContext, meta: &JobMeta, delivery: WebhookDeliveryId) -> anyhow::Result<()> {
    let scope = meta.scope()?;
    let Some(out) = super::outgoing(ctx.db(), scope, delivery).await? else { return Ok(()) };
    let last = meta.attempt >= <DeliverWebhook as crate::jobs::Job>::MAX_ATTEMPTS;
    let (host, addrs) = match resolve(&out.url, ctx.config.webhooks.allow_private).await {
        Ok(found) => found,
        Err(error) => {
            super::record_attempt(ctx.db(), scope, delivery, Attempt::Refused { error }, true).await?;
            return Ok(());
        }
    };
    // Never through a proxy: `HTTP(S)_PROXY` would connect to addresses the check above never saw.
    let client = crate::net::pinned_client(&host, &addrs, TIMEOUT, "Lyceum-Webhooks/1")?;
    let timestamp = chrono::Utc::now().timestamp();
    let signature = super::sign(&out.secret, &out.msg_id, timestamp, out.body.as_bytes())?;
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
    super::record_attempt(ctx.db(), scope, delivery, attempt, last).await?;
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 15, finding 13: a name that does not resolve and a name that resolves to loopback are
    /// refused with the same message (nothing tells them apart); allowed, the loopback name resolves.
    #[tokio::test]
    async fn webhook_egress_refusals_tell_nothing_about_the_internal_network() {
        let unknown = resolve("https://no-such-host.invalid/hook", false).await.unwrap_err();
        let internal = resolve("http://localhost:9/hook", false).await.unwrap_err();
        let literal = resolve("http://[64:ff9b::a00:1]/hook", false).await.unwrap_err();
        assert_eq!((unknown.as_str(), internal.as_str(), literal.as_str()), (REFUSED, REFUSED, REFUSED));
        let (host, addrs) = resolve("http://localhost:9/hook", true).await.unwrap();
        assert_eq!(host, "localhost");
        assert!(addrs.iter().all(|a| a.ip().is_loopback()), "{addrs:?}");
    }
}
