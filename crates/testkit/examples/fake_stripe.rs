//! The test kit's fake Stripe as a process, for bench scripts and trying billing locally:
//! `cargo run -p lyceum-testkit --example fake_stripe -- [price_id=cents ...]` prints its base URL
//! (for `LYCEUM_STRIPE_API_BASE`) and serves until killed. `GET /_fake/calls` lists the calls it got.

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut prices: Vec<(String, i64)> =
        args.iter().filter_map(|a| a.split_once('=')).map(|(p, c)| (p.to_string(), c.parse().unwrap_or(0))).collect();
    if prices.is_empty() {
        prices = vec![("price_starter".into(), 400), ("price_growth".into(), 800)];
    }
    let refs: Vec<(&str, i64)> = prices.iter().map(|(p, c)| (p.as_str(), *c)).collect();
    let fake = lyceum_testkit::stripe::FakeStripe::start(&refs).await;
    println!("{}", fake.url);
    tokio::signal::ctrl_c().await.ok();
}
