// The learners' side of bench/heartbeats.ts, in its own process (as bench/exam-events-client.mjs):
// each learner is one browser with its own keep-alive connection from its own loopback address, its
// session cookie and CSRF token, posting to the real heartbeat route. Plain JavaScript so node runs
// it without a compiler. The parent sends the learners, then one phase at a time.
import http from 'node:http';
import { jsonRequest } from './http-json.mjs';

let port = 0;
let learners = [];

const post = (l, urlPath, body) =>
  jsonRequest(port, l.agent, 'POST', urlPath, body, { cookie: l.cookie, 'x-csrf-token': l.csrf });

async function beat(l, position, t) {
  const started = performance.now();
  try {
    const res = await post(l, `/api/learning/sessions/${l.sessionId}/heartbeat`, {
      position,
      interacted: true,
      playing: true,
      visible: true,
    });
    const ms = performance.now() - started;
    if (res.status === 200) {
      t.latencies.push(ms);
      if (JSON.parse(res.body).accepted) t.credited += 1;
      else
        t.causes[`not credited ${JSON.parse(res.body).reason}`] =
          (t.causes[`not credited ${JSON.parse(res.body).reason}`] ?? 0) + 1;
    } else refuse(t, `HTTP ${res.status} ${res.body.slice(0, 120)}`);
  } catch (err) {
    refuse(t, `error ${err.code ?? err.message}`);
  }
}

function refuse(t, cause) {
  t.failed += 1;
  t.causes[cause] = (t.causes[cause] ?? 0) + 1;
}

// Every learner beats once, at a random moment within `spread` seconds (0: all at once).
async function round(position, spread) {
  const t = { latencies: [], credited: 0, failed: 0, causes: {} };
  const started = performance.now();
  await Promise.all(
    learners.map(async (l) => {
      if (spread > 0) await new Promise((r) => setTimeout(r, Math.random() * spread * 1000));
      await beat(l, position, t);
    }),
  );
  return { ...t, ms: performance.now() - started };
}

process.on('message', async (m) => {
  if (m.type === 'init') {
    port = m.port;
    learners = m.learners.map((l) => ({
      ...l,
      agent: new http.Agent({ keepAlive: true, maxSockets: 1, localAddress: l.localAddress }),
    }));
    process.send({ type: 'ready' });
  } else if (m.type === 'round') process.send({ type: 'result', ...(await round(m.position, m.spread)) });
  else if (m.type === 'exit') {
    for (const l of learners) l.agent.destroy();
    process.exit(0);
  }
});
