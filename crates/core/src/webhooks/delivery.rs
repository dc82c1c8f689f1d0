//! Sending one delivery: resolve the target (refusing private addresses unless allowed, and pinning the
//! checked addresses so DNS cannot change them between check and connect), sign, POST, record. A non-2xx
//! answer or no answer fails the job, so the queue retries it with backoff (about three days in all).

use std::{net::SocketAddr, time::Duration};

use super::*;
use crate::jobs::{JobContext, JobMeta};

const TIMEOUT: Duration = Duration::from_secs(10);

/// The one message for every destination refused before connecting: whether a name does not resolve or
/// resolves to an internal address is not told, so deliveries cannot map the internal network.
pub const REFUSED: &str = "refused: the destination does not resolve to public internet addresses only";

/// The addresses `url` resolves to, refused when any is not globally routable (unless allowed).
async fn resolve(url: &str, allow_private: bool) -> Result<(String, Vec<SocketAddr>), String> {
    let parsed = reqwest::Url::parse(url).map_err(|_| REFUSED.to_string())?;
    let host = parsed.host_str().ok_or(REFUSED)?.trim_matches(['[', ']']).to_string();
    let port = parsed.port_or_known_default().ok_or(REFUSED)?;
    let addrs: Vec<SocketAddr> =
        tokio::net::lookup_host((host.as_str(), port)).await.map_err(|_| REFUSED.to_string())?.collect();
    if addrs.is_empty() || (!allow_private && addrs.iter().any(|a| is_private(a.ip()))) {
        return Err(REFUSED.into());
    }
    Ok((host, addrs))
}

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
    let client = reqwest::Client::builder()
        .no_proxy()
        .resolve_to_addrs(&host, &addrs)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(TIMEOUT)
        .user_agent("Lyceum-Webhooks/1")
        .build()?;
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
