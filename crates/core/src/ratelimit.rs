//! Rate-limit buckets shared by every API process (issue 22, item 3).
//!
//! A bucket lives in PostgreSQL's `rate_limit_buckets` as the generic cell rate algorithm's theoretical
//! arrival time (`tat`: when the bucket is full again, on the database's clock, which every process
//! shares). A process takes tokens in small leases, one statement each ([`lease`]), and spends them
//! from memory; the API's middleware decides the lease size, so that the tokens leased but not yet
//! spent by all processes stay a small part of the burst. Nothing is admitted without having been
//! taken from the shared bucket, so many processes together never admit more than one would.
//!
//! SQLite deployments are one process: [`lease`] answers `None` there and the caller keeps its
//! buckets in memory.

use diesel::{
    sql_types::{Double, Integer, Text},
    QueryableByName, RunQueryDsl,
};

use crate::{db::Db, error::Result};

/// What one take from a shared bucket got.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Lease {
    /// Tokens taken (0 when the bucket had none).
    pub granted: u32,
    /// Seconds until the bucket is full again, after this take (0 when it is full).
    pub full_in: f64,
}

#[derive(QueryableByName)]
struct Row {
    #[diesel(sql_type = Integer)]
    granted: i32,
    #[diesel(sql_type = Double)]
    full_in: f64,
}

/// The take, in one statement: a new bucket starts full; an existing one has refilled since `tat`
/// minus the burst's span. Both branches grant `min(want, whole tokens available)`.
const TAKE: &str = "
INSERT INTO rate_limit_buckets AS b (key, tat, at, granted)
SELECT $1, n.now + g.granted * $3, n.now, g.granted
  FROM (SELECT extract(epoch FROM clock_timestamp())::float8 AS now) n,
       (SELECT LEAST($4, floor($2 + 1e-9)::integer) AS granted) g
ON CONFLICT (key) DO UPDATE SET
    granted = GREATEST(0, LEAST($4, floor((EXCLUDED.at + $2 * $3 - GREATEST(b.tat, EXCLUDED.at)) / $3 + 1e-9)::integer)),
    tat = GREATEST(b.tat, EXCLUDED.at)
        + GREATEST(0, LEAST($4, floor((EXCLUDED.at + $2 * $3 - GREATEST(b.tat, EXCLUDED.at)) / $3 + 1e-9)::integer)) * $3,
    at = EXCLUDED.at
RETURNING b.granted, GREATEST(0, b.tat - b.at) AS full_in";

/// Takes up to `want` tokens from the shared bucket `key`, which holds at most `burst` tokens and
/// refills at `per_second`. `None` on SQLite.
pub async fn lease(db: &Db, key: &str, burst: f64, per_second: f64, want: u32) -> Result<Option<Lease>> {
    let key = key.to_string();
    let interval = 1.0 / per_second.max(1e-9);
    let want = i32::try_from(want).unwrap_or(i32::MAX);
    db.pg_platform_statement(move |c| {
        let row: Row = diesel::sql_query(TAKE)
            .bind::<Text, _>(key)
            .bind::<Double, _>(burst)
            .bind::<Double, _>(interval)
            .bind::<Integer, _>(want)
            .get_result(c)?;
        Ok(Lease { granted: u32::try_from(row.granted).unwrap_or(0), full_in: row.full_in })
    })
    .await
}

/// Removes buckets that have been full for an hour (a full bucket and no bucket are the same).
/// Returns how many; 0 on SQLite.
pub async fn prune(db: &Db) -> Result<usize> {
    let removed = db
        .pg_platform_statement(|c| {
            Ok(diesel::sql_query(
                "DELETE FROM rate_limit_buckets WHERE tat < extract(epoch FROM clock_timestamp()) - 3600",
            )
            .execute(c)?)
        })
        .await?;
    Ok(removed.unwrap_or(0))
}
