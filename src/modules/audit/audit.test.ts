// The audit page as its readers use it (issue 19 item 6, SEC-1): filters, Chinese names instead of
// codes and UUIDs, and a capped .xlsx export that is itself recorded in the trail.
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../kernel/access.js';
import { appendAudit, auditRecordsForExport } from '../../kernel/audit.js';
import {
  makeOrg,
  makeUser,
  makeWorker,
  signIn,
  startTestPlatform,
  type Client,
  type TestPlatform,
} from '../../testing/harness.js';

let p: TestPlatform;
let admin: Client;
let province: Client;
let clerk: Actor;
let inspector: Actor;
let org: Awaited<ReturnType<typeof makeOrg>>;
let workerId: string;
const tag = randomUUID().slice(0, 6);

async function record(actor: Actor, at: string, entry: Parameters<typeof appendAudit>[3]) {
  p.clock.set(at);
  await p.ctx.db.transaction((tx) => appendAudit(tx, p.clock, actor, entry));
}

beforeAll(async () => {
  p = await startTestPlatform();
  const platform = await makeOrg(p, { kind: 'platform', regionCode: '110000' });
  admin = await signIn(p, (await makeUser(p, { role: 'system_admin', org: platform })).username);
  const sichuan = await makeOrg(p, { kind: 'regulator', regionCode: '510000' });
  province = await signIn(p, (await makeUser(p, { role: 'province_regulator', org: sichuan })).username);
  org = await makeOrg(p, { kind: 'institution', regionCode: '510104', name: `审计测试培训学校${tag}` });
  const registrar = await makeUser(p, { role: 'institution_admin', org });
  workerId = (await makeWorker(p, registrar.actor, { name: '审计测试人', regionCode: '510104' })).id;
  clerk = { ...registrar.actor, displayName: `甲${tag}` };
  inspector = { ...registrar.actor, displayName: `乙${tag}` };
  await record(clerk, '2026-11-01T02:00:00Z', {
    action: 'user.update',
    entityType: 'organisation',
    entityId: org.id,
    regionCode: '510104',
  });
  await record(clerk, '2026-11-02T02:00:00Z', {
    action: 'worker.reveal_id_number',
    entityType: 'worker',
    entityId: workerId,
    regionCode: '510104',
  });
  await record(inspector, '2026-11-03T02:00:00Z', {
    action: 'exams.session_delete',
    entityType: 'exam_session',
    entityId: randomUUID(),
    regionCode: '520100',
  });
  p.clock.set('2026-11-23T02:00:00Z');
});
afterAll(() => p.close());

