// cmi5 in headless Chromium (issue 20): the sample course of tests/cmi5/sample is zipped, uploaded and
// imported; a learner launches each AU and the AU's script runs as a browser runs it: from the
// package's signed content URL, in the sandbox Lyceum serves it with (an opaque origin), reaching the
// fetch URL and /xapi across origins (CORS). It fetches its auth-token, reads LMS.LaunchData and sends
// initialized, completed, passed and terminated; the run then checks Lyceum's progress (both lessons
// and the enrollment completed) and the LMS's statements (launched, satisfied).
//
// Usage: node cmi5.mjs <lyceum base URL>
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const base = process.argv[2];
if (!base) throw new Error('usage: node cmi5.mjs <lyceum url>');
const PASSWORD = 'correct horse battery staple';
const slug = `cmi5-${Date.now().toString(36)}`;
const sample = fileURLToPath(new URL('../cmi5/sample', import.meta.url));

function expect(cond, message) {
  if (!cond) throw new Error(message);
}

async function call(method, path, token, body, headers = {}) {
  const r = await fetch(base + path, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await r.text();
  expect(r.ok, `${method} ${path}: ${r.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

// The package: the sample's files, zipped (cmi5.xml at the root).
const zip = execFileSync('python3', ['-c', `
import io, os, sys, zipfile
buf = io.BytesIO()
with zipfile.ZipFile(buf, 'w', zipfile.ZIP_DEFLATED) as z:
    for d, _, files in os.walk(sys.argv[1]):
        for f in sorted(files):
            p = os.path.join(d, f)
            z.write(p, os.path.relpath(p, sys.argv[1]))
sys.stdout.buffer.write(buf.getvalue())
`, sample]);

const signup = await call('POST', '/v1/signup', null, {
  institution_name: 'cmi5 Browser Academy', slug, owner_name: 'Olive Owner', owner_email: `owner@${slug}.test`, password: PASSWORD,
});
const owner = signup.session.token;
const form = new FormData();
form.append('file', new Blob([zip], { type: 'application/zip' }), 'sample.zip');
const up = await fetch(`${base}/v1/files`, { method: 'POST', headers: { authorization: `Bearer ${owner}` }, body: form });
const file = await up.json();
expect(up.status === 201, `upload: ${up.status} ${JSON.stringify(file)}`);
const imported = await call('POST', '/v1/cmi5-packages', owner, { file_id: file.id });
const course = imported.course.id;
expect(imported.lesson_ids.length === 2, `two AUs: ${JSON.stringify(imported)}`);
await call('POST', `/v1/courses/${course}/publish`, owner);
const learner = await call('POST', '/v1/users', owner, { email: `learner@${slug}.test`, name: 'Lee Learner', role: 'learner', password: PASSWORD });
const enrollment = (await call('POST', `/v1/courses/${course}/enrollments`, owner, { user_id: learner.id })).id;
const lee = (await call('POST', '/v1/auth/login', null, { tenant: slug, email: `learner@${slug}.test`, password: PASSWORD })).token;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
try {
  for (const lesson of imported.lesson_ids) {
    const launch = await call('POST', `/v1/lessons/${lesson}/cmi5-launch`, lee, {});
    const page = await browser.newPage();
    const failures = [];
    page.on('requestfailed', (r) => failures.push(`${r.url()}: ${r.failure()?.errorText}`));
    const resp = await page.goto(launch.url);
    expect(resp.status() === 200, `the AU page: ${resp.status()}`);
    expect((resp.headers()['content-security-policy'] || '').startsWith('sandbox'), 'the AU page is sandboxed');
    await page.waitForFunction(() => document.title.startsWith('cmi5 done') || document.title.startsWith('cmi5 failed'), null, { timeout: 30000 });
    const title = await page.title();
    const log = await page.textContent('#log');
    expect(title === 'cmi5 done', `the AU of lesson ${lesson}: ${title}\n${log}\n${failures.join('\n')}`);
    // The page runs in an opaque origin: it cannot read Lyceum's storage.
    const origin = await page.evaluate(() => self.origin);
    expect(origin === 'null', `the AU's origin is opaque (was ${origin})`);
    console.log(`cmi5 AU ${lesson}: ${log.trim().split('\n').join(', ')}`);
    await page.close();
  }
} finally {
  await browser.close();
}

const progress = await call('GET', `/v1/enrollments/${enrollment}/progress`, lee);
const statuses = progress.lessons.map((l) => l.status);
expect(statuses.every((s) => s === 'completed'), `every AU's lesson is completed: ${JSON.stringify(statuses)}`);
expect(progress.enrollment_status === 'completed', `the enrollment is completed: ${progress.enrollment_status}`);

// The LMS's own statements, read with an LRS credential of the institution.
const cred = await call('POST', '/v1/lrs-credentials', owner, { name: 'reports' });
const basic = Buffer.from(`${cred.credential.key}:${cred.secret}`).toString('base64');
async function count(verb) {
  const r = await fetch(`${base}/xapi/statements?${new URLSearchParams({ verb, registration: enrollment })}`, {
    headers: { authorization: `Basic ${basic}`, 'x-experience-api-version': '1.0.3' },
  });
  expect(r.ok, `statements: ${r.status}`);
  return (await r.json()).statements.length;
}
const launched = await count('http://adlnet.gov/expapi/verbs/launched');
const satisfied = await count('https://w3id.org/xapi/adl/verbs/satisfied');
expect(launched === 2 && satisfied === 2, `launched ${launched} (2), satisfied ${satisfied} (block and course: 2)`);
console.log(`cmi5 in the browser: 2 AUs completed, enrollment completed, ${launched} launched and ${satisfied} satisfied statements`);
