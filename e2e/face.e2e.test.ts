// Browser journey of face verification (TRN-2, EXM-5): a training institution registers a worker's
// photo by upload on the worker page; a city regulator then checks the face — once with the camera
// (Chromium's fake camera shows a test pattern, so the server must answer "no face") and once with
// an uploaded picture of the same person (a different cut of the same photo), which must match.
// Pictures are cut from @vladmandic/face-api's demo/sample1.jpg (a devDependency).
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { SAMPLE1_FACES, TRANSFORMS, cutPortrait, faceApiSamplesDir } from '../src/modules/face/index.js';
import { launchChromium, logIn } from './support.js';

const samples = faceApiSamplesDir();

describe.skipIf(!samples)('face registration and verification in the browser (TRN-2, EXM-5)', () => {
  let browser: Browser;
  let dir: string;
  let workerId: string;

  const pageAs = (username: string): Promise<Page> =>
    logIn(browser, username, { viewport: { width: 1400, height: 1000 } });

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'quanlian-face-e2e-'));
    const file = path.join(samples!, 'sample1.jpg');
    const cover = SAMPLE1_FACES.slice(0, 2);
    await writeFile(
      path.join(dir, 'registered.jpg'),
      await cutPortrait(file, SAMPLE1_FACES[2], 800, { ...TRANSFORMS.reference, cover }),
    );
    await writeFile(
      path.join(dir, 'later.jpg'),
      await cutPortrait(file, SAMPLE1_FACES[2], 800, { ...TRANSFORMS.wider_rotated_8deg, cover }),
    );
    browser = await launchChromium(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream']);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('TRN-2 the institution registers a photo by upload; the page then shows only the flag', async () => {
    const page = await pageAs('institution');
    // A worker of the institution's own registration in 锦江区 (510104) without a photo yet.
    const list = (await (await page.request.get('/api/workers?regionCode=510104&pageSize=50')).json()) as {
      items: Array<{ id: string }>;
    };
    for (const w of list.items) {
      if (!((await (await page.request.get(`/api/workers/${w.id}/face`)).json()) as { enrolled: boolean }).enrolled) {
        workerId = w.id;
        break;
      }
    }
    await page.goto(`/workers/${workerId}`);
    const card = page.locator('.ant-card').filter({ hasText: '人脸照片' });
    await card.getByRole('button', { name: /登\s*记/ }).click();
    const modal = page.locator('.ant-modal');
    await modal.locator('input[type=file]').setInputFiles(path.join(dir, 'registered.jpg'));
    await modal.getByRole('button', { name: /提交登记/ }).click();
    await card.getByText('已登记人脸').waitFor({ timeout: 30_000 });
    expect(await page.locator('img[alt="已登记的人脸照片"]').count()).toBe(0); // not loaded until asked
    await page.context().close();
  }, 90_000);

  it('EXM-5 a regulator checks the face: the camera test pattern has no face, the same person matches', async () => {
    const page = await pageAs('city');
    await page.goto(`/workers/${workerId}`);
    await page
      .locator('.ant-card')
      .filter({ hasText: '人脸核验' })
      .getByRole('button', { name: /开始核验/ })
      .click();
    const modal = page.locator('.ant-modal');
    await modal.getByRole('button', { name: /拍\s*照/ }).click({ timeout: 20_000 });
    await modal.getByRole('button', { name: /开始核验/ }).click();
    await modal.getByText('未检测到人脸').waitFor({ timeout: 30_000 });
    await modal.getByRole('button', { name: /再次核验/ }).click();
    await modal.locator('input[type=file]').setInputFiles(path.join(dir, 'later.jpg'));
    await modal.getByRole('button', { name: /开始核验/ }).click();
    await modal.getByText('比对通过').waitFor({ timeout: 30_000 });
    expect(await modal.locator('.ant-descriptions').innerText()).toContain('0.700');
    await page.context().close();
  }, 90_000);
});
