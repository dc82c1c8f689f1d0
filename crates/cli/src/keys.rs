//! The keys that encrypt secrets at rest: which key encryption keys wrap the data keys, and rotation.

use crate::{
    context::Ctx,
    output::{print_json, Table},
};

pub async fn keys_status(ctx: &Ctx) -> anyhow::Result<()> {
    let wrapping = lyceum_core::vault::wrapping_keys(ctx.db()).await?;
    let ring = ctx.keyring.clone();
    if ctx.json {
        print_json(&serde_json::json!({
            "current": ring.current_id(),
            "configured": ring.ids(),
            "data_keys_by_key_encryption_key": wrapping.iter().map(|(k, n)| serde_json::json!({"key_encryption_key": k, "data_keys": n})).collect::<Vec<_>>(),
        }));
        return Ok(());
    }
    println!("current key encryption key: {}", ring.current_id());
    let mut t = Table::new(["KEY ENCRYPTION KEY", "DATA KEYS", "THIS PROCESS HAS IT"]);
    for (k, n) in &wrapping {
        t.row([k.clone(), n.to_string(), if ring.ids().contains(k) { "yes".into() } else { "NO".into() }]);
    }
    t.print();
    Ok(())
}

pub async fn keys_rotate(ctx: &Ctx, data_keys: bool) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let report = lyceum_core::vault::rotate(ctx.db(), |t| ctx.scope(t), data_keys).await?;
    let seconds = started.elapsed().as_secs_f64();
    if ctx.json {
        print_json(&serde_json::json!({ "rotation": report, "seconds": seconds }));
    } else {
        println!(
            "every data key is wrapped by {} now: {} institutions, {} data keys re-wrapped, {} created, {} secrets re-encrypted, {} data keys removed ({seconds:.2} s)",
            report.key_encryption_key,
            report.tenants,
            report.data_keys_rewrapped,
            report.data_keys_created,
            report.secrets_reencrypted,
            report.data_keys_removed
        );
    }
    Ok(())
}
