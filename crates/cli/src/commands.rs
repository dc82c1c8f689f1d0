//! The commands beyond migrations and tenant listing: tenant status, users, API keys, jobs and
//! billing (the audit trail is `trail`, the encryption keys `keys`). Each mutating command runs as the operator, in core's transactions, with an audit event.

use lyceum_core::{
    db::types::{ApiKeyId, IdentityProviderId, JobId, Timestamp},
    identity::{
        api_keys,
        manage::{self, UpdateUserInput},
        normalize_email, sso, users,
    },
    jobs,
    pagination::PageRequest,
    tenants::{self, TenantStatus},
};

use crate::{
    context::Ctx,
    output::{print_json, Table},
};

fn show_time(t: Option<Timestamp>) -> String {
    t.map(|t| t.to_string()).unwrap_or_else(|| "-".into())
}

pub async fn tenant_status(ctx: &Ctx, slug: &str, status: TenantStatus, reason: &str) -> anyhow::Result<()> {
    let (tenant, scope) = ctx.tenant(slug).await?;
    if status == TenantStatus::Suspended {
        ctx.confirm(&format!("suspend `{slug}` ({}): all its users and API keys stop working", tenant.name), slug)?;
    }
    let updated = tenants::set_status(&ctx.core, &scope, status, reason).await?;
    if ctx.json {
        print_json(&updated);
    } else {
        println!("{} is now {} (was {})", updated.slug, updated.status.as_str(), tenant.status.as_str());
    }
    Ok(())
}

pub async fn tenant_resume(ctx: &Ctx, slug: &str, reason: &str) -> anyhow::Result<()> {
    let (tenant, scope) = ctx.tenant(slug).await?;
    let updated = tenants::resume(&ctx.core, &scope, reason).await?;
    if ctx.json {
        print_json(&updated);
    } else {
        println!("{} is now {} (was {})", updated.slug, updated.status.as_str(), tenant.status.as_str());
    }
    Ok(())
}

pub async fn user_find(ctx: &Ctx, email: &str) -> anyhow::Result<()> {
    let (_, lower) = normalize_email(email).map_err(|m| anyhow::anyhow!("`{email}` {m}"))?;
    let found = users::find_in_every_tenant(ctx.db(), &lower).await?;
    if ctx.json {
        let rows: Vec<_> = found.iter().map(|(slug, u)| serde_json::json!({"tenant": slug, "user": u})).collect();
        print_json(&rows);
        return Ok(());
    }
    let mut t = Table::new(["TENANT", "EMAIL", "NAME", "ROLE", "STATUS", "LAST LOGIN", "ID"]);
    for (slug, u) in &found {
        t.row([
            slug.clone(),
            u.email.clone(),
            u.name.clone(),
            u.role.as_str().into(),
            u.status.as_str().into(),
            show_time(u.last_login_at),
            u.id.to_string(),
        ]);
    }
    t.print();
    Ok(())
}

pub async fn user_set_status(ctx: &Ctx, tenant: &str, email: &str, status: &str) -> anyhow::Result<()> {
    let (_, scope) = ctx.tenant(tenant).await?;
    let user = manage::find_user_by_email(&ctx.core, &scope, email).await?;
    if status == "disabled" {
        ctx.confirm(&format!("disable {} in `{tenant}`: their sessions end at once", user.email), &user.email)?;
    }
    let input = UpdateUserInput { status: Some(status.into()), ..Default::default() };
    let updated = manage::update_user(&ctx.core, &scope, user.id, input, None).await?;
    if ctx.json {
        print_json(&updated);
    } else {
        println!("{} in {} is now {}", updated.email, tenant, updated.status.as_str());
    }
    Ok(())
}

pub async fn user_revoke_sessions(ctx: &Ctx, tenant: &str, email: &str) -> anyhow::Result<()> {
    let (_, scope) = ctx.tenant(tenant).await?;
    let user = manage::find_user_by_email(&ctx.core, &scope, email).await?;
    ctx.confirm(&format!("end every session of {} in `{tenant}`", user.email), &user.email)?;
    let n = manage::revoke_sessions(&ctx.core, &scope, user.id).await?;
    if ctx.json {
        print_json(&serde_json::json!({"user_id": user.id, "sessions_revoked": n}));
    } else {
        println!("revoked {n} session(s) of {}", user.email);
    }
    Ok(())
}

