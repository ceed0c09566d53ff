// TRN-3 in a real browser against the real server (system clock): the demo trainee opens an online
// lesson; a heartbeat that jumps past the watched position earns nothing; a second login of the same
// trainee (another browser) stops the first page's crediting, which the first page then shows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, logIn } from './support.js';

describe('online learning (TRN-3)', () => {
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => browser?.close());

  /** Logs the demo trainee in a fresh browser context and opens the first lesson; returns the learning session id. */
  async function openLesson(): Promise<{ page: Page; sessionId: string }> {
    const page = await logIn(browser, 'worker');
    contexts.push(page.context());
    await page.goto('/me/training/learning');
    const started = page.waitForResponse(
      (r) => r.url().endsWith('/api/learning/sessions') && r.request().method() === 'POST',
    );
    await page.getByRole('button', { name: '开始学习' }).first().click();
    const sessionId = ((await (await started).json()) as { id: string }).id;
    await page.getByText('演示课程无视频文件').waitFor();
    return { page, sessionId };
  }

  async function beat(page: Page, sessionId: string, position: number) {
    const { csrfToken } = (await (await page.request.get('/api/auth/me')).json()) as { csrfToken: string };
    const res = await page.request.post(`/api/learning/sessions/${sessionId}/heartbeat`, {
      data: { position, interacted: true },
      headers: { 'x-csrf-token': csrfToken },
    });
    expect(res.status()).toBe(200);
    return (await res.json()) as {
      accepted: boolean;
      reason?: string;
      creditedNow: number;
      creditedSeconds: number;
      state: string;
    };
  }

  it("TRN-3 a seek past the watched position earns nothing; a second login stops the first session's credit", async () => {
    const first = await openLesson();
    // Fast-forward to 30 minutes into a lesson just opened: refused, nothing credited.
    expect(await beat(first.page, first.sessionId, 1800)).toMatchObject({
      accepted: false,
      reason: 'jump',
      creditedNow: 0,
      creditedSeconds: 0,
    });
    await first.page.getByRole('button', { name: '播放' }).click();
    await new Promise((r) => setTimeout(r, 3000));
    expect(await beat(first.page, first.sessionId, 3)).toMatchObject({ accepted: true });

    const second = await openLesson();
    expect(second.sessionId).not.toBe(first.sessionId);
    const after = await beat(first.page, first.sessionId, 6);
    expect(after).toMatchObject({ accepted: false, reason: 'not_active', state: 'superseded', creditedNow: 0 });
    // The first page learns it at its next heartbeat (every 15 s) and stops.
    await first.page.getByText('本次学习已停止计时').waitFor({ timeout: 25_000 });
    expect(await beat(second.page, second.sessionId, 0)).toMatchObject({ accepted: true });
  }, 90_000);
});
