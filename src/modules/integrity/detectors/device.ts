// INT-5 devices and network, from the device id and client address recorded on answer events.
// Method `int5-device-network` v1, deterministic findings against the site's register:
//  - an answer from a device not registered for the site's seats;
//  - an answer from an address outside the site's registered network ranges (IPv4 CIDR);
//  - one candidate answering from two devices; two candidates of a session on one device.
// Also `int5-eligibility` v1: a result for a candidate the booking found not eligible.
import type { TimelineEvent } from './data.js';
import type { Verdict } from './result.js';

export interface SiteRegister {
  devices: readonly string[];
  /** IPv4 CIDR ranges, e.g. "10.12.0.0/16". */
  networks: readonly string[];
}

function ipv4(ip: string): number | null {
  const m = /^(?:::ffff:)?(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip.trim());
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return null;
  return ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3];
}

export function inCidr(ip: string, cidr: string): boolean {
  const [base, bitsRaw] = cidr.split('/');
  const a = ipv4(ip);
  const b = ipv4(base);
  const bits = Number(bitsRaw ?? 32);
  if (a === null || b === null || !(bits >= 0 && bits <= 32)) return false;
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return (a & mask) >>> 0 === (b & mask) >>> 0;
}

/** Per attempt of one session: its device/network findings (only attempts with findings are returned). */
export function deviceNetwork(
  session: Array<{ paperId: string; events: readonly TimelineEvent[] }>,
  register: SiteRegister | null,
): Verdict[] {
  const byDevice = new Map<string, Set<string>>();
  const findings = new Map<string, { unregistered: Set<string>; outside: Set<string>; devices: Set<string> }>();
  for (const a of session) {
    const f = { unregistered: new Set<string>(), outside: new Set<string>(), devices: new Set<string>() };
    for (const e of a.events) {
      if (e.deviceId) {
        f.devices.add(e.deviceId);
        if (!byDevice.has(e.deviceId)) byDevice.set(e.deviceId, new Set());
        byDevice.get(e.deviceId)!.add(a.paperId);
        if (register && register.devices.length && !register.devices.includes(e.deviceId))
          f.unregistered.add(e.deviceId);
      }
      if (e.ip && register && register.networks.length && !register.networks.some((c) => inCidr(e.ip!, c)))
        f.outside.add(e.ip);
    }
    findings.set(a.paperId, f);
  }
  const out: Verdict[] = [];
  for (const a of session) {
    const f = findings.get(a.paperId)!;
    const sharedWith = [...f.devices].flatMap((d) => [...(byDevice.get(d) ?? [])].filter((p) => p !== a.paperId));
    const count = f.unregistered.size + f.outside.size + (f.devices.size > 1 ? 1 : 0) + (sharedWith.length ? 1 : 0);
    if (!count) continue;
    out.push({
      kind: 'device_network',
      subjectId: a.paperId,
      partnerId: sharedWith[0],
      method: 'int5-device-network',
      version: '1',
      statistic: '设备/网络异常项数',
      value: count,
      threshold: 1,
      pValue: null,
      flagged: true,
      score: 10 * count,
      detail: {
        unregisteredDevices: [...f.unregistered],
        outsideAddresses: [...f.outside],
        devices: [...f.devices],
        sharedDeviceWith: [...new Set(sharedWith)],
      },
    });
  }
  return out;
}

/** INT-5 a result for a candidate whose booking verdict was "not eligible". */
export function ineligibleCandidate(paperId: string, eligibility: unknown): Verdict | null {
  const e = eligibility as { eligible?: boolean; reasons?: unknown } | null;
  if (!e || e.eligible !== false) return null;
  return {
    kind: 'ineligible',
    subjectId: paperId,
    method: 'int5-eligibility',
    version: '1',
    statistic: '预约时资格核验未通过仍有成绩',
    value: 1,
    threshold: 1,
    pValue: null,
    flagged: true,
    score: 20,
    detail: { eligibility },
  };
}