pub async fn user_reset_password(ctx: &Ctx, tenant: &str, email: &str) -> anyhow::Result<()> {
    let (_, scope) = ctx.tenant(tenant).await?;
    let queued = manage::send_password_reset(&ctx.core, &scope, email).await?;
    if !queued {
        anyhow::bail!("no active or invited account of `{tenant}` has the email {email}");
    }
    if ctx.json {
        print_json(&serde_json::json!({"queued": true}));
    } else {
        println!("a password-reset email to {email} is queued");
    }
    Ok(())
}

pub async fn api_key_list(ctx: &Ctx, tenant: &str) -> anyhow::Result<()> {
    let (_, scope) = ctx.tenant(tenant).await?;
    let page = api_keys::list_keys(&ctx.core, &scope, PageRequest::first(200)).await?;
    if ctx.json {
        print_json(&page.items);
        return Ok(());
    }
    let mut t = Table::new(["ID", "NAME", "PREFIX", "SCOPES", "LAST USED", "REVOKED"]);
    for k in &page.items {
        t.row([
            k.id.to_string(),
            k.name.clone(),
            k.prefix.clone(),
            k.scopes.join(" "),
            show_time(k.last_used_at),
            show_time(k.revoked_at),
        ]);
    }
    t.print();
    Ok(())
}

pub async fn api_key_revoke(ctx: &Ctx, tenant: &str, id: &str) -> anyhow::Result<()> {
    let id: ApiKeyId = id.parse().map_err(|_| anyhow::anyhow!("`{id}` is not an API key id (a UUID)"))?;
    let (_, scope) = ctx.tenant(tenant).await?;
    ctx.confirm(&format!("revoke API key {id} of `{tenant}`"), tenant)?;
    api_keys::revoke(&ctx.core, &scope, id).await?;
    if ctx.json {
        print_json(&serde_json::json!({"revoked": id}));
    } else {
        println!("API key {id} revoked");
    }
    Ok(())
}

fn provider_id(id: &str) -> anyhow::Result<IdentityProviderId> {
    id.parse().map_err(|_| anyhow::anyhow!("`{id}` is not an identity provider id (a UUID)"))
}

pub async fn sso_list(ctx: &Ctx, tenant: &str) -> anyhow::Result<()> {
    let (_, scope) = ctx.tenant(tenant).await?;
    let providers = sso::list(&ctx.core, &scope).await?;
    if ctx.json {
        print_json(&providers);
        return Ok(());
    }
    let mut t = Table::new(["ID", "NAME", "ISSUER", "CLIENT ID", "CREATES", "ENABLED"]);
    for p in &providers {
        t.row([
            p.id.to_string(),
            p.name.clone(),
            p.issuer.clone(),
            p.client_id.clone(),
            p.create_role.map(|r| r.as_str().to_string()).unwrap_or_else(|| "-".into()),
            if p.enabled { "yes" } else { "no" }.into(),
        ]);
    }
    t.print();
    Ok(())
}

pub async fn sso_show(ctx: &Ctx, tenant: &str, id: &str) -> anyhow::Result<()> {
    let id = provider_id(id)?;
    let (_, scope) = ctx.tenant(tenant).await?;
    let p = sso::get(&ctx.core, &scope, id).await?;
    if ctx.json {
        print_json(&p);
        return Ok(());
    }
    println!("id:              {}", p.id);
    println!("name:            {}", p.name);
    println!("issuer:          {}", p.issuer);
    println!("client id:       {}", p.client_id);
    println!("scopes:          {}", p.scopes.join(" "));
    println!(
        "allowed domains: {}",
        if p.allowed_domains.is_empty() { "any".into() } else { p.allowed_domains.join(", ") }
    );
    println!("return URLs:     {}", p.return_urls.join(", "));
    println!("creates people:  {}", p.create_role.map(|r| r.as_str()).unwrap_or("no"));
    println!("enabled:         {}", p.enabled);
    println!("updated:         {} (version {})", p.updated_at, p.version);
    Ok(())
}

pub async fn sso_disable(ctx: &Ctx, tenant: &str, id: &str) -> anyhow::Result<()> {
    let id = provider_id(id)?;
    let (_, scope) = ctx.tenant(tenant).await?;
    ctx.confirm(&format!("disable identity provider {id} of `{tenant}`"), tenant)?;
    let p = sso::set_enabled(&ctx.core, &scope, id, false).await?;
    if ctx.json {
        print_json(&p);
    } else {
        println!("identity provider {id} ({}) disabled", p.name);
    }
    Ok(())
}

