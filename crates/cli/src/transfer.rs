//! Bulk commands with progress bars: `users import` (CSV), `tenant export` and `tenant import` (JSON lines).

use std::{
    fs::File,
    io::{BufRead, BufReader, BufWriter, IsTerminal, Write},
    path::Path,
    time::Instant,
};

use anyhow::Context as _;
use indicatif::{ProgressBar, ProgressStyle};
use lyceum_core::{
    identity::bulk::{self, ImportRow},
    portability,
};

use crate::{
    context::Ctx,
    output::{print_json, Table},
};

fn bar(ctx: &Ctx, len: u64, what: &str) -> ProgressBar {
    if ctx.json || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let pb = ProgressBar::new(len);
    pb.set_style(
        ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({per_sec}, {eta} left)")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    pb.set_message(what.to_string());
    pb
}

/// Reads `email,name[,role]` rows (a header row is recognised and skipped), as the API's import does.
fn read_csv(path: &Path) -> anyhow::Result<Vec<ImportRow>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    lyceum_core::identity::import::parse_csv(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}

pub async fn users_import(ctx: &Ctx, tenant: &str, file: &Path, send_invites: bool) -> anyhow::Result<()> {
    let (_, scope) = ctx.tenant(tenant).await?;
    let rows = read_csv(file)?;
    let total = rows.len();
    let pb = bar(ctx, total as u64, "importing users");
    let started = Instant::now();
    let pb2 = pb.clone();
    let report =
        bulk::import_users(&ctx.core, &scope, rows, send_invites, move |done| pb2.set_position(done as u64)).await?;
    pb.finish_and_clear();
    let secs = started.elapsed().as_secs_f64();
    if ctx.json {
        print_json(&serde_json::json!({"report": report, "rows": total, "seconds": secs}));
        return Ok(());
    }
    println!(
        "{total} rows in {secs:.2} s ({:.0} rows/s): {} created, {} already there, {} invalid",
        total as f64 / secs.max(1e-9),
        report.created,
        report.existing,
        report.invalid
    );
    if !report.rows.is_empty() {
        let mut t = Table::new(["LINE", "EMAIL", "RESULT", "WHY"]);
        for r in &report.rows {
            t.row([r.line.to_string(), r.email.clone(), r.result.into(), r.message.clone().unwrap_or_default()]);
        }
        t.print();
    }
    Ok(())
}

pub async fn tenant_export(ctx: &Ctx, slug: &str, out: &Path) -> anyhow::Result<()> {
    let (_, scope) = ctx.tenant(slug).await?;
    let file = File::create(out).with_context(|| format!("creating {}", out.display()))?;
    let mut w = BufWriter::new(file);
    let pb = bar(ctx, 0, "exporting");
    let started = Instant::now();
    let pb2 = pb.clone();
    let lines = portability::export(ctx.db(), &scope, |chunk| {
        for line in chunk {
            w.write_all(line.as_bytes())?;
            w.write_all(b"\n")?;
        }
        pb2.inc(chunk.len() as u64);
        Ok(())
    })
    .await?;
    w.flush()?;
    pb.finish_and_clear();
    let secs = started.elapsed().as_secs_f64();
    if ctx.json {
        print_json(&serde_json::json!({"tenant": slug, "lines": lines, "file": out, "seconds": secs}));
    } else {
        println!(
            "exported {slug}: {lines} records to {} in {secs:.2} s ({:.0} records/s)",
            out.display(),
            lines as f64 / secs.max(1e-9)
        );
    }
    Ok(())
}

pub async fn tenant_import(ctx: &Ctx, file: &Path) -> anyhow::Result<()> {
    let reader = BufReader::new(File::open(file).with_context(|| format!("opening {}", file.display()))?);
    let lines: Vec<String> =
        reader.lines().collect::<Result<_, _>>().with_context(|| format!("reading {}", file.display()))?;
    let pb = bar(ctx, lines.len() as u64, "importing");
    let started = Instant::now();
    let pb2 = pb.clone();
    let summary =
        portability::import(ctx.db(), ctx.session(), lines, move |done| pb2.set_position(done as u64)).await?;
    pb.finish_and_clear();
    let secs = started.elapsed().as_secs_f64();
    if ctx.json {
        print_json(&serde_json::json!({"summary": summary, "seconds": secs}));
    } else {
        println!(
            "imported {}: {} users, {} API keys, {} courses, {} modules, {} lessons, {} audit events in {secs:.2} s",
            summary.slug,
            summary.users,
            summary.api_keys,
            summary.courses,
            summary.modules,
            summary.lessons,
            summary.audit_events
        );
    }
    Ok(())
}
