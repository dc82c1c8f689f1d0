// Every link of every email, in a real browser: signs up an institution through the API, makes Lyceum
// send each kind of email (through the SMTP sink), opens every link in headless Chromium, completes each
// flow as a person would (the invitation accepted with the keyboard only, a password changed, a
// certificate shown valid then revoked, billing reached from the payment-failed email), and runs axe-core
// on every page it lands on. Fails on a broken link, a serious or critical axe violation, a Content
// Security Policy violation, a page wider than a phone, or a flow that does not end where it should.
//
//   node emails.mjs http://127.0.0.1:PORT        (LYCEUM_TEST_MAILDIR: the sink's maildir;
//                                                 LYCEUM_STRIPE_WEBHOOK_SECRET: the server's)
import { chromium } from 'playwright-core';
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const base = process.argv[2];
const maildir = process.env.LYCEUM_TEST_MAILDIR;
const webhookSecret = process.env.LYCEUM_STRIPE_WEBHOOK_SECRET;
if (!base || !maildir) throw new Error('usage: LYCEUM_TEST_MAILDIR=... node emails.mjs http://host:port');

const PASSWORD = 'correct horse battery staple';
const NEW_PASSWORD = 'a completely new passphrase';
const slug = `browser-${Date.now().toString(36)}`;
const phone = { width: 390, height: 844 };
const checked = [];
const failures = [];

function fail(msg) {
  failures.push(msg);
  console.error(`FAIL ${msg}`);
}

function expect(cond, msg) {
  if (!cond) throw new Error(msg);
}

async function api(method, p, token, body) {
  const headers = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const r = await fetch(base + p, { method, headers, body: body ? JSON.stringify(body) : undefined });
  const text = await r.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: r.status, json, text };
}

async function ok(method, p, token, body, status = [200, 201, 202, 204]) {
  const r = await api(method, p, token, body);
  expect(status.includes(r.status), `${method} ${p}: ${r.status} ${r.text}`);
  return r.json;
}

// --- the SMTP sink's maildir ---------------------------------------------------------------------------

function decodeQuotedPrintable(s) {
  return s.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
}

