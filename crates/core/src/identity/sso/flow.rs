//! The sign-in flow: start (to the provider), callback (back from it), and finding the person.

use openidconnect::{
    core::{CoreAuthenticationFlow, CoreClient, CoreProviderMetadata},
    AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndpointMaybeSet, EndpointNotSet, EndpointSet, IssuerUrl,
    Nonce, OAuth2TokenResponse, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope, TokenResponse,
};

use super::*;

// ---------------------------------------------------------------------------------------------------
// The flow

type RelyingParty =
    CoreClient<EndpointSet, EndpointNotSet, EndpointNotSet, EndpointNotSet, EndpointMaybeSet, EndpointMaybeSet>;

/// Outbound HTTP to providers: no redirects followed (a discovery document or token endpoint that
/// redirects is refused), short timeouts.
static HTTP: LazyLock<reqwest::Client> = LazyLock::new(|| {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(Duration::from_secs(3))
        .timeout(Duration::from_secs(8))
        .build()
        .unwrap_or_default()
});

/// Providers' discovery documents (with their JWKS), by issuer, for an hour; refreshed at once when an
/// ID token names a key the cached set lacks.
static DISCOVERY: LazyLock<moka::future::Cache<String, Arc<CoreProviderMetadata>>> = LazyLock::new(|| {
    moka::future::Cache::builder().max_capacity(10_000).time_to_live(Duration::from_secs(3600)).build()
});

fn unavailable(what: &str, e: impl std::fmt::Display) -> Error {
    Error::Upstream {
        code: "identity_provider_unavailable",
        message: format!("the identity provider's {what} failed: {e}"),
    }
}

/// Refuses private and loopback endpoints (unless allowed), resolving the host as the request will.
async fn check_endpoint(url: &str, allow_private: bool) -> Result<()> {
    crate::net::check_url(url, allow_private).map_err(|m| unavailable("address", m))?;
    if allow_private {
        return Ok(());
    }
    let parsed = reqwest::Url::parse(url).map_err(|e| unavailable("address", e))?;
    let host = parsed.host_str().unwrap_or_default().to_string();
    let port = parsed.port_or_known_default().unwrap_or(443);
    let addrs = tokio::net::lookup_host((host.as_str(), port)).await.map_err(|e| unavailable("address", e))?;
    for a in addrs {
        if crate::net::is_private(a.ip()) {
            return Err(unavailable("address", "it resolves to a private or loopback address"));
        }
    }
    Ok(())
}

async fn discover(issuer: &str, allow_private: bool, fresh: bool) -> Result<Arc<CoreProviderMetadata>> {
    if !fresh {
        if let Some(m) = DISCOVERY.get(issuer).await {
            return Ok(m);
        }
    }
    check_endpoint(issuer, allow_private).await?;
    let url = IssuerUrl::new(issuer.to_string()).map_err(|e| unavailable("issuer URL", e))?;
    let metadata = CoreProviderMetadata::discover_async(url, &*HTTP).await.map_err(|e| unavailable("discovery", e))?;
    if let Some(token) = metadata.token_endpoint() {
        check_endpoint(token.as_str(), allow_private).await?;
    }
    let metadata = Arc::new(metadata);
    DISCOVERY.insert(issuer.to_string(), metadata.clone()).await;
    Ok(metadata)
}

fn relying_party(metadata: &CoreProviderMetadata, row: &ProviderRow, config: &Config) -> Result<RelyingParty> {
    let redirect = RedirectUrl::new(callback_url(config)).map_err(Error::internal)?;
    Ok(CoreClient::from_provider_metadata(
        metadata.clone(),
        ClientId::new(row.client_id.clone()),
        Some(ClientSecret::new(row.client_secret.clone())),
    )
    .set_redirect_uri(redirect))
}

/// Where providers send people back: one URL for every institution (registered with each provider).
pub fn callback_url(config: &Config) -> String {
    format!("{}/v1/auth/sso/callback", config.server.public_url.trim_end_matches('/'))
}

fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// Whether `return_to` may receive people from this provider: one of its return URLs exactly, or below
/// one that ends with `/`; or one of the institution's hosted pages (or its app's sign-in path, above).
pub(super) fn return_allowed(allowed: &[String], hosted_prefix: &str, return_to: &str) -> bool {
    if return_to.contains('#') {
        return false;
    }
    return_to.starts_with(hosted_prefix)
        || allowed.iter().any(|a| return_to == a || (a.ends_with('/') && return_to.starts_with(a.as_str())))
}

/// `GET /v1/auth/sso/{tenant_slug}/start`: the provider's authorization URL to redirect to.
pub async fn start(
    core: &Core,
    config: &Config,
    tenant_slug: &str,
    provider: IdentityProviderId,
    return_to: &str,
    meta: RequestMeta,
) -> Result<String> {
    let unknown = || Error::NotFound { resource: "identity provider" };
    let tenant = match tenants::lookup(&core.db, &tenant_slug.trim().to_ascii_lowercase()).await {
        Ok(t) => t,
        Err(Error::NotFound { .. }) => return Err(unknown()),
        Err(e) => return Err(e),
    };
    if matches!(tenant.status, TenantStatus::Suspended | TenantStatus::Deleted) {
        return Err(Error::Forbidden {
            code: "tenant_suspended",
            message: "this institution is suspended; contact Lyceum support".into(),
        });
    }
    let scope = TenantScope::anonymous(tenant.id, meta);
    let row = core.db.read(&scope, Need::Nobody, move |tx| get_row(tx, provider)).await?;
    if !row.enabled {
        return Err(unknown());
    }
    let allowed = json_list("return_urls", row.id, &row.return_urls)?;
    let hosted = format!("{}/p/{}/", config.server.public_url.trim_end_matches('/'), tenant.slug);
    // The institution's own app, at its sign-in path, is where the hosted sign-in page sends people back.
    let app_sign_in = tenant
        .app_url
        .is_some()
        .then(|| tenants::links::url(&config.server.public_url, &tenant, tenants::links::Link::SignIn { code: None }));
    if !(return_allowed(&allowed, &hosted, return_to) || app_sign_in.as_deref() == Some(return_to)) {
        return Err(Error::invalid("return_to", "is not one of the identity provider's return URLs"));
    }
    let metadata = discover(&row.issuer, config.sso.allow_private, false).await?;
    let rp = relying_party(&metadata, &row, config)?;
    let state = tokens::mint(TokenKind::SsoState, tenant.id);
    let nonce = random_token();
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (state_secret, nonce_value) = (state.secret.clone(), nonce.clone());
    let mut request = rp.authorize_url(
        CoreAuthenticationFlow::AuthorizationCode,
        move || CsrfToken::new(state_secret),
        move || Nonce::new(nonce_value),
    );
    for s in row.scopes.split_whitespace().filter(|s| *s != "openid") {
        request = request.add_scope(Scope::new(s.to_string()));
    }
    let (url, _, _) = request.set_pkce_challenge(challenge).url();
    let now = Timestamp::now();
    let login = SsoLoginRow {
        tenant_id: tenant.id,
        id: SsoLoginId::new(),
        provider_id: row.id,
        state_hash: state.hash,
        nonce,
        pkce_verifier: verifier.secret().clone(),
        return_to: return_to.to_string(),
        created_at: now,
        expires_at: now + chrono::Duration::minutes(LOGIN_TTL_MINUTES),
        used_at: None,
    };
    core.db
        .write(&scope, Need::Nobody, move |tx| {
            let mut login = login;
            login.pkce_verifier =
                crate::vault::seal(tx, crate::vault::Field::PkceVerifier, login.id.0, &login.pkce_verifier)?;
            let ours = tx.tenant();
            with_conn!(tx, |c| diesel::insert_into(sso_logins::table).values(ours.stamp(&mut login)).execute(c))?;
            Ok(())
        })
        .await?;
    Ok(url.to_string())
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = sso_logins)]
struct SsoLoginRow {
    tenant_id: TenantId,
    id: SsoLoginId,
    provider_id: IdentityProviderId,
    state_hash: String,
    nonce: String,
    pkce_verifier: String,
    return_to: String,
    created_at: Timestamp,
    expires_at: Timestamp,
    used_at: Option<Timestamp>,
}

