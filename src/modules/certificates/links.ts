// CER-3: the short link a QR code holds when the signed credential is too long to scan reliably
// (pdf.ts decides). `/v/<code>` opens the verify page, which fetches the credential by its code and
// then checks it exactly as a scanned token: the signature offline against the published keys, the
// status online. The code is random (crypto), 12 base62 characters: ≈ 71 bits, not enumerable.
import { randomInt } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/index.js';
import type { AppContext } from '../../kernel/context.js';
import { Problem } from '../../kernel/problem.js';
import { publicBaseUrl } from './credentials.js';
import { SHORT_CODE_LENGTH, SHORT_CODE_PATTERN } from './rules.js';
import { certificateLinks, certificates, verificationMisses } from './schema.js';
import type { Client } from './verify.js';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export function newShortCode(): string {
  let code = '';
  for (let i = 0; i < SHORT_CODE_LENGTH; i++) code += BASE62[randomInt(62)];
  return code;
}

/** The certificate's short link, made on first use; the same link ever after (it is printed). */
export async function shortLinkFor(ctx: AppContext, db: Executor, certificateId: string): Promise<string> {
  const find = async () =>
    (
      await db
        .select({ code: certificateLinks.code })
        .from(certificateLinks)
        .where(eq(certificateLinks.certificateId, certificateId))
    )[0]?.code;
  let code = await find();
  if (!code) {
    await db
      .insert(certificateLinks)
      .values({ code: newShortCode(), certificateId, createdAt: ctx.clock.now() })
      .onConflictDoNothing();
    code = (await find())!;
  }
  return `${publicBaseUrl(ctx)}/v/${code}`;
}

/** The signed credential behind a short link; an unknown code is a 404 and is kept with the possible fakes (CER-5). */
export async function resolveShortLink(ctx: AppContext, client: Client, code: string): Promise<{ token: string }> {
  const [row] = SHORT_CODE_PATTERN.test(code)
    ? await ctx.db
        .select({ token: certificates.credential })
        .from(certificateLinks)
        .innerJoin(certificates, eq(certificates.id, certificateLinks.certificateId))
        .where(eq(certificateLinks.code, code))
    : [];
  if (!row?.token) {
    await ctx.db.insert(verificationMisses).values({
      number: `(无效的核验短链接 ${code.slice(0, 16)})`,
      nameMasked: '',
      reason: 'bad_token',
      regionCode: null,
      clientIp: client.ip.slice(0, 64),
      userAgent: client.userAgent.slice(0, 300),
      at: ctx.clock.now(),
    });
    throw new Problem(
      404,
      'not-found',
      '未找到该核验链接',
      '该二维码中的核验链接不存在：可能并非本平台签发的证书。请按证号和姓名查询，或向当地应急管理部门报告。',
      { rule: 'CER-3' },
    );
  }
  return { token: row.token };
}
