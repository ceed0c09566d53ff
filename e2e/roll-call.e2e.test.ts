// Browser journey of 点名考勤 (TRN-2, issue 19): the institution opens the roll call of an offline
// session and photographs its trainees in turn with the camera. Chromium's fake camera plays a file
// here — a portrait cut from @vladmandic/face-api's demo/sample1.jpg (as e2e/face.e2e.test.ts cuts
// its pictures), written as a Y4M video — so the server's face engine really compares each capture
// with the trainee's registered photo. One trainee's first picture is a frame without a face (an
// upload): nothing is recorded, the row says why and offers 重拍, and the retake is recorded. The
// whole roll call runs on ONE camera stream (getUserMedia is counted in the page), which is released
// when the dialog closes.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { SAMPLE1_FACES, TRANSFORMS, cutPortrait, faceApiSamplesDir } from '../src/modules/face/index.js';
import { callApi, launchChromium, logIn } from './support.js';

const samples = faceApiSamplesDir();

/** A still picture as a few frames of 640×480 Y4M (4:2:0), what Chromium's fake camera can play. */
async function y4mOf(picture: Buffer): Promise<Buffer> {
  const [W, H] = [640, 480];
  // The portrait in the middle of a grey frame (one sharp pipeline resizes once, so two steps).
  const face = await sharp(picture).resize({ width: H, height: H, fit: 'inside' }).png().toBuffer();
  const { data } = await sharp({ create: { width: W, height: H, channels: 3, background: '#808080' } })
    .composite([{ input: face, gravity: 'centre' }])
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const y = Buffer.alloc(W * H);
  const u = Buffer.alloc((W / 2) * (H / 2));
  const v = Buffer.alloc((W / 2) * (H / 2));
  const clamp = (x: number) => Math.max(0, Math.min(255, Math.round(x)));
  for (let j = 0; j < H; j++)
    for (let i = 0; i < W; i++) {
      const k = (j * W + i) * 3;
      const [r, g, b] = [data[k], data[k + 1], data[k + 2]];
      y[j * W + i] = clamp(0.299 * r + 0.587 * g + 0.114 * b);
      if (j % 2 === 0 && i % 2 === 0) {
        const c = (j / 2) * (W / 2) + i / 2;
        u[c] = clamp(-0.1687 * r - 0.3313 * g + 0.5 * b + 128);
        v[c] = clamp(0.5 * r - 0.4187 * g - 0.0813 * b + 128);
      }
    }
  const frame = Buffer.concat([Buffer.from('FRAME\n'), y, u, v]);
  return Buffer.concat([Buffer.from(`YUV4MPEG2 W${W} H${H} F10:1 Ip A1:1 C420jpeg\n`), ...Array(5).fill(frame)]);
}