crate::tenant_rows!(SsoLoginRow);

fn bad_state() -> Error {
    Error::invalid("state", "is unknown, already used or expired: start the sign-in again")
}

fn failed(code: &'static str, message: impl Into<String>) -> Error {
    Error::Unprocessable { code, message: message.into() }
}

/// What the provider's callback carries.
#[derive(Debug, Clone, Default)]
pub struct Callback {
    pub state: Option<String>,
    pub code: Option<String>,
    pub error: Option<String>,
    pub error_description: Option<String>,
    /// The issuer the response names (RFC 9207), when the provider sends it.
    pub iss: Option<String>,
}

/// `GET /v1/auth/sso/callback`: the URL to send the person to (`return_to` with `code=`, a one-time
/// sign-in code for `POST /v1/auth/sso/exchange`).
pub async fn callback(core: &Core, config: &Config, cb: Callback, meta: RequestMeta) -> Result<String> {
    let state = cb.state.ok_or_else(bad_state)?;
    let (tenant, state_hash) = tokens::parse(TokenKind::SsoState, &state).ok_or_else(bad_state)?;
    let scope = TenantScope::anonymous(tenant, meta);
    // The state is used once, whatever happens next.
    let (login, row) = core
        .db
        .write(&scope, Need::Nobody, move |tx| {
            let t = tx.tenant();
            let now = Timestamp::now();
            let mut login: SsoLoginRow = with_conn!(tx, |c| t
                .scoped(sso_logins::table)
                .filter(sso_logins::state_hash.eq(&state_hash))
                .filter(sso_logins::used_at.is_null())
                .filter(sso_logins::expires_at.gt(now))
                .select(SsoLoginRow::as_select())
                .first(c)
                .optional())?
            .ok_or_else(bad_state)?;
            let used = with_conn!(tx, |c| diesel::update(
                t.scoped(sso_logins::table).filter(sso_logins::id.eq(login.id)).filter(sso_logins::used_at.is_null())
            )
            .set(sso_logins::used_at.eq(now))
            .execute(c))?;
            if used == 0 {
                return Err(bad_state());
            }
            login.pkce_verifier =
                crate::vault::open(tx, crate::vault::Field::PkceVerifier, login.id.0, &login.pkce_verifier)?;
            let row = get_row(tx, login.provider_id)?;
            Ok((login, row))
        })
        .await?;
    if cb.iss.as_deref().is_some_and(|iss| iss.trim_end_matches('/') != row.issuer) {
        return Err(failed("sso_failed", "the response names another issuer than this identity provider (RFC 9207)"));
    }
    if let Some(error) = cb.error {
        let detail = cb.error_description.map(|d| format!(": {d}")).unwrap_or_default();
        return Err(failed(
            "sso_denied",
            format!("the identity provider did not sign the person in ({error}{detail})"),
        ));
    }
    let code = cb.code.filter(|c| !c.is_empty()).ok_or_else(|| Error::invalid("code", "is missing"))?;
    if !row.enabled {
        return Err(Error::NotFound { resource: "identity provider" });
    }
    let allow_private = config.sso.allow_private;
    let metadata = discover(&row.issuer, allow_private, false).await?;
    let rp = relying_party(&metadata, &row, config)?;
    let token = rp
        .exchange_code(AuthorizationCode::new(code))
        .map_err(|e| unavailable("token endpoint", e))?
        .set_pkce_verifier(PkceCodeVerifier::new(login.pkce_verifier.clone()))
        .request_async(&*HTTP)
        .await
        .map_err(|e| match e {
            openidconnect::RequestTokenError::ServerResponse(r) => {
                failed("sso_failed", format!("the identity provider refused the code: {}", r.error()))
            }
            other => unavailable("token endpoint", other),
        })?;
    let id_token = token.id_token().ok_or_else(|| failed("sso_failed", "the identity provider sent no ID token"))?;
    let nonce = Nonce::new(login.nonce.clone());
    let claims = match id_token.claims(&rp.id_token_verifier(), &nonce) {
        Ok(c) => c.clone(),
        Err(openidconnect::ClaimsVerificationError::SignatureVerification(
            openidconnect::SignatureVerificationError::NoMatchingKey,
        )) => {
            // A key id the cached keys lack: the provider rotated. Fetch its keys again, once.
            let fresh = discover(&row.issuer, allow_private, true).await?;
            let rp = relying_party(&fresh, &row, config)?;
            let verifier = rp.id_token_verifier();
            let claims = id_token
                .claims(&verifier, &nonce)
                .map_err(|e| failed("sso_invalid_token", format!("the ID token is not valid: {e}")))?
                .clone();
            claims
        }
        Err(e) => return Err(failed("sso_invalid_token", format!("the ID token is not valid: {e}"))),
    };
    let mut person = Person {
        subject: claims.subject().as_str().to_string(),
        email: claims.email().map(|e| e.as_str().trim().to_lowercase()),
        email_verified: claims.email_verified().unwrap_or(false),
        name: claims.name().and_then(|n| n.get(None)).map(|n| n.as_str().to_string()),
    };
    if person.email.is_none() && metadata.userinfo_endpoint().is_some() {
        // Providers may keep the profile claims out of the ID token and serve them from UserInfo
        // (OIDC Core 5.4): ask there, for the same subject.
        if let Some(url) = metadata.userinfo_endpoint() {
            check_endpoint(url.as_str(), allow_private).await?;
        }
        let info: openidconnect::core::CoreUserInfoClaims = rp
            .user_info(token.access_token().clone(), Some(claims.subject().clone()))
            .map_err(|e| unavailable("userinfo endpoint", e))?
            .request_async(&*HTTP)
            .await
            .map_err(|e| failed("sso_failed", format!("the identity provider's UserInfo answer is not usable: {e}")))?;
        person.email = info.email().map(|e| e.as_str().trim().to_lowercase());
        person.email_verified = info.email_verified().unwrap_or(false);
        if person.name.is_none() {
            person.name = info.name().and_then(|n| n.get(None)).map(|n| n.as_str().to_string());
        }
    }
    let return_to = login.return_to.clone();
    let code = core.db.write(&scope, Need::Nobody, move |tx| sign_in(tx, &row, person)).await?;
    let sep = if return_to.contains('?') { '&' } else { '?' };
    Ok(format!("{return_to}{sep}code={code}"))
}

