// EXM-6 answer events through the real route: the checks made in the insert's own statement (owner,
// not submitted, deadline with its grace) refuse a batch and record nothing of it; the cached
// immutable parts of a paper still refuse a question or option the paper does not have.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  makeOrg,
  makeUser,
  makeWorker,
  queryRows,
  signIn,
  startTestPlatform,
  type Client,
  type TestPlatform,
} from '../../testing/harness.js';
import { answerEventGroupStats } from './queries.js';
import { examPapers } from './schema.js';
import { recordEvents } from './theory.js';

let p: TestPlatform;
let registrar: Awaited<ReturnType<typeof makeUser>>['actor'];

beforeAll(async () => {
  p = await startTestPlatform();
  const regulator = await makeOrg(p, { kind: 'regulator', regionCode: '510100' });
  registrar = (await makeUser(p, { role: 'city_regulator', org: regulator })).actor;
});
afterAll(() => p.close());

/** A candidate with a login and a drawn paper (drawing is exams.test.ts's subject; here the paper is inserted). */
async function candidate(deadlineMinutes = 90) {
  const worker = await makeWorker(p, registrar);
  const user = await makeUser(p, { role: 'worker', workerId: worker.id });
  const now = p.clock.now();
  const [paper] = await p.ctx.db
    .insert(examPapers)
    .values({
      bookingId: randomUUID(),
      sessionId: randomUUID(),
      workerId: worker.id,
      itemCode: '1.2',
      blueprintVersion: 1,
      questions: Array.from({ length: 5 }, () => ({
        questionId: randomUUID(),
        kind: 'single' as const,
        points: 20,
        optionOrder: [2, 0, 1, 3],
      })),
      passMark: 80,
      startedAt: now,
      deadline: new Date(now.getTime() + deadlineMinutes * 60_000),
    })
    .returning();
  return { worker, actor: user.actor, client: await signIn(p, user.username), paper };
}

const select = (clientSeq: number, position = 0, selected = [1]) => ({
  clientSeq,
  kind: 'option_selected' as const,
  position,
  selected,
  clientAt: new Date().toISOString(),
});
const post = (c: Client, paperId: string, events: unknown[]) =>
  c.post(`/api/exams/papers/${paperId}/events`, { events });
const stored = async (paperId: string) =>
  (
    await queryRows<{ client_seq: number }>(
      p,
      sql`select client_seq from exam_answer_events where paper_id = ${paperId} order by client_seq`,
    )
  ).map((r) => r.client_seq);

