// Types of process-meter.mjs (plain JavaScript so the client processes run it on node without a compiler).
export interface Meter {
  /** CPU (user + system) over the phase, as a share of one core. */
  cpuShare: number;
  loopDelayP50: number;
  loopDelayP99: number;
  loopDelayMax: number;
}
export function startMeter(): () => Meter;
export function describeMeter(m: Meter): string;
export function startProfile(label: string): Promise<() => Promise<string | undefined>>;
