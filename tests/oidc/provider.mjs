// A real OpenID provider for Lyceum's single sign-on tests: oidc-provider (OpenID Certified) with its
// development login form, started by scripts/services.sh. Prints its issuer URL on stdout once listening.
//
// Clients (client_secret_basic): `lyceum` / `lyceum-test-secret`, and `lyceum-other` / `other-secret`
// (another relying party: its tokens are not meant for `lyceum`). Redirect URIs: every URI in
// OIDC_REDIRECT_URIS (comma-separated), plus Lyceum's test default.
//
// Accounts: whatever the login form is given becomes the account id (the `sub`); claims: `email` = the
// id, `email_verified` true unless the id starts with `unverified.`, `name` from the part before `@`.
// Consent is granted without asking (a first-party client).
//
// POST /-/rotate replaces the signing key (a new `kid`); tokens issued after it are signed with the new
// key and the JWKS publishes only it, as when a provider rotates and retires its key.
import Provider from 'oidc-provider';
import http from 'node:http';
import { generateKeyPairSync, randomUUID } from 'node:crypto';

const port = Number(process.argv[2] || 0);
const redirects = (process.env.OIDC_REDIRECT_URIS || '').split(',').filter(Boolean);
redirects.push('http://127.0.0.1:8080/v1/auth/sso/callback');

function signingKey() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), alg: 'RS256', use: 'sig' };
}

function build(issuer) {
  const client = (id, secret) => ({
    client_id: id,
    client_secret: secret,
    redirect_uris: redirects,
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  });
  const provider = new Provider(issuer, {
    clients: [client('lyceum', 'lyceum-test-secret'), client('lyceum-other', 'other-secret')],
    jwks: { keys: [signingKey()] },
    pkce: { required: () => true },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    features: { devInteractions: { enabled: true } },
    cookies: { keys: [randomUUID()] },
    async findAccount(ctx, id) {
      return {
        accountId: id,
        async claims() {
          return { sub: id, email: id, email_verified: !id.startsWith('unverified.'), name: id.split('@')[0] };
        },
      };
    },
    async loadExistingGrant(ctx) {
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
  });
  provider.proxy = false;
  return provider;
}

let provider;
const server = http.createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/-/rotate') {
    provider = build(provider.issuer);
    res.writeHead(204).end();
    return;
  }
  provider.callback()(req, res);
});
server.listen(port, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  provider = build(issuer);
  console.log(issuer);
});