describe('answer events (EXM-6)', () => {
  it('EXM-6 an event is stored with the server time, device and address, and a resent batch is stored once', async () => {
    const c = await candidate();
    const res = await c.client.inject({
      method: 'POST',
      url: `/api/exams/papers/${c.paper.id}/events`,
      payload: { events: [select(1), { clientSeq: 2, kind: 'focus_lost' }] },
      headers: { 'x-exam-device': 'PC-07' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().acked).toEqual([1, 2]);
    expect((await post(c.client, c.paper.id, [select(1), select(3, 4, [0, 3])])).statusCode).toBe(200);
    const rows = await queryRows<{ client_seq: number; selected: number[] | null; device_id: string; server_at: Date }>(
      p,
      sql`select client_seq, selected, device_id, server_at from exam_answer_events where paper_id = ${c.paper.id} order by client_seq`,
    );
    expect(rows.map((r) => [r.client_seq, r.selected])).toEqual([
      [1, [1]],
      [2, null],
      [3, [0, 3]],
    ]);
    expect(rows[0].device_id).toBe('PC-07');
    expect(new Date(rows[0].server_at).getTime()).toBe(p.clock.now().getTime());
  });

  it("EXM-6 another candidate's paper is not found and nothing is recorded on it", async () => {
    const owner = await candidate();
    const other = await candidate();
    const res = await post(other.client, owner.paper.id, [select(1)]);
    expect(res.statusCode).toBe(404);
    // The same refusal once the paper's shape is cached by its owner's first event.
    expect((await post(owner.client, owner.paper.id, [select(1)])).statusCode).toBe(200);
    expect((await post(other.client, owner.paper.id, [select(2)])).statusCode).toBe(404);
    expect((await post(other.client, randomUUID(), [select(1)])).statusCode).toBe(404);
    expect(await stored(owner.paper.id)).toEqual([1]);
  });

  it('EXM-6 an event on a submitted paper is refused and not recorded', async () => {
    const c = await candidate();
    expect((await post(c.client, c.paper.id, [select(1)])).statusCode).toBe(200);
    // Submitted as submitPaper leaves it (scoring needs a real bank and session: exams.test.ts covers it).
    await p.ctx.db.execute(sql`update exam_papers set submitted_at = now(), score = 20 where id = ${c.paper.id}`);
    const res = await post(c.client, c.paper.id, [select(3, 1, [2])]);
    expect(res.statusCode).toBe(409);
    expect(res.json().rule).toBe('EXM-6');
    expect(await stored(c.paper.id)).toEqual([1]);
  });

  it('EXM-6 an event is taken up to 60 s after the deadline and refused from the next millisecond', async () => {
    const c = await candidate(10);
    expect((await post(c.client, c.paper.id, [select(1)])).statusCode).toBe(200);
    p.clock.advance(11 * 60_000);
    try {
      expect((await recordEvents(p.ctx, c.actor, c.paper.id, [select(2)])).acked).toEqual([2]);
      p.clock.advance(1);
      await expect(recordEvents(p.ctx, c.actor, c.paper.id, [select(3), select(4)])).rejects.toMatchObject({
        status: 409,
      });
    } finally {
      p.clock.advance(-(11 * 60_000 + 1));
    }
    expect(await stored(c.paper.id)).toEqual([1, 2]);
  });

  it('EXM-6 a question or option the paper does not have is refused in Chinese and records nothing', async () => {
    const c = await candidate();
    const noQuestion = await post(c.client, c.paper.id, [select(1), select(2, 5)]);
    expect(noQuestion.statusCode).toBe(400);
    expect(noQuestion.json().detail ?? noQuestion.json().title).toContain('题目序号不正确');
    const noOption = await post(c.client, c.paper.id, [select(1, 0, [4])]);
    expect(noOption.statusCode).toBe(400);
    expect(await stored(c.paper.id)).toEqual([]);
  });

  it('EXM-6 a paper that no longer exists is not answered from the cache', async () => {
    const c = await candidate();
    expect((await post(c.client, c.paper.id, [select(1)])).statusCode).toBe(200);
    await p.ctx.db.execute(sql`delete from exam_answer_events where paper_id = ${c.paper.id}`);
    await p.ctx.db.execute(sql`delete from exam_papers where id = ${c.paper.id}`);
    expect((await post(c.client, c.paper.id, [select(2)])).statusCode).toBe(404);
    expect(await stored(c.paper.id)).toEqual([]);
  });

  // Issue 18: the route reuses a recent session resolution and checks the session in the insert's
  // statement. What another instance does (a log-out, a disabling, an edit) is a change of rows, so
  // it is done here by SQL: the very next event must be refused and record nothing.
  it('EXM-6 issue-18 a session ended elsewhere (log-out, disabling, idle, account changed) refuses the next event and records nothing', async () => {
    const loggedOut = await candidate();
    expect((await post(loggedOut.client, loggedOut.paper.id, [select(1)])).statusCode).toBe(200);
    await p.ctx.db.execute(sql`delete from sessions where user_id = ${loggedOut.actor.userId}`);
    const gone = await post(loggedOut.client, loggedOut.paper.id, [select(2)]);
    expect(gone.statusCode, gone.body).toBe(401);
    expect(await stored(loggedOut.paper.id)).toEqual([1]);

    const disabled = await candidate();
    expect((await post(disabled.client, disabled.paper.id, [select(1)])).statusCode).toBe(200);
    await p.ctx.db.execute(sql`update users set disabled_at = now() where id = ${disabled.actor.userId}`);
    expect((await post(disabled.client, disabled.paper.id, [select(2)])).statusCode).toBe(401);
    expect(await stored(disabled.paper.id)).toEqual([1]);

    const unlinked = await candidate();
    expect((await post(unlinked.client, unlinked.paper.id, [select(1)])).statusCode).toBe(200);
    await p.ctx.db.execute(sql`update users set worker_id = null where id = ${unlinked.actor.userId}`);
    expect((await post(unlinked.client, unlinked.paper.id, [select(2)])).statusCode).toBe(401);
    expect(await stored(unlinked.paper.id)).toEqual([1]);

    const reset = await candidate();
    expect((await post(reset.client, reset.paper.id, [select(1)])).statusCode).toBe(200);
    await p.ctx.db.execute(sql`update users set must_change_password = true where id = ${reset.actor.userId}`);
    expect((await post(reset.client, reset.paper.id, [select(2)])).statusCode).toBe(401);
    expect(await stored(reset.paper.id)).toEqual([1]);

    const idle = await candidate();
    expect((await post(idle.client, idle.paper.id, [select(1)])).statusCode).toBe(200);
    p.clock.advance(31 * 60_000); // SESSION_IDLE_MINUTES is 30
    try {
      expect((await post(idle.client, idle.paper.id, [select(2)])).statusCode).toBe(401);
    } finally {
      p.clock.advance(-31 * 60_000);
    }
    expect(await stored(idle.paper.id)).toEqual([1]);
  });

  it('EXM-6 issue-18 a log-out through the route ends the event route at once, and the CSRF token is still required', async () => {
    const c = await candidate();
    expect((await post(c.client, c.paper.id, [select(1)])).statusCode).toBe(200);
    const noCsrf = await c.client.inject({
      method: 'POST',
      url: `/api/exams/papers/${c.paper.id}/events`,
      payload: { events: [select(2)] },
      headers: { 'x-csrf-token': 'wrong' },
    });
    expect(noCsrf.statusCode).toBe(403);
    expect((await c.client.post('/api/auth/logout')).statusCode).toBeLessThan(300);
    expect((await post(c.client, c.paper.id, [select(3)])).statusCode).toBe(401);
    expect(await stored(c.paper.id)).toEqual([1]);
  });
  // Issue 18, group commit: requests arriving in the same turn share one statement, yet each gets
  // its own outcome — a refused request records nothing, and does not refuse the others.
  it('EXM-6 issue-18 requests written by one statement each get their own answer (accepted, 409, 404, 401, resent)', async () => {
    const open = await candidate();
    const alsoOpen = await candidate();
    const submitted = await candidate();
    const loggedOut = await candidate();
    for (const c of [open, alsoOpen, submitted, loggedOut])
      expect((await post(c.client, c.paper.id, [select(1)])).statusCode).toBe(200);
    await p.ctx.db.execute(
      sql`update exam_papers set submitted_at = now(), score = 20 where id = ${submitted.paper.id}`,
    );
    await p.ctx.db.execute(sql`delete from sessions where user_id = ${loggedOut.actor.userId}`);
    // Sent together: they arrive in one turn of the event loop.
    const before = answerEventGroupStats(p.ctx.db);
    const [a, resent, b, refused, stranger, gone] = await Promise.all([
      post(open.client, open.paper.id, [select(2), select(3, 1, [0])]),
      post(open.client, open.paper.id, [select(2), select(3, 1, [0])]),
      post(alsoOpen.client, alsoOpen.paper.id, [select(2)]),
      post(submitted.client, submitted.paper.id, [select(2)]),
      post(alsoOpen.client, open.paper.id, [select(9)]),
      post(loggedOut.client, loggedOut.paper.id, [select(2)]),
    ]);
    expect([
      a.statusCode,
      resent.statusCode,
      b.statusCode,
      refused.statusCode,
      stranger.statusCode,
      gone.statusCode,
    ]).toEqual([200, 200, 200, 409, 404, 401]);
    const after = answerEventGroupStats(p.ctx.db);
    expect(after.items - before.items).toBe(5); // the stranger is refused by the cached paper owner
    expect(after.statements - before.statements).toBeLessThan(5);
    expect(refused.json().rule).toBe('EXM-6');
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(a.json().acked).toEqual([2, 3]);
    expect(await stored(open.paper.id)).toEqual([1, 2, 3]);
    expect(await stored(alsoOpen.paper.id)).toEqual([1, 2]);
    expect(await stored(submitted.paper.id)).toEqual([1]);
    expect(await stored(loggedOut.paper.id)).toEqual([1]);
  });
});