pub async fn scim_token(ctx: &Ctx, tenant: &str, name: &str) -> anyhow::Result<()> {
    let (_, scope) = ctx.tenant(tenant).await?;
    let created = lyceum_core::identity::api_keys::create(&ctx.core, &scope, name, &["scim".to_string()]).await?;
    let base = format!("{}/scim/v2", ctx.public_url.trim_end_matches('/'));
    if ctx.json {
        print_json(&serde_json::json!({ "key": created.key, "secret": created.secret, "scim_base_url": base }));
    } else {
        println!("SCIM base URL: {base}");
        println!("token:         {}", created.secret);
        println!("(shown once; key {} `{}`; revoke with `lyceum api-key revoke`)", created.key.id, created.key.name);
    }
    Ok(())
}

pub async fn submission_show(ctx: &Ctx, tenant: &str, id: &str) -> anyhow::Result<()> {
    let (_, scope) = ctx.tenant(tenant).await?;
    let id: lyceum_core::db::types::SubmissionId =
        id.parse().map_err(|_| anyhow::anyhow!("`{id}` is not a submission id (a UUID)"))?;
    let submission = lyceum_core::grading::view(&ctx.core, &scope, id).await?;
    let mut changes = Vec::new();
    let mut page = lyceum_core::pagination::PageRequest::first(200);
    loop {
        let p = lyceum_core::grading::history(&ctx.core, &scope, id, page).await?;
        changes.extend(p.items);
        match p.next_cursor {
            Some(c) => page = lyceum_core::pagination::PageRequest::new(Some(200), Some(&c))?,
            None => break,
        }
    }
    if ctx.json {
        let feedback_files = submission.grade.as_ref().map(|g| g.feedback_files.clone()).unwrap_or_default();
        print_json(
            &serde_json::json!({ "submission": submission, "feedback_files": feedback_files, "grade_history": changes }),
        );
        return Ok(());
    }
    println!("submission {} (attempt {}) by user {}", submission.id, submission.attempt_number, submission.user_id);
    println!(
        "lesson {}  course {}  enrollment {}",
        submission.lesson_id, submission.course_id, submission.enrollment_id
    );
    println!(
        "submitted {}{}",
        show_time(Some(submission.submitted_at)),
        if submission.late { format!("  LATE by {} s", submission.seconds_late) } else { String::new() }
    );
    if let Some(url) = &submission.url {
        println!("url: {url}");
    }
    if let Some(body) = &submission.body {
        println!("text ({} characters):\n{body}", body.chars().count());
    }
    let show_files = |title: &str, files: &[lyceum_core::files::FileInfo]| {
        if files.is_empty() {
            return;
        }
        println!("{title}:");
        let mut t = Table::new(["FILE", "NAME", "TYPE", "BYTES", "SHA-256", "STORED"]);
        for f in files {
            t.row([
                f.id.to_string(),
                f.filename.clone(),
                f.content_type.clone().unwrap_or_default(),
                f.size_bytes.to_string(),
                f.sha256.clone().unwrap_or_default(),
                show_time(f.stored_at),
            ]);
        }
        t.print();
    };
    show_files("files", &submission.files);
    if let Some(g) = &submission.grade {
        show_files("feedback files", &g.feedback_files);
    }
    match &submission.grade {
        Some(g) => println!(
            "grade: {} / {} ({} %, raw {} - late penalty {}), {} by {} at {}",
            g.points,
            g.points_possible,
            g.score,
            g.raw_points,
            g.late_penalty,
            if g.posted_at.is_some() { "posted" } else { "not posted" },
            g.graded_by,
            show_time(Some(g.graded_at))
        ),
        None => println!("grade: none yet"),
    }
    let mut t = Table::new(["CHANGED", "BY", "BEFORE", "AFTER"]);
    for c in &changes {
        t.row([
            show_time(Some(c.changed_at)),
            format!("{}:{}", c.actor_type, c.actor_id.clone().unwrap_or_default()),
            c.before.clone(),
            c.after.clone(),
        ]);
    }
    t.print();
    Ok(())
}

pub async fn jobs_stats(ctx: &Ctx) -> anyhow::Result<()> {
    let s = jobs::stats(ctx.db()).await?;
    if ctx.json {
        print_json(&s);
        return Ok(());
    }
    let mut t = Table::new(["QUEUED", "RUNNING", "DONE", "DEAD", "OLDEST QUEUED"]);
    t.row([
        s.queued.to_string(),
        s.running.to_string(),
        s.done.to_string(),
        s.dead.to_string(),
        show_time(s.oldest_queued_at),
    ]);
    t.print();
    Ok(())
}

