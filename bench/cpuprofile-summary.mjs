// Summarises a V8 .cpuprofile by self time: the top functions, and the same time grouped by where the
// code lives (our source by file, a package by name, node's own internals, idle, GC).
// Usage: node bench/cpuprofile-summary.mjs <file.cpuprofile> [top=40]
import { readFileSync } from 'node:fs';

const [file, topArg] = process.argv.slice(2);
const top = Number(topArg ?? 40);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
// Each sample names the node running; its time is the delta to the next sample.
profile.samples.forEach((id, k) => {
  const dt = profile.timeDeltas[k + 1] ?? 0;
  self.set(id, (self.get(id) ?? 0) + dt);
});
const total = [...self.values()].reduce((a, b) => a + b, 0);

const where = (url) => {
  if (!url) return '(native/vm)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 13).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith('node:')) return url;
  const src = url.indexOf('/src/');
  if (src >= 0) return url.slice(src + 1);
  const bench = url.indexOf('/bench/');
  return bench >= 0 ? url.slice(bench + 1) : url;
};

const fns = new Map();
const places = new Map();
for (const [id, us] of self) {
  const n = byId.get(id);
  const cf = n.callFrame;
  const place = cf.url ? where(cf.url) : cf.functionName || '(native)';
  const key = `${cf.functionName || '(anonymous)'}  ${place}${cf.url ? `:${cf.lineNumber + 1}` : ''}`;
  fns.set(key, (fns.get(key) ?? 0) + us);
  places.set(place, (places.get(place) ?? 0) + us);
}
// Inclusive: each sample counts once for every distinct function on its stack.
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const keyOf = (n) => {
  const cf = n.callFrame;
  return `${cf.functionName || '(anonymous)'}  ${cf.url ? `${where(cf.url)}:${cf.lineNumber + 1}` : '(native)'}`;
};
const inclusive = new Map();
for (const [id, us] of self) {
  const seen = new Set();
  for (let at = id; at !== undefined; at = parent.get(at)) seen.add(keyOf(byId.get(at)));
  for (const k of seen) inclusive.set(k, (inclusive.get(k) ?? 0) + us);
}
const pc = (us) => `${((us / total) * 100).toFixed(1).padStart(5)} %`;
console.log(`${file}: ${(total / 1000).toFixed(0)} ms sampled`);
console.log('\nBy place (self time):');
for (const [k, us] of [...places].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${pc(us)}  ${k}`);
console.log(`\nTop ${top} functions (self time):`);
for (const [k, us] of [...fns].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pc(us)}  ${k}`);
console.log(`\nTop ${top} functions (inclusive time, our code and fastify):`);
for (const [k, us] of [...inclusive]
  .filter(([k]) => /src\/|fastify|find-my-way|light-my-request|avvio|pg\b|pg\/|pglite/.test(k))
  .sort((a, b) => b[1] - a[1])
  .slice(0, top))
  console.log(`${pc(us)}  ${k}`);