/// Who the provider says signed in.
struct Person {
    subject: String,
    email: Option<String>,
    email_verified: bool,
    name: Option<String>,
}

/// Finds, links or creates the person, and mints their one-time sign-in code.
fn sign_in(tx: &mut TenantTx<'_>, row: &ProviderRow, person: Person) -> Result<String> {
    let tenant = tenants::current(tx)?;
    if matches!(tenant.status, TenantStatus::Suspended | TenantStatus::Deleted) {
        return Err(Error::Forbidden {
            code: "tenant_suspended",
            message: "this institution is suspended; contact Lyceum support".into(),
        });
    }
    let t = tx.tenant();
    let now = Timestamp::now();
    let linked: Option<UserId> = with_conn!(tx, |c| t
        .scoped(user_identities::table)
        .filter(user_identities::provider_id.eq(row.id))
        .filter(user_identities::subject.eq(&person.subject))
        .select(user_identities::user_id)
        .first(c)
        .optional())?;
    let (user, how) = match linked {
        Some(id) => (users::get(tx, id)?, "known"),
        None => {
            let email = match (&person.email, person.email_verified) {
                (Some(e), true) if !e.is_empty() => e.clone(),
                _ => {
                    return Err(failed(
                        "sso_email_unverified",
                        "the identity provider did not vouch for an email address (email_verified): Lyceum cannot tell who this is",
                    ))
                }
            };
            let domains = json_list("allowed_domains", row.id, &row.allowed_domains)?;
            let domain = email.rsplit('@').next().unwrap_or_default().to_string();
            if !domains.is_empty() && !domains.contains(&domain) {
                return Err(Error::Forbidden {
                    code: "sso_domain_not_allowed",
                    message: format!("{domain} is not one of the email domains this identity provider may sign in"),
                });
            }
            let (user, how) = match users::find_for_login(tx, &email)? {
                // An owner is never taken over by whoever controls a provider's email claims (an admin
                // could register one): owners sign in with their password, or link no provider at all.
                Some((user, _)) if user.role == Role::Owner => {
                    return Err(Error::Forbidden {
                        code: "sso_link_refused",
                        message: "an owner's account is not linked to an identity provider by email: owners sign in with their password".into(),
                    });
                }
                Some((user, _)) => (user, "linked"),
                None => {
                    let Some(role) = row.create_role.as_deref().and_then(Role::parse) else {
                        return Err(Error::Forbidden {
                            code: "sso_no_account",
                            message: format!("{email} has no account at this institution, and this identity provider does not create accounts"),
                        });
                    };
                    if role == Role::Learner {
                        let plan_seats = i64::from(tenant.seat_limit);
                        if entitlements::seats_used(tx)? >= plan_seats {
                            return Err(Error::LimitReached {
                                code: "seat_limit_reached",
                                message: format!(
                                    "the institution uses all {plan_seats} seats of its plan: no learner can be added"
                                ),
                            });
                        }
                    }
                    let name = person
                        .name
                        .clone()
                        .filter(|n| !n.trim().is_empty() && !has_unsafe_chars(n) && n.chars().count() <= 200)
                        .unwrap_or_else(|| email.split('@').next().unwrap_or("user").to_string());
                    let user = users::insert(
                        tx,
                        NewUser {
                            email: email.clone(),
                            name,
                            role,
                            status: UserStatus::Active,
                            password_hash: None,
                            external_id: None,
                            user_name: None,
                        },
                    )?;
                    (user, "created")
                }
            };
            let mut link = IdentityRow {
                tenant_id: tx.tenant_id(),
                provider_id: row.id,
                subject: person.subject.clone(),
                user_id: user.id,
                created_at: now,
                last_login_at: now,
            };
            let ours = tx.tenant();
            with_conn!(tx, |c| diesel::insert_into(user_identities::table).values(ours.stamp(&mut link)).execute(c))?;
            (user, how)
        }
    };
    if user.status == UserStatus::Disabled {
        return Err(Error::Forbidden { code: "user_disabled", message: "this account is disabled".into() });
    }
    if user.status == UserStatus::Invited {
        // The provider vouched for the person the invitation was for: the account is theirs now.
        let changes = users::UserChanges { status: Some(UserStatus::Active), ..Default::default() };
        users::apply_changes(tx, user.id, &changes, None)?;
    }
    let t = tx.tenant();
    with_conn!(tx, |c| diesel::update(
        t.scoped(user_identities::table)
            .filter(user_identities::provider_id.eq(row.id))
            .filter(user_identities::subject.eq(&person.subject))
    )
    .set(user_identities::last_login_at.eq(now))
    .execute(c))?;
    let (code, _) = user_tokens::mint(tx, user.id, Purpose::SignIn)?;
    audit::record(
        tx,
        "auth.sso_login",
        Some(("user", user.id.to_string())),
        serde_json::json!({ "identity_provider_id": row.id, "subject": person.subject, "account": how }),
    )?;
    Ok(code)
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = user_identities)]
struct IdentityRow {
    tenant_id: TenantId,
    provider_id: IdentityProviderId,
    subject: String,
    user_id: UserId,
    created_at: Timestamp,
    last_login_at: Timestamp,
}

crate::tenant_rows!(IdentityRow);