pub async fn jobs_list(ctx: &Ctx, status: Option<String>, limit: i64) -> anyhow::Result<()> {
    let status = match status.as_deref() {
        None => None,
        Some(s) => Some(
            jobs::JobStatus::parse(s)
                .ok_or_else(|| anyhow::anyhow!("unknown status `{s}`: use queued, running, done or dead"))?,
        ),
    };
    let list = jobs::list(ctx.db(), status, limit).await?;
    if ctx.json {
        print_json(&list);
        return Ok(());
    }
    let mut t = Table::new(["ID", "KIND", "STATUS", "ATTEMPTS", "RUN AT", "LAST ERROR"]);
    for j in &list {
        t.row([
            j.id.to_string(),
            j.kind.clone(),
            j.status.to_string(),
            format!("{}/{}", j.attempts, j.max_attempts),
            j.run_at.to_string(),
            j.last_error.clone().unwrap_or_default().chars().take(60).collect(),
        ]);
    }
    t.print();
    Ok(())
}

pub async fn jobs_retry(ctx: &Ctx, id: Option<&str>) -> anyhow::Result<()> {
    let id: Option<JobId> = match id {
        Some(s) => Some(s.parse().map_err(|_| anyhow::anyhow!("`{s}` is not a job id (a UUID)"))?),
        None => None,
    };
    if id.is_none() {
        ctx.confirm("put every dead job back in the queue", "retry")?;
    }
    let n = jobs::retry_dead(ctx.db(), id).await?;
    if let (Some(id), 0) = (id, n) {
        anyhow::bail!("job {id} is not dead (or does not exist); only dead jobs can be retried");
    }
    if ctx.json {
        print_json(&serde_json::json!({"requeued": n}));
    } else {
        println!("{n} job(s) back in the queue");
    }
    Ok(())
}

pub async fn tenant_create(ctx: &Ctx, input: tenants::signup::OperatorTenantInput) -> anyhow::Result<()> {
    let (tenant, owner) = tenants::signup::create_for_operator(ctx.db(), ctx.session(), input).await?;
    if ctx.json {
        print_json(&serde_json::json!({"tenant": tenant, "owner": owner}));
    } else {
        println!("created {} ({}); an invitation is queued for {}", tenant.slug, tenant.id, owner.email);
    }
    Ok(())
}

pub async fn tenant_set_plan(ctx: &Ctx, slug: &str, plan: Option<String>, seats: Option<i32>) -> anyhow::Result<()> {
    let (_, scope) = ctx.tenant(slug).await?;
    let t = tenants::set_plan(&ctx.core, &scope, plan, seats).await?;
    if ctx.json {
        print_json(&t);
    } else {
        println!("{}: plan {}, {} seats", t.slug, t.plan, t.seat_limit);
    }
    Ok(())
}

pub async fn tenant_delete(ctx: &Ctx, slug: &str, reason: &str) -> anyhow::Result<()> {
    let (tenant, scope) = ctx.tenant(slug).await?;
    ctx.confirm(
        &format!(
            "delete `{slug}` ({}): it stops working now; its data is kept {} days, then `tenant purge` can remove it",
            tenant.name,
            tenants::RETENTION_DAYS
        ),
        slug,
    )?;
    let t = tenants::set_status(&ctx.core, &scope, TenantStatus::Deleted, reason).await?;
    if ctx.json {
        print_json(&t);
    } else {
        println!("{} is deleted; purge possible after {} days", t.slug, tenants::RETENTION_DAYS);
    }
    Ok(())
}

pub async fn tenant_purge(ctx: &Ctx, slug: &str, ignore_retention: bool) -> anyhow::Result<()> {
    let (_, scope) = ctx.tenant(slug).await?;
    ctx.confirm(&format!("remove every row of `{slug}` for good"), slug)?;
    let n = tenants::purge(&ctx.core, &scope, ignore_retention).await?;
    if ctx.json {
        print_json(&serde_json::json!({"purged": slug, "rows": n}));
    } else {
        println!("purged {slug}: {n} rows removed");
    }
    Ok(())
}

pub async fn user_show(ctx: &Ctx, tenant: &str, email: &str) -> anyhow::Result<()> {
    let (_, scope) = ctx.tenant(tenant).await?;
    let u = manage::find_user_by_email(&ctx.core, &scope, email).await?;
    if ctx.json {
        print_json(&u);
        return Ok(());
    }
    let mut t = Table::new(["FIELD", "VALUE"]);
    t.row(["id".into(), u.id.to_string()]);
    t.row(["email".into(), u.email.clone()]);
    t.row(["name".into(), u.name.clone()]);
    t.row(["role".into(), u.role.as_str().into()]);
    t.row(["status".into(), u.status.as_str().into()]);
    t.row(["last_login_at".into(), show_time(u.last_login_at)]);
    t.row(["created_at".into(), u.created_at.to_string()]);
    t.print();
    Ok(())
}

