// Face-matching calibration: false-match (FMR) and false-non-match (FNMR) rates of cosine
// similarity at candidate thresholds, on the only face images this project has — the 22 faces in
// @vladmandic/face-api's demo group photos — plus time per verification and model load.
// Run: npx tsx bench/face-calibration.ts        (prints only; writes nothing)
//
// Honest limits (also in docs/face.md): same-person pairs are ONE photo of each person under the
// transformations in samples.ts TRANSFORMS (crop, exposure, rotation, mirror, blur, resolution,
// JPEG quality; the other faces of the group photo covered with grey), not two sittings; so FNMR here is a lower bound of what a kiosk will see. The
// different-person pairs are 22 people (mostly young women and men in party photos), far too few
// to promise a false-match rate below about 1 in a few hundred pairs.
import net from 'node:net';
import path from 'node:path';
import { cosineSimilarity, loadFaceEngine, type DetectedFace } from '../src/modules/face/engine.js';
import { FACE_DEFAULTS } from '../src/modules/face/settings.js';
import { TRANSFORMS, cutPortrait, faceApiSamplesDir, type Box } from '../src/modules/face/index.js';

const dir = faceApiSamplesDir();
if (!dir) {
  console.log(
    '跳过：未安装 @vladmandic/face-api（devDependency），没有可用于标定的人脸样本。Run `npm install` with dev dependencies.',
  );
  process.exit(0);
}

// Proof that nothing is downloaded: every outbound connection is refused and counted.
let networkAttempts = 0;
net.Socket.prototype.connect = function refuse(this: net.Socket, ...args: unknown[]) {
  networkAttempts += 1;
  console.log('network attempt refused:', JSON.stringify(args[0]));
  throw new Error('network refused by face-calibration');
} as typeof net.Socket.prototype.connect;

const mib = () => (process.memoryUsage().rss / 2 ** 20).toFixed(0);
const fmt = (n: number, d = 3) => n.toFixed(d);
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

const t0 = performance.now();
const engine = await loadFaceEngine();
console.log(
  `model ${engine.model.name} ${engine.model.version}: loaded in ${fmt(performance.now() - t0, 0)} ms, rss ${mib()} MiB`,
);

interface Sample {
  person: string;
  transform: string;
  face: DetectedFace;
}
const samples: Sample[] = [];
const acquisitionFailures: string[] = [];
const verifyMs: number[] = [];
let peak = 0;

for (let i = 1; i <= 6; i += 1) {
  const file = path.join(dir, `sample${i}.jpg`);
  const group = await engine.analyse(await import('node:fs/promises').then((fs) => fs.readFile(file)));
  for (const [k, f] of group.faces.entries()) {
    const person = `s${i}f${k + 1}`;
    for (const [name, options] of Object.entries(TRANSFORMS)) {
      const cover = group.faces.filter((other) => other !== f).map((other) => other.box as Box);
      const jpeg = await cutPortrait(file, f.box as Box, group.width, { ...options, cover });
      const started = performance.now();
      const a = await engine.analyse(jpeg);
      // What one verification costs in production: decode + detect + describe + liveness + compare
      // (the registered descriptor is stored, so only the capture is analysed).
      const usable = a.faces.filter((x) => x.size >= FACE_DEFAULTS.minFaceSize);
      if (usable.length === 1 && usable[0].descriptor) {
        cosineSimilarity(usable[0].descriptor, usable[0].descriptor);
        samples.push({ person, transform: name, face: usable[0] });
      } else acquisitionFailures.push(`${person}/${name}: ${usable.length} faces`);
      verifyMs.push(performance.now() - started);
      peak = Math.max(peak, process.memoryUsage().rss);
    }
  }
}

const refs = samples.filter((s) => s.transform === 'reference');
const genuine: number[] = [];
const impostor: number[] = [];
for (const s of samples) {
  for (const r of refs) {
    if (s === r) continue;
    const sim = cosineSimilarity(r.face.descriptor!, s.face.descriptor!);
    if (s.person === r.person) genuine.push(sim);
    // Each unordered pair of references once; a reference against another person's variants too.
    else if (s.transform !== 'reference' || s.person > r.person) impostor.push(sim);
  }
}
genuine.sort((a, b) => a - b);
impostor.sort((a, b) => a - b);
const people = new Set(samples.map((s) => s.person)).size;

console.log(
  `\nfaces (people): ${people}; portraits analysed: ${samples.length + acquisitionFailures.length}; failures to acquire exactly one face: ${acquisitionFailures.length}`,
);
for (const f of acquisitionFailures) console.log(`  FTA ${f}`);
console.log(
  `same-person pairs (reference vs transformed): ${genuine.length}; min ${fmt(genuine[0])} p5 ${fmt(pct(genuine, 0.05))} median ${fmt(pct(genuine, 0.5))} max ${fmt(genuine.at(-1)!)}`,
);
console.log(
  `different-person pairs: ${impostor.length}; min ${fmt(impostor[0])} median ${fmt(pct(impostor, 0.5))} p99 ${fmt(pct(impostor, 0.99))} max ${fmt(impostor.at(-1)!)}`,
);

console.log('\nthreshold   FMR (false matches / pairs)        FNMR (false non-matches / pairs)');
for (let th = 0.5; th <= 0.801; th += 0.025) {
  const fm = impostor.filter((s) => s >= th).length;
  const fnm = genuine.filter((s) => s < th).length;
  const mark = Math.abs(th - FACE_DEFAULTS.matchThreshold) < 1e-9 ? '  ← configured' : '';
  console.log(
    `  ${fmt(th)}     ${fmt(fm / impostor.length, 4)} (${fm}/${impostor.length})               ${fmt(fnm / genuine.length, 4)} (${fnm}/${genuine.length})${mark}`,
  );
}

const real = samples.map((s) => s.face.real ?? 0).sort((a, b) => a - b);
const live = samples.map((s) => s.face.live ?? 0).sort((a, b) => a - b);
const { realThreshold, liveThreshold } = FACE_DEFAULTS;
const spoofRefusals = samples.filter(
  (s) => (s.face.real ?? 0) < realThreshold && (s.face.live ?? 0) < liveThreshold,
).length;
console.log(
  `\nanti-spoof "real" on genuine portraits: min ${fmt(real[0])} p5 ${fmt(pct(real, 0.05))} median ${fmt(pct(real, 0.5))}`,
);
console.log(
  `liveness "live" on genuine portraits:   min ${fmt(live[0])} p5 ${fmt(pct(live, 0.05))} median ${fmt(pct(live, 0.5))}`,
);
console.log(
  `not_live (real < ${realThreshold} and live < ${liveThreshold}): ${spoofRefusals}/${samples.length} genuine portraits refused. No presentation-attack samples exist here: the rate at which a photo of a photo is caught is NOT measured.`,
);

const ms = [...verifyMs].sort((a, b) => a - b);
console.log(
  `\ntime per verification (one capture ≤ 480 px: decode + detect + descriptor + anti-spoof + liveness + compare), ${ms.length} runs:`,
);
console.log(
  `  mean ${fmt(ms.reduce((a, b) => a + b, 0) / ms.length, 0)} ms, median ${fmt(pct(ms, 0.5), 0)} ms, p95 ${fmt(pct(ms, 0.95), 0)} ms, max ${fmt(ms.at(-1)!, 0)} ms${ms.at(-1)! < 1000 ? ' (all < 1 s)' : ' (SOME ≥ 1 s)'}`,
);
console.log(`peak rss ${(peak / 2 ** 20).toFixed(0)} MiB`);
console.log(`outbound network connections attempted: ${networkAttempts}`);
