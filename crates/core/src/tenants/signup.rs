//! Signup: an institution creates its tenant, its owner and a first session in one transaction, which
//! also enqueues the welcome email.

use crate::scope::Need;
use chrono::Duration;

use crate::{
    audit,
    db::{
        types::{TenantId, Timestamp},
        Db,
    },
    error::{Result, Validator},
    identity::{self, password, sessions, NewUser, Role, SessionToken, User, UserStatus},
    jobs,
    scope::{RequestMeta, TenantScope},
    tenants::welcome::WelcomeEmail,
    tenants::{self, Tenant, TenantStatus},
};

pub const TRIAL_DAYS: i64 = 14;
pub const TRIAL_SEAT_LIMIT: i32 = 25;
pub const MAX_NAME_CHARS: usize = 200;
/// Plans support staff may create an institution on (`lyceum tenant create --plan`).
pub const SIGNUP_PLANS: &[&str] = &["trial", "starter", "growth", "enterprise"];
/// The plans a public signup may name: only the trial (paid plans are bought through checkout).
pub const PUBLIC_SIGNUP_PLANS: &[&str] = &["trial"];

#[derive(Debug, Clone)]
pub struct SignupInput {
    pub institution_name: String,
    pub slug: String,
    pub owner_name: String,
    pub owner_email: String,
    pub password: String,
    pub plan: Option<String>,
}

#[derive(Debug, Clone)]
pub struct SignupOutcome {
    pub tenant: Tenant,
    pub user: User,
    pub session: SessionToken,
}

/// What [`validate_slug`] accepts, as a regular expression (the API spec states it): 2 to 63
/// characters, lower-case letters, digits and hyphens, not starting with a hyphen.
pub const SLUG_PATTERN: &str = "^[a-z0-9][a-z0-9-]{1,62}$";

/// Slugs of institutions and courses: [`SLUG_PATTERN`].
pub fn validate_slug(slug: &str) -> Result<(), String> {
    let ok_len = (2..=63).contains(&slug.len());
    let mut chars = slug.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    let rest_ok = chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if ok_len && first_ok && rest_ok {
        Ok(())
    } else {
        Err("must be 2-63 characters of a-z, 0-9 and '-', starting with a letter or digit".into())
    }
}

pub(crate) fn check_name(v: &mut Validator, field: &str, value: &str) {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        v.push(field, "must not be empty");
    } else if trimmed.chars().count() > MAX_NAME_CHARS {
        v.push(field, format!("must be at most {MAX_NAME_CHARS} characters"));
    } else if crate::error::has_unsafe_chars(trimmed) {
        v.push(field, crate::error::UNSAFE_CHARS_MESSAGE);
    }
}

/// Checks the fields every new tenant has; returns the owner's email (as given) and the plan.
fn check_new_tenant(
    v: &mut Validator,
    institution_name: &str,
    slug: &str,
    owner_name: &str,
    owner_email: &str,
    plan: Option<&str>,
) -> (String, String) {
    check_name(v, "institution_name", institution_name);
    check_name(v, "owner_name", owner_name);
    if let Err(m) = validate_slug(slug) {
        v.push("slug", m);
    }
    let email = match identity::normalize_email(owner_email) {
        Ok((email, _)) => email,
        Err(m) => {
            v.push("owner_email", m);
            String::new()
        }
    };
    let plan = plan.unwrap_or("trial").to_string();
    if !SIGNUP_PLANS.contains(&plan.as_str()) {
        v.push("plan", format!("must be one of: {}", SIGNUP_PLANS.join(", ")));
    }
    (email, plan)
}

/// A new tenant on a trial.
fn new_tenant(institution_name: &str, slug: &str, plan: String) -> Tenant {
    let now = Timestamp::now();
    Tenant {
        id: TenantId::new(),
        slug: slug.to_string(),
        name: institution_name.trim().to_string(),
        status: TenantStatus::Trialing,
        plan,
        seat_limit: TRIAL_SEAT_LIMIT,
        trial_ends_at: Some(now + Duration::days(TRIAL_DAYS)),
        created_at: now,
        updated_at: now,
        version: 1,
        brand_color: None,
        reply_to: None,
        trial_reminded_at: None,
        app_url: None,
        app_paths: Default::default(),
        sso_required: false,
        policies: Default::default(),
    }
}