function decodeEntities(s) {
  return s.replace(/&amp;/g, '&').replace(/&#x2f;/gi, '/').replace(/&#x27;/gi, "'").replace(/&quot;/g, '"');
}

function messagesTo(address) {
  const out = [];
  for (const sub of ['new', 'cur']) {
    const dir = path.join(maildir, sub);
    if (!fs.existsSync(dir)) continue;
    for (const f of fs.readdirSync(dir)) {
      const raw = fs.readFileSync(path.join(dir, f), 'utf8');
      const head = raw.split(/\r?\n\r?\n/)[0];
      if (new RegExp(`^To:.*${address.replace(/[.+]/g, '\\$&')}`, 'mi').test(head)) {
        const subject = (head.match(/^Subject: (.*)$/mi) || [])[1] || '';
        out.push({ file: f, subject, body: decodeQuotedPrintable(raw) });
      }
    }
  }
  return out;
}

async function waitMail(address, pred, what) {
  const deadline = Date.now() + 20000;
  while (Date.now() < deadline) {
    const m = messagesTo(address).find(pred);
    if (m) return m;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no ${what} email to ${address} within 20 s`);
}

/// Every http(s) link of a message: the HTML part's hrefs and the URLs written out in the text part.
function linksOf(mail) {
  const found = new Set();
  for (const m of mail.body.matchAll(/href="([^"]+)"/g)) found.add(decodeEntities(m[1]));
  for (const m of mail.body.matchAll(/https?:\/\/[^\s"<>]+/g)) found.add(decodeEntities(m[0]).replace(/[.,)]+$/, ''));
  return [...found].filter((u) => u.startsWith('http'));
}

// --- checking pages --------------------------------------------------------------------------------------

async function newContext(browser, options = {}) {
  const context = await browser.newContext({ viewport: phone, ...options });
  context.cspViolations = [];
  context.on('page', (page) => watch(context, page));
  return context;
}

function watch(context, page) {
  page.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) context.cspViolations.push(`${page.url()}: ${msg.text()}`);
  });
}

async function openPage(context) {
  const page = await context.newPage();
  return page;
}

/// axe-core on the page as it is now, plus: no CSP violation so far, and nothing wider than a phone.
async function audit(page, label) {
  const url = page.url();
  if (!url.startsWith(base + '/p/')) return;
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const minor = result.violations.filter((v) => !bad.includes(v));
  checked.push({ label, path: new URL(url).pathname.replace(/\/(ly[a-z]_)[^/]+/, '/$1…'), passes: result.passes.length, minor: minor.map((v) => v.id) });
  for (const v of bad) fail(`${label}: axe ${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
  if (wide) fail(`${label}: wider than a ${phone.width}px phone (scrolls sideways)`);
  const csp = page.context().cspViolations;
  if (csp.length) fail(`${label}: CSP violations: ${csp.join('; ')}`);
}

async function heading(page) {
  return (await page.locator('h1').textContent()).trim();
}

/// Opens every link of `mail` in a fresh context (no cookies): each must answer below 400 (a page that
/// needs a sign-in sends to the sign-in page, which is fine) and hosted pages are audited.
async function followEveryLink(browser, mail, what) {
  const links = linksOf(mail);
  expect(links.length > 0, `the ${what} email has no link`);
  const context = await newContext(browser);
  const page = await openPage(context);
  for (const link of links) {
    const resp = await page.goto(link);
    if (!resp || resp.status() >= 400) fail(`${what} email: ${link} answered ${resp && resp.status()}`);
    else await audit(page, `${what} email link ${new URL(link).pathname.split('/').slice(0, 4).join('/')}`);
  }
  await context.close();
  return links;
}

function hostedLink(mail, fragment) {
  const link = linksOf(mail).find((l) => l.includes(fragment));
  expect(link, `no link with ${fragment} in: ${mail.body}`);
  return link;
}

// --- the flows -------------------------------------------------------------------------------------------

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
const started = Date.now();
try {
  // An institution, its owner, and the welcome email.
  const ownerEmail = `owner@${slug}.test`;
  const signup = await ok('POST', '/v1/signup', null, {
    institution_name: 'Browser Test College', slug, owner_name: 'Olive Owner', owner_email: ownerEmail, password: PASSWORD,
  });
  const owner = signup.session.token;
  await ok('PATCH', '/v1/tenant', owner, { brand_color: '#7c3aed' });
  await followEveryLink(browser, await waitMail(ownerEmail, (m) => /Welcome/.test(m.subject), 'welcome'), 'welcome');

  // An invitation, accepted with the keyboard only on a phone.
  const learnerEmail = `lena@${slug}.test`;
  await ok('POST', '/v1/users', owner, { email: learnerEmail, name: 'Lena', role: 'learner' });
  const invitation = await waitMail(learnerEmail, (m) => /invited/i.test(m.subject), 'invitation');
  await followEveryLink(browser, invitation, 'invitation');
  const learner = await newContext(browser);
  let page = await openPage(learner);
  await page.goto(hostedLink(invitation, '/invitation/lyi_'));
  expect((await heading(page)).startsWith('Join Browser Test College'), `invitation page: ${await heading(page)}`);
  await audit(page, 'invitation form');
  const order = [];
  for (const value of ['Lena Learner', PASSWORD, PASSWORD]) {
    await page.keyboard.press('Tab');
    order.push(await page.evaluate(() => document.activeElement.id));
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type(value);
  }
  expect(order.join(',') === 'name,password,password_confirm', `focus order: ${order}`);
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement.type) === 'submit', 'the button comes after the fields');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  expect((await heading(page)) === 'Welcome to Browser Test College', `after accepting: ${await heading(page)}`);
  await audit(page, 'invitation accepted');
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Go to your courses' }).click()]);
  expect((await heading(page)) === 'Your courses', 'the accepted invitation signs the person in');
  await audit(page, 'courses (none yet)');

  // A course, an enrollment email, and its link in the signed-in browser.
  const course = await ok('POST', '/v1/courses', owner, { title: 'Safe Lab Practice' });
  const module = await ok('POST', `/v1/courses/${course.id}/modules`, owner, { title: 'Basics' });
  const lesson = await ok('POST', `/v1/modules/${module.id}/lessons`, owner, { title: 'Goggles', kind: 'text', body: '# Wear them' });
  await ok('POST', `/v1/courses/${course.id}/publish`, owner);
  const users = await ok('GET', `/v1/users?q=${encodeURIComponent(learnerEmail)}`, owner);
  const learnerId = users.items[0].id;
  const soon = new Date(Date.now() + 3 * 86400e3).toISOString();
  const enrollment = await ok('POST', `/v1/courses/${course.id}/enrollments`, owner, { user_id: learnerId, due_at: soon, notify: true });
  const enrolled = await waitMail(learnerEmail, (m) => /enrolled/i.test(m.subject), 'enrollment');
  await followEveryLink(browser, enrolled, 'enrollment');
  await page.goto(hostedLink(enrolled, '/courses'));
  expect((await page.locator('main').textContent()).includes('Safe Lab Practice'), 'the course is listed');
  await audit(page, 'courses (enrolled)');

  // Completion: the certificate page as an employer sees it, valid, then revoked.
  const login = await ok('POST', '/v1/auth/login', null, { tenant: slug, email: learnerEmail, password: PASSWORD });
  await ok('PUT', `/v1/enrollments/${enrollment.id}/progress/${lesson.id}`, login.token, { status: 'completed' });
  const completed = await waitMail(learnerEmail, (m) => /completed/i.test(m.subject), 'completion');
  await followEveryLink(browser, completed, 'completion');
  const employer = await newContext(browser, { viewport: { width: 1280, height: 800 } });
  const cert = await openPage(employer);
  await cert.goto(hostedLink(completed, '/certificates/'));
  expect((await cert.locator('[role=status]').textContent()).includes('This certificate is valid.'), 'valid');
  expect(await cert.locator('meta[property="og:title"]').count() === 1, 'Open Graph title');
  await audit(cert, 'certificate valid');
  const json = await (await cert.request.get(await cert.getByRole('link', { name: /JSON/ }).getAttribute('href'))).json();
  expect(json.valid === true, 'the JSON link says valid');
  const jws = await cert.request.get(await cert.getByRole('link', { name: /JWS/ }).getAttribute('href'));
  expect(jws.headers()['content-type'] === 'application/jose' && (await jws.text()) === json.signature, 'the JWS link');
  const certs = await ok('GET', '/v1/certificates', owner);
  await ok('POST', `/v1/certificates/${certs.items[0].id}/revoke`, owner, { reason: 'issued in error' });
  await cert.reload();
  expect((await cert.locator('[role=status]').textContent()).includes('revoked'), 'revoked after revocation');
  await audit(cert, 'certificate revoked');

  // Signing out, forgetting the password, and the reset email.
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Sign out' }).click()]);
  expect((await heading(page)) === 'You are signed out', 'signed out');
  await audit(page, 'signed out');
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Sign in' }).click()]);
  await audit(page, 'sign-in form');
  await page.getByLabel('Email address').fill(learnerEmail);
  await page.getByLabel('Password').fill('not my password at all');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Sign in' }).click()]);
  expect((await page.locator('[role=alert]').textContent()).includes('not right'), 'a wrong password says so');
  await audit(page, 'sign-in failed');
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Forgot your password?' }).click()]);
  await audit(page, 'reset request form');
  await page.getByLabel('Email address').fill(learnerEmail);
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Email me a link' }).click()]);
  expect((await heading(page)) === 'Check your email', 'reset requested');
  await audit(page, 'reset requested');
  const reset = await waitMail(learnerEmail, (m) => /Reset your/i.test(m.subject), 'password reset');
  await followEveryLink(browser, reset, 'password reset');
  await page.goto(hostedLink(reset, '/password-reset/lyr_'));
  await audit(page, 'new password form');
  await page.getByLabel('New password').fill(NEW_PASSWORD);
  await page.getByLabel('Repeat the password').fill(NEW_PASSWORD + ' typo');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Change the password' }).click()]);
  expect((await page.locator('[role=alert]').textContent()).includes('not the same'), 'a mismatch says so');
  await audit(page, 'new password mismatch');
  await page.getByLabel('New password').fill(NEW_PASSWORD);
  await page.getByLabel('Repeat the password').fill(NEW_PASSWORD);
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Change the password' }).click()]);
  expect((await heading(page)) === 'Your password is changed', 'password changed');
  await audit(page, 'password changed');
  expect((await api('POST', '/v1/auth/login', null, { tenant: slug, email: learnerEmail, password: PASSWORD })).status === 401, 'the old password is refused');
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Sign in' }).click()]);
  await page.getByLabel('Email address').fill(learnerEmail);
  await page.getByLabel('Password').fill(NEW_PASSWORD);
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Sign in' }).click()]);
  expect((await heading(page)) === 'Your courses', `signed in with the new password: ${await heading(page)}`);
  await page.goto(hostedLink(reset, '/password-reset/lyr_'));
  expect((await heading(page)) === 'This link no longer works', 'a used reset link says so');
  await audit(page, 'used link');

  // Billing: the payment-failed email (from Stripe's event) leads the owner to billing and the portal.
  if (webhookSecret) {
    const checkout = await ok('POST', '/v1/billing/checkout-session', owner, { plan: 'starter', seats: 10 });
    expect(checkout.url, 'a checkout session');
    const customer = (await ok('GET', '/v1/billing/subscription', owner)).customer_id;
    const event = JSON.stringify({
      id: `evt_${Date.now()}`, object: 'event', type: 'invoice.payment_failed', created: Math.floor(Date.now() / 1000),
      livemode: false, pending_webhooks: 1, api_version: '2023-10-16', request: { id: null, idempotency_key: null },
      data: { object: { id: `in_${Date.now()}`, object: 'invoice', customer, amount_due: 4000, currency: 'usd', hosted_invoice_url: null, subscription: null, status: 'open' } },
    });
    const t = Math.floor(Date.now() / 1000);
    const sig = createHmac('sha256', webhookSecret).update(`${t}.${event}`).digest('hex');
    const delivered = await fetch(`${base}/v1/billing/stripe/webhook`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': `t=${t},v1=${sig}` }, body: event,
    });
    expect(delivered.status < 300, `the Stripe event was refused: ${delivered.status} ${await delivered.text()}`);
    const failed = await waitMail(ownerEmail, (m) => /payment failed/i.test(m.subject), 'payment failed');
    await followEveryLink(browser, failed, 'payment failed');
    const ownerContext = await newContext(browser);
    const o = await openPage(ownerContext);
    await o.goto(hostedLink(failed, '/billing'));
    expect((await heading(o)).startsWith('Sign in'), 'billing needs a sign-in');
    await o.getByLabel('Email address').fill(ownerEmail);
    await o.getByLabel('Password').fill(PASSWORD);
    await Promise.all([o.waitForNavigation(), o.getByRole('button', { name: 'Sign in' }).click()]);
    expect((await heading(o)).startsWith('Billing for'), `after sign-in, back to billing: ${await heading(o)}`);
    await audit(o, 'billing');
    await Promise.all([o.waitForNavigation(), o.getByRole('button', { name: /Manage payment/ }).click()]);
    expect((await heading(o)) === 'Your billing portal is ready', 'portal page');
    await audit(o, 'billing portal link');
    const portal = await o.getByRole('link', { name: 'Open the billing portal' }).getAttribute('href');
    expect(/^https?:\/\//.test(portal), `portal link: ${portal}`);
    await ownerContext.close();
  }

  // Single sign-on: the sign-in page's provider button, the provider's login, back to the courses; then
  // an institution that requires it, whose invitations continue with the provider.
  const idp = process.env.LYCEUM_TEST_IDP;
  if (idp) {
    await ok('POST', '/v1/identity-providers', owner, {
      name: 'College ID', issuer: idp, client_id: 'lyceum', client_secret: 'lyceum-test-secret',
      allowed_domains: [`${slug}.test`], create_role: 'learner',
    });
    const atProvider = async (pg, login) => {
      await pg.locator('input[name=login]').fill(login);
      await pg.locator('input[name=password]').fill('anything');
      await Promise.all([pg.waitForURL((u) => u.toString().startsWith(base)), pg.locator('button[type=submit]').click()]);
    };
    const ssoContext = await newContext(browser);
    const s = await openPage(ssoContext);
    await s.goto(`${base}/p/${slug}/sign-in`);
    await audit(s, 'sign-in with a provider');
    await Promise.all([s.waitForURL((u) => u.toString().startsWith(idp)), s.getByRole('link', { name: 'Sign in with College ID' }).click()]);
    await atProvider(s, `sso.person@${slug}.test`);
    await s.waitForURL(`${base}/p/${slug}/courses`);
    expect((await heading(s)) === 'Your courses', `after single sign-on: ${await heading(s)}`);
    await audit(s, 'courses after single sign-on');
    await ssoContext.close();

    await ok('PATCH', '/v1/tenant', owner, { sso_required: true });
    const samEmail = `sam@${slug}.test`;
    await ok('POST', '/v1/users', owner, { email: samEmail, name: 'Sam', role: 'learner' });
    const samInvite = await waitMail(samEmail, (m) => /invited/i.test(m.subject), 'invitation (SSO)');
    const samContext = await newContext(browser);
    const sp = await openPage(samContext);
    await sp.goto(hostedLink(samInvite, '/invitation/lyi_'));
    expect(await sp.locator('input[type=password]').count() === 0, 'no password to choose under single sign-on');
    await audit(sp, 'invitation under single sign-on');
    await Promise.all([sp.waitForURL((u) => u.toString().startsWith(idp)), sp.getByRole('link', { name: 'Continue with College ID' }).click()]);
    await atProvider(sp, samEmail);
    await sp.waitForURL(`${base}/p/${slug}/courses`);
    expect((await heading(sp)) === 'Your courses', 'the invited person is in');
    await samContext.close();
  }

  // Pages that answer a mistake.
  const anon = await newContext(browser);
  const p2 = await openPage(anon);
  let r = await p2.goto(`${base}/p/${slug}/invitation/lyi_notarealcode`);
  expect(r.status() === 400 && (await heading(p2)) === 'This link no longer works', 'unknown invitation code');
  await audit(p2, 'unknown invitation');
  r = await p2.goto(`${base}/p/no-such-place/sign-in`);
  expect(r.status() === 404, 'unknown institution');
  await audit(p2, 'not found');
} catch (e) {
  fail(e.stack || String(e));
} finally {
  await browser.close();
}

for (const c of checked) console.log(JSON.stringify({ page: c.label, path: c.path, axe_passes: c.passes, axe_minor: c.minor }));
console.log(JSON.stringify({ summary: 'browser', pages_audited: checked.length, failures: failures.length, seconds: (Date.now() - started) / 1000 }));
if (failures.length) process.exit(1);