pub async fn jobs_show(ctx: &Ctx, id: &str) -> anyhow::Result<()> {
    let id: JobId = id.parse().map_err(|_| anyhow::anyhow!("`{id}` is not a job id (a UUID)"))?;
    let job = jobs::get(ctx.db(), id).await?.ok_or_else(|| anyhow::anyhow!("no job has the id {id}"))?;
    if ctx.json {
        print_json(&job);
        return Ok(());
    }
    let mut t = Table::new(["FIELD", "VALUE"]);
    t.row(["id".into(), job.id.to_string()]);
    t.row(["kind".into(), job.kind.clone()]);
    t.row(["queue".into(), job.queue.clone()]);
    t.row(["tenant".into(), job.tenant_id.map(|t| t.to_string()).unwrap_or_else(|| "-".into())]);
    t.row(["status".into(), job.status.to_string()]);
    t.row(["attempts".into(), format!("{}/{}", job.attempts, job.max_attempts)]);
    t.row(["run_at".into(), job.run_at.to_string()]);
    t.row(["last_error".into(), job.last_error.clone().unwrap_or_else(|| "-".into())]);
    t.row(["finished_at".into(), show_time(job.finished_at)]);
    t.print();
    Ok(())
}

pub async fn billing_show(ctx: &Ctx, slug: &str) -> anyhow::Result<()> {
    let (tenant, scope) = ctx.tenant(slug).await?;
    let state = lyceum_core::billing::state(&ctx.core, &scope).await?;
    let events = lyceum_core::billing::recent_events(&ctx.core, tenant.id, 10).await?;
    if ctx.json {
        print_json(&serde_json::json!({ "tenant": tenant.slug, "billing": state, "recent_stripe_events": events }));
        return Ok(());
    }
    let mut t = Table::new(["STATUS", "PLAN", "SEATS USED/LIMIT", "PAID SEATS", "STRIPE STATUS", "PERIOD END"]);
    t.row([
        state.status.clone(),
        state.plan.clone(),
        format!("{}/{}", state.seats_used, state.seat_limit),
        state.seats.map(|s| s.to_string()).unwrap_or_else(|| "-".into()),
        state.subscription_status.clone(),
        show_time(state.current_period_end),
    ]);
    t.print();
    println!(
        "customer: {}   subscription: {}   trial ends: {}{}{}",
        state.customer_id.as_deref().unwrap_or("-"),
        state.subscription_id.as_deref().unwrap_or("-"),
        show_time(state.trial_ends_at),
        if state.cancel_at_period_end { "   (cancels at period end)" } else { "" },
        if state.read_only { "   READ-ONLY" } else { "" },
    );
    if !events.is_empty() {
        println!();
        let mut e = Table::new(["STRIPE EVENT", "TYPE", "CREATED", "RECEIVED", "OUTCOME"]);
        for ev in &events {
            e.row([
                ev.id.clone(),
                ev.event_type.clone(),
                ev.stripe_created.to_string(),
                ev.received_at.to_string(),
                ev.outcome.clone().unwrap_or_else(|| "pending".into()),
            ]);
        }
        e.print();
    }
    Ok(())
}

pub async fn billing_sync(ctx: &Ctx, slug: &str) -> anyhow::Result<()> {
    let (tenant, scope) = ctx.tenant(slug).await?;
    let report = lyceum_core::billing::reconcile::sync(&ctx.core, &scope).await?;
    let detail = serde_json::json!({ "outcome": report.outcome, "subscription_id": report.subscription_id });
    lyceum_core::audit::record_operator_note(&ctx.core, &scope, "billing.synced", detail).await?;
    let state = lyceum_core::billing::state(&ctx.core, &scope).await?;
    if ctx.json {
        print_json(&serde_json::json!({ "tenant": tenant.slug, "sync": report, "billing": state }));
        return Ok(());
    }
    match &report.subscription_id {
        None => println!("{}: Stripe has no subscription for this institution; nothing changed", tenant.slug),
        Some(id) => println!(
            "{}: subscription {id} is {} at Stripe ({:?}); the institution is now {} on {} with {} seats",
            tenant.slug,
            report.subscription_status.as_deref().unwrap_or("?"),
            report.outcome,
            state.status,
            state.plan,
            state.seat_limit
        ),
    }
    Ok(())
}
