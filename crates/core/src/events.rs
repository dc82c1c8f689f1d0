//! Domain events (`enrollment.created`, `enrollment.completed`, `certificate.issued`, ...), written to an
//! outbox table in the same transaction as the change they describe. Outgoing webhooks deliver them from
//! there: the event's subscribers (see [`Subscriber`]; outgoing webhooks create their deliveries) run in
//! the same transaction, so an event
//! exists, and is delivered, exactly when its change committed.

use diesel::prelude::*;

use crate::{
    db::{
        schema::events,
        types::{EnrollmentId, EventId, LessonId, TenantId, Timestamp},
        TenantTx,
    },
    error::{Error, Result},
    with_conn,
};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = events)]
pub struct EventRow {
    pub tenant_id: TenantId,
    pub id: EventId,
    pub event_type: String,
    /// JSON object: the resource the event is about, as the API renders it.
    pub data: String,
    pub created_at: Timestamp,
}

/// Code of a higher layer that acts on events in the transaction that writes them (outgoing webhooks).
/// Events do not know their subscribers: the composition root lists them ([`crate::wiring`]).
pub type Subscriber = fn(&mut TenantTx<'_>, &[EventRow]) -> Result<()>;

/// A fact of a learner's learning that happened in a transaction without a domain event of its own
/// (a lesson completed, a quiz attempted). The layers that keep records of learning (the institution's
/// learning record store) act on it in the same transaction; the composition root lists them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Learned {
    /// A lesson's progress became `completed` (its score, out of 100, and whether it passed, when graded).
    LessonCompleted { enrollment: EnrollmentId, lesson: LessonId, score: Option<i32>, passed: Option<bool> },
    /// A quiz attempt was graded (score out of 100).
    QuizAttempted { enrollment: EnrollmentId, lesson: LessonId, score: i32, passed: bool },
}

/// Code of a higher layer that records [`Learned`] facts in the transaction they happen in.
pub type Recorder = fn(&mut TenantTx<'_>, &Learned) -> Result<()>;

/// Tells the recorders of learning about `fact`, in the caller's transaction.
pub fn learned(tx: &mut TenantTx<'_>, fact: Learned) -> Result<()> {
    for recorder in crate::wiring::learning_recorders() {
        recorder(tx, &fact)?;
    }
    Ok(())
}

fn notify_subscribers(tx: &mut TenantTx<'_>, rows: &[EventRow]) -> Result<()> {
    for subscriber in crate::wiring::event_subscribers() {
        subscriber(tx, rows)?;
    }
    Ok(())
}

fn row(tenant: TenantId, event_type: &str, data: &serde_json::Value) -> Result<EventRow> {
    Ok(EventRow {
        tenant_id: tenant,
        id: EventId::new(),
        event_type: event_type.to_string(),
        data: serde_json::to_string(data).map_err(Error::internal)?,
        created_at: Timestamp::now(),
    })
}

/// Records one event in the caller's transaction.
pub fn emit(tx: &mut TenantTx<'_>, event_type: &str, data: serde_json::Value) -> Result<EventId> {
    let mut r = row(tx.tenant_id(), event_type, &data)?;
    let ours = tx.tenant();
    with_conn!(tx, |c| diesel::insert_into(events::table).values(ours.stamp(&mut r)).execute(c))?;
    let id = r.id;
    notify_subscribers(tx, &[r])?;
    Ok(id)
}

/// Records many events of one type in one statement per backend batch.
pub fn emit_many(tx: &mut TenantTx<'_>, event_type: &str, data: &[serde_json::Value]) -> Result<()> {
    let tenant = tx.tenant();
    let mut rows = data.iter().map(|d| row(tenant.id(), event_type, d)).collect::<Result<Vec<_>>>()?;
    // SQLite limits bound parameters per statement (32766); 5 columns per row keeps chunks well under.
    let ours = tx.tenant();
    for chunk in rows.chunks_mut(1000) {
        with_conn!(tx, |c| diesel::insert_into(events::table).values(ours.stamp_all(chunk)).execute(c))?;
    }
    notify_subscribers(tx, &rows)
}

/// The events of `event_type` (oldest first), for tests and, later, webhook fan-out.
pub fn list(tx: &mut TenantTx<'_>, event_type: &str, limit: i64) -> Result<Vec<EventRow>> {
    let tenant = tx.tenant();
    Ok(with_conn!(tx, |c| tenant
        .scoped(events::table)
        .filter(events::event_type.eq(event_type))
        .order(events::id.asc())
        .limit(limit)
        .select(EventRow::as_select())
        .load(c))?)
}

crate::tenant_rows!(EventRow);
