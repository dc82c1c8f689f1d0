//! The baseline for bench/email: plain lettre sending N multipart messages to an SMTP server with C at a
//! time over a pooled transport (the same pool size Lyceum's mailer uses), nothing else.
//! Usage: smtp_raw SMTP_URL N C  (prints one JSON line)

use futures::StreamExt;
use lettre::{
    message::{header::ContentType, MultiPart, SinglePart},
    transport::smtp::PoolConfig,
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let (url, n, c): (&str, usize, usize) = (&args[1], args[2].parse()?, args[3].parse()?);
    let transport =
        AsyncSmtpTransport::<Tokio1Executor>::from_url(url)?.pool_config(PoolConfig::new().max_size(4)).build();
    let started = std::time::Instant::now();
    let sent = futures::stream::iter(0..n)
        .map(|i| {
            let transport = transport.clone();
            async move {
                let text = format!(
                    "Hello learner {i},\n\nYou are invited. Accept: https://lyceum.test/v1/invitations/x/accept\n"
                );
                let message = Message::builder()
                    .from("Lyceum <no-reply@lyceum.test>".parse()?)
                    .to(format!("Raw {i} <raw{i}@raw.test>").parse()?)
                    .subject("You are invited to Raw U on Lyceum")
                    .message_id(Some(format!("<raw-{i}@lyceum>")))
                    .multipart(
                        MultiPart::alternative()
                            .singlepart(SinglePart::builder().header(ContentType::TEXT_PLAIN).body(text.clone()))
                            .singlepart(
                                SinglePart::builder().header(ContentType::TEXT_HTML).body(format!("<p>{text}</p>")),
                            ),
                    )?;
                transport.send(message).await?;
                anyhow::Ok(())
            }
        })
        .buffer_unordered(c)
        .filter(|r| futures::future::ready(r.is_ok()))
        .count()
        .await;
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{{\"case\": \"raw lettre, {n} messages, {c} at a time\", \"sent\": {sent}, \"per_second\": {:.0}}}",
        sent as f64 / secs
    );
    Ok(())
}
