// What one process spent during a bench phase: its CPU (user + system, as a share of one core) and
// how late its event loop ran (p50/p99/max of the delay). Used on both sides of an HTTP bench — the
// server and its client process — so a latency figure can be told apart from a client that was itself
// saturated (a bench whose own client is starved measures the client, not the server). With
// BENCH_CPU_PROFILE=<folder> the server side also writes a V8 CPU profile of the phase
// (<folder>/<label>.cpuprofile; summarise with `node bench/cpuprofile-summary.mjs <file>`).
// Plain JavaScript so the client processes run it on node without a compiler.
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';

export function startMeter() {
  const cpu = process.cpuUsage();
  const wall = performance.now();
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  return () => {
    delay.disable();
    const used = process.cpuUsage(cpu);
    const ms = performance.now() - wall;
    return {
      cpuShare: (used.user + used.system) / 1000 / ms,
      loopDelayP50: delay.percentile(50) / 1e6,
      loopDelayP99: delay.percentile(99) / 1e6,
      loopDelayMax: delay.max / 1e6,
    };
  };
}

export function describeMeter(m) {
  return `CPU ${(m.cpuShare * 100).toFixed(0)} % of a core, event-loop delay p50 ${m.loopDelayP50.toFixed(1)} ms, p99 ${m.loopDelayP99.toFixed(1)} ms, max ${m.loopDelayMax.toFixed(0)} ms`;
}

/** Profiles this process until the returned function is called; a no-op without BENCH_CPU_PROFILE. */
export async function startProfile(label) {
  const folder = process.env.BENCH_CPU_PROFILE;
  if (!folder) return async () => undefined;
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    const file = path.join(folder, `${label}.cpuprofile`);
    await writeFile(file, JSON.stringify(profile));
    return file;
  };
}
