// The candidates' side of bench/exam-events.ts, in its own process so the server is measured as
// candidates reach it (the client's own work no longer shares the server's event loop). Plain
// JavaScript so node runs it without a compiler. The parent sends the logged-in candidates, then
// one phase at a time; each phase answers with its latencies and what was refused, by cause.
import http from 'node:http';
import { inParallel, jsonRequest } from './http-json.mjs';
import { startMeter } from './process-meter.mjs';

let port = 0;
let candidates = [];

const post = (c, urlPath, body) =>
  jsonRequest(port, c.agent, 'POST', urlPath, body, {
    cookie: c.cookie,
    'x-csrf-token': c.csrf,
    'x-exam-device': 'BENCH-PC',
  });

async function answer(c, t) {
  c.seq += 1;
  t.offered += 1;
  const started = performance.now();
  try {
    const res = await post(c, `/api/exams/papers/${c.paperId}/events`, {
      events: [
        {
          clientSeq: c.seq,
          kind: c.seq % 5 === 0 ? 'option_changed' : 'option_selected',
          position: c.seq % 90,
          selected: [c.seq % 4],
          clientAt: new Date().toISOString(),
        },
      ],
    });
    if (res.status === 200) {
      const ms = performance.now() - started;
      t.latencies.push(ms);
      if (!res.reusedSocket) t.connectLatencies.push(ms);
    } else refuse(t, `HTTP ${res.status} ${res.body.slice(0, 120)}`);
  } catch (err) {
    refuse(t, `error ${err.code ?? err.message}`);
  }
}

function refuse(t, cause) {
  t.failed += 1;
  t.causes[cause] = (t.causes[cause] ?? 0) + 1;
}

// connectLatencies: the acknowledged requests that had to open a connection first.
const tally = () => ({ latencies: [], connectLatencies: [], offered: 0, failed: 0, causes: {} });

// A: every candidate answers every 2–4 s (open loop: a slow server does not slow the candidates down).
async function openLoop(seconds) {
  const t = tally();
  const started = performance.now();
  const end = started + seconds * 1000;
  const inflight = new Set();
  await Promise.all(
    candidates.map(async (c) => {
      await new Promise((r) => setTimeout(r, Math.random() * 3000));
      while (performance.now() < end) {
        const p = answer(c, t);
        inflight.add(p);
        void p.finally(() => inflight.delete(p));
        await new Promise((r) => setTimeout(r, 2000 + Math.random() * 2000));
      }
    }),
  );
  await Promise.all(inflight);
  return { ...t, seconds: (performance.now() - started) / 1000 };
}

// B: closed loop, as fast as the server acknowledges, `width` requests in flight.
async function closedLoop(seconds, width) {
  const t = tally();
  const started = performance.now();
  const end = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: width }, async (_, k) => {
      for (let i = k; performance.now() < end; i += width) await answer(candidates[i % candidates.length], t);
    }),
  );
  return { ...t, seconds: (performance.now() - started) / 1000 };
}

process.on('message', async (m) => {
  if (m.type === 'init') {
    port = m.port;
    // One browser per candidate: its own keep-alive connections from its own loopback address.
    candidates = m.candidates.map((c) => ({
      ...c,
      seq: c.seq ?? 0,
      agent: new http.Agent({ keepAlive: true, maxSockets: 4, localAddress: c.localAddress }),
    }));
    // The exam page loads its paper before the first answer (GET, on the connection the answers
    // then reuse), as a candidate's browser does: part A measures answering, not 2,000 browsers
    // connecting within its first 3 s. Skipped with `cold` (the thundering herd, for comparison).
    const warming = performance.now();
    if (!m.cold)
      await inParallel(candidates.length, 16, async (i) => {
        const c = candidates[i];
        const res = await jsonRequest(port, c.agent, 'GET', `/api/exams/papers/${c.paperId}`, undefined, {
          cookie: c.cookie,
        });
        if (res.status !== 200) throw new Error(`paper ${res.status}: ${res.body.slice(0, 200)}`);
      });
    // Connections idle longer than the server's keep-alive (72 s) are closed: a slow page-load pass
    // makes part A reconnect (its report counts the requests that opened a connection).
    process.send({ type: 'ready', warmUpSeconds: (performance.now() - warming) / 1000 });
  } else if (m.type === 'A' || m.type === 'B') {
    const meter = startMeter();
    const result = m.type === 'A' ? await openLoop(m.seconds) : await closedLoop(m.seconds, m.width);
    process.send({ type: 'result', ...result, meter: meter() });
  } else if (m.type === 'exit') {
    for (const c of candidates) c.agent.destroy();
    process.exit(0);
  }
});
