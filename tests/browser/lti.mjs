// LTI 1.3 launches in headless Chromium (issue 19), with the real PyLTI1p3 tool of tests/lti on its own
// site (`tool.test`, mapped to loopback) and the institution's lesson page on another (`app.test`):
//
// 1. In a new window (top level): Lyceum's launch URL -> the tool's login -> Lyceum's authorization
//    endpoint -> the auto-submitted form post of the ID token -> the tool validates it with PyLTI1p3.
// 2. In an iframe of the institution's page, as institutions embed tools: Lyceum's part needs no cookie
//    (none is sent to, or set by, its authorization endpoint) and the signed ID token reaches the tool
//    inside the frame. Whether the tool then finds its own `state` cookie is the browser's third-party
//    cookie rules at work; the run prints what the tool answered.
//
// Usage: node lti.mjs <lyceum base URL>   (LYCEUM_TEST_LTI_TOOL_URL: the tool, on 127.0.0.1)
import http from 'node:http';
import { chromium } from 'playwright-core';

const base = process.argv[2];
const toolLocal = process.env.LYCEUM_TEST_LTI_TOOL_URL;
if (!base || !toolLocal) throw new Error('usage: LYCEUM_TEST_LTI_TOOL_URL=... node lti.mjs <lyceum url>');
const toolPort = new URL(toolLocal).port;
const tool = `http://tool.test:${toolPort}`;
const PASSWORD = 'correct horse battery staple';
const slug = `lti-${Date.now().toString(36)}`;

function expect(cond, message) {
  if (!cond) throw new Error(message);
}

async function call(method, path, token, body) {
  const r = await fetch(base + path, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await r.text();
  expect(r.ok, `${method} ${path}: ${r.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

const signup = await call('POST', '/v1/signup', null, {
  institution_name: 'LTI Browser College', slug, owner_name: 'Olive Owner', owner_email: `owner@${slug}.test`, password: PASSWORD,
});
const owner = signup.session.token;
const registered = await call('POST', '/v1/lti/tools', owner, {
  name: 'PyLTI1p3 tool', login_url: `${tool}/login`, target_link_uri: `${tool}/launch`, jwks_url: `${tool}/jwks`,
});
const p = registered.platform;
const tenant = p.issuer.split('/').pop();
const keys = await call('GET', `/v1/lti/platforms/${tenant}/jwks`);
const told = await fetch(`${toolLocal}/platforms`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({
    issuer: p.issuer, client_id: p.client_id, deployment_id: p.deployment_id,
    authorization_url: p.authorization_url, token_url: p.token_url, key_set: keys,
  }),
});
expect(told.ok, `the tool refused the platform: ${told.status}`);
const course = (await call('POST', '/v1/courses', owner, { title: 'Labs' })).id;
const module = (await call('POST', `/v1/courses/${course}/modules`, owner, { title: 'Week 1' })).id;
const lesson = (await call('POST', `/v1/modules/${module}/lessons`, owner, {
  title: 'Lab 1', kind: 'lti', lti: { tool_id: registered.id, custom: { exercise: '1' } },
})).id;
await call('POST', `/v1/courses/${course}/publish`, owner);
const learner = await call('POST', '/v1/users', owner, { email: `learner@${slug}.test`, name: 'Lee Learner', role: 'learner', password: PASSWORD });
await call('POST', `/v1/courses/${course}/enrollments`, owner, { user_id: learner.id });
const lee = (await call('POST', '/v1/auth/login', null, { tenant: slug, email: `learner@${slug}.test`, password: PASSWORD })).token;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--host-resolver-rules=MAP tool.test 127.0.0.1, MAP app.test 127.0.0.1'],
});
const results = [];
try {
  // Lyceum's requests and answers during a launch: no cookie goes to Lyceum, none comes from it.
  const watch = (page) => {
    const seen = [];
    page.on('response', async (r) => {
      if (!r.url().startsWith(base)) return;
      const sent = await r.request().allHeaders();
      const got = await r.allHeaders();
      seen.push({ url: r.url(), status: r.status(), cookie: sent.cookie || null, setCookie: got['set-cookie'] || null });
    });
    return seen;
  };
  const launchAnswer = (page) => page.waitForResponse((r) => r.url() === `${tool}/launch` && r.request().method() === 'POST', { timeout: 20000 });

  // 1. A new window.
  {
    const context = await browser.newContext();
    const page = await context.newPage();
    const seen = watch(page);
    const { url } = await call('POST', `/v1/lessons/${lesson}/lti-launch`, lee);
    const answered = launchAnswer(page);
    await page.goto(url.replace(toolLocal, tool));
    const r = await answered;
    const body = await r.json();
    expect(r.status() === 200, `the tool refused the top-level launch: ${r.status()} ${JSON.stringify(body)}`);
    expect(body.sub === learner.id, `the tool saw another person: ${JSON.stringify(body)}`);
    expect(body['https://purl.imsglobal.org/spec/lti/claim/custom']?.exercise === '1', 'custom parameters reach the tool');
    const authorize = seen.find((s) => s.url.includes('/authorize'));
    expect(authorize && authorize.status === 200, `Lyceum's authorization endpoint: ${JSON.stringify(seen)}`);
    expect(seen.every((s) => !s.cookie && !s.setCookie), `Lyceum needs no cookie: ${JSON.stringify(seen)}`);
    results.push({ case: 'new window', tool_status: r.status(), lyceum_cookies: 0 });
    await context.close();
  }

  // 2. An iframe of the institution's page on another site.
  {
    const context = await browser.newContext();
    const page = await context.newPage();
    const seen = watch(page);
    const { url } = await call('POST', `/v1/lessons/${lesson}/lti-launch`, lee);
    // The institution's lesson page, served from loopback as `app.test` (another site than the tool's).
    const html = `<!doctype html><html lang="en"><head><title>Lab 1</title></head><body><main><h1>Lab 1</h1>
        <iframe title="Lab 1" src="${url.replace(toolLocal, tool)}" width="800" height="600"
          allow="clipboard-write" sandbox="allow-scripts allow-forms allow-same-origin allow-popups"></iframe></main></body></html>`;
    const app = http.createServer((_, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(html));
    await new Promise((done) => app.listen(0, '127.0.0.1', done));
    const answered = launchAnswer(page);
    await page.goto(`http://app.test:${app.address().port}/lesson`);
    const r = await answered;
    const posted = r.request().postData() || '';
    expect(/(^|&)id_token=/.test(posted), `the ID token reaches the tool inside the frame: ${posted.slice(0, 200)}`);
    const frame = page.frames().find((f) => f !== page.mainFrame());
    expect(frame, 'the launch runs in the iframe');
    const authorize = seen.find((s) => s.url.includes('/authorize'));
    expect(authorize && authorize.status === 200, `Lyceum's authorization endpoint in the frame: ${JSON.stringify(seen)}`);
    expect(seen.every((s) => !s.cookie && !s.setCookie), `Lyceum needs no cookie in the frame: ${JSON.stringify(seen)}`);
    const body = await r.json().catch(() => ({}));
    results.push({
      case: 'iframe on another site', tool_status: r.status(), lyceum_cookies: 0,
      tool_says: r.status() === 200 ? `validated, sub ${body.sub === learner.id ? 'matches' : 'differs'}` : body.error,
    });
    if (r.status() === 200) expect(body.sub === learner.id, 'the tool saw another person in the frame');
    await context.close();
    app.close();
  }
} finally {
  await browser.close();
}
for (const r of results) console.log(JSON.stringify(r));
