//! Deliveries: listing and redelivery, the worker's view of one, its attempts, and disabling an endpoint that keeps failing.

use super::*;

/// An endpoint's deliveries, newest first.
pub async fn list_deliveries(
    core: &Core,
    scope: &TenantScope,
    endpoint: WebhookEndpointId,
    page: PageRequest,
) -> Result<Page<Delivery>> {
    core.db
        .read(scope, Permission::WebhooksRead, move |tx| {
            get_endpoint_row(tx, endpoint)?;
            let tenant = tx.tenant();
            let rows: Vec<DeliveryRow> = with_conn!(tx, |c| {
                let mut q = tenant
                    .scoped(webhook_deliveries::table)
                    .filter(webhook_deliveries::endpoint_id.eq(endpoint))
                    .order(webhook_deliveries::id.desc())
                    .limit(page.limit + 1)
                    .select(DeliveryRow::as_select())
                    .into_boxed();
                if let Some(after) = page.after {
                    q = q.filter(webhook_deliveries::id.lt(WebhookDeliveryId(after)));
                }
                q.load(c)
            })?;
            Ok(Page::from_rows(rows, page, |r| r.id.0).map(Delivery::from))
        })
        .await
}

/// Sends a delivery again (e.g. after fixing the receiver): it becomes pending with a fresh job; an
/// endpoint disabled for failing is re-enabled.
pub async fn redeliver(
    core: &Core,
    scope: &TenantScope,
    endpoint: WebhookEndpointId,
    delivery: WebhookDeliveryId,
) -> Result<Delivery> {
    core.db
        .write(scope, Permission::WebhooksWrite, move |tx| {
            get_endpoint_row(tx, endpoint)?;
            let tenant = tx.tenant();
            let target = tenant
                .scoped(webhook_deliveries::table)
                .filter(webhook_deliveries::endpoint_id.eq(endpoint))
                .filter(webhook_deliveries::id.eq(delivery));
            with_conn!(tx, |c| target.select(webhook_deliveries::id).first::<WebhookDeliveryId>(c))
                .map_err(crate::error::not_found("webhook delivery"))?;
            let now = Timestamp::now();
            with_conn!(tx, |c| diesel::update(target)
                .set((webhook_deliveries::status.eq(DeliveryStatus::Pending), webhook_deliveries::updated_at.eq(now)))
                .execute(c))?;
            with_conn!(tx, |c| diesel::update(
                tenant.scoped(webhook_endpoints::table).filter(webhook_endpoints::id.eq(endpoint))
            )
            .set((
                webhook_endpoints::status.eq(EndpointStatus::Active),
                webhook_endpoints::disabled_reason.eq(None::<String>),
                webhook_endpoints::updated_at.eq(now),
            ))
            .execute(c))?;
            jobs::enqueue(tx, &DeliverWebhook { tenant_id: tenant.id(), delivery_id: delivery })?;
            audit::record(
                tx,
                "webhook_delivery.redelivered",
                Some(("webhook_delivery", delivery.to_string())),
                serde_json::json!({}),
            )?;
            let row: DeliveryRow = with_conn!(tx, |c| target.select(DeliveryRow::as_select()).first(c))?;
            Ok(Delivery::from(row))
        })
        .await
}

/// What the worker needs to send a delivery.
#[derive(Debug, Clone)]
pub struct Outgoing {
    pub url: String,
    pub secret: String,
    /// `webhook-id`: the event's id, the same on every retry and redelivery.
    pub msg_id: String,
    pub body: String,
}

/// The delivery to send, or `None` when there is nothing to do (already delivered, or the endpoint is
/// gone or disabled: then the delivery is marked failed).
pub async fn outgoing(db: &Db, scope: &TenantScope, delivery: WebhookDeliveryId) -> Result<Option<Outgoing>> {
    db.write(scope, Need::Identified, move |tx| {
        let tenant = tx.tenant();
        let target = tenant.scoped(webhook_deliveries::table).filter(webhook_deliveries::id.eq(delivery));
        let Some(d) = with_conn!(tx, |c| target.select(DeliveryRow::as_select()).first(c).optional())? else {
            return Ok(None);
        };
        if d.status == DeliveryStatus::Succeeded {
            return Ok(None);
        }
        let endpoint = with_conn!(tx, |c| tenant
            .scoped(webhook_endpoints::table)
            .filter(webhook_endpoints::id.eq(d.endpoint_id))
            .select(EndpointRow::as_select())
            .first(c)
            .optional())?;
        match endpoint {
            Some(e) if e.status == EndpointStatus::Active => {
                let secret = crate::vault::open(tx, crate::vault::Field::WebhookSecret, e.id.0, &e.secret)?;
                Ok(Some(Outgoing { url: e.url, secret, msg_id: d.event_id.to_string(), body: d.payload }))
            }
            _ => {
                with_conn!(tx, |c| diesel::update(target)
                    .set((
                        webhook_deliveries::status.eq(DeliveryStatus::Failed),
                        webhook_deliveries::last_error.eq("the endpoint is disabled"),
                        webhook_deliveries::updated_at.eq(Timestamp::now()),
                    ))
                    .execute(c))?;
                Ok(None)
            }
        }
    })
    .await
}

/// The outcome of one attempt.
#[derive(Debug, Clone)]
pub enum Attempt {
    Delivered {
        status: u16,
    },
    /// A non-2xx answer (`status`) or no answer at all.
    Failed {
        status: Option<u16>,
        error: String,
    },
    /// Never retried (the target is not allowed).
    Refused {
        error: String,
    },
}