describe.skipIf(!samples)('roll call with one camera stream (TRN-2)', () => {
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'quanlian-roll-call-e2e-'));
    const file = path.join(samples!, 'sample1.jpg');
    const cover = SAMPLE1_FACES.filter((_, i) => i !== 2);
    await writeFile(
      path.join(dir, 'registered.jpg'),
      await cutPortrait(file, SAMPLE1_FACES[2], 800, { ...TRANSFORMS.reference, cover }),
    );
    await writeFile(
      path.join(dir, 'camera.y4m'),
      // The trainee at the desk, framed a little tighter than the registered photo, filling the oval.
      await y4mOf(await cutPortrait(file, SAMPLE1_FACES[2], 800, { margin: 2.0, shift: [0.03, -0.03], cover })),
    );
    // A frame with nobody in it: the desk pressed the button before the trainee sat down.
    await writeFile(
      path.join(dir, 'empty.jpg'),
      await sharp({ create: { width: 480, height: 480, channels: 3, background: '#9aa3ad' } })
        .jpeg()
        .toBuffer(),
    );
    browser = await launchChromium([
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${path.join(dir, 'camera.y4m')}`,
    ]);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  /** A filed 1.2 class of three trainees the school registered in 青羊区 (510105), with a session running now. */
  async function classWithTrainees(page: Page) {
    const name = `低压电工作业点名E2E${Date.now().toString(36).slice(-4)}期`;
    const cls = await callApi<{ id: string }>(page, '/api/training/classes', {
      itemCode: '1.2',
      kind: 'initial',
      name,
      opensAt: new Date(Date.now() - 10 * 60_000).toISOString(),
    });
    await callApi(page, `/api/training/classes/${cls.id}/file`, {});
    const { csrfToken } = await callApi<{ csrfToken: string }>(page, '/api/auth/me');
    const list = await callApi<{ items: Array<{ id: string; name: string }> }>(
      page,
      '/api/workers?regionCode=510105&pageSize=50',
    );
    const trainees: Array<{ id: string; name: string }> = [];
    for (const w of list.items) {
      if (trainees.some((t) => t.name === w.name)) continue;
      // The third is someone with no registered photo (the demo registers a few).
      if (trainees.length === 2 && (await callApi<{ enrolled: boolean }>(page, `/api/workers/${w.id}/face`)).enrolled)
        continue;
      // REG-3 and CER-1 are the server's: a person it refuses is simply not in this class.
      const res = await page.request.post(`/api/training/classes/${cls.id}/enrolments`, {
        data: { workerId: w.id },
        headers: { 'x-csrf-token': csrfToken },
      });
      if (res.ok()) trainees.push(w);
      if (trainees.length === 3) break;
    }
    expect(trainees).toHaveLength(3);
    const teachers = await callApi<{ items: Array<{ id: string; kinds: string[]; categoryCodes: string[] }> }>(
      page,
      '/api/institutions/teachers',
    );
    const teacher = teachers.items.find((t) => t.categoryCodes.includes('1') && t.kinds.includes('offline_theory'))!;
    const start = new Date(Date.now() - 5 * 60_000);
    await callApi(page, `/api/training/classes/${cls.id}/sessions`, {
      subject: 'theory',
      mode: 'offline',
      teacherId: teacher.id,
      topic: '点名考勤演练',
      startsAt: start.toISOString(),
      endsAt: new Date(start.getTime() + 3 * 3_600_000).toISOString(),
    });
    return { name, trainees };
  }

  it('TRN-2 the institution checks a class in with one camera stream; a capture without a face is refused with 重拍 and retaken', async () => {
    const page = await logIn(browser, 'institution', { viewport: { width: 1400, height: 1000 } });
    // Count the camera openings and keep the streams, to see that one serves the whole roll call.
    await page.addInitScript(() => {
      const w = window as unknown as { __streams: MediaStream[] };
      w.__streams = [];
      const open = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
      navigator.mediaDevices.getUserMedia = async (constraints) => {
        const stream = await open(constraints);
        w.__streams.push(stream);
        return stream;
      };
    });
    const { name, trainees } = await classWithTrainees(page);
    const [a, b, c] = trainees;
    // a and b have the registered photo of the person the camera shows; c has none to compare with.
    const image = (await readFile(path.join(dir, 'registered.jpg'))).toString('base64');
    for (const t of [a, b]) await callApi(page, `/api/workers/${t.id}/face`, { image });

    await page.goto('/training/classes');
    await page
      .getByRole('row')
      .filter({ hasText: name })
      .getByRole('button', { name: /管\s*理/ })
      .click();
    const drawer = page.locator('.ant-drawer-section');
    await drawer.getByRole('row').filter({ hasText: '点名考勤演练' }).locator('.ant-table-row-expand-icon').click();
    await drawer.getByRole('button', { name: '点名考勤（全班逐人拍照）' }).click();
    const dialog = page.locator('.ant-modal').filter({ hasText: '点名考勤：' });
    await dialog.getByText('尚余 3 人').waitFor();
    const row = (t: { name: string }) => dialog.getByRole('row').filter({ hasText: t.name });
    const shoot = async (t: { name: string }) => {
      await dialog.getByText(`请 ${t.name}（`).waitFor();
      await dialog.getByRole('button', { name: /拍\s*照/ }).click({ timeout: 20_000 });
      await dialog.getByRole('button', { name: '提交签到并点下一位' }).click();
    };

    // a: the camera's picture matches the registered photo.
    await shoot(a);
    await page.getByText(`${a.name} 已签到：人脸比对通过`).waitFor({ timeout: 30_000 });
    await row(a).getByText('人脸比对通过').waitFor();

    // b: a picture without a face is not recorded; the row says why and offers 重拍.
    await dialog.getByText(`请 ${b.name}（`).waitFor();
    await dialog.locator('input[type=file]').setInputFiles(path.join(dir, 'empty.jpg'));
    await dialog.getByRole('button', { name: '提交签到并点下一位' }).click();
    await row(b)
      .getByText(/未记录：未检测到人脸/)
      .waitFor({ timeout: 30_000 });
    expect(
      await row(b)
        .getByRole('button', { name: /重\s*拍/ })
        .count(),
    ).toBe(1);

    // The roll moves on to c, who has no registered photo: recorded as such.
    await shoot(c);
    await page.getByText(`${c.name} 已签到：无登记照片可比对`).waitFor({ timeout: 30_000 });

    // The retake of b, on the same camera.
    await row(b)
      .getByRole('button', { name: /重\s*拍/ })
      .click();
    await shoot(b);
    await page.getByText(`${b.name} 已签到：人脸比对通过`).waitFor({ timeout: 30_000 });
    await dialog.getByText('本节课签到已点完').waitFor();
    await row(b).getByText('人脸比对通过').waitFor();

    // One stream for the whole roll call, live until the dialog closes, then released.
    const live = () =>
      page.evaluate(() =>
        (window as unknown as { __streams: MediaStream[] }).__streams.map((s) =>
          s.getVideoTracks().every((t) => t.readyState === 'live'),
        ),
      );
    expect(await live()).toEqual([true]);
    await dialog.locator('.ant-modal-close').click();
    await expect.poll(live).toEqual([false]);

    // The server's record: two matches and one without a registered photo; the faceless frame left none.
    const classes = await callApi<{ items: Array<{ id: string; name: string }> }>(page, '/api/training/classes');
    const detail = await callApi<{ sessions: Array<{ id: string; topic: string }> }>(
      page,
      `/api/training/classes/${classes.items.find((x) => x.name === name)!.id}`,
    );
    const session = detail.sessions.find((s) => s.topic === '点名考勤演练')!;
    const roll = await callApi<{ items: Array<{ workerId: string; checkInOutcome: string | null }> }>(
      page,
      `/api/training/sessions/${session.id}/roll`,
    );
    expect(Object.fromEntries(roll.items.map((r) => [r.workerId, r.checkInOutcome]))).toEqual({
      [a.id]: 'match',
      [b.id]: 'match',
      [c.id]: 'not_enrolled',
    });
    await page.context().close();
  }, 180_000);
});