type Row = {
  action: string;
  actionLabel: string;
  actorName: string;
  entityName: string | null;
  entityTypeLabel: string;
  regionName: string | null;
  actorOrgName: string | null;
  actorRoleLabel: string | null;
};
const list = async (c: Client, q: string) => {
  const res = await c.get(`/api/audit?${q}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { items: Row[]; total: number };
};

describe('audit log: filters, names and export (SEC-1, issue 19 item 6)', () => {
  it('SEC-1 filters by actor, action, object type and date; shows Chinese action names and people and organisations by name', async () => {
    const mine = await list(admin, `actor=${encodeURIComponent(tag)}`);
    expect(mine.total).toBe(3);
    expect(mine.items.map((r) => r.action)).toEqual(['exams.session_delete', 'worker.reveal_id_number', 'user.update']);
    expect(mine.items.map((r) => r.actionLabel)).toEqual(['删除考试场次', '查看完整身份证号', '修改账户']);
    expect(mine.items[2]).toMatchObject({
      entityName: `审计测试培训学校${tag}`,
      entityTypeLabel: '机构',
      regionName: expect.stringContaining('成都'),
      actorOrgName: `审计测试培训学校${tag}`,
      actorRoleLabel: expect.any(String),
    });
    expect(mine.items[1].entityName).toBe('审计测试人');

    expect((await list(admin, `actor=${encodeURIComponent(`甲${tag}`)}`)).total).toBe(2);
    expect((await list(admin, `actor=${encodeURIComponent(tag)}&action=user.update`)).total).toBe(1);
    expect((await list(admin, `actor=${encodeURIComponent(tag)}&entityType=worker`)).items[0].action).toBe(
      'worker.reveal_id_number',
    );
    const day = await list(admin, `actor=${encodeURIComponent(tag)}&from=2026-11-02&to=2026-11-02`);
    expect(day.items.map((r) => r.action)).toEqual(['worker.reveal_id_number']);
    // SEC-2: Sichuan's regulator does not see the record of Guizhou (520100), filters or not.
    expect((await list(province, `actor=${encodeURIComponent(tag)}`)).total).toBe(2);
  });

  it('SEC-1 the log keeps the chain order (sequence) and marks a record whose time is earlier than the one written before it as entered later', async () => {
    const late = `丙${randomUUID().slice(0, 6)}`;
    const writer = { ...clerk, displayName: late };
    // Written after the records of 1–3 November, dated 31 October: a past event entered later.
    await record(writer, '2026-11-05T02:00:00Z', {
      action: 'user.update',
      entityType: 'organisation',
      entityId: org.id,
      regionCode: '510104',
    });
    await record(writer, '2026-10-31T02:00:00Z', {
      action: 'worker.reveal_id_number',
      entityType: 'worker',
      entityId: workerId,
      regionCode: '510104',
    });
    p.clock.set('2026-11-23T02:00:00Z');
    const res = await admin.get(`/api/audit?actor=${encodeURIComponent(late)}`);
    const items = (res.json() as { items: Array<{ seq: number; at: string; backdated: boolean }> }).items;
    // Newest written first, whatever the times say; only the back-dated one is marked.
    expect(items[0].seq).toBeGreaterThan(items[1].seq);
    expect(items[0].at < items[1].at).toBe(true);
    expect(items.map((r) => r.backdated)).toEqual([true, false]);
    const verified = await admin.get('/api/audit/verify');
    expect(verified.json()).toMatchObject({ ok: true });
  });

  it('every action the code writes has a Chinese name in the one label table', async () => {
    const { items } = (await admin.get('/api/audit/actions')).json() as { items: { value: string; label: string }[] };
    expect(items.length).toBeGreaterThan(150);
    for (const i of items) expect(i.label, i.value).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('SEC-1 the export is an .xlsx of the filtered records with Chinese names, and the export itself is recorded', async () => {
    const res = await admin.get(`/api/audit/export.xlsx?actor=${encodeURIComponent(tag)}`);
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('审计日志')!;
    const header = sheet.getRow(1).values as string[];
    expect(header).toContain('操作');
    expect(sheet.rowCount).toBe(4);
    const actions = [2, 3, 4].map((n) => sheet.getRow(n).getCell(6).value);
    expect(actions).toEqual(['删除考试场次', '查看完整身份证号', '修改账户']);
    expect(String(sheet.getRow(3).getCell(9).value)).toContain('审计测试人');
    const trail = (await p.ctx.db.execute(
      sql`select actor_role, after from audit_records where action = 'audit.export' order by seq desc limit 1`,
    )) as unknown as { rows: Array<{ actor_role: string; after: { filter: { actor: string } } }> };
    expect(trail.rows[0].after.filter.actor).toBe(tag);
    // Only those who may read the trail may take it away.
    const worker = await signIn(p, (await makeUser(p, { role: 'worker', workerId })).username);
    expect((await worker.get('/api/audit/export.xlsx')).statusCode).toBe(403);
  });

  it('SEC-1 the export reads newest first in batches and stops at the cap', async () => {
    const seen: number[] = [];
    for await (const batch of auditRecordsForExport(p.ctx.db, { regionPrefix: null }, 5, 2))
      seen.push(...batch.map((r) => r.seq));
    expect(seen).toHaveLength(5);
    expect([...seen].sort((x, y) => y - x)).toEqual(seen);
    expect(new Set(seen).size).toBe(5);
  });
});
