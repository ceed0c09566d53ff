// Demo of the legacy import (issue 16): a small past import by 成都市应急管理局 through the real path
// (upload → check job → commit job, audited): 1,000 certificates of the earlier provincial system with
// their holders — one of them 外省 (issued in Chongqing), one 注销 (cancelled), a few 过期 — and their
// review (复审) history, so 历史数据导入 shows two committed imports in its history with their reports,
// and /verify answers for 历史导入 and 外省 certificates on first start.
import { Readable } from 'node:stream';
import type { Actor } from '../../src/kernel/access.js';
import { chinaDate } from '../../src/kernel/clock.js';
import type { AppContext } from '../../src/kernel/context.js';
import { generateResidentIdNumber } from '../../src/kernel/ids.js';
import { commitImport, runImportJob, uploadImport, type ImportKind } from '../../src/kernel/imports/index.js';
import {
  CERTIFICATE_COLUMNS,
  LEGACY_IMPORTS,
  REVIEW_COLUMNS,
  legacyCertificatesImport,
  legacyReviewsImport,
} from '../../src/modules/legacy/index.js';
import { makeRandom, personName } from './names.js';

// Issue 19 item 11: about a thousand, so the province has a certified workforce an injury rate per 1,000
// can be read against (the bulk import path takes ~1,200 rows/s, about a second of the first start).
const COUNT = 1000;
// Household places no other demo generator uses, so no ID number meets another demo person's.
const COUNTIES = ['510181', '510115', '510112', '510113'];
const ITEMS = ['1.1', '1.2', '3.1', '4.1', '2.1'];

const csv = (labels: string[], rows: string[][]) =>
  `\uFEFF${labels.join(',')}\n${rows.map((r) => r.join(',')).join('\n')}\n`;

async function importFile(ctx: AppContext, actor: Actor, kind: ImportKind, fileName: string, text: string) {
  const started = await uploadImport(ctx, actor, kind, { fileName, format: 'csv', body: Readable.from([text]) });
  await runImportJob(ctx, LEGACY_IMPORTS, { importId: started.id, phase: 'check', actor });
  await commitImport(ctx, actor, LEGACY_IMPORTS, started.id);
  await runImportJob(ctx, LEGACY_IMPORTS, { importId: started.id, phase: 'commit', actor });
}

export async function seedLegacyDemo(ctx: AppContext, a: { issuer: Actor }) {
  const random = makeRandom(1616);
  const thisYear = Number(chinaDate(ctx.clock.now()).slice(0, 4));
  const certificates: string[][] = [];
  const reviews: string[][] = [];
  for (let i = 0; i < COUNT; i++) {
    const gender = random() < 0.9 ? 'male' : 'female';
    const year = gender === 'male' ? 1968 + Math.floor(random() * 32) : 1980 + Math.floor(random() * 20);
    const birth = `${year}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
    const county = COUNTIES[i % COUNTIES.length];
    const idNumber = generateResidentIdNumber(county, birth, (2 * i + (gender === 'male' ? 1 : 0)) % 1000);
    // Issued 1 to 7 years ago: the older ones have run out (过期) and were never renewed here.
    const issuedYear = thisYear - 1 - (i % 7);
    const issuedOn = `${issuedYear}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
    const validUntil = `${issuedYear + 6}${issuedOn.slice(4)}`;
    const expired = validUntil < chinaDate(ctx.clock.now());
    const reviewedOn = issuedYear + 3 < thisYear ? `${issuedYear + 3}${issuedOn.slice(4)}` : '';
    const other = i === 7;
    const cancelled = i === 12;
    certificates.push([
      idNumber,
      personName(random, gender),
      `139${String(10_000_000 + Math.floor(random() * 89_999_999))}`,
      ['初中', '高中', '中专', '大专'][i % 4],
      county === '510181' ? '510181' : '510107',
      `T${idNumber}`,
      ITEMS[i % ITEMS.length],
      issuedOn,
      issuedOn,
      validUntil,
      '',
      reviewedOn,
      other ? '重庆市应急管理局' : '成都市应急管理局',
      cancelled ? '注销' : expired ? '过期' : '有效',
      other ? '外省' : '本省',
      reviewedOn || issuedOn,
    ]);
    if (reviewedOn && !cancelled)
      reviews.push([
        `T${idNumber}`,
        ITEMS[i % ITEMS.length],
        reviewedOn,
        '合格',
        '成都市应急管理局',
        '8',
        '',
        reviewedOn,
      ]);
  }
  await importFile(
    ctx,
    a.issuer,
    legacyCertificatesImport as ImportKind,
    '原系统导出_特种作业操作证_成都.csv',
    csv(
      CERTIFICATE_COLUMNS.map((c) => c.label),
      certificates,
    ),
  );
  await importFile(
    ctx,
    a.issuer,
    legacyReviewsImport as ImportKind,
    '原系统导出_复审记录_成都.csv',
    csv(
      REVIEW_COLUMNS.map((c) => c.label),
      reviews,
    ),
  );
}
