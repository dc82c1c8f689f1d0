// A minimal cmi5 AU (cmi5 §7-§11): reads the launch parameters, fetches its auth-token once, reads
// LMS.LaunchData and the learner preferences, then sends initialized, completed, passed (when the
// AU has a mastery score) and terminated, each on the contextTemplate. The page title ends as
// "cmi5 done" or "cmi5 failed: ..." for the browser test to read.
const CMI5 = 'https://w3id.org/xapi/cmi5/context/categories/cmi5';
const MOVEON = 'https://w3id.org/xapi/cmi5/context/categories/moveon';
const MASTERY = 'https://w3id.org/xapi/cmi5/context/extensions/masteryscore';
const q = new URLSearchParams(location.search);
const endpoint = q.get('endpoint');
const actor = JSON.parse(q.get('actor'));
const registration = q.get('registration');
const activityId = q.get('activityId');
const log = (m) => { document.getElementById('log').textContent += m + '\n'; };

function uuid() {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

async function main() {
  const token = await (await fetch(q.get('fetch'), { method: 'POST' })).json();
  if (!token['auth-token']) throw new Error('fetch: ' + JSON.stringify(token));
  const headers = { Authorization: 'Basic ' + token['auth-token'], 'X-Experience-API-Version': '1.0.3' };
  const state = new URLSearchParams({ activityId, agent: JSON.stringify(actor), registration, stateId: 'LMS.LaunchData' });
  const got = await fetch(endpoint + 'activities/state?' + state, { headers });
  if (!got.ok) throw new Error('LMS.LaunchData: ' + got.status);
  const launchData = await got.json();
  const prefs = new URLSearchParams({ agent: JSON.stringify(actor), profileId: 'cmi5LearnerPreferences' });
  const p = await fetch(endpoint + 'agents/profile?' + prefs, { headers });
  log('learner preferences: ' + p.status);
  const started = Date.now();
  const duration = () => 'PT' + ((Date.now() - started) / 1000).toFixed(2) + 'S';
  const send = async (verb, result, moveon) => {
    const context = JSON.parse(JSON.stringify(launchData.contextTemplate));
    context.registration = registration;
    context.contextActivities.category = [{ id: CMI5 }, ...(moveon ? [{ id: MOVEON }] : [])];
    if ((verb === 'passed' || verb === 'failed') && launchData.masteryScore !== undefined) {
      context.extensions[MASTERY] = launchData.masteryScore;
    }
    const statement = {
      id: uuid(),
      actor,
      verb: { id: 'http://adlnet.gov/expapi/verbs/' + verb, display: { 'en-US': verb } },
      object: { objectType: 'Activity', id: activityId },
      context,
      timestamp: new Date().toISOString(),
      ...(result ? { result } : {}),
    };
    const r = await fetch(endpoint + 'statements', {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/json' },
      body: JSON.stringify(statement),
    });
    if (!r.ok) throw new Error(verb + ': ' + r.status + ' ' + (await r.text()));
    log(verb);
  };
  await send('initialized');
  if (launchData.launchMode === 'Normal') {
    await send('completed', { completion: true, duration: duration() }, true);
    if (launchData.masteryScore !== undefined) {
      await send('passed', { success: true, score: { scaled: 0.95 }, duration: duration() }, true);
    }
  }
  await send('terminated', { duration: duration() });
  document.title = 'cmi5 done';
}

main().catch((e) => {
  log(String(e));
  document.title = 'cmi5 failed: ' + e.message;
});
