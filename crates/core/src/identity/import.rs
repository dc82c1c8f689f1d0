//! User import through the API as an operation (`POST /v1/users/import`): the request parses and stores
//! its CSV rows and enqueues a job in one transaction, and answers 202; the job imports the rows in
//! chunks, each chunk in one transaction with the operation's counters (so a crash resumes after the last
//! committed chunk and nothing is done twice). Rows are `email,name[,role]` (a header row is recognised);
//! new people are `invited` (emailed unless `send_invites` is false), people already there are `skipped`,
//! and every invalid row is reported with its CSV line.

use std::collections::{HashMap, HashSet};

use diesel::prelude::*;

use super::bulk::{check_row, insert_invited, ImportRow};
use crate::{
    audit,
    db::{
        schema::users,
        types::{OperationId, TenantId, Timestamp},
        Db,
    },
    error::{Error, Result},
    identity::permissions::Permission,
    jobs::{self, Job},
    operations::{self, Operation, OperationRow, RowFailure},
    scope::{Need, TenantScope},
    with_conn, Core,
};

/// Rows per request; larger files go in several requests.
pub const MAX_ROWS: usize = 10_000;
/// Rows per transaction of the job.
pub const CHUNK: usize = 1_000;
pub const KIND: &str = operations::USER_IMPORT;

/// Job payload: carry out a user-import operation.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct UserImport {
    pub tenant_id: TenantId,
    pub operation_id: OperationId,
}

impl Job for UserImport {
    const KIND: &'static str = "users.import";
    const QUEUE: &'static str = "bulk";

    fn tenant_id(&self) -> Option<TenantId> {
        Some(self.tenant_id)
    }

    fn dedup_key(&self) -> Option<String> {
        Some(format!("users.import:{}", self.operation_id))
    }

    async fn run(self, ctx: crate::jobs::JobContext, meta: crate::jobs::JobMeta) -> anyhow::Result<()> {
        Ok(run(ctx.db(), meta.scope()?, self.operation_id).await?)
    }
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct StoredRow {
    line: usize,
    email: String,
    name: String,
    role: Option<String>,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct StoredInput {
    rows: Vec<StoredRow>,
    send_invites: bool,
}

/// Parses `email,name[,role]` CSV (UTF-8; a first row starting with `email` is a header). A row that is
/// not CSV fails the whole request with its line.
pub fn parse_csv(text: &str) -> Result<Vec<ImportRow>> {
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).trim(csv::Trim::All).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            let line = e.position().map(|p| p.line()).unwrap_or(i as u64 + 1);
            Error::invalid("csv", format!("line {line} is not valid CSV: {e}"))
        })?;
        // The reader's positions include the blank lines it skipped before a record: count lines from the
        // record's first character.
        let bytes = text.as_bytes();
        let line = record
            .position()
            .map(|p| {
                let mut at = (p.byte() as usize).min(bytes.len());
                while at < bytes.len() && (bytes[at] == b'\n' || bytes[at] == b'\r') {
                    at += 1;
                }
                bytes[..at].iter().filter(|b| **b == b'\n').count() + 1
            })
            .unwrap_or(i + 1);
        let get = |n: usize| record.get(n).unwrap_or("").to_string();
        if i == 0 && get(0).eq_ignore_ascii_case("email") {
            continue;
        }
        if record.iter().all(str::is_empty) {
            continue;
        }
        rows.push(ImportRow { line, email: get(0), name: get(1), role: record.get(2).map(str::to_string) });
    }
    Ok(rows)
}

/// Accepts an import: parses the CSV (1 to [`MAX_ROWS`] rows), stores it and enqueues its job.
pub async fn start(core: &Core, scope: &TenantScope, csv_text: &str, send_invites: bool) -> Result<Operation> {
    scope.require(Permission::UsersWrite)?;
    let rows = parse_csv(csv_text)?;
    if rows.is_empty() || rows.len() > MAX_ROWS {
        return Err(Error::invalid("csv", format!("must hold 1 to {MAX_ROWS} rows of `email,name[,role]`")));
    }
    let stored = StoredInput {
        rows: rows
            .into_iter()
            .map(|r| StoredRow { line: r.line, email: r.email, name: r.name, role: r.role })
            .collect(),
        send_invites,
    };
    core.db
        .write(scope, Permission::UsersWrite, move |tx| {
            let now = Timestamp::now();
            let mut row = OperationRow {
                tenant_id: tx.tenant_id(),
                id: OperationId::new(),
                kind: KIND.into(),
                status: crate::operations::OperationStatus::Queued,
                target_id: None,
                total: stored.rows.len() as i32,
                processed: 0,
                succeeded: 0,
                failed: 0,
                skipped: 0,
                errors: "[]".into(),
                input: serde_json::to_string(&stored).map_err(Error::internal)?,
                created_at: now,
                updated_at: now,
                finished_at: None,
                result_id: None,
            };
            operations::insert(tx, &mut row)?;
            audit::record(
                tx,
                "users.import_requested",
                Some(("operation", row.id.to_string())),
                serde_json::json!({ "rows": row.total, "send_invites": send_invites }),
            )?;
            jobs::enqueue(tx, &UserImport { tenant_id: tx.tenant_id(), operation_id: row.id })?;
            row.try_into()
        })
        .await
}

