// Issue 22: one organisation's application waiting in 成都市's 机构入驻审核 queue (the city regulator
// "city" decides it). Its licence is a small generated picture, so the seed stays cheap.
import sharp from 'sharp';
import type { AppContext } from '../../src/kernel/context.js';
import { generateCreditCode } from '../../src/kernel/ids.js';
import { devSmsSender, seedDemoApplication, smsSenderFor } from '../../src/modules/onboarding/index.js';

export async function seedOnboardingDemo(ctx: AppContext): Promise<void> {
  const licence = await sharp({ create: { width: 600, height: 420, channels: 3, background: '#f4efe4' } })
    .composite([
      {
        input: Buffer.from(
          '<svg width="600" height="420"><rect x="20" y="20" width="560" height="380" fill="none" stroke="#b22" stroke-width="6"/></svg>',
        ),
      },
    ])
    .png()
    .toBuffer();
  await seedDemoApplication(ctx, {
    kind: 'employer',
    name: '成都青羊鸿运建筑安装有限公司',
    creditCode: generateCreditCode('510105', 52_345_671),
    regionCode: '510105',
    contactName: '何经理',
    phone: '13800005678',
    licence,
  });
  // The code the contact verified their phone with, as the development outbox page (账户管理 →
  // 开发短信发件箱) shows it; only where the development adapter is the one in use.
  if (smsSenderFor(ctx.config.sms).kind === 'dev')
    await devSmsSender.send(ctx.db, '13800005678', { kind: 'code', code: '602731' });
}
