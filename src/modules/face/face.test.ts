// Face verification end to end with the real engine (one model load for this file): registered
// photos (SEC-3), 1:1 checks for attendance (TRN-2), online learning (TRN-3) and the exam door
// (EXM-5), and regulators' review of the evidence.
// Test images are cut at run time from @vladmandic/face-api's demo/sample1.jpg (MIT package, a
// devDependency; nothing derived is committed): two portraits of the same face under documented
// transformations, a portrait of another person, a region with two faces, and a plain picture.
import path from 'node:path';
import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrgKind, Role } from '../../kernel/access.js';
import { makeOrg, makeUser, makeWorker, signIn, type TestPlatform, startTestPlatform } from '../../testing/harness.js';
import { linkWorkerToOrganisation } from '../registry/index.js';
import { SAMPLE1_FACES, SAMPLE1_TWO_FACES, TRANSFORMS, cutPortrait, cutRegion, faceApiSamplesDir } from './samples.js';
import { FACE_DEFAULTS } from './settings.js';

const samples = faceApiSamplesDir();
if (!samples)
  console.warn(
    'face tests skipped: @vladmandic/face-api (devDependency) is not installed, so there are no face pictures',
  );

const b64 = (buf: Buffer) => buf.toString('base64');
let p: TestPlatform;
const img = {} as Record<'aliceRef' | 'aliceLater' | 'bob' | 'twoFaces' | 'noFace' | 'png', Buffer>;

let address = 0;
const ownAddress = (): TestPlatform => ({
  ...p,
  app: {
    inject: (opts: object) =>
      p.app.inject({ remoteAddress: `10.9.${Math.floor(address / 250)}.${(address += 1) % 250}`, ...opts }),
  } as never,
});
async function signedIn(role: Role, org: { kind: OrgKind; regionCode: string } | null, workerId?: string) {
  const made = org ? await makeOrg(p, org) : null;
  const user = await makeUser(p, { role, org: made, workerId });
  return { org: made, ...user, client: await signIn(ownAddress(), user.username) };
}
type Client = Awaited<ReturnType<typeof signedIn>>['client'];
const rows = async <T = Record<string, unknown>>(query: ReturnType<typeof sql>) =>
  ((await p.ctx.db.execute(query)) as unknown as { rows: T[] }).rows;
const del = (c: Client, url: string) => c.inject({ method: 'DELETE', url });
const enrol = (c: Client, workerId: string, image: Buffer) =>
  c.post(`/api/workers/${workerId}/face`, { image: b64(image) });
const verify = (c: Client, workerId: string, image: Buffer, extra: Record<string, unknown> = {}) =>
  c.post('/api/face/verify', {
    workerId,
    image: `data:image/jpeg;base64,${b64(image)}`,
    purpose: 'attendance',
    ...extra,
  });
function expectProblem(
  res: { statusCode: number; headers: Record<string, unknown>; json(): Record<string, unknown> },
  status: number,
) {
  expect(res.statusCode).toBe(status);
  expect(String(res.headers['content-type'])).toContain('application/problem+json');
  return res.json();
}

/** An institution in 510107 with a registered worker, and the worker enrolled with Alice's photo. */
async function enrolledWorker() {
  const inst = await signedIn('institution_admin', { kind: 'institution', regionCode: '510107' });
  const worker = await makeWorker(p, inst.actor);
  expect((await enrol(inst.client, worker.id, img.aliceRef)).statusCode).toBe(201);
  return { inst, worker };
}

beforeAll(async () => {
  p = await startTestPlatform();
  if (!samples) return;
  const file = path.join(samples, 'sample1.jpg');
  const [alice, bob, carol] = SAMPLE1_FACES;
  img.aliceRef = await cutPortrait(file, alice, 800, { ...TRANSFORMS.reference, cover: [bob, carol] });
  img.aliceLater = await cutPortrait(file, alice, 800, { ...TRANSFORMS.tighter_darker_q60, cover: [bob, carol] });
  img.bob = await cutPortrait(file, carol, 800, { ...TRANSFORMS.reference, cover: [alice, bob] });
  img.twoFaces = await cutRegion(file, SAMPLE1_TWO_FACES, 800);
  img.noFace = await sharp({ create: { width: 480, height: 480, channels: 3, background: '#b89a7a' } })
    .jpeg()
    .toBuffer();
  img.png = await sharp(img.aliceLater).png().toBuffer();
}, 60_000);
afterAll(() => p.close());