fn failure(line: usize, value: &str, code: &str, message: impl Into<String>) -> RowFailure {
    RowFailure {
        row: line as i32,
        value: value.chars().take(320).collect(),
        code: code.into(),
        message: message.into(),
    }
}

/// Runs the operation to the end, one chunk per transaction; safe to run again after a crash.
pub async fn run(db: &Db, scope: &TenantScope, operation_id: OperationId) -> Result<()> {
    loop {
        let more = db
            .write(scope, Need::Identified, move |tx| {
                let op = operations::lock(tx, operation_id)?;
                if matches!(
                    op.status,
                    crate::operations::OperationStatus::Succeeded | crate::operations::OperationStatus::Failed
                ) {
                    return Ok(false);
                }
                let input: StoredInput = serde_json::from_str(&op.input).map_err(Error::internal)?;
                let start = op.processed as usize;
                let end = (start + CHUNK).min(input.rows.len());
                // The first line of each email in the whole file: later ones are duplicates.
                let mut first_line: HashMap<String, usize> = HashMap::new();
                for r in &input.rows {
                    if let Ok((_, lower)) = crate::identity::normalize_email(&r.email) {
                        first_line.entry(lower).or_insert(r.line);
                    }
                }
                let mut failures = Vec::new();
                let mut candidates = Vec::new();
                for r in &input.rows[start..end] {
                    let row =
                        ImportRow { line: r.line, email: r.email.clone(), name: r.name.clone(), role: r.role.clone() };
                    match check_row(&row) {
                        Err(message) => failures.push(failure(r.line, &r.email, "invalid", message)),
                        Ok((email, lower, name, role)) => match first_line.get(&lower) {
                            Some(first) if *first != r.line => failures.push(failure(
                                r.line,
                                &r.email,
                                "duplicate",
                                format!("the same email as line {first}"),
                            )),
                            _ => candidates.push((r.line, email, lower, name, role)),
                        },
                    }
                }
                let tenant = tx.tenant();
                let lowers: Vec<&str> = candidates.iter().map(|c| c.2.as_str()).collect();
                let mut existing: HashSet<String> = HashSet::new();
                for part in lowers.chunks(500) {
                    let found: Vec<String> = with_conn!(tx, |c| tenant
                        .scoped(users::table)
                        .filter(users::email_lower.eq_any(part))
                        .select(users::email_lower)
                        .load(c))?;
                    existing.extend(found);
                }
                let mut skipped = 0;
                let mut people = Vec::new();
                for (_, email, lower, name, role) in candidates {
                    if existing.contains(&lower) {
                        skipped += 1;
                    } else {
                        people.push((email, lower, name, role));
                    }
                }
                let created = insert_invited(tx, people, input.send_invites)?;
                if created > 0 {
                    audit::record(
                        tx,
                        "users.imported",
                        Some(("operation", operation_id.to_string())),
                        serde_json::json!({ "created": created, "rows": [start, end] }),
                    )?;
                }
                failures.sort_by_key(|f| f.row);
                let failed = failures.len() as i32;
                operations::advance(tx, &op, (end - start) as i32, created as i32, failed, skipped, failures)?;
                Ok(end < input.rows.len())
            })
            .await?;
        if !more {
            return Ok(());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_rows_keep_their_lines_and_the_header_is_recognised() {
        let rows = parse_csv("email,name,role\nada@x.test, Ada ,admin\n\n\"b@x.test\",\"Lovelace, B\"\n").unwrap();
        let got: Vec<_> = rows.iter().map(|r| (r.line, r.email.as_str(), r.name.as_str(), r.role.as_deref())).collect();
        assert_eq!(got, [(2, "ada@x.test", "Ada", Some("admin")), (4, "b@x.test", "Lovelace, B", None)]);
        assert_eq!(<UserImport as Job>::KIND, KIND, "the job's kind is the operation's");
        let headerless = parse_csv("ada@x.test,Ada").unwrap();
        assert_eq!((headerless[0].line, headerless[0].email.as_str()), (1, "ada@x.test"));
    }
}
