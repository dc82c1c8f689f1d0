//! Email, the machinery: templates rendered with an HTML and a plain-text part ([`templates`]), and the
//! mailer that delivers them over SMTP, or into a local outbox folder when no SMTP server is configured.
//! The messages themselves belong to the layer that decides to send them (each a job, payload and run
//! side by side): `identity::emails` (invitation, password reset), `tenants::welcome`,
//! `enrollments::emails` (enrolled, due soon), `certificates::emails` (completion), `billing::emails`
//! (payment failed, trial ending) and `webhooks` (endpoint disabled).

pub mod templates;

use std::path::PathBuf;

use anyhow::Context;
use lettre::{
    message::{header::ContentType, Mailbox, MultiPart, SinglePart},
    transport::smtp::PoolConfig,
    AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
};

use crate::config::Config;

/// A message ready to send: both parts rendered.
#[derive(Debug, Clone, PartialEq)]
pub struct RenderedEmail {
    pub to_name: String,
    pub to_email: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// Shown as the sender's name ("Acme University via Lyceum"); the address stays `LYCEUM_MAIL_FROM`'s.
    pub sender_name: Option<String>,
    /// Where replies go (the institution's `reply_to`).
    pub reply_to: Option<String>,
}

impl RenderedEmail {
    /// Builds the MIME message. `message_id` must be stable per job so a retried send is recognisable.
    /// Sends this email as the running job's (the job's Message-ID stays the same across retries).
    pub async fn send(&self, ctx: &crate::jobs::JobContext, meta: &crate::jobs::JobMeta) -> anyhow::Result<()> {
        ctx.outbox.send(self.to_message(&ctx.config.mail.from, &meta.message_id())?).await
    }

    pub fn to_message(&self, from: &str, message_id: &str) -> anyhow::Result<Message> {
        let mut from: Mailbox = from.parse().with_context(|| format!("invalid sender address {from:?}"))?;
        if let Some(name) = &self.sender_name {
            from = Mailbox::new(Some(format!("{name} via Lyceum")), from.email);
        }
        let to = Mailbox::new(
            Some(self.to_name.clone()),
            self.to_email.parse().with_context(|| format!("invalid recipient {:?}", self.to_email))?,
        );
        let mut builder = Message::builder().from(from).to(to);
        if let Some(reply_to) = self.reply_to.as_deref().and_then(|r| r.parse::<Mailbox>().ok()) {
            builder = builder.reply_to(reply_to);
        }
        builder
            .subject(&self.subject)
            .message_id(Some(message_id.to_string()))
            .multipart(
                MultiPart::alternative()
                    .singlepart(SinglePart::builder().header(ContentType::TEXT_PLAIN).body(self.text.clone()))
                    .singlepart(SinglePart::builder().header(ContentType::TEXT_HTML).body(self.html.clone())),
            )
            .context("building the email")
    }
}

impl crate::jobs::Outbox for Mailer {
    fn send(&self, message: Message) -> futures::future::BoxFuture<'_, anyhow::Result<()>> {
        Box::pin(Mailer::send(self, message))
    }
}

/// Delivers messages: pooled SMTP, or `.eml` files in the outbox folder.
#[derive(Clone)]
pub enum Mailer {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Outbox { dir: PathBuf, transport: AsyncFileTransport<Tokio1Executor> },
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Mailer::Smtp(_) => f.write_str("Mailer::Smtp"),
            Mailer::Outbox { dir, .. } => write!(f, "Mailer::Outbox({})", dir.display()),
        }
    }
}

impl Mailer {
    pub fn from_config(config: &Config) -> anyhow::Result<Self> {
        match &config.mail.smtp_url {
            Some(url) => {
                let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .with_context(|| format!("invalid LYCEUM_SMTP_URL {url:?}"))?
                    .pool_config(PoolConfig::new().max_size(4))
                    .timeout(Some(std::time::Duration::from_secs(20)))
                    .build();
                Ok(Mailer::Smtp(transport))
            }
            None => {
                std::fs::create_dir_all(&config.mail.outbox_dir)
                    .with_context(|| format!("creating outbox folder {}", config.mail.outbox_dir.display()))?;
                Ok(Mailer::Outbox {
                    dir: config.mail.outbox_dir.clone(),
                    transport: AsyncFileTransport::new(&config.mail.outbox_dir),
                })
            }
        }
    }

    pub async fn send(&self, message: Message) -> anyhow::Result<()> {
        match self {
            Mailer::Smtp(t) => {
                t.send(message).await.context("sending over SMTP")?;
            }
            Mailer::Outbox { dir, transport } => {
                let id = transport.send(message).await.context("writing to the outbox")?;
                tracing::info!(file = %dir.join(format!("{id}.eml")).display(), "email written to the outbox");
            }
        }
        Ok(())
    }
}