describe.skipIf(!samples)('face verification', () => {
  it("TRN-2 the same person's two images match, judged on the server with the calibrated threshold", async () => {
    const { inst, worker } = await enrolledWorker();
    const res = await verify(inst.client, worker.id, img.aliceLater, { reference: '班次-001' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ outcome: 'match', outcomeLabel: '比对通过', threshold: FACE_DEFAULTS.matchThreshold });
    expect(body.similarity).toBeGreaterThanOrEqual(FACE_DEFAULTS.matchThreshold);
    expect(body.verificationId).toEqual(expect.any(String));
  }, 30_000);

  it('TRN-2 a PNG capture is accepted as well as JPEG', async () => {
    const { inst, worker } = await enrolledWorker();
    expect((await verify(inst.client, worker.id, img.png)).json().outcome).toBe('match');
  });

  it('EXM-5 two different people do not match at the exam door', async () => {
    const { worker } = await enrolledWorker();
    const staff = await signedIn('exam_centre_staff', { kind: 'exam_centre', regionCode: '510100' });
    await linkWorkerToOrganisation(p.ctx.db, {
      workerId: worker.id,
      orgId: staff.org!.id,
      relation: 'candidate',
      since: p.clock.now(),
    });
    const res = await verify(staff.client, worker.id, img.bob, { purpose: 'exam_door' });
    expect(res.json()).toMatchObject({ outcome: 'no_match', threshold: FACE_DEFAULTS.matchThreshold });
    expect(res.json().similarity).toBeLessThan(FACE_DEFAULTS.matchThreshold);
  });

  it('TRN-2 an image with no face answers no_face, and one with two faces several_faces', async () => {
    const { inst, worker } = await enrolledWorker();
    expect((await verify(inst.client, worker.id, img.noFace)).json()).toMatchObject({
      outcome: 'no_face',
      similarity: null,
      threshold: null,
    });
    expect((await verify(inst.client, worker.id, img.twoFaces)).json()).toMatchObject({
      outcome: 'several_faces',
      similarity: null,
    });
  });

  it('TRN-3 a tampered client score is ignored: recorded as sent, never used to decide', async () => {
    const { inst, worker } = await enrolledWorker();
    const res = await verify(inst.client, worker.id, img.bob, { purpose: 'learning', clientScore: 0.99 });
    expect(res.json().outcome).toBe('no_match');
    const [stored] = await rows<{ client_score: number; outcome: string }>(
      sql`select client_score, outcome from face_verifications where id = ${res.json().verificationId}`,
    );
    expect(stored).toMatchObject({ client_score: 0.99, outcome: 'no_match' });
    // A body that claims the outcome itself is not a request this API knows.
    const forged = await verify(inst.client, worker.id, img.bob, { outcome: 'match', similarity: 1 });
    expect(expectProblem(forged, 400).detail).toContain('不允许的字段');
  });

  it('TRN-2 verifying a worker without a registered photo answers not_enrolled', async () => {
    const inst = await signedIn('institution_admin', { kind: 'institution', regionCode: '510107' });
    const worker = await makeWorker(p, inst.actor);
    expect((await verify(inst.client, worker.id, img.aliceLater)).json()).toMatchObject({
      outcome: 'not_enrolled',
      similarity: null,
      threshold: null,
    });
  });

  it('SEC-3 a non-image or an oversized upload is a 400 problem+json, and registration needs exactly one face', async () => {
    const { inst, worker } = await enrolledWorker();
    expect(expectProblem(await verify(inst.client, worker.id, Buffer.from('这不是图片'.repeat(50))), 400).title).toBe(
      '请求参数不合法',
    );
    expectProblem(
      await inst.client.post('/api/face/verify', { workerId: worker.id, image: '***', purpose: 'attendance' }),
      400,
    );
    const gif = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
    expect(expectProblem(await verify(inst.client, worker.id, gif), 400).detail).toContain('JPEG 或 PNG');
    const big = Buffer.concat([img.aliceLater, Buffer.alloc(FACE_DEFAULTS.maxImageBytes)]);
    expectProblem(await verify(inst.client, worker.id, big), 400);
    expectProblem(await enrol(inst.client, worker.id, big), 400);
    expect(expectProblem(await enrol(inst.client, worker.id, img.twoFaces), 422)).toMatchObject({
      rule: 'TRN-2',
      outcome: 'several_faces',
    });
    expect(expectProblem(await enrol(inst.client, worker.id, img.noFace), 422)).toMatchObject({ outcome: 'no_face' });
  });

  it('SEC-3 photos, descriptors and captures are not stored in plaintext', async () => {
    const { inst, worker } = await enrolledWorker();
    await verify(inst.client, worker.id, img.aliceLater);
    const [enrolment] = await rows<Record<string, string>>(
      sql`select * from face_enrolments where worker_id = ${worker.id}`,
    );
    const [evidence] = await rows<Record<string, string>>(
      sql`select * from face_verifications where worker_id = ${worker.id}`,
    );
    for (const sealed of [enrolment.photo_sealed, enrolment.descriptor_sealed, evidence.image_sealed]) {
      expect(sealed).toMatch(/^v1\./);
      expect(sealed).not.toContain('/9j/'); // base64 of a JPEG's first bytes
    }
    const everything = JSON.stringify([enrolment, evidence]);
    expect(everything).not.toContain(b64(img.aliceRef).slice(0, 40));
    expect(everything).not.toContain(b64(img.aliceLater).slice(0, 40));
    // Sealed, not lost: the registrar gets the photo back as a JPEG, and that viewing is audited.
    const photo = await inst.client.get(`/api/workers/${worker.id}/face/photo`);
    expect(photo.statusCode).toBe(200);
    expect(photo.headers['content-type']).toBe('image/jpeg');
    expect(photo.rawPayload.subarray(0, 2).toString('hex')).toBe('ffd8');
    const [audit] = await rows(
      sql`select action from audit_records where entity_id = ${worker.id} and action = 'face.view_photo'`,
    );
    expect(audit).toBeDefined();
  });

  it('SEC-3 the worker page shows only a flag; the photo is refused to roles that do not need it', async () => {
    const { worker } = await enrolledWorker();
    const examiner = await signedIn('examiner', { kind: 'exam_centre', regionCode: '510100' });
    await linkWorkerToOrganisation(p.ctx.db, {
      workerId: worker.id,
      orgId: examiner.org!.id,
      relation: 'candidate',
      since: p.clock.now(),
    });
    const status = (await examiner.client.get(`/api/workers/${worker.id}/face`)).json();
    expect(status).toMatchObject({ enrolled: true, canViewPhoto: false, canManage: false });
    expect(JSON.stringify(status)).not.toMatch(/sealed|descriptor|photo"/);
    expect(expectProblem(await examiner.client.get(`/api/workers/${worker.id}/face/photo`), 403).rule).toBe('SEC-3');
    const detail = await examiner.client.get(`/api/workers/${worker.id}`);
    expect(detail.body).not.toContain('sealed');
  });

  it("SEC-2 a worker outside the caller's scope is a 404 for status, registration and verification", async () => {
    const { worker } = await enrolledWorker();
    const stranger = await signedIn('institution_admin', { kind: 'institution', regionCode: '510107' });
    const elsewhere = await signedIn('county_regulator', { kind: 'regulator', regionCode: '510104' });
    expectProblem(await stranger.client.get(`/api/workers/${worker.id}/face`), 404);
    expectProblem(await enrol(stranger.client, worker.id, img.aliceRef), 404);
    expectProblem(await verify(stranger.client, worker.id, img.aliceLater), 404);
    expectProblem(await verify(elsewhere.client, worker.id, img.aliceLater, { purpose: 'spot_check' }), 404);
    const employer = await signedIn('employer_admin', { kind: 'employer', regionCode: '510107' });
    await linkWorkerToOrganisation(p.ctx.db, {
      workerId: worker.id,
      orgId: employer.org!.id,
      relation: 'employee',
      since: p.clock.now(),
    });
    expectProblem(await verify(employer.client, worker.id, img.aliceLater, { purpose: 'attendance' }), 403);
  });

  it('EXM-5 a regulator in scope reviews the evidence of a check; one outside does not see it', async () => {
    const { inst, worker } = await enrolledWorker();
    const id = (await verify(inst.client, worker.id, img.bob)).json().verificationId as string;
    const county = await signedIn('county_regulator', { kind: 'regulator', regionCode: '510107' });
    const review = (await county.client.get(`/api/face/verifications/${id}`)).json();
    expect(review).toMatchObject({
      workerId: worker.id,
      purpose: 'attendance',
      outcome: 'no_match',
      facesFound: 1,
      thresholds: { match: FACE_DEFAULTS.matchThreshold },
    });
    expect(review.modelVersion).toMatch(/^3\.3\.6\+[0-9a-f]{12}$/);
    expect(review.imageSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(review.scores.real).toEqual(expect.any(Number));
    expect(review).not.toHaveProperty('imageSealed');
    const capture = await county.client.get(`/api/face/verifications/${id}/image`);
    expect(capture.statusCode).toBe(200);
    expect((await county.client.get(`/api/workers/${worker.id}/face/verifications`)).json().items[0].id).toBe(id);
    const other = await signedIn('county_regulator', { kind: 'regulator', regionCode: '510104' });
    expectProblem(await other.client.get(`/api/face/verifications/${id}`), 404);
    expectProblem(await inst.client.get(`/api/face/verifications/${id}`), 403);
  });

  it('SEC-3 deleting the photo on request removes photo and descriptor, is audited and archived without the image', async () => {
    const { inst, worker } = await enrolledWorker();
    expect((await del(inst.client, `/api/workers/${worker.id}/face`)).statusCode).toBe(204);
    expect(await rows(sql`select 1 from face_enrolments where worker_id = ${worker.id}`)).toHaveLength(0);
    expect((await inst.client.get(`/api/workers/${worker.id}/face`)).json().enrolled).toBe(false);
    expect((await verify(inst.client, worker.id, img.aliceLater)).json().outcome).toBe('not_enrolled');
    const archive = (await inst.client.get(`/api/workers/${worker.id}/archive`)).json().events as Array<{
      kind: string;
      detail: object;
    }>;
    expect(archive.map((e) => e.kind)).toEqual(expect.arrayContaining(['face_enrolled', 'face_deleted']));
    expect(JSON.stringify(archive)).not.toContain('/9j/');
    const actions = (
      await rows<{ action: string }>(sql`select action from audit_records where entity_id = ${worker.id}`)
    ).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['face.enrol', 'face.delete']));
    expectProblem(await del(inst.client, `/api/workers/${worker.id}/face`), 404);
  });

  it('TRN-3 a worker checks only their own face, for online learning', async () => {
    const { inst, worker } = await enrolledWorker();
    const other = await makeWorker(p, inst.actor);
    const me = await signedIn('worker', null, worker.id);
    expect((await verify(me.client, worker.id, img.aliceLater, { purpose: 'learning' })).json().outcome).toBe('match');
    expectProblem(await verify(me.client, worker.id, img.aliceLater, { purpose: 'exam_door' }), 403);
    expectProblem(await verify(me.client, other.id, img.aliceLater, { purpose: 'learning' }), 404);
  });
});
