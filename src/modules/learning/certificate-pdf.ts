// 学时证明 (TRN-3, seed 001 annex 4.4 "学时证明") as a PDF the trainee downloads and the institution
// files: the online minutes the server credited, lesson by lesson, and the 学时 they make.
// Pure: everything it shows comes in `HourCertificatePdfInput`; no database.
import { A4, MM, createCjkDocument, drawText, rgb } from '../../kernel/pdf.js';

export interface HourCertificatePdfInput {
  title: string;
  learner: string;
  institution: string;
  className: string;
  item: string;
  onlineMinutes: number;
  onlineUnits: number;
  issuedAt: string;
  basis: string;
  lessons: Array<{ lessonTitle: string; topic: string; creditedMinutes: number; sessions: number; captures: number }>;
}

const HEAD = ['课时', '大纲内容', '计时（分钟）', '学习次数', '人像抓拍'];
const LABELS = [
  '学员',
  '培训机构',
  '培训班',
  '作业项目',
  '线上学习时间',
  '线上理论学时',
  '出具时间',
  '分钟',
  '学时',
  '本证明由平台依据服务器计时自动出具，不接受手工修改。',
  '无线上学习记录',
];
const INK = rgb(0.1, 0.1, 0.12);
const GREY = rgb(0.45, 0.47, 0.5);

export async function renderHourCertificatePdf(input: HourCertificatePdfInput): Promise<Uint8Array> {
  const text = [
    input.title,
    input.learner,
    input.institution,
    input.className,
    input.item,
    input.issuedAt,
    input.basis,
    ...HEAD,
    ...LABELS,
    ...input.lessons.flatMap((l) => [l.lessonTitle, l.topic]),
  ].join('');
  const { doc, fonts } = await createCjkDocument(
    { title: `${input.title} · ${input.learner}`, subject: input.className },
    text,
  );
  const page = doc.addPage([A4.width, A4.height]);
  const left = 20 * MM;
  const width = A4.width - 40 * MM;
  let y = A4.height - 30 * MM;
  page.drawRectangle({
    x: 12 * MM,
    y: 12 * MM,
    width: A4.width - 24 * MM,
    height: A4.height - 24 * MM,
    borderColor: rgb(0.09, 0.2, 0.42),
    borderWidth: 1.2,
  });
  drawText(page, input.title, { x: A4.width / 2, y, size: 20, font: fonts.bold, align: 'center', characterSpacing: 3 });
  y -= 16 * MM;
  const rows: Array<[string, string]> = [
    ['学员', input.learner],
    ['培训机构', input.institution],
    ['培训班', input.className],
    ['作业项目', input.item],
    ['线上学习时间', `${input.onlineMinutes} 分钟`],
    ['线上理论学时', `${input.onlineUnits} 学时`],
    ['出具时间', input.issuedAt],
  ];
  for (const [label, value] of rows) {
    drawText(page, label, { x: left, y, size: 11, font: fonts.bold, color: INK });
    drawText(page, value, {
      x: left + 32 * MM,
      y,
      size: 11,
      font: label === '线上理论学时' ? fonts.bold : fonts.regular,
      color: INK,
      maxWidth: width - 32 * MM,
    });
    y -= 8 * MM;
  }
  y -= 4 * MM;
  const widths = [50, 50, 26, 22, 22].map((w) => w * MM);
  let x = left;
  page.drawRectangle({ x: left, y: y - 2 * MM, width, height: 7 * MM, color: rgb(0.92, 0.94, 0.97) });
  HEAD.forEach((h, i) => {
    drawText(page, h, { x: x + 1, y, size: 9, font: fonts.bold, maxWidth: widths[i] - 2 });
    x += widths[i];
  });
  y -= 7 * MM;
  const lines = input.lessons.length
    ? input.lessons.map((l) => [
        l.lessonTitle,
        l.topic,
        String(l.creditedMinutes),
        String(l.sessions),
        String(l.captures),
      ])
    : [['无线上学习记录', '', '', '', '']];
  for (const cells of lines.slice(0, 24)) {
    x = left;
    cells.forEach((c, i) => {
      drawText(page, c, { x: x + 1, y, size: 9, font: fonts.regular, maxWidth: widths[i] - 2, minSize: 6 });
      x += widths[i];
    });
    page.drawLine({
      start: { x: left, y: y - 2.5 * MM },
      end: { x: left + width, y: y - 2.5 * MM },
      thickness: 0.4,
      color: rgb(0.75, 0.77, 0.8),
    });
    y -= 7 * MM;
  }
  y -= 6 * MM;
  drawText(page, input.basis, { x: left, y, size: 9, font: fonts.regular, color: GREY, maxWidth: width, minSize: 7 });
  drawText(page, '本证明由平台依据服务器计时自动出具，不接受手工修改。', {
    x: left,
    y: y - 6 * MM,
    size: 9,
    font: fonts.regular,
    color: GREY,
    maxWidth: width,
  });
  return doc.save();
}