/// Records an attempt on the delivery and the endpoint's health. `last` is the job's final attempt.
/// An endpoint failing for [`DISABLE_AFTER_DAYS`] is disabled and its owners and admins are emailed.
pub async fn record_attempt(
    db: &Db,
    scope: &TenantScope,
    delivery: WebhookDeliveryId,
    attempt: Attempt,
    last: bool,
) -> Result<()> {
    db.write(scope, Need::Identified, move |tx| {
        let tenant = tx.tenant();
        let now = Timestamp::now();
        let target = tenant.scoped(webhook_deliveries::table).filter(webhook_deliveries::id.eq(delivery));
        let Some(endpoint_id) = with_conn!(tx, |c| target
            .select(webhook_deliveries::endpoint_id)
            .first::<WebhookEndpointId>(c)
            .optional())?
        else {
            return Ok(());
        };
        let endpoint_target = tenant.scoped(webhook_endpoints::table).filter(webhook_endpoints::id.eq(endpoint_id));
        let (status, code, error) = match &attempt {
            Attempt::Delivered { status } => (DeliveryStatus::Succeeded, Some(i32::from(*status)), None),
            Attempt::Failed { status, error } => (
                if last { DeliveryStatus::Failed } else { DeliveryStatus::Pending },
                status.map(i32::from),
                Some(error.clone()),
            ),
            Attempt::Refused { error } => (DeliveryStatus::Failed, None, Some(error.clone())),
        };
        with_conn!(tx, |c| diesel::update(target)
            .set((
                webhook_deliveries::status.eq(status),
                webhook_deliveries::attempts.eq(webhook_deliveries::attempts + 1),
                webhook_deliveries::last_status_code.eq(code),
                webhook_deliveries::last_error.eq(&error),
                webhook_deliveries::updated_at.eq(now),
                webhook_deliveries::delivered_at.eq((status == DeliveryStatus::Succeeded).then_some(now)),
            ))
            .execute(c))?;
        if matches!(attempt, Attempt::Delivered { .. }) {
            with_conn!(tx, |c| diesel::update(endpoint_target)
                .set(webhook_endpoints::failing_since.eq(None::<Timestamp>))
                .execute(c))?;
            return Ok(());
        }
        let failing_since: Option<Timestamp> =
            with_conn!(tx, |c| endpoint_target.select(webhook_endpoints::failing_since).first(c))?;
        match failing_since {
            None => {
                with_conn!(tx, |c| diesel::update(endpoint_target)
                    .set(webhook_endpoints::failing_since.eq(Some(now)))
                    .execute(c))?;
            }
            Some(since) if now.0 - since.0 >= chrono::Duration::days(DISABLE_AFTER_DAYS) => {
                let reason =
                    format!("deliveries failed for {DISABLE_AFTER_DAYS} days (last: {})", error.unwrap_or_default());
                let changed = with_conn!(tx, |c| diesel::update(
                    endpoint_target.filter(webhook_endpoints::status.eq(EndpointStatus::Active))
                )
                .set((
                    webhook_endpoints::status.eq(EndpointStatus::Disabled),
                    webhook_endpoints::disabled_reason.eq(&reason),
                    webhook_endpoints::updated_at.eq(now),
                ))
                .execute(c))?;
                if changed == 1 {
                    audit::record(
                        tx,
                        "webhook_endpoint.disabled",
                        Some(("webhook_endpoint", endpoint_id.to_string())),
                        serde_json::json!({ "reason": reason }),
                    )?;
                    let admins: Vec<UserId> = with_conn!(tx, |c| tenant
                        .scoped(users::table)
                        .filter(users::role.eq_any([crate::identity::Role::Owner, crate::identity::Role::Admin]))
                        .filter(users::status.eq(crate::identity::users::UserStatus::Active))
                        .select(users::id)
                        .load(c))?;
                    for user_id in admins {
                        jobs::enqueue(tx, &EndpointDisabledEmail { tenant_id: tenant.id(), endpoint_id, user_id })?;
                    }
                }
            }
            Some(_) => {}
        }
        Ok(())
    })
    .await
}

impl EndpointDisabledEmail {
    /// The email to one owner or admin; `None` when the endpoint is gone (deleted since).
    pub async fn render(
        &self,
        db: &Db,
        scope: &TenantScope,
        _config: &crate::config::Config,
    ) -> Result<Option<crate::email::RenderedEmail>> {
        let (endpoint, user) = (self.endpoint_id, self.user_id);
        let found = db
            .read(scope, Need::Identified, move |tx| {
                let e = match get_endpoint_row(tx, endpoint) {
                    Ok(e) => e,
                    Err(Error::NotFound { .. }) => return Ok(None),
                    Err(e) => return Err(e),
                };
                Ok(Some((e, crate::identity::users::get(tx, user)?, crate::tenants::current(tx)?)))
            })
            .await?;
        let Some((e, user, tenant)) = found else { return Ok(None) };
        let context = serde_json::json!({
            "user": {"name": user.name, "email": user.email},
            "url": e.url,
            "reason": e.disabled_reason.unwrap_or_default(),
            "endpoint_id": endpoint,
        });
        crate::email::templates::compose(
            &tenant.brand(),
            (&user.name, &user.email),
            format!("Webhook endpoint disabled: {}", e.url),
            "webhook_disabled",
            context,
            None,
        )
        .map(Some)
    }
}
