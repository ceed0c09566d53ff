// INS-4: the statistics table of seed 002's annex (持证情况统计表) as an .xlsx, one row per person
// per category. Certificates are as the institution declared them; the 备注 column says so.
import ExcelJS from 'exceljs';
import type { Actor } from '../../kernel/access.js';
import { requirePermission } from '../../kernel/access.js';
import { appendAudit } from '../../kernel/audit.js';
import { chinaDate } from '../../kernel/clock.js';
import type { AppContext } from '../../kernel/context.js';
import { forbidden } from '../../kernel/problem.js';
import { checkDeclaredCertificate } from '../../kernel/certificate-check.js';
import { listTeachers } from './queries.js';
import { certificateRows } from './rules.js';
import { asTeacher, catalogueNames } from './service.js';

export const CERTIFICATE_TABLE_COLUMNS = [
  '序号',
  '考评员（培训教师）',
  '姓名',
  '作业类别',
  '是否持证',
  '证书编号',
  '有效期限',
  '备注',
];

export async function exportTeacherCertificates(ctx: AppContext, actor: Actor): Promise<Buffer> {
  requirePermission(actor, 'institution.teachers');
  if (actor.orgKind !== 'institution' || !actor.orgId) throw forbidden();
  const on = chinaDate(ctx.clock.now());
  const [{ categoryNames }, teachers] = await Promise.all([catalogueNames(ctx), listTeachers(ctx.db, actor.orgId)]);
  const rows = certificateRows(teachers.map(asTeacher), categoryNames, on);
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('持证情况统计表');
  sheet.addRow(['特种作业考评员（培训机构教师）持证情况统计表']);
  sheet.mergeCells(1, 1, 1, CERTIFICATE_TABLE_COLUMNS.length);
  sheet.getRow(1).font = { bold: true, size: 14 };
  sheet.addRow([`填报单位：${actor.orgName ?? ''}`, '', '', '', `填报日期：${on}`]);
  sheet.addRow(CERTIFICATE_TABLE_COLUMNS).font = { bold: true };
  // INS-4: 是否持证 says what the platform's register found, beside what the institution declared.
  for (const [i, r] of rows.entries()) {
    let held = r.held;
    let note = r.note;
    if (r.number) {
      const check = await checkDeclaredCertificate(ctx.certificates, ctx.db, {
        number: r.number,
        holderName: r.name,
        categoryCode: r.categoryCode,
        onDate: on,
      });
      held = check.refused
        ? `否（${check.label}）`
        : `${r.held}（${check.status === 'not_found' ? '平台未查到，机构申报' : check.label}）`;
      if (check.status !== 'not_found') note = check.refused ? `${check.label}，不得从事培训或考评` : check.label;
    }
    sheet.addRow([i + 1, '培训教师', r.name, r.categoryName, held, r.number, r.validUntil, note]);
  }
  sheet.addRow([]);
  sheet.addRow([
    '填写说明：1、同一考评员、培训教师持有多个作业类别证书的请分别登记；2、作业类别按照特种作业名录规范名称填写；3、未在有效期内的作业证书请在备注栏注明预计取证时间。',
  ]);
  sheet.columns.forEach((col, i) => (col.width = [6, 18, 12, 22, 10, 24, 14, 36][i]));
  const buffer = Buffer.from(await book.xlsx.writeBuffer());
  await ctx.db.transaction((tx) =>
    appendAudit(tx, ctx.clock, actor, {
      action: 'institution.teacher_certificates_export',
      entityType: 'organisation',
      entityId: actor.orgId!,
      regionCode: actor.regionCode,
      after: { rows: rows.length },
    }),
  );
  return buffer;
}