/// Validates every field (reporting all problems at once), then creates the tenant (trialing), its owner
/// (argon2id password) and a session, and enqueues the welcome email, all in one transaction.
pub async fn signup(db: &Db, input: SignupInput, meta: RequestMeta) -> Result<SignupOutcome> {
    let mut v = Validator::new();
    let (email, plan) = check_new_tenant(
        &mut v,
        &input.institution_name,
        &input.slug,
        &input.owner_name,
        &input.owner_email,
        input.plan.as_deref(),
    );
    if let Err(m) = password::check_policy(&input.password) {
        v.push("password", m);
    }
    if SIGNUP_PLANS.contains(&plan.as_str()) && !PUBLIC_SIGNUP_PLANS.contains(&plan.as_str()) {
        // A paid plan is bought through checkout; only support staff create institutions on one.
        v.push(
            "plan",
            "a new institution starts on the `trial` plan; subscribe later with POST /v1/billing/checkout-session",
        );
    }
    v.finish()?;

    // Hash outside the transaction: it is the slow part and holds no lock.
    let password_hash = password::hash(&input.password).await?;
    let tenant = new_tenant(&input.institution_name, &input.slug, plan);
    let scope = TenantScope::anonymous(tenant.id, meta);
    let owner = NewUser {
        email,
        name: input.owner_name.trim().to_string(),
        role: Role::Owner,
        status: UserStatus::Active,
        password_hash: Some(password_hash),
        external_id: None,
        user_name: None,
    };
    let outcome = db
        .write(&scope, Need::Nobody, move |tx| {
            tenants::insert(tx, &tenant)?;
            let user = identity::users::insert(tx, owner)?;
            let session = sessions::create(tx, user.id)?;
            jobs::enqueue(tx, &WelcomeEmail { tenant_id: tenant.id, user_id: user.id })?;
            audit::record(
                tx,
                "tenant.signed_up",
                Some(("tenant", tenant.id.to_string())),
                serde_json::json!({ "slug": tenant.slug, "owner_id": user.id, "plan": tenant.plan }),
            )?;
            Ok(SignupOutcome { tenant, user, session })
        })
        .await?;
    tracing::info!(tenant_id = %outcome.tenant.id, slug = %outcome.tenant.slug, "tenant signed up");
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use super::validate_slug;

    #[test]
    fn slug_rules() {
        for ok in ["acme", "a1", "0-university", &"a".repeat(63)] {
            assert!(validate_slug(ok).is_ok(), "{ok:?}");
        }
        for bad in ["", "a", "-acme", "Acme", "acme_u", "ac me", "ácme", &"a".repeat(64)] {
            assert!(validate_slug(bad).is_err(), "{bad:?}");
        }
    }
}

/// A tenant created by support staff: the owner is invited by email to choose a password.
#[derive(Debug, Clone)]
pub struct OperatorTenantInput {
    pub institution_name: String,
    pub slug: String,
    pub owner_name: String,
    pub owner_email: String,
    pub plan: Option<String>,
}

/// Creates a tenant (trialing) with an invited owner and queues the invitation, in one transaction,
/// audited as the operator.
pub async fn create_for_operator(
    db: &Db,
    session: &crate::audit::operators::OperatorSession,
    input: OperatorTenantInput,
) -> Result<(Tenant, User)> {
    let mut v = Validator::new();
    let (email, plan) = check_new_tenant(
        &mut v,
        &input.institution_name,
        &input.slug,
        &input.owner_name,
        &input.owner_email,
        input.plan.as_deref(),
    );
    v.finish()?;
    let tenant = new_tenant(&input.institution_name, &input.slug, plan);
    let scope = session.scope(tenant.id);
    let owner = NewUser {
        email,
        name: input.owner_name.trim().to_string(),
        role: Role::Owner,
        status: UserStatus::Invited,
        password_hash: None,
        external_id: None,
        user_name: None,
    };
    db.write(&scope, Need::Identified, move |tx| {
        tenants::insert(tx, &tenant)?;
        let user = identity::users::insert(tx, owner)?;
        jobs::enqueue(tx, &crate::identity::emails::InvitationEmail { tenant_id: tenant.id, user_id: user.id })?;
        audit::record(
            tx,
            "tenant.created",
            Some(("tenant", tenant.id.to_string())),
            serde_json::json!({ "slug": tenant.slug, "owner_id": user.id, "plan": tenant.plan }),
        )?;
        Ok((tenant, user))
    })
    .await
}
