//! Privacy by design (issue 23) on both backends: secrets written through the API are stored only
//! encrypted, survive a rotation of the key encryption key and of the data keys, and secrets written by
//! an earlier release in plaintext are sealed when a process starts; each institution's audit trail is a
//! hash chain in which an edited, removed, reordered or truncated event is found.

use diesel::prelude::*;
use lyceum_core::{
    audit::{
        chain::{self, Break},
        AuditEvent,
    },
    db::{
        schema::{audit_events, data_keys, files, identity_providers, webhook_deliveries, webhook_endpoints},
        types::{TenantId, WebhookDeliveryId},
        Db,
    },
    vault::{self, Keyring},
    with_conn, TenantScope,
};
use lyceum_testkit::db_tests;
use serde_json::json;

use crate::support::{Tenant, TestApp};

/// A change made behind Lyceum's back, in a transaction of the tenant.
pub type Change = Box<dyn FnOnce(&mut lyceum_core::db::TenantTx<'_>) -> lyceum_core::Result<()> + Send>;

/// Recomputes `tenant`'s whole chain and head from its events as they now are (as if they had been
/// written so), in a transaction of the tenant.
pub fn rechain(tenant: TenantId) -> Change {
    Box::new(move |tx| {
        use lyceum_core::db::schema::audit_chains;
        let mut previous = chain::genesis(tenant);
        let events: Vec<AuditEvent> = with_conn!(tx, |c| audit_events::table
            .filter(audit_events::tenant_id.eq(tenant))
            .order(audit_events::seq.asc())
            .select(AuditEvent::as_select())
            .load(c))?;
        for e in &events {
            let content = chain::content_hash(e);
            let link = chain::link_hash(&previous, e.seq.unwrap(), &content);
            with_conn!(tx, |c| diesel::update(
                audit_events::table.filter(audit_events::tenant_id.eq(tenant)).filter(audit_events::id.eq(e.id))
            )
            .set((
                audit_events::metadata.eq(&e.metadata),
                audit_events::content_hash.eq(&content),
                audit_events::chain_hash.eq(&link),
            ))
            .execute(c))?;
            previous = link;
        }
        let n = events.len() as i64;
        with_conn!(tx, |c| diesel::update(audit_chains::table.filter(audit_chains::tenant_id.eq(tenant)))
            .set((audit_chains::last_seq.eq(n), audit_chains::last_hash.eq(&previous)))
            .execute(c))?;
        Ok(())
    })
}

/// Every stored value of every secret column of `tenant`, raw.
async fn stored_secrets(db: &Db, tenant: TenantId) -> Vec<String> {
    db.doors()
        .read(&TenantScope::for_test(tenant), move |tx| {
            let mut all: Vec<String> = Vec::new();
            all.extend(with_conn!(tx, |c| webhook_endpoints::table
                .filter(webhook_endpoints::tenant_id.eq(tenant))
                .select(webhook_endpoints::secret)
                .load::<String>(c))?);
            all.extend(with_conn!(tx, |c| identity_providers::table
                .filter(identity_providers::tenant_id.eq(tenant))
                .select(identity_providers::client_secret)
                .load::<String>(c))?);
            all.extend(with_conn!(tx, |c| files::table
                .filter(files::tenant_id.eq(tenant))
                .select(files::url_secret)
                .load::<String>(c))?);
            Ok(all)
        })
        .await
        .unwrap()
}

/// The webhook secret the worker would sign with, opened through `db`'s keyring.
async fn signing_secret(db: &Db, tenant: TenantId) -> lyceum_core::Result<String> {
    let scope = TenantScope::for_test(tenant);
    let delivery: WebhookDeliveryId = db
        .doors()
        .read(&scope, move |tx| {
            Ok(with_conn!(tx, |c| webhook_deliveries::table
                .filter(webhook_deliveries::tenant_id.eq(tenant))
                .select(webhook_deliveries::id)
                .first(c))?)
        })
        .await
        .unwrap();
    Ok(lyceum_core::webhooks::outgoing(db, &scope, delivery).await?.expect("an active endpoint").secret)
}

async fn count_events(db: &Db, tenant: TenantId) -> i64 {
    db.doors()
        .read(&TenantScope::for_test(tenant), move |tx| {
            use lyceum_core::db::schema::events;
            Ok(with_conn!(tx, |c| events::table.filter(events::tenant_id.eq(tenant)).count().get_result(c))?)
        })
        .await
        .unwrap()
}

/// A second handle on the test database with another keyring.
async fn handle(app: &TestApp, ring: Keyring) -> Db {
    Db::connect(&app.t.url, 2).await.unwrap().with_keyring(ring)
}

async fn with_secrets(app: &TestApp, a: &Tenant) -> String {
    let r = app
        .call(
            "POST",
            "/v1/webhook-endpoints",
            Some(&a.owner_token),
            Some(&json!({"url": "https://example.org/hook", "events": ["*"]})),
        )
        .await;
    assert_eq!(r.status, 201, "{r:#?}");
    let secret = r.body["secret"].as_str().unwrap().to_string();
    let idp = json!({
        "name": "Acme ID", "issuer": "https://id.example.org", "client_id": "lyceum",
        "client_secret": "the-client-secret-0123456789", "return_urls": ["https://app.example.org/signed-in"],
    });
    let r = app.call("POST", "/v1/identity-providers", Some(&a.owner_token), Some(&idp)).await;
    assert_eq!(r.status, 201, "{r:#?}");
    let r = crate::files::upload(app, &a.owner_token, "notes.pdf", Some("application/pdf"), crate::files::PDF).await;
    assert_eq!(r.status, 201, "{r:#?}");
    // An event for the endpoint, so that a delivery exists to sign.
    app.user_with_role(a, "learner").await;
    secret
}

db_tests! {
    /// Secrets are stored sealed, nowhere in plaintext; rotating the key encryption key re-wraps the
    /// data keys (the old key is then no longer needed), rotating the data keys re-encrypts every secret
    /// and removes the old data key, and the secrets still work after each step.
    async fn secrets_are_encrypted_at_rest_and_survive_rotation(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("vault").await;
        let tenant: TenantId = a.id.parse().unwrap();
        let secret = with_secrets(&app, &a).await;

        let stored = stored_secrets(&app.t.db, tenant).await;
        assert_eq!(stored.len(), 3, "{stored:?}");
        for v in &stored {
            assert!(v.starts_with(vault::SEALED_PREFIX), "a secret stored unsealed: {v}");
            assert!(!v.contains(&secret) && !v.contains("the-client-secret"), "plaintext in {v}");
        }
        assert_eq!(signing_secret(&app.t.db, tenant).await.unwrap(), secret);

        // A process without the key refuses to start, naming the key it lacks.
        let old = lyceum_testkit::keyring();
        let stranger = handle(&app, Keyring::new(vault::parse_key(&vault::generate_key()).unwrap(), [])).await;
        let err = vault::check(&stranger).await.unwrap_err().to_string();
        assert!(err.contains(old.current_id()), "{err}");
        assert!(signing_secret(&stranger, tenant).await.is_err());

        // Rotate the key encryption key: the new one current, the old one still configured meanwhile.
        let new_key = vault::parse_key(&vault::generate_key()).unwrap();
        let rotating = handle(&app, Keyring::new(new_key, [vault::parse_key(lyceum_testkit::MASTER_KEY).unwrap()])).await;
        let r = vault::rotate(&rotating, TenantScope::for_test, false).await.unwrap();
        assert!(r.data_keys_rewrapped >= 1 && r.secrets_reencrypted == 0, "{r:?}");
        let new_only = handle(&app, Keyring::new(new_key, [])).await;
        vault::check(&new_only).await.unwrap();
        assert_eq!(signing_secret(&new_only, tenant).await.unwrap(), secret, "the new key alone opens everything");
        assert!(vault::check(&handle(&app, old.clone()).await).await.is_err(), "the old key alone no longer does");
        assert_eq!(stored_secrets(&app.t.db, tenant).await, stored, "re-wrapping leaves the secrets as they were");
        // The running process (old key only) keeps serving from the data keys it has unwrapped.
        assert_eq!(signing_secret(&app.t.db, tenant).await.unwrap(), secret);

        // Rotate the data keys: every secret re-encrypted under one new data key, the old one removed.
        let r = vault::rotate(&new_only, TenantScope::for_test, true).await.unwrap();
        assert!(r.secrets_reencrypted >= 3 && r.data_keys_removed >= 1 && r.data_keys_created >= 1, "{r:?}");
        let after = stored_secrets(&app.t.db, tenant).await;
        let ids: std::collections::BTreeSet<_> = after.iter().map(|v| vault::sealed_key_id(v).unwrap()).collect();
        assert_eq!(ids.len(), 1, "{after:?}");
        for (before, now) in stored.iter().zip(&after) {
            assert_ne!(before, now);
        }
        let keys: i64 = app.t.db.doors().read(&TenantScope::for_test(tenant), move |tx| {
            Ok(with_conn!(tx, |c| data_keys::table.filter(data_keys::tenant_id.eq(tenant)).count().get_result(c))?)
        }).await.unwrap();
        assert_eq!(keys, 1);
        assert_eq!(signing_secret(&new_only, tenant).await.unwrap(), secret);
        // Running it again changes nothing it need not.
        let again = vault::rotate(&new_only, TenantScope::for_test, false).await.unwrap();
        assert_eq!(again.data_keys_rewrapped, 0);
    }

    /// A database written by a release without encryption at rest or the audit chain: its plaintext
    /// secrets are sealed and its events chained when a process starts, and then everything verifies.
    async fn plaintext_from_an_earlier_release_is_sealed_at_start(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("legacy").await;
        let tenant: TenantId = a.id.parse().unwrap();
        let secret = with_secrets(&app, &a).await;
        // As the earlier release wrote them: the secret in the clear, events outside any chain.
        let plain = secret.clone();
        app.t.db.doors().write(&TenantScope::for_test(tenant), move |tx| {
            with_conn!(tx, |c| diesel::update(webhook_endpoints::table.filter(webhook_endpoints::tenant_id.eq(tenant)))
                .set(webhook_endpoints::secret.eq(&plain))
                .execute(c))?;
            with_conn!(tx, |c| diesel::update(audit_events::table.filter(audit_events::tenant_id.eq(tenant)))
                .set((
                    audit_events::seq.eq(None::<i64>),
                    audit_events::content_hash.eq(None::<String>),
                    audit_events::chain_hash.eq(None::<String>),
                ))
                .execute(c))?;
            with_conn!(tx, |c| diesel::delete(lyceum_core::db::schema::audit_chains::table
                .filter(lyceum_core::db::schema::audit_chains::tenant_id.eq(tenant)))
                .execute(c))?;
            Ok(())
        }).await.unwrap();
        let scope = TenantScope::for_test(tenant);
        let v = chain::verify(&app.t.db, &scope, None).await.unwrap();
        assert!(matches!(v.broken, Some(Break::Unchained { .. })), "{v:?}");
        assert!(signing_secret(&app.t.db, tenant).await.is_err(), "a plaintext secret is not taken as sealed");

        let done = lyceum_core::upgrade::run(&app.t.db).await.unwrap();
        assert!(done.tenants >= 1 && done.secrets_sealed >= 1 && done.audit_events_chained >= 2, "{done:?}");
        assert!(stored_secrets(&app.t.db, tenant).await.iter().all(|v| v.starts_with(vault::SEALED_PREFIX)));
        assert_eq!(signing_secret(&app.t.db, tenant).await.unwrap(), secret);
        let v = chain::verify(&app.t.db, &scope, None).await.unwrap();
        assert!(v.intact() && v.checked as usize >= done.audit_events_chained, "{v:?}");
        assert_eq!(lyceum_core::upgrade::run(&app.t.db).await.unwrap(), Default::default(), "nothing left to do");
    }

    /// The audit chain finds an edited event, a removed one, two swapped ones and a removed tail, and an
    /// anchor taken earlier exposes a rewritten trail; restored, it verifies again.
    async fn the_audit_chain_finds_tampering(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("chain").await;
        for i in 0..4 {
            let r = app.call("POST", "/v1/courses", Some(&a.owner_token), Some(&json!({"title": format!("Course {i}")}))).await;
            assert_eq!(r.status, 201, "{r:#?}");
        }
        let tenant: TenantId = a.id.parse().unwrap();
        let scope = TenantScope::for_test(tenant);
        let v = chain::verify(&app.t.db, &scope, None).await.unwrap();
        assert!(v.intact() && v.checked >= 5 && v.checked as i64 == v.head_seq, "{v:?}");
        let head = chain::head(&app.t.db, &scope).await.unwrap().unwrap();
        assert_eq!((head.last_seq, head.last_hash.clone()), (v.head_seq, v.head_hash.clone()));
        let anchor = Some((head.last_seq, head.last_hash.clone()));
        assert!(chain::verify(&app.t.db, &scope, anchor.clone()).await.unwrap().intact());

        let event_at = |seq: i64| {
            let db = app.t.db.clone();
            async move {
                db.doors().read(&TenantScope::for_test(tenant), move |tx| {
                    Ok(with_conn!(tx, |c| audit_events::table
                        .filter(audit_events::tenant_id.eq(tenant))
                        .filter(audit_events::seq.eq(seq))
                        .select(AuditEvent::as_select())
                        .first(c))?)
                }).await.unwrap()
            }
        };
        let write = |f: crate::privacy::Change| {
            let db = app.t.db.clone();
            async move { db.doors().write(&TenantScope::for_test(tenant), f).await.unwrap() }
        };
        let set_meta = |seq: i64, meta: String| -> crate::privacy::Change {
            Box::new(move |tx| {
                with_conn!(tx, |c| diesel::update(audit_events::table.filter(audit_events::tenant_id.eq(tenant)).filter(audit_events::seq.eq(seq)))
                    .set(audit_events::metadata.eq(&meta)).execute(c))?;
                Ok(())
            })
        };
        let verify = || chain::verify(&app.t.db, &scope, None);

        // Edited.
        let second = event_at(2).await;
        write(set_meta(2, r#"{"title":"forged"}"#.into())).await;
        assert_eq!(verify().await.unwrap().broken, Some(Break::Edited { seq: 2, event_id: second.id.to_string() }));
        write(set_meta(2, second.metadata.clone())).await;
        assert!(verify().await.unwrap().intact());

        // Removed from the middle.
        let third = event_at(3).await;
        write(Box::new(move |tx| {
            with_conn!(tx, |c| diesel::delete(audit_events::table.filter(audit_events::tenant_id.eq(tenant)).filter(audit_events::seq.eq(3))).execute(c))?;
            Ok(())
        })).await;
        assert_eq!(verify().await.unwrap().broken, Some(Break::Missing { seq: 3 }));
        let restore = third.clone();
        write(Box::new(move |tx| {
            with_conn!(tx, |c| diesel::insert_into(audit_events::table).values(&restore).execute(c))?;
            Ok(())
        })).await;
        assert!(verify().await.unwrap().intact());

        // Two events swapped (their places exchanged, as a reordering would).
        let swap = |a: i64, b: i64| -> crate::privacy::Change {
            Box::new(move |tx| {
                let at = |s: i64| audit_events::table.filter(audit_events::tenant_id.eq(tenant)).filter(audit_events::seq.eq(s));
                with_conn!(tx, |c| diesel::update(at(a)).set(audit_events::seq.eq(-1i64)).execute(c))?;
                with_conn!(tx, |c| diesel::update(at(b)).set(audit_events::seq.eq(a)).execute(c))?;
                with_conn!(tx, |c| diesel::update(at(-1)).set(audit_events::seq.eq(b)).execute(c))?;
                Ok(())
            })
        };
        write(swap(2, 3)).await;
        let broken = verify().await.unwrap().broken;
        assert!(matches!(broken, Some(Break::Edited { seq: 2, .. })), "{broken:?}");
        write(swap(2, 3)).await;
        assert!(verify().await.unwrap().intact());

        // The last event removed.
        let last = event_at(head.last_seq).await;
        write(Box::new(move |tx| {
            with_conn!(tx, |c| diesel::delete(audit_events::table.filter(audit_events::tenant_id.eq(tenant)).filter(audit_events::seq.eq(last.seq))).execute(c))?;
            Ok(())
        })).await;
        assert_eq!(
            verify().await.unwrap().broken,
            Some(Break::Truncated { last_seq: head.last_seq - 1, head_seq: head.last_seq })
        );

        // A rewritten trail whose head was recomputed to match: only an anchor kept elsewhere shows it.
        write(set_meta(2, r#"{"title":"rewritten"}"#.into())).await;
        write(rechain(tenant)).await;
        assert!(verify().await.unwrap().intact(), "a full rewrite is consistent in itself");
        let v = chain::verify(&app.t.db, &scope, Some((2, event_at(2).await.chain_hash.unwrap()))).await.unwrap();
        assert!(v.intact());
        let original_second = second.chain_hash.clone().unwrap();
        let v = chain::verify(&app.t.db, &scope, Some((2, original_second))).await.unwrap();
        assert_eq!(v.broken, Some(Break::AnchorMismatch { seq: 2 }), "{v:?}");
    }

    /// Retention: an institution reads and changes its periods within the platform's limits; the hourly
    /// job removes what is past them (audit events from the start of the chain, which still verifies),
    /// counts it, shows it in `/metrics`, and leaves other institutions to their own policies.
    async fn retention_removes_what_is_past_its_period(t) {
        let app = TestApp::new(t).await;
        let a = app.signup("keep").await;
        let b = app.signup("other").await;
        let owner = Some(a.owner_token.as_str());
        let r = app.get("/v1/retention", owner).await;
        assert_eq!(r.status, 200, "{r:#?}");
        let cats = r.body["categories"].as_array().unwrap();
        assert_eq!(cats.len(), 8);
        assert_eq!((cats[7]["category"].as_str(), cats[7]["days"].as_i64()), (Some("inactive_learners"), Some(0)), "off by default");
        assert_eq!(cats[0]["category"], "audit_events");
        assert_eq!((cats[0]["days"].as_i64(), cats[0]["chosen"].as_bool()), (Some(730), Some(false)));
        let (_, learner) = app.user_with_role(&a, "learner").await;
        app.get("/v1/retention", Some(&learner)).await.assert_problem(403, "forbidden");

        let r = app.call("PATCH", "/v1/retention", owner, Some(&json!({"audit_events": 30, "idempotency_records": 2}))).await;
        r.assert_problem(400, "validation_failed");
        assert_eq!(r.error_fields(), vec!["audit_events", "idempotency_records"]);
        let r = app.call("PATCH", "/v1/retention", owner, Some(&json!({"retention": 1}))).await;
        assert_eq!(r.status, 400, "{r:#?}");
        let r = app.call("PATCH", "/v1/retention", owner, Some(&json!({"audit_events": 400, "webhook_deliveries": 7}))).await;
        assert_eq!(r.status, 200, "{r:#?}");
        assert_eq!((r.body["categories"][0]["days"].as_i64(), r.body["categories"][0]["chosen"].as_bool()), (Some(400), Some(true)));
        let r = app.call("PATCH", "/v1/retention", owner, Some(&json!({"webhook_deliveries": null}))).await;
        assert_eq!((r.body["categories"][2]["days"].as_i64(), r.body["categories"][2]["chosen"].as_bool()), (Some(30), Some(false)));
        let trail = app.get("/v1/audit-events?action=retention.updated", owner).await;
        assert_eq!(trail.body["items"].as_array().unwrap().len(), 2, "{:#?}", trail.body);
        // B keeps domain events for 60 days.
        let r = app.call("PATCH", "/v1/retention", Some(&b.owner_token), Some(&json!({"domain_events": 60}))).await;
        assert_eq!(r.status, 200, "{r:#?}");

        // Records that have aged: A's first three audit events (500 days), every domain event of A and
        // B (40 days), A's failed webhook deliveries, and one of A's sessions (ended 10 days ago).
        let r = app
            .call("POST", "/v1/webhook-endpoints", owner, Some(&json!({"url": "https://example.org/hook", "events": ["*"]})))
            .await;
        assert_eq!(r.status, 201, "{r:#?}");
        app.user_with_role(&a, "instructor").await;
        app.user_with_role(&b, "instructor").await;
        let (ta, tb): (TenantId, TenantId) = (a.id.parse().unwrap(), b.id.parse().unwrap());
        let now = lyceum_core::db::types::Timestamp::now();
        app.t.db.doors().write(&TenantScope::for_test(ta), move |tx| {
            use lyceum_core::db::schema::{events, sessions, webhook_deliveries as wd};
            with_conn!(tx, |c| diesel::update(audit_events::table.filter(audit_events::tenant_id.eq(ta)).filter(audit_events::seq.le(3)))
                .set(audit_events::created_at.eq(now - chrono::Duration::days(500))).execute(c))?;
            with_conn!(tx, |c| diesel::update(events::table.filter(events::tenant_id.eq(ta)))
                .set(events::created_at.eq(now - chrono::Duration::days(40))).execute(c))?;
            with_conn!(tx, |c| diesel::update(wd::table.filter(wd::tenant_id.eq(ta)))
                .set((wd::status.eq("failed"), wd::updated_at.eq(now - chrono::Duration::days(40)))).execute(c))?;
            let one: uuid::Uuid = with_conn!(tx, |c| sessions::table.filter(sessions::tenant_id.eq(ta)).select(sessions::id).first::<lyceum_core::db::types::RowId>(c))?.0;
            with_conn!(tx, |c| diesel::update(sessions::table.filter(sessions::tenant_id.eq(ta)).filter(sessions::id.eq(lyceum_core::db::types::RowId(one))))
                .set(sessions::expires_at.eq(now - chrono::Duration::days(10))).execute(c))?;
            Ok(())
        }).await.unwrap();
        app.t.db.doors().write(&TenantScope::for_test(ta), rechain(ta)).await.unwrap();
        app.t.db.doors().write(&TenantScope::for_test(tb), move |tx| {
            use lyceum_core::db::schema::events;
            with_conn!(tx, |c| diesel::update(events::table.filter(events::tenant_id.eq(tb)))
                .set(events::created_at.eq(now - chrono::Duration::days(40))).execute(c))?;
            Ok(())
        }).await.unwrap();
        let scope_a = TenantScope::for_test(ta);
        assert!(chain::verify(&app.t.db, &scope_a, None).await.unwrap().intact());
        let b_events_before = count_events(&app.t.db, tb).await;
        assert!(b_events_before > 0);

        let removed = lyceum_core::maintenance::expire_tenant_data(&app.t.db, lyceum_core::db::types::JobId::new()).await.unwrap();
        assert_eq!(removed.audit_events, 3, "{removed:?}");
        assert!(removed.domain_events >= 2 && removed.webhook_deliveries >= 1 && removed.sessions >= 1, "{removed:?}");
        let v = chain::verify(&app.t.db, &scope_a, None).await.unwrap();
        assert!(v.intact() && v.base_seq == 3, "{v:?}");
        assert_eq!(count_events(&app.t.db, ta).await, 0);
        assert_eq!(count_events(&app.t.db, tb).await, b_events_before, "B keeps its events for 60 days");
        let r = app.get("/v1/retention", owner).await;
        assert_eq!(r.body["categories"][0]["removed"].as_i64(), Some(3));
        assert!(r.body["last_run_at"].is_string());
        let metrics = app.client.get("/metrics").send().await.0.into_body().into_string().await.unwrap();
        let line = metrics.lines().find(|l| l.starts_with("lyceum_retention_removed_total{category=\"audit_events\"}")).unwrap_or_else(|| panic!("{metrics}"));
        assert!(line.ends_with(" 3"), "{line}");
        // Nothing more to remove: a second run removes nothing and the chain still verifies.
        let again = lyceum_core::maintenance::expire_tenant_data(&app.t.db, lyceum_core::db::types::JobId::new()).await.unwrap();
        assert_eq!(again.audit_events + again.domain_events + again.webhook_deliveries, 0, "{again:?}");
        assert!(chain::verify(&app.t.db, &scope_a, None).await.unwrap().intact());
    }
}
